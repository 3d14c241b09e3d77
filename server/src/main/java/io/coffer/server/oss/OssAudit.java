package io.coffer.server.oss;

import io.coffer.core.audit.AuditEvent;
import io.coffer.core.audit.AuditEvent.Caller;
import io.coffer.core.audit.AuditEvent.Decision;
import io.coffer.core.audit.AuditLog;
import io.coffer.core.error.CofferException;
import java.time.Clock;
import java.time.Instant;

/**
 * The audit event of a denied OSS request (see {@code docs/audit-log.md}): refused by the
 * permission check (AccessDenied) or by authentication (InvalidAccessKeyId, SignatureDoesNotMatch,
 * RequestTimeTooSkewed). Allowed OSS requests are not audited here; the access log's business is
 * traffic, the audit log's is decisions about keys and access.
 *
 * <p>The resource is {@code acs:oss:*:*:{bucket}[/{key}]}: the bucket owner is not known where the
 * refusal is answered (for an authentication failure it was never looked up), so the account
 * part is {@code *}. The caller's access key id comes from the request (the exception's
 * {@code OSSAccessKeyId}, the Authorization header or a presigned URL's query), never a signature.
 */
final class OssAudit {
  private OssAudit() {}

  /** Records the failure {@code e} of {@code ex} when it is a denial. */
  static void recordIfDenied(AuditLog audit, Clock clock, OssExchange ex, CofferException e) {
    OssError err = OssErrors.of(e);
    if (isDenial(err)) audit.record(denial(clock.instant(), ex, e, err));
  }

  static boolean isDenial(OssError err) {
    return err == OssError.ACCESS_DENIED || err == OssError.INVALID_ACCESS_KEY_ID
        || err == OssError.SIGNATURE_DOES_NOT_MATCH || err == OssError.REQUEST_TIME_TOO_SKEWED;
  }

  static AuditEvent denial(Instant time, OssExchange ex, CofferException e, OssError err) {
    Caller caller = !ex.principal().isAnonymous() ? Caller.of(ex.principal())
        : Caller.unverified(claimedAccessKeyId(ex, e));
    String action = "oss:" + (ex.operation() != null ? ex.operation() : "(unrouted)");
    String resource = ex.bucket() == null ? null
        : "acs:oss:*:*:" + ex.bucket() + (ex.key() == null ? "" : "/" + ex.key());
    return new AuditEvent(time, ex.requestId(), caller, action, resource, Decision.DENY, err.code(), err.status(),
        ex.remoteAddress());
  }

  /** The access key a request that failed authentication named, or null for an unsigned one. */
  static String claimedAccessKeyId(OssExchange ex, CofferException e) {
    String fromError = e.details().get("OSSAccessKeyId");
    if (fromError != null) return fromError;
    String auth = ex.header("authorization");
    if (auth != null && auth.startsWith("OSS ")) {
      int colon = auth.lastIndexOf(':');
      return colon > 4 ? auth.substring(4, colon).trim() : null;
    }
    if (auth != null && auth.startsWith("OSS4-HMAC-SHA256 ")) {
      int at = auth.indexOf("Credential=");
      return at < 0 ? null : beforeSlash(auth.substring(at + "Credential=".length()));
    }
    if (ex.query().has("OSSAccessKeyId")) return ex.query().get("OSSAccessKeyId");
    if (ex.query().has("x-oss-credential")) return beforeSlash(ex.query().get("x-oss-credential"));
    return null;
  }

  private static String beforeSlash(String credential) {
    if (credential == null) return null;
    int end = credential.length();
    for (char c : new char[] {'/', ',', ' '}) {
      int i = credential.indexOf(c);
      if (i >= 0 && i < end) end = i;
    }
    return credential.substring(0, end);
  }
}
