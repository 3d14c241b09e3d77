package io.coffer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * The web console's object API over HTTP, sent the way the console's pages send it: a session from
 * {@code POST /api/session} (cookie {@code coffer_session}, CSRF token in {@code X-Coffer-Csrf} on
 * every change), uploads as one streamed PUT or, as the page does above 16 MiB, a multipart upload
 * with two parts in flight, downloads from {@code /object/download}. HTTP/1.1 as a browser speaks it
 * to a plain-HTTP origin; bodies carry a Content-Length as an XHR of a Blob does. Thread-safe.
 */
final class ConsoleClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CSRF_HEADER = "X-Coffer-Csrf";
  private static final String OCTETS = "application/octet-stream";
  private static final String JSON_TYPE = "application/json";

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private String cookie;
  private String csrf;

  ConsoleClient(int consolePort) {
    this.base = "http://127.0.0.1:" + consolePort;
  }

  /** Signs in with an access key pair, as the sign-in page does; keeps the cookie and CSRF token. */
  void signIn(String accessKeyId, String secret) throws IOException, InterruptedException {
    String body = JSON.createObjectNode().put("accessKeyId", accessKeyId).put("accessKeySecret", secret).toString();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/session"))
        .header("Content-Type", "application/json").POST(BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) throw new IllegalStateException("console sign-in: " + r.statusCode() + " " + r.body());
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    cookie = setCookie.substring(0, setCookie.indexOf(';'));
    csrf = JSON.readTree(r.body()).get("csrfToken").asText();
  }

  /** One streamed PUT of {@code length} bytes of {@code payload} repeated; returns the answer's object details. */
  JsonNode put(String bucket, String key, byte[] payload, long length) throws IOException, InterruptedException {
    JsonNode o = change("PUT", objectPath(bucket, "object", key), body(payload, 0, length), OCTETS);
    if (o.get("size").asLong() != length) throw new IllegalStateException(bucket + "/" + key + ": stored " + o);
    return o;
  }

  /**
   * A multipart upload as objects.js runs it: initiate, {@code partSize} parts with {@code inFlight}
   * at a time, complete with the part list; the object's details come back.
   */
  JsonNode putMultipart(String bucket, String key, byte[] payload, long length, long partSize, int inFlight)
      throws IOException, InterruptedException {
    String uploadId = change("POST", objectPath(bucket, "uploads", key), json("{}"), JSON_TYPE).get("uploadId")
        .asText();
    String partBase = "/api/buckets/" + bucket + "/uploads/" + uploadId;
    int count = (int) ((length + partSize - 1) / partSize);
    String[] etags = new String[count];
    Deque<CompletableFuture<HttpResponse<String>>> running = new ArrayDeque<>();
    Deque<Integer> numbers = new ArrayDeque<>();
    for (int i = 0; i < count || !running.isEmpty(); ) {
      if (i < count && running.size() < inFlight) {
        long off = i * partSize;
        long n = Math.min(partSize, length - off);
        String path = partBase + "?key=" + enc(key) + "&partNumber=" + (i + 1);
        running.add(http.sendAsync(request("PUT", path, body(payload, off, n), OCTETS),
            HttpResponse.BodyHandlers.ofString()));
        numbers.add(i++);
        continue;
      }
      HttpResponse<String> r = running.poll().join();
      etags[numbers.poll()] = json(r, "PUT", partBase).get("etag").asText();
    }
    ObjectNode complete = JSON.createObjectNode();
    ArrayNode parts = complete.putArray("parts");
    for (int i = 0; i < count; i++) parts.addObject().put("partNumber", i + 1).put("etag", etags[i]);
    JsonNode o = change("POST", partBase + "/complete?key=" + enc(key), json(complete.toString()), JSON_TYPE);
    if (o.get("size").asLong() != length) throw new IllegalStateException(bucket + "/" + key + ": stored " + o);
    return o;
  }

  /** Downloads a whole object into {@code sink} chunk by chunk; checks its bytes against {@code expect} unless null. */
  long download(String bucket, String key, byte[] sink, byte[] expect, long expectLength)
      throws IOException, InterruptedException {
    return read(HttpRequest.newBuilder(URI.create(base + objectPath(bucket, "object/download", key)))
        .header("Cookie", cookie).GET().build(), sink, expect, expectLength);
  }

  /**
   * A plain GET of any URL (a pre-signed OSS URL) with this client, read exactly as {@link #download}
   * reads: the same client work on another route.
   */
  long fetch(URI uri, byte[] sink, byte[] expect, long expectLength) throws IOException, InterruptedException {
    return read(HttpRequest.newBuilder(uri).GET().build(), sink, expect, expectLength);
  }

  private long read(HttpRequest req, byte[] sink, byte[] expect, long expectLength)
      throws IOException, InterruptedException {
    HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body()) {
      if (r.statusCode() != 200) {
        throw new IllegalStateException("GET " + req.uri().getPath() + ": " + r.statusCode() + " "
            + new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      long total = 0;
      int n;
      while ((n = in.read(sink)) > 0) {
        if (expect != null && !Phase.RepeatingStream.matches(expect, total, sink, n)) {
          throw new IllegalStateException("GET " + req.uri().getPath() + ": wrong bytes at " + total);
        }
        total += n;
      }
      if (total != expectLength) {
        throw new IllegalStateException("GET " + req.uri().getPath() + ": read " + total + " of " + expectLength);
      }
      return total;
    }
  }

  private static String objectPath(String bucket, String route, String key) {
    return "/api/buckets/" + bucket + "/" + route + "?key=" + enc(key);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** {@code length} bytes of {@code payload} repeated from {@code offset}, streamed, with a Content-Length. */
  private static BodyPublisher body(byte[] payload, long offset, long length) {
    return BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(
        () -> new Phase.RepeatingStream(payload, offset, offset + length)), length);
  }

  private static BodyPublisher json(String body) {
    return BodyPublishers.ofString(body);
  }

  private HttpRequest request(String method, String path, BodyPublisher body, String contentType) {
    return HttpRequest.newBuilder(URI.create(base + path)).method(method, body).header("Cookie", cookie)
        .header(CSRF_HEADER, csrf).header("Content-Type", contentType).build();
  }

  /** A change (CSRF token sent) whose answer is JSON. */
  private JsonNode change(String method, String path, BodyPublisher body, String contentType)
      throws IOException, InterruptedException {
    return json(http.send(request(method, path, body, contentType), HttpResponse.BodyHandlers.ofString()), method,
        path);
  }

  private static JsonNode json(HttpResponse<String> r, String method, String path) throws IOException {
    if (r.statusCode() != 200) {
      throw new IllegalStateException("console " + method + " " + path + ": " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }
}
