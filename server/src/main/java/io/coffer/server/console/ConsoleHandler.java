package io.coffer.server.console;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The console port. Today it answers {@code GET /health} and {@code GET /metrics} (Prometheus
 * text); the web console joins it later.
 */
public final class ConsoleHandler extends Handler.Abstract {
  private final BooleanSupplier ready;
  private final Supplier<String> metrics;

  /**
   * @param ready true once every listener accepts requests
   * @param metrics the current metrics in Prometheus text format
   */
  public ConsoleHandler(BooleanSupplier ready, Supplier<String> metrics) {
    this.ready = ready;
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getPath();
    if ("/health".equals(path) && ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))) {
      boolean ok = ready.getAsBoolean();
      send(response, callback, ok ? 200 : 503, ok ? "{\"status\":\"UP\"}" : "{\"status\":\"STARTING\"}");
      return true;
    }
    if ("/metrics".equals(path) && "GET".equals(request.getMethod())) {
      byte[] b = metrics.get().getBytes(StandardCharsets.UTF_8);
      response.setStatus(200);
      response.getHeaders().put("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      response.getHeaders().put("Content-Length", Integer.toString(b.length));
      response.write(true, ByteBuffer.wrap(b), callback);
      return true;
    }
    send(response, callback, 404, "{\"error\":\"not found\"}");
    return true;
  }

  private static void send(Response response, Callback callback, int status, String json) {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.getHeaders().put("Content-Type", "application/json");
    response.getHeaders().put("Content-Length", Integer.toString(b.length));
    response.write(true, ByteBuffer.wrap(b), callback);
  }
}
