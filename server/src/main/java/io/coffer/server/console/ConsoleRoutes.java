package io.coffer.server.console;

import io.coffer.server.console.ConsoleErrors.Area;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The console API's routes: a method and a path under {@code /api} whose {@code {name}} segments
 * capture one decoded path segment each. Object keys hold slashes, so they travel in the query
 * ({@code ?key=}), never in the path.
 */
public final class ConsoleRoutes {
  /** Handles one console request; domain failures propagate as exceptions. */
  @FunctionalInterface
  public interface Handler {
    void handle(ConsoleExchange ex) throws Exception;
  }

  /**
   * One route.
   *
   * @param action what the audit log calls it ({@code kms:CreateKey}, {@code oss:PutBucket},
   *     {@code console:SignIn})
   * @param area whose error codes its failures answer with
   * @param signedIn whether the route needs a session (only sign-in and the session probe do not)
   */
  public record Route(String method, String[] segments, String action, Area area, boolean signedIn, Handler handler) {}

  /** A route and the values its path captured. */
  public record Match(Route route, Map<String, String> params) {}

  private final List<Route> routes = new ArrayList<>();

  /** Adds a route that needs a signed-in caller. */
  public ConsoleRoutes add(String method, String path, String action, Area area, Handler handler) {
    return add(method, path, action, area, true, handler);
  }

  public ConsoleRoutes add(String method, String path, String action, Area area, boolean signedIn, Handler handler) {
    if (!path.startsWith("/api/")) throw new IllegalArgumentException("console routes live under /api/: " + path);
    routes.add(new Route(method, path.substring(1).split("/"), action, area, signedIn, handler));
    return this;
  }

  /**
   * The route for {@code method} and the raw {@code path}; throws {@link ConsoleError#NO_SUCH_ROUTE}
   * or {@link ConsoleError#METHOD_NOT_ALLOWED}.
   */
  public Match match(String method, String path) {
    String[] raw = path.substring(1).split("/", -1);
    boolean pathMatched = false;
    for (Route r : routes) {
      Map<String, String> params = capture(r.segments(), raw);
      if (params == null) continue;
      pathMatched = true;
      if (r.method().equals(method)) return new Match(r, params);
    }
    throw new ConsoleException(pathMatched ? ConsoleError.METHOD_NOT_ALLOWED : ConsoleError.NO_SUCH_ROUTE);
  }

  private static Map<String, String> capture(String[] pattern, String[] raw) {
    if (pattern.length != raw.length) return null;
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < pattern.length; i++) {
      String p = pattern[i];
      if (p.startsWith("{") && p.endsWith("}")) {
        if (raw[i].isEmpty()) return null;
        String v;
        try {
          v = URLDecoder.decode(raw[i].replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return null;
        }
        params.put(p.substring(1, p.length() - 1), v);
      } else if (!p.equals(raw[i])) {
        return null;
      }
    }
    return params;
  }
}
