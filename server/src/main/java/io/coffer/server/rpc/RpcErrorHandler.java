package io.coffer.server.rpc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises on the RPC port before a request reaches {@link RpcHandler} (a header block
 * over the limit, an unparseable request line) answered with the dialect's error JSON instead of
 * an HTML page, keeping Jetty's status.
 */
public final class RpcErrorHandler extends ErrorHandler {

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    if (request.getAttribute(ERROR_STATUS) instanceof Integer i) status = i;
    RpcError error = status >= 500 ? RpcError.INTERNAL_FAILURE
        : status == 404 ? RpcError.INVALID_ACTION_NOT_FOUND : RpcError.INVALID_PARAMETER;
    String message = switch (status) {
      case 431 -> "The request header is too large.";
      case 413 -> "The request is too large.";
      case 400 -> "The request is malformed.";
      default -> error.message();
    };
    String requestId = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    ObjectNode body = RpcHandler.error(error, message, requestId, request.getHeaders().get(HttpHeader.HOST));
    byte[] bytes = RpcJson.bytes(body);
    response.setStatus(status >= 400 ? status : error.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, RpcHandler.CONTENT_TYPE);
    response.getHeaders().put(RpcHandler.REQUEST_ID_HEADER, requestId);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Integer.toString(bytes.length));
    response.write(true, ByteBuffer.wrap(bytes), callback);
    return true;
  }
}
