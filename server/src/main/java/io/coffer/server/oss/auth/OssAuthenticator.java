package io.coffer.server.oss.auth;

import io.coffer.core.error.CofferException;
import io.coffer.core.iam.AccessKey;
import io.coffer.core.iam.Credentials;
import io.coffer.core.iam.Principal;
import io.coffer.server.http.HttpDates;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Establishes who sent an OSS request: Signature V1 or V4 in the Authorization header, a V1 or V4
 * presigned URL, a PostObject form's signature over its policy, or nobody (anonymous). Signatures
 * are compared in constant time. What a form's policy allows is {@link PostPolicy}'s business.
 */
public final class OssAuthenticator {
  /** OSS accepts requests up to 15 minutes off the server clock. */
  public static final Duration MAX_SKEW = Duration.ofMinutes(15);

  private static final DateTimeFormatter V4_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

  private final Credentials credentials;
  private final Clock clock;
  private final String region;

  public OssAuthenticator(Credentials credentials, Clock clock, String region) {
    this.credentials = credentials;
    this.clock = clock;
    this.region = region;
  }

  public Principal authenticate(SignedRequest r) {
    String auth = r.header("authorization");
    if (auth != null && !auth.isEmpty()) {
      if (auth.startsWith("OSS4-HMAC-SHA256 ")) return headerV4(r, auth.substring(17));
      if (auth.startsWith("OSS ")) return headerV1(r, auth.substring(4));
      throw new CofferException.InvalidArgument("Authorization header is invalid.", "Authorization", auth);
    }
    if (r.query().has("x-oss-signature")) return presignedV4(r);
    if (r.query().has("OSSAccessKeyId") || r.query().has("Signature")) return presignedV1(r);
    return Principal.anonymous();
  }

  // ---- V1 ----

  private Principal headerV1(SignedRequest r, String credential) {
    int colon = credential.lastIndexOf(':');
    if (colon <= 0) throw new CofferException.InvalidArgument("Authorization header is invalid.", "Authorization", "OSS " + credential);
    String akId = credential.substring(0, colon).trim();
    String signature = credential.substring(colon + 1).trim();
    AccessKey key = key(akId);
    String date = r.header("x-oss-date") != null ? r.header("x-oss-date") : r.header("date");
    if (date == null) throw new CofferException.AccessDenied("Missing date header in the request.");
    Instant t = HttpDates.parseHttpDate(date);
    if (t == null) throw new CofferException.AccessDenied("Invalid date header in the request: " + date);
    checkSkew(t, date);
    String sts = SignatureV1.stringToSign(r, date);
    if (!constantTimeEquals(SignatureV1.sign(key.secret(), sts), signature)) {
      // ali-oss and oss2 sign x-oss-date on the date line; Java signs the Date header. Try the other.
      if (r.header("x-oss-date") != null && r.header("date") != null) {
        String alt = SignatureV1.stringToSign(r, r.header("date"));
        if (constantTimeEquals(SignatureV1.sign(key.secret(), alt), signature)) return key.principal();
      }
      throw mismatch(sts, signature, akId);
    }
    return key.principal();
  }

  private Principal presignedV1(SignedRequest r) {
    String akId = r.query().get("OSSAccessKeyId");
    String signature = r.query().get("Signature");
    String expires = r.query().get("Expires");
    if (akId == null || signature == null || expires == null) {
      throw new CofferException.AccessDenied("Presigned URLs need OSSAccessKeyId, Expires and Signature.");
    }
    AccessKey key = key(akId);
    long exp;
    try {
      exp = Long.parseLong(expires);
    } catch (NumberFormatException e) {
      throw new CofferException.AccessDenied("Invalid Expires in the presigned URL.");
    }
    if (clock.instant().getEpochSecond() > exp) throw new CofferException.AccessDenied("Request has expired.");
    String sts = SignatureV1.stringToSign(r, expires);
    if (!constantTimeEquals(SignatureV1.sign(key.secret(), sts), signature)) throw mismatch(sts, signature, akId);
    return key.principal();
  }

  // ---- V4 ----

  private record V4Scope(String accessKeyId, String date, String region, String product) {
    String scope() {
      return date + "/" + region + "/" + product + "/aliyun_v4_request";
    }
  }

