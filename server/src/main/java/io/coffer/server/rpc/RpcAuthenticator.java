package io.coffer.server.rpc;

import io.coffer.core.error.CofferException;
import io.coffer.core.iam.AccessKey;
import io.coffer.core.iam.Credentials;
import io.coffer.core.iam.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * Establishes who sent an RPC request: signature V3 when {@code Authorization} starts with
 * {@code ACS3-}, else signature V1 in the {@code Signature} parameter. Checks, in this order: the
 * signature fields are complete and of a supported method, the timestamp is well formed and within
 * {@link #MAX_SKEW}, the access key exists and is active, the signature matches (constant time),
 * and only then that the nonce is new, so an unsigned request cannot spend someone's nonce.
 */
public final class RpcAuthenticator {
  /** Alibaba gateways accept requests up to 15 minutes off the server clock. */
  public static final Duration MAX_SKEW = Duration.ofMinutes(15);
  /** Live nonces held at most; at ~200 bytes each about 50 MB, a sustained 270 signed requests/s. */
  public static final int DEFAULT_NONCE_CAPACITY = 2_000_000;

  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT);
  /** Headers a V3 signature must cover: without them a signed request could be replayed or redirected. */
  private static final List<String> REQUIRED_V3_HEADERS = List.of("x-acs-action", "x-acs-content-sha256", "x-acs-date",
      "x-acs-signature-nonce");

  private final Credentials credentials;
  private final Clock clock;
  private final SignatureNonces nonces;

  public RpcAuthenticator(Credentials credentials, Clock clock, SignatureNonces nonces) {
    this.credentials = credentials;
    this.clock = clock;
    this.nonces = nonces;
  }

  public RpcAuthenticator(Credentials credentials, Clock clock) {
    this(credentials, clock, new SignatureNonces(DEFAULT_NONCE_CAPACITY));
  }

  public Principal authenticate(RpcRequest r) {
    String auth = r.header("authorization");
    if (auth != null && auth.startsWith("ACS3-")) return v3(r, auth);
    return v1(r);
  }

  // ---- V1 ----

  private Principal v1(RpcRequest r) {
    String signature = r.param("Signature");
    if (signature == null || signature.isEmpty()) throw new RpcException(RpcError.INCOMPLETE_SIGNATURE);
    // V1 signs parameters only: an Action or Version taken from an unsigned header could be swapped.
    if (r.param("Action") == null) throw new CofferException.MissingParameter("Action");
    if (r.param("Version") == null) throw new CofferException.MissingParameter("Version");
    String method = required(r, "SignatureMethod");
    if (!method.equals(RpcSignatureV1.METHOD)) throw new RpcException(RpcError.INVALID_SIGNATURE_METHOD);
    String version = required(r, "SignatureVersion");
    if (!version.equals(RpcSignatureV1.VERSION)) {
      throw new RpcException(RpcError.INCOMPLETE_SIGNATURE,
          "The request signature does not conform to Alibaba Cloud standards: SignatureVersion must be 1.0.");
    }
    String accessKeyId = required(r, "AccessKeyId");
    String nonce = required(r, "SignatureNonce");
    Instant time = timestamp(required(r, "Timestamp"));
    AccessKey key = key(accessKeyId);
    if (RpcSignatureV1.verify(key.secret(), r.method(), r.params(), signature) == null) {
      throw new RpcException(RpcError.SIGNATURE_DOES_NOT_MATCH,
          "Specified signature is not matched with our calculation. server string to sign is:"
              + RpcSignatureV1.stringToSign(r.method(), r.params(), true));
    }
    spendNonce(accessKeyId, nonce, time);
    return key.principal();
  }

  private static String required(RpcRequest r, String name) {
    String v = r.param(name);
    if (v == null || v.isEmpty()) throw new CofferException.MissingParameter(name);
    return v;
  }

  // ---- V3 ----

  private Principal v3(RpcRequest r, String auth) {
    int space = auth.indexOf(' ');
    String algorithm = space < 0 ? auth : auth.substring(0, space);
    if (!algorithm.equals(RpcSignatureV3.ALGORITHM)) throw new RpcException(RpcError.INVALID_SIGNATURE_METHOD);
    RpcSignatureV3.Authorization a = space < 0 ? null : RpcSignatureV3.parse(auth.substring(space + 1));
    if (a == null) throw new RpcException(RpcError.INCOMPLETE_SIGNATURE);
    for (String h : REQUIRED_V3_HEADERS) {
      if (!a.signedHeaders().contains(h) || r.header(h) == null || r.header(h).isEmpty()) {
        throw new RpcException(RpcError.INCOMPLETE_SIGNATURE,
            "The request signature does not conform to Alibaba Cloud standards: header " + h + " must be sent and signed.");
      }
    }
    if (r.versionFromHeader() && !a.signedHeaders().contains("x-acs-version")) {
      throw new RpcException(RpcError.INCOMPLETE_SIGNATURE,
          "The request signature does not conform to Alibaba Cloud standards: header x-acs-version must be signed.");
    }
    if (r.param("Action") != null && !r.param("Action").equals(r.header("x-acs-action"))) {
      throw new CofferException.InvalidParameter("Action",
          "The specified parameter \"Action\" is not valid: it differs from the x-acs-action header.");
    }
    String payloadHash = RpcSignatureV3.sha256Hex(r.body());
    if (!payloadHash.equals(r.header("x-acs-content-sha256").toLowerCase(Locale.ROOT))) {
      throw new RpcException(RpcError.SIGNATURE_DOES_NOT_MATCH,
          "Specified signature is not matched with our calculation: x-acs-content-sha256 is not the SHA-256 of the body.");
    }
    Instant time = timestamp(r.header("x-acs-date"));
    AccessKey key = key(a.accessKeyId());
    String canonical = RpcSignatureV3.canonicalRequest(r.method(), "/", r.query(), r.headers(), a.signedHeaders(),
        payloadHash);
    String stringToSign = RpcSignatureV3.stringToSign(canonical);
    if (!RpcSignatureV3.matches(key.secret(), stringToSign, a.signature())) {
      throw new RpcException(RpcError.SIGNATURE_DOES_NOT_MATCH,
          "Specified signature is not matched with our calculation. server string to sign is:" + stringToSign);
    }
    spendNonce(a.accessKeyId(), r.header("x-acs-signature-nonce"), time);
    return key.principal();
  }

  // ---- shared ----

  private Instant timestamp(String value) {
    Instant t;
    try {
      t = LocalDateTime.parse(value, TIMESTAMP).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      try {
        // Some clients add milliseconds; any ISO-8601 instant in UTC means the same thing.
        t = Instant.parse(value);
      } catch (DateTimeParseException e2) {
        throw new RpcException(RpcError.INVALID_TIMESTAMP_FORMAT);
      }
    }
    Instant now = clock.instant();
    if (t.isBefore(now.minus(MAX_SKEW)) || t.isAfter(now.plus(MAX_SKEW))) {
      throw new RpcException(RpcError.INVALID_TIMESTAMP_EXPIRED);
    }
    return t;
  }

  private AccessKey key(String accessKeyId) {
    AccessKey key = credentials.find(accessKeyId)
        .orElseThrow(() -> new RpcException(RpcError.INVALID_ACCESS_KEY_ID_NOT_FOUND));
    if (!key.active()) throw new RpcException(RpcError.INVALID_ACCESS_KEY_ID_INACTIVE);
    return key;
  }

  private void spendNonce(String accessKeyId, String nonce, Instant requestTime) {
    switch (nonces.record(accessKeyId, nonce, requestTime.plus(MAX_SKEW), clock.instant())) {
      case FRESH -> { }
      case USED -> throw new RpcException(RpcError.SIGNATURE_NONCE_USED);
      case FULL -> throw new RpcException(RpcError.THROTTLING);
    }
  }
}
