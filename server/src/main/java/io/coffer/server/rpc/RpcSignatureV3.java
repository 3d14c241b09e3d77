package io.coffer.server.rpc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RPC signature V3 ({@code ACS3-HMAC-SHA256}): an HMAC-SHA256 over a canonical request that covers
 * method, path, query, the headers the client chose to sign and the body hash, as
 * {@code com.aliyun.openapiutil.Client.getAuthorization} and the old SDK's
 * {@code V3SignatureComposer} compute it.
 */
public final class RpcSignatureV3 {
  public static final String ALGORITHM = "ACS3-HMAC-SHA256";
  /** SHA-256 of nothing: the content hash of a request without a body. */
  public static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private RpcSignatureV3() {}

  /**
   * The parts of {@code Authorization: ACS3-HMAC-SHA256 Credential=..,SignedHeaders=..,Signature=..}.
   *
   * @param signedHeaders lower-case header names, in the client's order
   */
  public record Authorization(String accessKeyId, List<String> signedHeaders, String signature) {
    public Authorization {
      signedHeaders = List.copyOf(signedHeaders);
    }
  }

  /**
   * Parses the fields after the algorithm token, in any order (the old SDK sends
   * {@code Credential,Signature,SignedHeaders}, Tea {@code Credential,SignedHeaders,Signature}).
   *
   * @return null when a field is missing or empty
   */
  public static Authorization parse(String fields) {
    Map<String, String> f = new HashMap<>();
    for (String part : fields.split(",")) {
      int eq = part.indexOf('=');
      if (eq > 0) f.putIfAbsent(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
    }
    String credential = f.get("Credential");
    String signedHeaders = f.get("SignedHeaders");
    String signature = f.get("Signature");
    if (credential == null || credential.isEmpty() || signedHeaders == null || signedHeaders.isEmpty()
        || signature == null || signature.isEmpty()) {
      return null;
    }
    List<String> names = new ArrayList<>();
    for (String h : signedHeaders.split(";")) {
      String n = h.trim().toLowerCase(Locale.ROOT);
      if (!n.isEmpty()) names.add(n);
    }
    return new Authorization(credential, names, signature);
  }

  /**
   * The canonical request: method, path, sorted percent-encoded query, {@code name:value\n} for
   * each signed header (values trimmed; an absent header signs as empty), the signed header list
   * and the payload hash, joined by newlines.
   *
   * @param headers request headers by lower-case name
   */
  public static String canonicalRequest(String httpMethod, String path, Map<String, String> query,
      Map<String, String> headers, List<String> signedHeaders, String payloadHash) {
    StringJoiner q = new StringJoiner("&");
    for (Map.Entry<String, String> p : new TreeMap<>(query).entrySet()) {
      q.add(RpcEncoding.percentEncode(p.getKey()) + "=" + RpcEncoding.percentEncode(p.getValue()));
    }
    StringBuilder h = new StringBuilder();
    for (String name : signedHeaders) {
      String v = headers.get(name);
      h.append(name).append(':').append(v == null ? "" : v.trim()).append('\n');
    }
    return httpMethod + "\n" + path + "\n" + q + "\n" + h + "\n" + String.join(";", signedHeaders) + "\n"
        + payloadHash;
  }

  public static String stringToSign(String canonicalRequest) {
    return ALGORITHM + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
  }

  /** Lower-case hex HMAC-SHA256 keyed with the secret itself (no {@code &}, unlike V1). */
  public static String sign(String secret, String stringToSign) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  public static boolean matches(String secret, String stringToSign, String signature) {
    return MessageDigest.isEqual(sign(secret, stringToSign).getBytes(StandardCharsets.UTF_8),
        signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
  }

  public static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
