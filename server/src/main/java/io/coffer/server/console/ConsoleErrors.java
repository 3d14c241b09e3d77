package io.coffer.server.console;

import io.coffer.core.error.CofferException;
import io.coffer.server.oss.OssError;
import io.coffer.server.oss.OssErrors;
import io.coffer.server.rpc.RpcError;
import io.coffer.server.rpc.RpcErrors;
import io.coffer.server.rpc.RpcRoutes;

/**
 * What a failed console request answers: the code its API would give (OSS for buckets and objects,
 * KMS or RAM for keys, users and policies), so the console, the SDKs and the command line agree,
 * with the domain's own message for client errors (a refusal says which action on which resource
 * was refused, and why) and a fixed text for server errors so nothing internal leaks.
 */
public final class ConsoleErrors {
  private ConsoleErrors() {}

  /** The products whose error codes a console request answers with. */
  public enum Area { OSS, KMS, RAM, CONSOLE }

  /** A failure as sent: {@code {"Code","Message","RequestId"}} with {@code status}. */
  public record Answer(int status, String code, String message) {}

  public static Answer of(ConsoleException e) {
    return new Answer(e.error().status(), e.error().code(), e.getMessage());
  }

  public static Answer of(Area area, CofferException e) {
    return switch (area) {
      case OSS, CONSOLE -> {
        OssError err = OssErrors.of(e);
        yield new Answer(err.status(), err.code(), message(err.status(), e, "The request failed."));
      }
      case KMS, RAM -> {
        RpcError err = RpcErrors.of(e, area == Area.RAM ? RpcRoutes.RAM : RpcRoutes.KMS);
        yield new Answer(err.status(), RpcErrors.code(err, e), message(err.status(), e, err.message()));
      }
    };
  }

  private static String message(int status, CofferException e, String fallback) {
    if (status >= 500) return ConsoleError.INTERNAL_ERROR.message();
    String m = e.getMessage();
    return m == null || m.isEmpty() ? fallback : m;
  }
}
