package io.coffer.server.oss;

import io.coffer.core.error.CofferException;
import io.coffer.core.iam.Principal;
import io.coffer.core.iam.RequestEnvironment;
import io.coffer.server.http.QueryString;
import io.coffer.server.oss.auth.SignedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * One OSS request and its response, as the dialect handlers see it: the decoded bucket, key and
 * query, the headers, the authenticated caller, and the ways to answer. Not thread-safe.
 *
 * <p>Header values arrive and leave as raw bytes; clients put UTF-8 in metadata values, so they
 * are re-decoded as UTF-8 here and re-encoded byte for byte on the way out.
 */
public final class OssExchange {
  /** One segment of object data per write: fewer, larger writes cut per-call overhead on GET. */
  private static final int STREAM_BUFFER_BYTES = 64 * 1024;
  private final String requestId;
  private final Request request;
  private final Response response;
  private final String host;
  private final String bucket;
  private final String key;
  private final boolean pathStyle;
  private final QueryString query;
  private final Map<String, List<String>> headers;
  private Principal principal = Principal.anonymous();
  private String operation;
  private boolean responded;

  OssExchange(String requestId, Request request, Response response, String host, String bucket, String key,
      boolean pathStyle, QueryString query) {
    this.requestId = requestId;
    this.request = request;
    this.response = response;
    this.host = host;
    this.bucket = bucket;
    this.key = key;
    this.pathStyle = pathStyle;
    this.query = query;
    Map<String, List<String>> h = new LinkedHashMap<>();
    for (HttpField f : request.getHeaders()) {
      h.computeIfAbsent(f.getLowerCaseName(), k -> new ArrayList<>()).add(utf8(f.getValue()));
    }
    this.headers = h;
  }

  /** Jetty hands header bytes over as ISO-8859-1 characters; OSS clients send UTF-8. */
  static String utf8(String latin1) {
    if (latin1 == null) return null;
    for (int i = 0; i < latin1.length(); i++) {
      if (latin1.charAt(i) > 0x7f) {
        if (latin1.charAt(i) > 0xff) return latin1;
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
      }
    }
    return latin1;
  }

  static String latin1(String utf8) {
    for (int i = 0; i < utf8.length(); i++) {
      if (utf8.charAt(i) > 0x7f) return new String(utf8.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
    return utf8;
  }

  public String requestId() {
    return requestId;
  }

  public String method() {
    return request.getMethod();
  }

  /** The Host header as sent (with port). */
  public String host() {
    return host;
  }

  public String scheme() {
    return request.getHttpURI().getScheme() == null ? "http" : request.getHttpURI().getScheme();
  }

  /** The decoded bucket name, or null for service requests. */
  public String bucket() {
    return bucket;
  }

  /** The decoded object key, or null for bucket and service requests. */
  public String key() {
    return key;
  }

  public boolean pathStyle() {
    return pathStyle;
  }

  public QueryString query() {
    return query;
  }

  public Principal principal() {
    return principal;
  }

  /** Records who authenticated, with how the request arrived (for policy conditions). */
  void principal(Principal p) {
    this.principal = p.withEnvironment(environment());
  }

  /** The source address, transport and user agent of this request. */
  public RequestEnvironment environment() {
    java.net.SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
    String ip = remote instanceof java.net.InetSocketAddress a && a.getAddress() != null
        ? a.getAddress().getHostAddress() : "";
    String agent = header("User-Agent");
    return new RequestEnvironment(ip, request.isSecure(), agent == null ? "" : agent);
  }

  /** The operation the request resolved to, as the OSS API names it, or null before routing. */
  public String operation() {
    return operation;
  }

  void operation(String name) {
    this.operation = name;
  }

  /** The first value of a request header, or null. */
  public String header(String name) {
    List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** Lower-cased header names with their values in arrival order. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  public String remoteAddress() {
    return Request.getRemoteAddr(request);
  }

  SignedRequest signedRequest() {
    return new SignedRequest(method(), bucket, key, query, headers);
  }

  /** The declared body length, or -1 when the body is chunked or absent. */
  public long contentLength() {
    return request.getLength();
  }

  /** The request body; owned by the exchange (closing it is allowed but not required). */
  public InputStream body() {
    return Content.Source.asInputStream(request);
  }

  /** Reads a small body whole, refusing more than {@code maxBytes}. */
  public byte[] bodyBytes(int maxBytes) {
    long declared = contentLength();
    if (declared > maxBytes) throw new CofferException.InvalidArgument("The request body is too large.");
    try (InputStream in = body()) {
      byte[] b = in.readNBytes(maxBytes + 1);
      if (b.length > maxBytes) throw new CofferException.InvalidArgument("The request body is too large.");
      return b;
    } catch (IOException e) {
      throw new CofferException.InvalidRequest("The request body could not be read.");
    }
  }

  // ---- answering ----

  public void header(String name, String value) {
    if (value != null) response.getHeaders().put(name, latin1(value));
  }

  public boolean responded() {
    return responded;
  }

  public void sendEmpty(int status) {
    response.setStatus(status);
    response.getHeaders().put("Content-Length", "0");
    write(new byte[0]);
  }

  public void sendXml(int status, byte[] xml) {
    response.setStatus(status);
    response.getHeaders().put("Content-Type", "application/xml");
    response.getHeaders().put("Content-Length", Long.toString(xml.length));
    write(xml);
  }

  private void write(byte[] body) {
    responded = true;
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      if (body.length > 0 && !"HEAD".equals(method())) out.write(body);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Streams {@code length} bytes of {@code body} with the given status; closes {@code body}. For
   * HEAD the length is announced and nothing is sent.
   */
  public void sendStream(int status, long length, InputStream body) throws IOException {
    response.setStatus(status);
    response.getHeaders().put("Content-Length", Long.toString(length));
    responded = true;
    try (InputStream in = body; OutputStream out = Content.Sink.asOutputStream(response)) {
      if (in != null && !"HEAD".equals(method())) {
        byte[] buf = new byte[STREAM_BUFFER_BYTES];
        int n;
        while ((n = in.read(buf)) >= 0) out.write(buf, 0, n);
      }
    }
  }

  Response response() {
    return response;
  }

  Request request() {
    return request;
  }
}