  private V4Scope scope(String credential) {
    String[] p = credential == null ? new String[0] : credential.split("/");
    if (p.length != 5 || !p[4].equals("aliyun_v4_request") || !p[1].matches("\\d{8}")) {
      throw new CofferException.InvalidArgument("Invalid credential in Authorization header.", "x-oss-credential",
          credential);
    }
    if (!p[3].equals("oss")) {
      throw new CofferException.InvalidArgument("Invalid signing product in Authorization header.", "x-oss-credential",
          credential);
    }
    if (!p[2].equals(region)) {
      throw new CofferException.InvalidArgument("Invalid signing region in Authorization header.", "x-oss-credential",
          credential);
    }
    return new V4Scope(p[0], p[1], p[2], p[3]);
  }

  private Principal headerV4(SignedRequest r, String params) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String part : params.split(",")) {
      String t = part.trim();
      int eq = t.indexOf('=');
      if (eq > 0) fields.put(t.substring(0, eq).trim(), t.substring(eq + 1).trim());
    }
    V4Scope scope = scope(fields.get("Credential"));
    String signature = fields.get("Signature");
    if (signature == null) throw new CofferException.InvalidArgument("Authorization header is invalid.", "Authorization", "");
    AccessKey key = key(scope.accessKeyId());
    String timestamp = r.header("x-oss-date") != null ? r.header("x-oss-date") : r.header("date");
    if (timestamp == null) throw new CofferException.AccessDenied("Missing date header in the request.");
    Instant t = parseV4Time(timestamp);
    if (t == null) t = HttpDates.parseHttpDate(timestamp);
    if (t == null) throw new CofferException.AccessDenied("Invalid date header in the request: " + timestamp);
    checkSkew(t, timestamp);
    verifyV4(r, additional(fields.get("AdditionalHeaders")), null, key, scope, timestamp, signature);
    return key.principal();
  }

  private Principal presignedV4(SignedRequest r) {
    String version = r.query().get("x-oss-signature-version");
    if (!SignatureV4.ALGORITHM.equals(version)) {
      throw new CofferException.InvalidArgument("Unsupported signature version.", "x-oss-signature-version", version);
    }
    V4Scope scope = scope(r.query().get("x-oss-credential"));
    AccessKey key = key(scope.accessKeyId());
    String timestamp = r.query().get("x-oss-date");
    Instant t = timestamp == null ? null : parseV4Time(timestamp);
    if (t == null) throw new CofferException.AccessDenied("Invalid x-oss-date in the presigned URL.");
    long expires;
    try {
      expires = Long.parseLong(r.query().get("x-oss-expires"));
    } catch (RuntimeException e) {
      throw new CofferException.AccessDenied("Invalid x-oss-expires in the presigned URL.");
    }
    if (expires < 1 || expires > Duration.ofDays(7).toSeconds()) {
      throw new CofferException.InvalidArgument("x-oss-expires must be between 1 and 604800 seconds.", "x-oss-expires",
          Long.toString(expires));
    }
    Instant now = clock.instant();
    if (now.isAfter(t.plusSeconds(expires))) throw new CofferException.AccessDenied("Request has expired.");
    if (t.isAfter(now.plus(MAX_SKEW))) throw new CofferException.AccessDenied("Request is not yet valid.");
    verifyV4(r, additional(r.query().get("x-oss-additional-headers")), "x-oss-signature", key, scope, timestamp,
        r.query().get("x-oss-signature"));
    return key.principal();
  }

  private static void verifyV4(SignedRequest r, Set<String> additional, String exclude, AccessKey key, V4Scope scope,
      String timestamp, String signature) {
    byte[] signingKey = SignatureV4.signingKey(key.secret(), scope.date(), scope.region(), scope.product());
    String sts = SignatureV4.stringToSign(timestamp, scope.scope(), SignatureV4.canonicalRequest(r, additional, exclude));
    if (constantTimeEquals(SignatureV4.sign(signingKey, sts), signature)) return;
    boolean blanks = r.query().asMap().values().stream().anyMatch(v -> !v.equals(v.trim()));
    if (blanks) {
      String trimmed = SignatureV4.stringToSign(timestamp, scope.scope(),
          SignatureV4.canonicalRequest(r, additional, exclude, true));
      if (constantTimeEquals(SignatureV4.sign(signingKey, trimmed), signature)) return;
    }
    throw mismatch(sts, signature, scope.accessKeyId());
  }

  private static Set<String> additional(String list) {
    Set<String> out = new HashSet<>();
    if (list == null || list.isEmpty()) return out;
    for (String h : list.split(";")) {
      String t = h.trim().toLowerCase(Locale.ROOT);
      if (!t.isEmpty()) out.add(t);
    }
    return out;
  }

  static Instant parseV4Time(String s) {
    try {
      return LocalDateTime.parse(s, V4_TIME).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  // ---- PostObject forms ----

  /**
   * Who signed a PostObject form: V1 ({@code OSSAccessKeyId}, {@code Signature} =
   * Base64(HMAC-SHA1(secret, policy))) or V4 ({@code x-oss-signature-version},
   * {@code x-oss-credential}, {@code x-oss-date}, {@code x-oss-signature} = hex HMAC-SHA256 with the
   * V4 signing key over the policy). A form with neither is anonymous. The signature covers the
   * base64 text of the policy as sent, nothing else of the form.
   *
   * @param fields form field values by lower-case name
   */
  public Principal authenticatePost(Map<String, String> fields) {
    if (fields.containsKey("x-oss-signature") || fields.containsKey("x-oss-signature-version")
        || fields.containsKey("x-oss-credential")) {
      String version = required(fields, "x-oss-signature-version");
      if (!SignatureV4.ALGORITHM.equals(version)) {
        throw new CofferException.InvalidArgument("Unsupported signature version.", "x-oss-signature-version", version);
      }
      V4Scope scope = scope(required(fields, "x-oss-credential"));
      String timestamp = required(fields, "x-oss-date");
      if (parseV4Time(timestamp) == null) {
        throw new CofferException.InvalidArgument("Invalid x-oss-date in the form.", "x-oss-date", timestamp);
      }
      String signature = required(fields, "x-oss-signature");
      String policy = required(fields, "policy");
      AccessKey key = key(scope.accessKeyId());
      byte[] signingKey = SignatureV4.signingKey(key.secret(), scope.date(), scope.region(), scope.product());
      if (!constantTimeEquals(SignatureV4.sign(signingKey, policy), signature)) {
        throw mismatch(policy, signature, scope.accessKeyId());
      }
      return key.principal();
    }
    if (fields.containsKey("ossaccesskeyid") || fields.containsKey("signature")) {
      String akId = required(fields, "OSSAccessKeyId");
      String signature = required(fields, "Signature");
      String policy = required(fields, "policy");
      AccessKey key = key(akId);
      if (!constantTimeEquals(SignatureV1.sign(key.secret(), policy), signature)) throw mismatch(policy, signature, akId);
      return key.principal();
    }
    return Principal.anonymous();
  }

  private static String required(Map<String, String> fields, String name) {
    String v = fields.get(name.toLowerCase(Locale.ROOT));
    if (v == null || v.isEmpty()) {
      throw new CofferException.InvalidArgument("The form field " + name + " is required.", name, "");
    }
    return v;
  }

  // ---- shared ----

  private AccessKey key(String akId) {
    AccessKey key = credentials.find(akId).orElseThrow(() -> new CofferException.InvalidAccessKeyId(akId));
    if (!key.active()) throw new CofferException.InvalidAccessKeyId(akId);
    return key;
  }

  private void checkSkew(Instant requestTime, String raw) {
    Instant now = clock.instant();
    if (Duration.between(requestTime, now).abs().compareTo(MAX_SKEW) > 0) {
      throw new CofferException.RequestTimeTooSkewed(raw, HttpDates.isoMillis(now));
    }
  }

  private static CofferException mismatch(String stringToSign, String provided, String akId) {
    StringBuilder bytes = new StringBuilder();
    for (byte b : stringToSign.getBytes(StandardCharsets.UTF_8)) {
      if (!bytes.isEmpty()) bytes.append(' ');
      bytes.append(HexFormat.of().toHexDigits(b));
    }
    return new CofferException.SignatureDoesNotMatch(Map.of("StringToSign", stringToSign,
        "StringToSignBytes", bytes.toString(), "SignatureProvided", provided == null ? "" : provided,
        "OSSAccessKeyId", akId));
  }

  static boolean constantTimeEquals(String expected, String provided) {
    if (provided == null) return false;
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), provided.getBytes(StandardCharsets.UTF_8));
  }
}
