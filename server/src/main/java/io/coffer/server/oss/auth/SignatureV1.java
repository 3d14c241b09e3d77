package io.coffer.server.oss.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** OSS Signature V1: Base64(HMAC-SHA1(secret, StringToSign)). */
public final class SignatureV1 {
  private SignatureV1() {}

  /**
   * VERB, Content-MD5, Content-Type, {@code date}, the sorted {@code x-oss-*} headers, then the
   * canonical resource with its signed sub-resources.
   *
   * @param date the Date header, the x-oss-date header, or the Expires of a presigned URL
   */
  public static String stringToSign(SignedRequest r, String date) {
    StringBuilder sb = new StringBuilder();
    sb.append(r.method()).append('\n');
    sb.append(nullToEmpty(r.header("content-md5"))).append('\n');
    sb.append(nullToEmpty(r.header("content-type"))).append('\n');
    sb.append(nullToEmpty(date)).append('\n');
    TreeMap<String, String> oss = new TreeMap<>();
    for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
      if (h.getKey().startsWith("x-oss-") && !h.getValue().isEmpty()) oss.put(h.getKey(), h.getValue().get(0).trim());
    }
    oss.forEach((k, v) -> sb.append(k).append(':').append(v).append('\n'));
    sb.append(r.resourcePath());
    List<String> subs = new ArrayList<>();
    for (Map.Entry<String, String> q : new TreeMap<>(r.query().asMap()).entrySet()) {
      if (!SubResources.SIGNED.contains(q.getKey())) continue;
      subs.add(q.getValue().isEmpty() ? q.getKey() : q.getKey() + "=" + q.getValue());
    }
    if (!subs.isEmpty()) sb.append('?').append(String.join("&", subs));
    return sb.toString();
  }

  public static String sign(String secret, String stringToSign) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
