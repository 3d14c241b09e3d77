package io.coffer.server.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * One RPC request as the protocol sees it: method, lower-cased headers, the query parameters, the
 * form-body parameters and their union, the raw body, and the Action and Version it names.
 *
 * <p>Parameters come from the query string and, for an {@code application/x-www-form-urlencoded}
 * body, from the body (old SDK and Tea put them in the query, other clients in the body). Both are
 * form-decoded and empty values kept. The first occurrence of a name wins, the query before the
 * body. Action and Version come from the parameters, else from the {@code x-acs-action} /
 * {@code x-acs-version} headers, which the Tea client sends instead ({@link #actionFromHeader()}
 * says which, because only V3 signs those headers).
 *
 * @param body the raw body, at most {@link #MAX_BODY_BYTES}; empty when none was sent
 */
public record RpcRequest(String method, Map<String, String> headers, Map<String, String> query,
    Map<String, String> form, Map<String, String> params, byte[] body, String action, String version,
    boolean actionFromHeader, boolean versionFromHeader) {

  /** RPC requests carry a few parameters, never data; 1 MiB is generous and keeps memory bounded. */
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  private static final String FORM = "application/x-www-form-urlencoded";

  public RpcRequest {
    headers = Collections.unmodifiableMap(headers);
    query = Collections.unmodifiableMap(query);
    form = Collections.unmodifiableMap(form);
    params = Collections.unmodifiableMap(params);
  }

  /**
   * Reads a Jetty request: refuses other methods than GET and POST, other paths than {@code /},
   * and bodies over {@link #MAX_BODY_BYTES}; then parses it with {@link #of}. Blocks while the body
   * arrives (handlers run on virtual threads).
   */
  public static RpcRequest read(Request request) throws IOException {
    String method = request.getMethod();
    if (!method.equals("GET") && !method.equals("POST")) throw new RpcException(RpcError.UNSUPPORTED_HTTP_METHOD);
    String path = request.getHttpURI().getPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) throw new RpcException(RpcError.INVALID_ACTION_NOT_FOUND);
    Map<String, String> headers = new LinkedHashMap<>();
    for (HttpField f : request.getHeaders()) headers.putIfAbsent(f.getLowerCaseName(), f.getValue());
    long length = request.getLength();
    if (length > MAX_BODY_BYTES) throw tooLarge();
    byte[] body;
    try (InputStream in = Content.Source.asInputStream(request)) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) throw tooLarge();
    return of(method, request.getHttpURI().getQuery(), headers, body);
  }

  private static RpcException tooLarge() {
    return new RpcException(RpcError.INVALID_PARAMETER,
        "The request body is larger than " + MAX_BODY_BYTES + " bytes; RPC parameters belong in a small form body.");
  }

  /**
   * Parses a request from its parts.
   *
   * @param rawQuery the query string as sent (still encoded), or null
   * @param headers header names in lower case
   */
  public static RpcRequest of(String method, String rawQuery, Map<String, String> headers, byte[] body) {
    Map<String, String> query = decode(rawQuery);
    Map<String, String> form = Map.of();
    if (isForm(headers.get("content-type")) && body.length > 0) {
      form = decode(new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }
    Map<String, String> params = new LinkedHashMap<>(query);
    form.forEach(params::putIfAbsent);
    String action = params.get("Action");
    boolean actionFromHeader = action == null && headers.get("x-acs-action") != null;
    if (actionFromHeader) action = headers.get("x-acs-action");
    String version = params.get("Version");
    boolean versionFromHeader = version == null && headers.get("x-acs-version") != null;
    if (versionFromHeader) version = headers.get("x-acs-version");
    return new RpcRequest(method, headers, query, form, params, body, action, version, actionFromHeader,
        versionFromHeader);
  }

  private static Map<String, String> decode(String text) {
    List<Map.Entry<String, String>> pairs;
    try {
      pairs = RpcEncoding.formDecode(text);
    } catch (IllegalArgumentException e) {
      throw new RpcException(RpcError.INVALID_PARAMETER, "The request parameters are not valid form encoding.");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> p : pairs) out.putIfAbsent(p.getKey(), p.getValue());
    return out;
  }

  private static boolean isForm(String contentType) {
    if (contentType == null) return false;
    int semi = contentType.indexOf(';');
    String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    return type.equals(FORM);
  }

  /** A header by lower-case name, or null. */
  public String header(String lowerCaseName) {
    return headers.get(lowerCaseName);
  }

  /** A parameter (query or form) by its case-sensitive name, or null. */
  public String param(String name) {
    return params.get(name);
  }

  @Override
  public String toString() {
    // Parameters may hold plaintext and secrets: never print them.
    return "RpcRequest[" + method + " Action=" + action + " Version=" + version + "]";
  }
}
