package io.coffer.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.server.testing.CofferExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * The console's JSON API over plain HTTP, as a browser would send it: the session cookie it was
 * given and, on changes, the CSRF token. For the API-level tests of sessions, CSRF and bad input.
 */
public final class ConsoleHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private String cookie;
  private String csrf;

  public ConsoleHttp(CofferExtension coffer) {
    this.base = "http://127.0.0.1:" + coffer.server().consolePort();
  }

  /** An answer: status, headers and the body as text and (when it is JSON) as a tree. */
  public record Answer(int status, Map<String, java.util.List<String>> headers, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    public String header(String name) {
      for (var e : headers.entrySet()) if (e.getKey().equalsIgnoreCase(name)) return e.getValue().get(0);
      return null;
    }
  }

  public String base() {
    return base;
  }

  /** Signs in; the session cookie and CSRF token are kept for later requests. */
  public Answer signIn(String id, String secret) throws Exception {
    Answer a = send("POST", "/api/session", JSON.createObjectNode().put("accessKeyId", id)
        .put("accessKeySecret", secret).toString(), Map.of());
    if (a.status() == 200) {
      String setCookie = a.header("Set-Cookie");
      cookie = setCookie.substring(0, setCookie.indexOf(';'));
      csrf = a.json().get("csrfToken").asText();
    }
    return a;
  }

  public Answer get(String path) throws Exception {
    return send("GET", path, null, Map.of());
  }

  /** A change with the session's CSRF token. */
  public Answer send(String method, String path, String json) throws Exception {
    return send(method, path, json, csrf == null ? Map.of() : Map.of(ConsoleApi.CSRF_HEADER, csrf));
  }

  public Answer send(String method, String path, String json, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) b.header("Content-Type", "application/json");
    Map<String, String> h = new HashMap<>(headers);
    if (cookie != null) h.putIfAbsent("Cookie", cookie);
    h.forEach(b::header);
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.headers().map(), r.body());
  }

  public String csrf() {
    return csrf;
  }

  public String cookie() {
    return cookie;
  }
}
