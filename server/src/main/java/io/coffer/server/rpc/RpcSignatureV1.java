package io.coffer.server.rpc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RPC signature V1 (HMAC-SHA1 over the sorted, percent-encoded parameters), as
 * {@code com.aliyuncs.auth.RpcSignatureComposer} computes it and the KMS "Signature" document
 * describes it.
 */
public final class RpcSignatureV1 {
  public static final String METHOD = "HMAC-SHA1";
  public static final String VERSION = "1.0";

  private RpcSignatureV1() {}

  /**
   * {@code METHOD&%2F&enc(name=value&...)} over every parameter except {@code Signature}, sorted by
   * name in code-point order (upper case before lower case).
   *
   * @param includeEmpty whether parameters with an empty value take part (the old SDK signs them,
   *     the Tea runtime skips them)
   */
  public static String stringToSign(String httpMethod, Map<String, String> params, boolean includeEmpty) {
    StringJoiner canonical = new StringJoiner("&");
    for (Map.Entry<String, String> p : new TreeMap<>(params).entrySet()) {
      if (p.getKey().equals("Signature")) continue;
      if (!includeEmpty && p.getValue().isEmpty()) continue;
      canonical.add(RpcEncoding.percentEncode(p.getKey()) + "=" + RpcEncoding.percentEncode(p.getValue()));
    }
    return httpMethod + "&" + RpcEncoding.percentEncode("/") + "&" + RpcEncoding.percentEncode(canonical.toString());
  }

  /** Base64 HMAC-SHA1 keyed with {@code secret + "&"}. */
  public static String sign(String secret, String stringToSign) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 unavailable", e);
    }
  }

  /**
   * Whether {@code signature} signs these parameters: with empty-valued parameters included, or,
   * when there are any, without them (so both the old SDK and Tea in V1 mode verify).
   *
   * @return the string to sign that matched, or null when neither does
   */
  public static String verify(String secret, String httpMethod, Map<String, String> params, String signature) {
    String full = stringToSign(httpMethod, params, true);
    if (equal(sign(secret, full), signature)) return full;
    if (params.containsValue("")) {
      String withoutEmpty = stringToSign(httpMethod, params, false);
      if (equal(sign(secret, withoutEmpty), signature)) return withoutEmpty;
    }
    return null;
  }

  private static boolean equal(String expected, String given) {
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}
