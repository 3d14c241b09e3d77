package io.coffer.server.rpc;

import java.util.HashMap;
import java.util.Map;

/**
 * The single table of RPC actions: (Version, Action) → {@link RpcAction}. Dispatch looks at the
 * Version first because KMS (2016-01-20) and RAM (2015-05-01) share action names such as
 * {@code CreatePolicy}. Action families register themselves ({@code new RegionActions(..).register(routes)}).
 */
public final class RpcRoutes {
  /** KMS API version. */
  public static final String KMS = "2016-01-20";
  /** RAM API version. */
  public static final String RAM = "2015-05-01";

  /** A resolved route; {@code action} is spelled as the vendor's API reference names it. */
  public record Route(String version, String action, RpcAction handler) {}

  private final Map<String, Map<String, Route>> byVersion = new HashMap<>();

  /**
   * Registers an action.
   *
   * @throws IllegalStateException when the pair is registered already
   */
  public RpcRoutes add(String version, String action, RpcAction handler) {
    Route route = new Route(version, action, handler);
    if (byVersion.computeIfAbsent(version, v -> new HashMap<>()).putIfAbsent(action, route) != null) {
      throw new IllegalStateException("duplicate RPC route " + version + " " + action);
    }
    return this;
  }

  /**
   * The route for a request.
   *
   * @throws io.coffer.core.error.CofferException.MissingParameter when Version or Action is absent
   * @throws RpcException InvalidVersion for a version no action is registered under,
   *     InvalidAction.NotFound for an unknown action of a known version
   */
  public Route resolve(String version, String action) {
    if (version == null || version.isEmpty()) throw new io.coffer.core.error.CofferException.MissingParameter("Version");
    if (action == null || action.isEmpty()) throw new io.coffer.core.error.CofferException.MissingParameter("Action");
    Map<String, Route> actions = byVersion.get(version);
    if (actions == null) throw new RpcException(RpcError.INVALID_VERSION);
    Route route = actions.get(action);
    if (route == null) throw new RpcException(RpcError.INVALID_ACTION_NOT_FOUND);
    return route;
  }
}
