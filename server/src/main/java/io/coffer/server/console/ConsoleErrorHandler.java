package io.coffer.server.console;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises on the console port before a request reaches the console (an unparseable
 * request line, a header block over the limit, an ambiguous path) answered with the console's JSON
 * error document instead of Jetty's HTML page.
 */
public final class ConsoleErrorHandler extends ErrorHandler {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    if (request.getAttribute(ERROR_STATUS) instanceof Integer i) status = i;
    ConsoleError err = switch (status) {
      case 431 -> ConsoleError.REQUEST_HEADER_TOO_LARGE;
      case 413 -> ConsoleError.REQUEST_TOO_LARGE;
      case 404 -> ConsoleError.NO_SUCH_ROUTE;
      case 405 -> ConsoleError.METHOD_NOT_ALLOWED;
      default -> status >= 500 ? ConsoleError.INTERNAL_ERROR : ConsoleError.BAD_REQUEST;
    };
    String requestId = ConsoleApi.newRequestId();
    var body = ConsoleExchange.JSON.createObjectNode().put("Code", err.code()).put("Message", err.message())
        .put("RequestId", requestId);
    byte[] b = body.toString().getBytes(StandardCharsets.UTF_8);
    response.setStatus(status >= 400 ? status : err.status());
    response.getHeaders().put(ConsoleApi.REQUEST_ID_HEADER, requestId);
    response.getHeaders().put("Content-Type", "application/json; charset=utf-8");
    response.getHeaders().put("Content-Length", Integer.toString(b.length));
    response.write(true, ByteBuffer.wrap(b), callback);
    return true;
  }
}
