package io.coffer.server.oss.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** OSS Signature V4 (OSS4-HMAC-SHA256). */
public final class SignatureV4 {
  public static final String ALGORITHM = "OSS4-HMAC-SHA256";
  public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

  private SignatureV4() {}

  /**
   * @param additionalHeaders lower-case names listed in AdditionalHeaders
   * @param excludeQuery a query parameter left out of the canonical query (the presigned
   *     signature itself), or null
   */
  public static String canonicalRequest(SignedRequest r, Set<String> additionalHeaders, String excludeQuery) {
    return canonicalRequest(r, additionalHeaders, excludeQuery, false);
  }

  /**
   * @param trimQueryValues sign query values with outer blanks removed: the Java SDK's V4 signer
   *     trims them while sending them untrimmed
   */
  public static String canonicalRequest(SignedRequest r, Set<String> additionalHeaders, String excludeQuery,
      boolean trimQueryValues) {
    StringBuilder sb = new StringBuilder();
    sb.append(r.method()).append('\n');
    sb.append(uriEncode(r.resourcePath(), false)).append('\n');
    TreeMap<String, String> q = new TreeMap<>();
    for (Map.Entry<String, String> e : r.query().asMap().entrySet()) {
      if (e.getKey().equals(excludeQuery)) continue;
      q.put(uriEncode(e.getKey(), true), uriEncode(trimQueryValues ? e.getValue().trim() : e.getValue(), true));
    }
    List<String> pairs = new ArrayList<>();
    q.forEach((k, v) -> pairs.add(v.isEmpty() ? k : k + "=" + v));
    sb.append(String.join("&", pairs)).append('\n');
    TreeMap<String, String> canon = new TreeMap<>();
    for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
      String n = h.getKey();
      if (h.getValue().isEmpty()) continue;
      if (n.equals("content-type") || n.equals("content-md5") || n.startsWith("x-oss-") || additionalHeaders.contains(n)) {
        canon.put(n, h.getValue().get(0).trim());
      }
    }
    canon.forEach((k, v) -> sb.append(k).append(':').append(v).append('\n'));
    sb.append('\n');
    sb.append(String.join(";", new TreeSet<>(additionalHeaders))).append('\n');
    String payload = r.header("x-oss-content-sha256");
    sb.append(payload == null ? UNSIGNED_PAYLOAD : payload);
    return sb.toString();
  }

  public static String stringToSign(String timestamp, String scope, String canonicalRequest) {
    return ALGORITHM + "\n" + timestamp + "\n" + scope + "\n" + hex(sha256(canonicalRequest));
  }

  public static byte[] signingKey(String secret, String date, String region, String product) {
    byte[] k = hmac(("aliyun_v4" + secret).getBytes(StandardCharsets.UTF_8), date);
    k = hmac(k, region);
    k = hmac(k, product);
    return hmac(k, "aliyun_v4_request");
  }

  public static String sign(byte[] signingKey, String stringToSign) {
    return hex(hmac(signingKey, stringToSign));
  }

  /** Percent-encodes every byte outside {@code A-Za-z0-9-_.~}; {@code /} too unless {@code encodeSlash} is false. */
  public static String uriEncode(String s, boolean encodeSlash) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
          || c == '~' || c == '/' && !encodeSlash) {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }

  static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
