package io.coffer.core.audit;

import io.coffer.core.iam.Principal;
import java.time.Instant;

/**
 * One audited request, as its dialect knew it when the outcome was decided. Holds no secret, key
 * material, plaintext, signature or request parameter value: only identifiers (request id, access
 * key id, account id, user name, action, resource). String fields are cut to
 * {@link #MAX_FIELD_CHARS} (the resource to {@link #MAX_RESOURCE_CHARS}) so one line stays small
 * whatever a client sends.
 *
 * @param time when the outcome was known
 * @param requestId the id the response carried ({@code x-oss-request-id} / {@code RequestId})
 * @param caller who sent it, as far as authentication got
 * @param action the API action, product-prefixed as in RAM policies: {@code kms:Decrypt},
 *     {@code ram:CreateUser}, {@code oss:GetObject}
 * @param resource the ARN of what the request named, or null when it named nothing or nothing
 *     could be read from it
 * @param decision whether the request got past authentication and authorization
 * @param errorCode the dialect's error code when the request failed, null when it succeeded
 * @param status the HTTP status answered
 * @param sourceAddress the connection's remote IP address, or null when unknown
 */
public record AuditEvent(Instant time, String requestId, Caller caller, String action, String resource,
    Decision decision, String errorCode, int status, String sourceAddress) {

  /** Longest value kept for the short fields (ids, names, action, error code, address). */
  public static final int MAX_FIELD_CHARS = 256;
  /** Longest resource kept: an OSS ARN holds a 63-character bucket and a key of up to 1023 bytes. */
  public static final int MAX_RESOURCE_CHARS = 1200;

  public AuditEvent {
    if (time == null || caller == null || action == null || decision == null) {
      throw new IllegalArgumentException("time, caller, action and decision are required");
    }
    requestId = cut(requestId == null ? "" : requestId, MAX_FIELD_CHARS);
    action = cut(action, MAX_FIELD_CHARS);
    resource = resource == null || resource.isEmpty() ? null : cut(resource, MAX_RESOURCE_CHARS);
    errorCode = errorCode == null || errorCode.isEmpty() ? null : cut(errorCode, MAX_FIELD_CHARS);
    sourceAddress = sourceAddress == null || sourceAddress.isEmpty() ? null : cut(sourceAddress, MAX_FIELD_CHARS);
  }

  /** Allowed: authentication and authorization let the request through, whatever happened next. */
  public enum Decision {
    ALLOW("allow"),
    /**
     * Denied: a signature, access key, timestamp or nonce check failed, a permission check said
     * no, or the request was refused before its caller could be authenticated.
     */
    DENY("deny");

    private final String wire;

    Decision(String wire) {
      this.wire = wire;
    }

    /** As written to the log. */
    public String wire() {
      return wire;
    }
  }

  /**
   * Who sent a request.
   *
   * @param kind how far authentication got
   * @param accountId the account acted for; empty when not authenticated
   * @param accessKeyId the access key that signed the request, or the one it claimed when the
   *     signature did not verify ({@link Kind#UNVERIFIED}); empty for anonymous requests
   * @param userName the RAM user's name; empty for the account itself and for unauthenticated callers
   */
  public record Caller(Kind kind, String accountId, String accessKeyId, String userName) {
    private static final Caller ANONYMOUS = new Caller(Kind.ANONYMOUS, "", "", "");

    public Caller {
      if (kind == null) throw new IllegalArgumentException("kind is required");
      accountId = cut(accountId == null ? "" : accountId, MAX_FIELD_CHARS);
      accessKeyId = cut(accessKeyId == null ? "" : accessKeyId, MAX_FIELD_CHARS);
      userName = cut(userName == null ? "" : userName, MAX_FIELD_CHARS);
    }

    /** The caller authentication established. */
    public static Caller of(Principal p) {
      if (p.isAnonymous()) return ANONYMOUS;
      return new Caller(p.isRamUser() ? Kind.RAM_USER : Kind.ROOT, p.accountId(), p.accessKeyId(), p.userName());
    }

    /** A request that named an access key but did not prove it holds it; anonymous when none was named. */
    public static Caller unverified(String claimedAccessKeyId) {
      if (claimedAccessKeyId == null || claimedAccessKeyId.isEmpty()) return ANONYMOUS;
      return new Caller(Kind.UNVERIFIED, "", claimedAccessKeyId, "");
    }

    public static Caller anonymous() {
      return ANONYMOUS;
    }

    /** How far authentication got. */
    public enum Kind {
      /** The account's own access key. */
      ROOT("root"),
      RAM_USER("ramUser"),
      /** An unsigned request. */
      ANONYMOUS("anonymous"),
      /** A signed request whose access key is unknown, inactive, or whose signature did not verify. */
      UNVERIFIED("unverified");

      private final String wire;

      Kind(String wire) {
        this.wire = wire;
      }

      public String wire() {
        return wire;
      }
    }
  }

  /** Cuts {@code s} to at most {@code max} chars without splitting a surrogate pair. */
  static String cut(String s, int max) {
    if (s.length() <= max) return s;
    int end = max;
    if (Character.isHighSurrogate(s.charAt(end - 1))) end--;
    return s.substring(0, end);
  }
}
