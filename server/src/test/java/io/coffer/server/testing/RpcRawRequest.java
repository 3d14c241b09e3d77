package io.coffer.server.testing;

import io.coffer.server.rpc.RpcEncoding;
import io.coffer.server.rpc.RpcRequest;
import io.coffer.server.rpc.RpcSignatureV1;
import io.coffer.server.rpc.RpcSignatureV3;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * A hand-signed RPC request for what the SDK cannot send (replayed nonces, old timestamps, other
 * methods, form bodies, broken hashes). Signs with the main classes, whose vectors are checked in
 * the unit tests. Defaults: POST, V1, root key, now, a fresh nonce, parameters in the query.
 */
public final class RpcRawRequest {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private String method = "POST";
  private final String action;
  private String version = "2016-01-20";
  private final Map<String, String> params = new LinkedHashMap<>();
  private String accessKeyId = CofferExtension.ACCESS_KEY_ID;
  private String secret = CofferExtension.ACCESS_KEY_SECRET;
  private Instant time = Instant.now();
  private String nonce = UUID.randomUUID().toString().replace("-", "");
  private boolean v3;
  private boolean inForm;
  private boolean signed = true;
  private boolean signEmpty = true;
  private String contentSha256;

  private RpcRawRequest(String action) {
    this.action = action;
  }

  public static RpcRawRequest v1(String action) {
    return new RpcRawRequest(action);
  }

  public static RpcRawRequest v3(String action) {
    RpcRawRequest r = new RpcRawRequest(action);
    r.v3 = true;
    return r;
  }

  public RpcRawRequest method(String m) { this.method = m; return this; }
  public RpcRawRequest version(String v) { this.version = v; return this; }
  public RpcRawRequest param(String name, String value) { params.put(name, value); return this; }
  public RpcRawRequest key(String id, String sk) { this.accessKeyId = id; this.secret = sk; return this; }
  public RpcRawRequest at(Instant t) { this.time = t; return this; }
  public RpcRawRequest nonce(String n) { this.nonce = n; return this; }
  /** Sends the business parameters (V1: all parameters) as a form body instead of the query. */
  public RpcRawRequest inForm() { this.inForm = true; return this; }
  /** V1: signs without the empty-valued parameters, as the Tea runtime does (the old SDK signs them). */
  public RpcRawRequest teaV1() { this.signEmpty = false; return this; }
  /** Leaves the signature out (V1: no Signature parameter; V3: no Authorization header). */
  public RpcRawRequest unsigned() { this.signed = false; return this; }
  /** V3: sends this x-acs-content-sha256 instead of the body's hash (and signs it). */
  public RpcRawRequest contentSha256(String hex) { this.contentSha256 = hex; return this; }

  public HttpResponse<String> send(CofferExtension coffer) throws Exception {
    return RawHttp.send(build(coffer.rpcUri()));
  }

  /** What goes on the wire: the query string, the body and the headers (lower-case names). */
  public record Prepared(String method, String query, byte[] body, Map<String, String> headers) {
    /** The same request as the server parses it, for unit tests of the authenticator. */
    public RpcRequest parsed() {
      return RpcRequest.of(method, query, headers, body);
    }
  }

  public HttpRequest build(URI endpoint) {
    Prepared p = prepare(endpoint.getHost() + ":" + endpoint.getPort());
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + "/" + (p.query.isEmpty() ? "" : "?" + p.query)));
    // java.net.http sets Host itself, to the value signed.
    p.headers.forEach((k, v) -> {
      if (!k.equals("host")) b.header(k, v);
    });
    boolean noBody = p.body.length == 0 && !method.equals("POST") && !method.equals("PUT");
    return b.method(method, noBody ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(p.body))
        .build();
  }

  public Prepared prepare(String host) {
    return v3 ? prepareV3(host) : prepareV1(host);
  }

  private Prepared prepareV1(String host) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Action", action);
    all.put("Version", version);
    all.put("Format", "JSON");
    all.put("AccessKeyId", accessKeyId);
    all.put("SignatureMethod", "HMAC-SHA1");
    all.put("SignatureVersion", "1.0");
    all.put("SignatureNonce", nonce);
    all.put("Timestamp", TIME.format(time));
    all.putAll(params);
    if (signed) all.put("Signature", RpcSignatureV1.sign(secret, RpcSignatureV1.stringToSign(method, all, signEmpty)));
    Map<String, String> h = new LinkedHashMap<>();
    h.put("host", host);
    String encoded = encode(all);
    if (!inForm) return new Prepared(method, encoded, new byte[0], h);
    h.put("content-type", "application/x-www-form-urlencoded");
    return new Prepared(method, "", encoded.getBytes(StandardCharsets.UTF_8), h);
  }

  private Prepared prepareV3(String host) {
    Map<String, String> query = inForm ? Map.of() : params;
    byte[] body = inForm ? encode(params).getBytes(StandardCharsets.UTF_8) : new byte[0];
    Map<String, String> h = new LinkedHashMap<>();
    h.put("host", host);
    h.put("x-acs-action", action);
    h.put("x-acs-content-sha256", contentSha256 != null ? contentSha256 : RpcSignatureV3.sha256Hex(body));
    h.put("x-acs-date", TIME.format(time));
    h.put("x-acs-signature-nonce", nonce);
    h.put("x-acs-version", version);
    if (signed) {
      List<String> names = List.copyOf(h.keySet());
      String canonical = RpcSignatureV3.canonicalRequest(method, "/", query, h, names, h.get("x-acs-content-sha256"));
      String signature = RpcSignatureV3.sign(secret, RpcSignatureV3.stringToSign(canonical));
      h.put("authorization", "ACS3-HMAC-SHA256 Credential=" + accessKeyId + ",SignedHeaders=" + String.join(";", names)
          + ",Signature=" + signature);
    }
    if (inForm) h.put("content-type", "application/x-www-form-urlencoded");
    return new Prepared(method, encode(query), body, h);
  }

  private static String encode(Map<String, String> params) {
    StringJoiner j = new StringJoiner("&");
    params.forEach((k, v) -> j.add(RpcEncoding.percentEncode(k) + "=" + RpcEncoding.percentEncode(v)));
    return j.toString();
  }
}
