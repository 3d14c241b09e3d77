package io.coffer.server.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs requests by hand, written from oss-api.md §5 rather than from the server's signer, for
 * requests the SDK will not make (old dates, other products, expired V4 URLs).
 */
public final class RawSigner {
  public static final DateTimeFormatter V4_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

  private RawSigner() {}

  /** {@code OSS ak:Base64(HMAC-SHA1(sk, stringToSign))}. */
  public static String v1Authorization(String ak, String sk, String stringToSign) {
    return "OSS " + ak + ":" + Base64.getEncoder().encodeToString(mac("HmacSHA1", bytes(sk), stringToSign));
  }

  /**
   * The Authorization header of a V4 request without query parameters.
   *
   * @param headers lower-case name to value; every content-type and x-oss-* header is signed
   */
  public static String v4Authorization(String ak, String sk, String region, String product, String method,
      String bucket, String key, Map<String, String> headers, Instant time) {
    StringBuilder canonical = new StringBuilder(method).append('\n')
        .append(encode("/" + bucket + "/" + key, false)).append("\n\n");
    for (Map.Entry<String, String> h : new TreeMap<>(headers).entrySet()) {
      if (h.getKey().equals("content-type") || h.getKey().startsWith("x-oss-")) {
        canonical.append(h.getKey()).append(':').append(h.getValue().trim()).append('\n');
      }
    }
    canonical.append("\n\n").append(headers.getOrDefault("x-oss-content-sha256", "UNSIGNED-PAYLOAD"));
    String scope = DAY.format(time) + "/" + region + "/" + product + "/aliyun_v4_request";
    String signature = v4Signature(sk, region, product, time, scope, V4_TIME.format(time), canonical.toString());
    return "OSS4-HMAC-SHA256 Credential=" + ak + "/" + scope + ",Signature=" + signature;
  }

  /** A V4 presigned URL for {@code method} on an object, issued at {@code issued}, valid {@code expiresSeconds}. */
  public static String v4PresignedUrl(String endpoint, String ak, String sk, String region, String method,
      String bucket, String key, Instant issued, long expiresSeconds) {
    String scope = DAY.format(issued) + "/" + region + "/oss/aliyun_v4_request";
    TreeMap<String, String> query = new TreeMap<>();
    query.put("x-oss-credential", encode(ak + "/" + scope, true));
    query.put("x-oss-date", V4_TIME.format(issued));
    query.put("x-oss-expires", Long.toString(expiresSeconds));
    query.put("x-oss-signature-version", "OSS4-HMAC-SHA256");
    StringBuilder q = new StringBuilder();
    query.forEach((k, v) -> q.append(q.isEmpty() ? "" : "&").append(k).append('=').append(v));
    String path = encode("/" + bucket + "/" + key, false);
    String canonical = method + "\n" + path + "\n" + q + "\n\n\nUNSIGNED-PAYLOAD";
    String signature = v4Signature(sk, region, "oss", issued, scope, V4_TIME.format(issued), canonical);
    return endpoint + path + "?" + q + "&x-oss-signature=" + signature;
  }

  private static String v4Signature(String sk, String region, String product, Instant time, String scope,
      String timestamp, String canonical) {
    String stringToSign = "OSS4-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n" + HexFormat.of().formatHex(sha256(canonical));
    byte[] k = bytes("aliyun_v4" + sk);
    for (String step : new String[] {DAY.format(time), region, product, "aliyun_v4_request"}) k = mac("HmacSHA256", k, step);
    return HexFormat.of().formatHex(mac("HmacSHA256", k, stringToSign));
  }

  /** RFC 3986 unreserved characters stay; everything else is %XX upper-case ({@code /} too unless kept). */
  public static String encode(String s, boolean encodeSlash) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes(s)) {
      char c = (char) (b & 0xff);
      if (Character.isLetterOrDigit(c) && c < 128 || "-_.~".indexOf(c) >= 0 || c == '/' && !encodeSlash) {
        sb.append(c);
      } else {
        sb.append(String.format("%%%02X", b & 0xff));
      }
    }
    return sb.toString();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] mac(String algorithm, byte[] key, String data) {
    try {
      Mac m = Mac.getInstance(algorithm);
      m.init(new SecretKeySpec(key, algorithm));
      return m.doFinal(bytes(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes(s));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
