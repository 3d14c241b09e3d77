package io.coffer.server.console;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The console port: {@code /health}, {@code /metrics} (Prometheus text), the web console's pages
 * and its JSON API under {@code /api/}. Every answer carries a strict Content-Security-Policy: the
 * pages run only their own scripts and styles, and no other site may frame them.
 */
public final class ConsoleHandler extends Handler.Abstract {
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  private final BooleanSupplier ready;
  private final Supplier<String> metrics;
  private final ConsoleApi api;
  private final ConsoleAssets assets = new ConsoleAssets();

  /**
   * @param ready true once every listener accepts requests
   * @param metrics the current metrics in Prometheus text format
   * @param api the console's JSON API
   */
  public ConsoleHandler(BooleanSupplier ready, Supplier<String> metrics, ConsoleApi api) {
    this.ready = ready;
    this.metrics = metrics;
    this.api = api;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getPath();
    String method = request.getMethod();
    var h = response.getHeaders();
    h.put("X-Content-Type-Options", "nosniff");
    h.put("X-Frame-Options", "DENY");
    h.put("Referrer-Policy", "no-referrer");
    h.put("Content-Security-Policy", CSP);
    if (path != null && path.startsWith("/api/")) {
      try {
        api.handle(request, response);
      } catch (ConsoleApi.ClientGone e) {
        callback.failed(e.getCause());
        return true;
      }
      callback.succeeded();
      return true;
    }
    boolean read = "GET".equals(method) || "HEAD".equals(method);
    if ("/health".equals(path) && read) {
      boolean ok = ready.getAsBoolean();
      send(response, callback, ok ? 200 : 503, "application/json", ok ? "{\"status\":\"UP\"}"
          : "{\"status\":\"STARTING\"}");
      return true;
    }
    if ("/metrics".equals(path) && "GET".equals(method)) {
      send(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get());
      return true;
    }
    Optional<ConsoleAssets.Asset> asset = path == null ? Optional.empty()
        : assets.find("/".equals(path) ? "index.html" : path.substring(1));
    if (asset.isEmpty() || !read) {
      send(response, callback, asset.isEmpty() ? 404 : 405, "text/plain; charset=utf-8",
          asset.isEmpty() ? "Not found.\n" : "Method not allowed.\n");
      return true;
    }
    ConsoleAssets.Asset a = asset.get();
    h.put("ETag", a.etag());
    h.put("Cache-Control", "no-cache");
    if (a.etag().equals(request.getHeaders().get("If-None-Match"))) {
      response.setStatus(304);
      response.write(true, ByteBuffer.allocate(0), callback);
      return true;
    }
    response.setStatus(200);
    h.put("Content-Type", a.contentType());
    h.put("Content-Length", Integer.toString(a.body().length));
    response.write(true, "HEAD".equals(method) ? ByteBuffer.allocate(0) : ByteBuffer.wrap(a.body()), callback);
    return true;
  }

  private static void send(Response response, Callback callback, int status, String type, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.getHeaders().put("Content-Type", type);
    response.getHeaders().put("Content-Length", Integer.toString(b.length));
    response.write(true, ByteBuffer.wrap(b), callback);
  }
}
