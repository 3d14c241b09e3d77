package io.coffer.server.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.core.iam.Principal;
import io.coffer.core.iam.RequestEnvironment;
import io.coffer.server.http.QueryString;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * One console API request and its answer, as the console's handlers see it: the signed-in caller,
 * path and query parameters, a JSON or streamed body, and the ways to answer. Not thread-safe.
 */
public final class ConsoleExchange {
  static final ObjectMapper JSON = new ObjectMapper();
  /** JSON bodies are forms: a policy document (≤ 6,144 characters) is the largest thing they carry. */
  static final int MAX_JSON_BYTES = 64 * 1024;
  private static final int STREAM_BUFFER_BYTES = 64 * 1024;

  private final String requestId;
  private final Request request;
  private final Response response;
  private final QueryString query;
  private Map<String, String> pathParams = Map.of();
  private Principal principal = Principal.anonymous();
  private String resource;
  private String sessionCookie;
  private ConsoleSessions.Session session;
  private boolean responded;
  private int status;

  ConsoleExchange(String requestId, Request request, Response response, QueryString query) {
    this.requestId = requestId;
    this.request = request;
    this.response = response;
    this.query = query;
  }

  public String requestId() {
    return requestId;
  }

  public String method() {
    return request.getMethod();
  }

  /** The signed-in caller, with this request's address and user agent for policy conditions. */
  public Principal principal() {
    return principal;
  }

  void principal(Principal p) {
    this.principal = p.withEnvironment(environment());
  }

  RequestEnvironment environment() {
    String agent = header("User-Agent");
    return new RequestEnvironment(remoteAddress(), request.isSecure(), agent == null ? "" : agent);
  }

  boolean secure() {
    return request.isSecure();
  }

  String remoteAddress() {
    java.net.SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
    return remote instanceof java.net.InetSocketAddress a && a.getAddress() != null ? a.getAddress().getHostAddress()
        : "";
  }

  void session(String cookie, ConsoleSessions.Session s) {
    this.sessionCookie = cookie;
    this.session = s;
  }

  /** The caller's session, or null on a route that needs none. */
  public ConsoleSessions.Session session() {
    return session;
  }

  String sessionCookie() {
    return sessionCookie;
  }

  /** A {@code {name}} segment of the route's path, decoded. */
  public String path(String name) {
    String v = pathParams.get(name);
    if (v == null) throw new IllegalArgumentException("route has no path parameter " + name);
    return v;
  }

  void pathParams(Map<String, String> params) {
    this.pathParams = params;
  }

  public QueryString query() {
    return query;
  }

  /** A query parameter, or null. */
  public String query(String name) {
    return query.get(name);
  }

  public String header(String name) {
    return request.getHeaders().get(name);
  }

  /** The ARN or name the request acted on, for the audit log. */
  public void resource(String arnOrName) {
    this.resource = arnOrName;
  }

  String resource() {
    return resource;
  }

  /** The declared body length, or -1 when it is chunked or absent. */
  public long contentLength() {
    return request.getLength();
  }

  /** The request body as a stream (uploads); owned by the exchange. */
  public InputStream body() {
    return Content.Source.asInputStream(request);
  }

  /**
   * The body as a JSON object ({@code {}} when empty); anything else is
   * {@link ConsoleError#MALFORMED_JSON}, more than {@link #MAX_JSON_BYTES} is
   * {@link ConsoleError#REQUEST_TOO_LARGE}.
   */
  public ObjectNode json() {
    return json(MAX_JSON_BYTES);
  }

  /** As {@link #json()} for the one body that may be larger: a part list of up to 10,000 parts. */
  public ObjectNode json(int maxBytes) {
    if (contentLength() > maxBytes) throw new ConsoleException(ConsoleError.REQUEST_TOO_LARGE);
    byte[] b;
    try (InputStream in = body()) {
      b = in.readNBytes(maxBytes + 1);
    } catch (IOException e) {
      throw new ConsoleException(ConsoleError.MALFORMED_JSON, "The request body could not be read.");
    }
    if (b.length > maxBytes) throw new ConsoleException(ConsoleError.REQUEST_TOO_LARGE);
    if (b.length == 0) return JSON.createObjectNode();
    try {
      JsonNode n = JSON.readTree(b);
      if (n instanceof ObjectNode o) return o;
    } catch (JsonProcessingException e) {
      // falls through: the message names no parser internals
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new ConsoleException(ConsoleError.MALFORMED_JSON);
  }

  /** A new JSON object to fill and {@link #send}. */
  public ObjectNode object() {
    return JSON.createObjectNode();
  }

  // ---- answering ----

  public boolean responded() {
    return responded;
  }

  /** The status answered, or 0 before an answer. */
  int status() {
    return status;
  }

  public void header(String name, String value) {
    response.getHeaders().put(name, value);
  }

  /** Answers {@code status} with {@code body} serialised as JSON. */
  public void send(int status, Object body) {
    byte[] b;
    try {
      b = JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unserialisable console answer", e);
    }
    response.setStatus(status);
    this.status = status;
    response.getHeaders().put("Content-Type", "application/json; charset=utf-8");
    response.getHeaders().put("Content-Length", Integer.toString(b.length));
    write(b);
  }

  public void sendOk(Object body) {
    send(200, body);
  }

  public void sendNoContent() {
    response.setStatus(204);
    this.status = 204;
    write(new byte[0]);
  }

  /** Streams {@code length} bytes of {@code body} as a download named {@code fileName}; closes {@code body}. */
  public void sendDownload(String contentType, long length, String fileName, InputStream body) throws IOException {
    response.setStatus(200);
    this.status = 200;
    response.getHeaders().put("Content-Type", contentType == null || contentType.isEmpty()
        ? "application/octet-stream" : contentType);
    response.getHeaders().put("Content-Length", Long.toString(length));
    response.getHeaders().put("Content-Disposition", "attachment; filename*=UTF-8''" + rfc5987(fileName));
    responded = true;
    try (InputStream in = body; OutputStream out = Content.Sink.asOutputStream(response)) {
      byte[] buf = new byte[STREAM_BUFFER_BYTES];
      int n;
      while ((n = in.read(buf)) >= 0) out.write(buf, 0, n);
    }
  }

  private void write(byte[] body) {
    responded = true;
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      if (body.length > 0) out.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String rfc5987(String name) {
    StringBuilder sb = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$&+-.^_`|~".indexOf(c) >= 0) {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.toString();
  }
}
