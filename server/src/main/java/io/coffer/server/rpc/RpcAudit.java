package io.coffer.server.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.core.audit.AuditEvent;
import io.coffer.core.audit.AuditEvent.Caller;
import io.coffer.core.audit.AuditEvent.Decision;
import io.coffer.core.iam.Principal;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The audit event of one RPC request (see {@code docs/audit-log.md}). Reads only identifiers from
 * the request: Version and Action, the access key id, and the names of what the request acts on
 * ({@code KeyId}, {@code AliasName}; {@code UserName}, {@code GroupName}, {@code RoleName},
 * {@code PolicyName}). No other parameter value, and nothing of a response but its {@code KeyId},
 * goes into an event: those may hold plaintext, ciphertext, key material or policy documents.
 */
final class RpcAudit {
  private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9]{1,64}");
  /** RAM parameters naming the resource, in the order picked when a request names several. */
  private static final List<String[]> RAM_RESOURCES = List.of(new String[] {"UserName", "user/"},
      new String[] {"GroupName", "group/"}, new String[] {"RoleName", "role/"}, new String[] {"PolicyName", "policy/"});

  private RpcAudit() {}

  /**
   * @param rpc the parsed request, or null when it could not be read
   * @param route the resolved route, or null when Version or Action did not resolve
   * @param principal who authentication established, or null when it did not get that far
   * @param result the action's result, or null when it failed
   * @param error the answered error, or null on success
   * @param accessDenied whether the failure was the permission check's refusal
   */
  static AuditEvent event(Instant time, String requestId, RpcRequest rpc, RpcRoutes.Route route, Principal principal,
      ObjectNode result, RpcError error, boolean accessDenied, int status, String sourceAddress, String region) {
    Caller caller = principal != null ? Caller.of(principal) : Caller.unverified(claimedAccessKeyId(rpc));
    String account = principal != null && !principal.isAnonymous() ? principal.accountId() : "*";
    Decision decision = principal == null || accessDenied ? Decision.DENY : Decision.ALLOW;
    String version = route != null ? route.version() : rpc == null ? null : rpc.version();
    String resource = rpc == null ? null : resource(version, rpc, result, region, account);
    return new AuditEvent(time, requestId, caller, action(rpc, route), resource, decision,
        error == null ? null : error.code(), status, sourceAddress);
  }

  /** {@code kms:Encrypt}, {@code ram:CreateUser}; {@code rpc:<Action>} for a version neither product has. */
  static String action(RpcRequest rpc, RpcRoutes.Route route) {
    if (route != null) return product(route.version()) + ":" + route.action();
    if (rpc == null) return "rpc:(unreadable)";
    String a = rpc.action();
    String name = a == null || a.isEmpty() ? "(none)" : ACTION.matcher(a).matches() ? a : "(invalid)";
    return product(rpc.version()) + ":" + name;
  }

  private static String product(String version) {
    if (RpcRoutes.KMS.equals(version)) return "kms";
    if (RpcRoutes.RAM.equals(version)) return "ram";
    return "rpc";
  }

  /**
   * The ARN of what the request names. KMS: {@code KeyId} (a key id, an alias or an ARN as sent),
   * else {@code AliasName}, else the {@code KeyId} the answer names at its top or in its
   * {@code KeyMetadata} (Decrypt finds its key in the ciphertext; CreateKey makes one). RAM: the first of {@code UserName}, {@code GroupName}, {@code RoleName},
   * {@code PolicyName}.
   */
  static String resource(String version, RpcRequest rpc, ObjectNode result, String region, String account) {
    if (RpcRoutes.KMS.equals(version)) {
      String ref = nonEmpty(rpc.param("KeyId"));
      if (ref == null) ref = nonEmpty(rpc.param("AliasName"));
      if (ref == null && result != null) ref = keyIdOf(result);
      if (ref == null) return null;
      if (ref.startsWith("acs:")) return ref;
      String prefix = "acs:kms:" + region + ":" + account + ":";
      return ref.startsWith("alias/") ? prefix + ref : prefix + "key/" + ref;
    }
    if (RpcRoutes.RAM.equals(version)) {
      for (String[] r : RAM_RESOURCES) {
        String name = nonEmpty(rpc.param(r[0]));
        if (name != null) return "acs:ram::" + account + ":" + r[1] + name;
      }
    }
    return null;
  }

  /** {@code KeyId} at the top of an answer (Decrypt) or in its {@code KeyMetadata} (CreateKey). */
  private static String keyIdOf(ObjectNode result) {
    JsonNode k = result.get("KeyId");
    if (k == null && result.get("KeyMetadata") instanceof ObjectNode meta) k = meta.get("KeyId");
    return k != null && k.isTextual() ? nonEmpty(k.textValue()) : null;
  }

  /** The access key a request names: V3's {@code Credential}, else V1's {@code AccessKeyId} parameter. */
  static String claimedAccessKeyId(RpcRequest rpc) {
    if (rpc == null) return null;
    String auth = rpc.header("authorization");
    if (auth != null && auth.startsWith("ACS3-")) {
      int space = auth.indexOf(' ');
      RpcSignatureV3.Authorization a = space < 0 ? null : RpcSignatureV3.parse(auth.substring(space + 1));
      return a == null ? null : a.accessKeyId();
    }
    return rpc.param("AccessKeyId");
  }

  private static String nonEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
