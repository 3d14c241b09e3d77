package io.coffer.server.oss;

import io.coffer.core.error.CofferException;
import io.coffer.server.oss.auth.SubResources;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The single table of OSS operations: method + target (service, bucket, object) + operation
 * sub-resource → handler. Dispatch looks at the sub-resource first, so an unknown one (say
 * {@code PUT /b/k?tagging}) never falls through to the plain operation: it gets NotImplemented.
 */
public final class OssRoutes {

  /** One OSS operation. */
  @FunctionalInterface
  public interface Operation {
    void handle(OssExchange ex) throws Exception;
  }

  public enum Target { SERVICE, BUCKET, OBJECT }

  /**
   * A resolved route; {@code name} is the operation as the OSS API reference names it;
   * {@code takesSse} whether it accepts server-side encryption headers (others answer them with
   * 400 InvalidArgument, as OSS does).
   */
  public record Route(String name, Operation operation, boolean takesSse) {}

  /**
   * Sub-resources that select an operation, in the order they are tested ({@code uploadId} before
   * {@code partNumber}-less forms, and so on). A request carrying none of them is the plain
   * operation of its method.
   */
  private static final List<String> OPERATION_SUBRESOURCES = List.of("uploadId", "uploads", "append", "acl",
      "objectMeta", "location", "bucketInfo", "versioning", "versions", "delete", "encryption", "policy");

  /**
   * Signed query parameters that modify an operation rather than select one; everything else in
   * {@link SubResources#SIGNED} names an operation Coffer does not provide.
   */
  private static final Set<String> MODIFIERS = Set.of("partNumber", "position", "security-token", "sequential",
      "response-content-type", "response-content-language", "response-expires", "response-cache-control",
      "response-content-disposition", "response-content-encoding", "continuation-token", "x-oss-process",
      "x-oss-traffic-limit", "x-oss-request-payer", "versionId", "callback", "callback-var");

  private static final String PROCESS = "x-oss-process";

  private final Map<String, Route> routes = new HashMap<>();

  public void add(String method, Target target, String subresource, String name, Operation op) {
    put(method, target, subresource, new Route(name, op, false));
  }

  /** Registers an operation that takes the SSE request headers. */
  public void addWithSse(String method, Target target, String subresource, String name, Operation op) {
    put(method, target, subresource, new Route(name, op, true));
  }

  private void put(String method, Target target, String subresource, Route route) {
    String k = key(method, target, subresource);
    if (routes.putIfAbsent(k, route) != null) throw new IllegalStateException("duplicate route " + k);
  }

  /**
   * Registers an OSS operation Coffer knows but does not provide, so it answers NotImplemented
   * rather than MethodNotAllowed (which would claim the operation does not exist at all).
   */
  public void notImplemented(String method, Target target, String subresource, String name) {
    add(method, target, subresource, name, ex -> {
      throw new CofferException.NotImplemented(name);
    });
  }

  private static String key(String method, Target target, String subresource) {
    return method + " " + target + " " + (subresource == null ? "" : subresource);
  }

  public Route resolve(String method, Target target, Map<String, String> query) {
    String sub = null;
    for (String s : OPERATION_SUBRESOURCES) {
      if (query.containsKey(s)) {
        sub = s;
        break;
      }
    }
    if (sub == null) {
      for (String q : query.keySet()) {
        if (SubResources.SIGNED.contains(q) && !MODIFIERS.contains(q)) {
          throw new CofferException.NotImplemented(q);
        }
      }
    }
    Route r = routes.get(key(method, target, sub));
    if (r != null) return r;
    if (sub != null && !hasAnyMethod(target, sub)) throw new CofferException.NotImplemented(sub);
    // GET with x-oss-process is an image-processed read; with POST it is SelectObject or
    // ProcessObject, real operations Coffer lacks rather than a wrong method.
    if (sub == null && query.containsKey(PROCESS)) throw new CofferException.NotImplemented(PROCESS);
    throw new CofferException.MethodNotAllowed(method);
  }

  private boolean hasAnyMethod(Target target, String sub) {
    for (String m : List.of("GET", "PUT", "POST", "DELETE", "HEAD")) {
      if (routes.containsKey(key(m, target, sub))) return true;
    }
    return false;
  }
}
