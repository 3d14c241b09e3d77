package io.coffer.server.testing;

import io.coffer.server.http.HttpDates;
import io.coffer.server.http.QueryString;
import io.coffer.server.oss.auth.SignatureV1;
import io.coffer.server.oss.auth.SignedRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Requests the SDK refuses to send (part number 0, parts out of order, a body with
 * {@code x-oss-complete-all}), signed with Signature V1 and the root key and sent with
 * java.net.http, path style. Keys go on the wire percent-encoded byte by byte.
 */
public final class SignedRawRequest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String endpoint;
  private final String method;
  private final String bucket;
  private final String key;
  private String query = "";
  private final Map<String, String> headers = new LinkedHashMap<>();
  private byte[] body = new byte[0];

  private SignedRawRequest(String endpoint, String method, String bucket, String key) {
    this.endpoint = endpoint;
    this.method = method;
    this.bucket = bucket;
    this.key = key;
  }

  /** A request against {@code coffer}; {@code key} may be null for bucket operations. */
  public static SignedRawRequest of(CofferExtension coffer, String method, String bucket, String key) {
    return new SignedRawRequest(coffer.endpoint(), method, bucket, key);
  }

  /** The raw query string, already encoded, without {@code ?}. */
  public SignedRawRequest query(String rawQuery) {
    this.query = rawQuery;
    return this;
  }

  public SignedRawRequest header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public SignedRawRequest body(byte[] bytes) {
    this.body = bytes;
    return this;
  }

  public SignedRawRequest body(String utf8) {
    return body(utf8.getBytes(StandardCharsets.UTF_8));
  }

  public HttpResponse<String> send() throws IOException, InterruptedException {
    String date = HttpDates.rfc1123(Instant.now());
    Map<String, List<String>> signed = new LinkedHashMap<>();
    headers.forEach((k, v) -> signed.put(k.toLowerCase(Locale.ROOT), List.of(v)));
    signed.put("date", List.of(date));
    SignedRequest sr = new SignedRequest(method, bucket, key, QueryString.parse(query), signed);
    String signature = SignatureV1.sign(CofferExtension.ACCESS_KEY_SECRET, SignatureV1.stringToSign(sr, date));
    String path = "/" + bucket + "/" + (key == null ? "" : encodePath(key));
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + path + (query.isEmpty() ? "" : "?" + query)))
        .method(method, body.length == 0 && !method.equals("PUT") && !method.equals("POST")
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Date", date)
        .header("Authorization", "OSS " + CofferExtension.ACCESS_KEY_ID + ":" + signature);
    headers.forEach(b::header);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String encodePath(String key) {
    StringBuilder sb = new StringBuilder();
    for (byte x : key.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.~/".indexOf(c) >= 0) {
        sb.append((char) c);
      } else {
        sb.append('%').append(String.format("%02X", c));
      }
    }
    return sb.toString();
  }

  /** The text of the first {@code <name>} element of an XML body, or null when there is none. */
  public static String xmlElement(String xml, String name) {
    int open = xml.indexOf("<" + name + ">");
    if (open < 0) {
      return xml.contains("<" + name + "/>") ? "" : null;
    }
    int from = open + name.length() + 2;
    int close = xml.indexOf("</" + name + ">", from);
    return close < 0 ? null : xml.substring(from, close);
  }
}
