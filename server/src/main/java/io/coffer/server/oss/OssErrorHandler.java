package io.coffer.server.oss;

import io.coffer.core.error.CofferException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises before a request reaches a handler (a header block over the limit, an
 * unparseable request line) answered with OSS's error document instead of an HTML page.
 */
public final class OssErrorHandler extends ErrorHandler {

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    Object attr = request.getAttribute(ERROR_STATUS);
    if (attr instanceof Integer i) status = i;
    CofferException e = switch (status) {
      case 431 -> new CofferException.RequestHeaderTooLarge();
      case 413 -> new CofferException.EntityTooLarge();
      case 404 -> new CofferException.InvalidRequest("The request could not be routed.");
      case 400 -> new CofferException.InvalidRequest("The request is malformed.");
      default -> status >= 500 ? new CofferException.InternalError("We encountered an internal error. Please try again.")
          : new CofferException.InvalidRequest("The request is not valid.");
    };
    OssError err = OssErrors.of(e);
    String requestId = OssHandler.newRequestId();
    byte[] xml = OssHandler.errorDocument(err, e, requestId, request.getHeaders().get("Host"));
    response.setStatus(status >= 400 ? status : err.status());
    response.getHeaders().put(OssHeaders.REQUEST_ID, requestId);
    response.getHeaders().put("Content-Type", "application/xml");
    response.getHeaders().put("Content-Length", Integer.toString(xml.length));
    response.write(true, ByteBuffer.wrap(xml), callback);
    return true;
  }
}
