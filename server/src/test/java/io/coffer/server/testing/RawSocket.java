package io.coffer.server.testing;

import io.coffer.server.http.HttpDates;
import io.coffer.server.http.QueryString;
import io.coffer.server.http.RawPath;
import io.coffer.server.oss.auth.SignatureV1;
import io.coffer.server.oss.auth.SignedRequest;
import io.coffer.server.oss.auth.SignatureV4;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Requests the SDK cannot send (malformed bodies, wrong digests, missing parameters, giant header
 * blocks), written byte for byte to a socket and signed with Signature V1 by the test itself. Each
 * request uses its own connection ({@code Connection: close}), so the raw response, header names
 * in their wire case included, is exactly what the server wrote.
 */
public final class RawSocket {
  private final String host;
  private final int port;
  private final String accessKeyId;
  private final String secret;

  public RawSocket(String host, int port, String accessKeyId, String secret) {
    this.host = host;
    this.port = port;
    this.accessKeyId = accessKeyId;
    this.secret = secret;
  }

  /** A client for the extension's server with its root key. */
  public static RawSocket of(CofferExtension coffer) {
    return new RawSocket("127.0.0.1", coffer.server().ossPort(), CofferExtension.ACCESS_KEY_ID,
        CofferExtension.ACCESS_KEY_SECRET);
  }

  /** Path-style URL path for a bucket and (unencoded) key: every byte outside A-Za-z0-9-_.~/ escaped. */
  public static String path(String bucket, String key) {
    return "/" + bucket + "/" + (key == null ? "" : SignatureV4.uriEncode(key, false));
  }

  public Request request(String method, String bucket, String key) {
    return new Request(method, bucket, key);
  }

  /** One request being built. Header names keep the case given. */
  public final class Request {
    private final String method;
    private final String bucket;
    private final String key;
    private String rawPath;
    private String rawQuery = "";
    private final List<String[]> headers = new ArrayList<>();
    private byte[] body = new byte[0];
    private boolean sign = true;
    private boolean contentLength = true;
    private boolean halfClose;

    Request(String method, String bucket, String key) {
      this.method = method;
      this.bucket = bucket;
      this.key = key;
      this.rawPath = path(bucket, key);
    }

    /** The raw (already encoded) query, without the leading {@code ?}. */
    public Request query(String raw) {
      this.rawQuery = raw;
      return this;
    }

    /** Replaces the encoded path (for keys the helper would not produce). */
    public Request rawPath(String raw) {
      this.rawPath = raw;
      return this;
    }

    public Request header(String name, String value) {
      headers.add(new String[] {name, value});
      return this;
    }

    public Request body(byte[] b) {
      this.body = b;
      return this;
    }

    public Request body(String utf8) {
      return body(utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds the correct Content-MD5 of the body set so far. */
    public Request contentMd5() {
      return header("Content-MD5", md5Base64(body));
    }

    public Request unsigned() {
      this.sign = false;
      return this;
    }

    /** Omits Content-Length (for methods without a body). */
    public Request noContentLength() {
      this.contentLength = false;
      return this;
    }

    /** Shuts the sending side after the request, as a client that gives up mid-body would. */
    public Request halfClose() {
      this.halfClose = true;
      return this;
    }

    /** @throws IOException also when the server closes the connection without answering */
    public Response send() throws IOException {
      List<String[]> all = new ArrayList<>(headers);
      all.add(new String[] {"Host", host + ":" + port});
      all.add(new String[] {"Date", HttpDates.rfc1123(Instant.now())});
      if (contentLength) all.add(new String[] {"Content-Length", Integer.toString(body.length)});
      all.add(new String[] {"Connection", "close"});
      if (sign) {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        for (String[] h : all) {
          lower.computeIfAbsent(h[0].toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h[1]);
        }
        String decodedKey = key == null ? null : RawPath.decode(rawPath.substring(bucket.length() + 2));
        SignedRequest sr = new SignedRequest(method, bucket, decodedKey == null || decodedKey.isEmpty() ? null
            : decodedKey, QueryString.parse(rawQuery), lower);
        String sts = SignatureV1.stringToSign(sr, lower.get("date").get(0));
        all.add(new String[] {"Authorization", "OSS " + accessKeyId + ":" + SignatureV1.sign(secret, sts)});
      }
      ByteArrayOutputStream req = new ByteArrayOutputStream();
      String target = rawQuery.isEmpty() ? rawPath : rawPath + "?" + rawQuery;
      req.writeBytes((method + " " + target + " HTTP/1.1\r\n").getBytes(StandardCharsets.UTF_8));
      for (String[] h : all) req.writeBytes((h[0] + ": " + h[1] + "\r\n").getBytes(StandardCharsets.UTF_8));
      req.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      req.writeBytes(body);
      try (Socket s = new Socket(host, port)) {
        s.setSoTimeout(30_000);
        OutputStream out = s.getOutputStream();
        out.write(req.toByteArray());
        out.flush();
        if (halfClose) s.shutdownOutput();
        return Response.read(s.getInputStream(), method.equals("HEAD"));
      }
    }
  }

  /** A raw response: status, headers in wire order with wire-case names, body. */
  public record Response(int status, List<Map.Entry<String, String>> headers, byte[] body) {

    /** The first value of a header, matched case-insensitively, or null. */
    public String header(String name) {
      for (Map.Entry<String, String> h : headers) if (h.getKey().equalsIgnoreCase(name)) return h.getValue();
      return null;
    }

    public List<String> headerNames() {
      List<String> out = new ArrayList<>();
      for (Map.Entry<String, String> h : headers) out.add(h.getKey());
      return out;
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The text of the first {@code <name>} element of the body, or null. */
    public String xmlElement(String name) {
      String t = bodyText();
      int a = t.indexOf("<" + name + ">");
      if (a < 0) return null;
      int b = t.indexOf("</" + name + ">", a);
      return b < 0 ? null : t.substring(a + name.length() + 2, b);
    }

    static Response read(InputStream in, boolean head) throws IOException {
      String statusLine = line(in);
      if (statusLine == null) throw new IOException("connection closed before a response");
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      List<Map.Entry<String, String>> headers = new ArrayList<>();
      String l;
      while ((l = line(in)) != null && !l.isEmpty()) {
        int colon = l.indexOf(':');
        headers.add(Map.entry(l.substring(0, colon), l.substring(colon + 1).trim()));
      }
      Response partial = new Response(status, headers, new byte[0]);
      if (head || status == 304 || status == 204) return partial;
      byte[] body;
      String te = partial.header("Transfer-Encoding");
      String cl = partial.header("Content-Length");
      if (te != null && te.equalsIgnoreCase("chunked")) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
          int n = Integer.parseInt(line(in).split(";")[0].trim(), 16);
          if (n == 0) break;
          b.writeBytes(in.readNBytes(n));
          line(in);
        }
        body = b.toByteArray();
      } else if (cl != null) {
        body = in.readNBytes(Integer.parseInt(cl));
      } else {
        body = in.readAllBytes();
      }
      return new Response(status, headers, body);
    }

    /** One CRLF-terminated line as ISO-8859-1 (header bytes are opaque), or null at end of stream. */
    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) >= 0) {
        if (c == '\n') break;
        if (c != '\r') b.write(c);
      }
      if (c < 0 && b.size() == 0) return null;
      return b.toString(StandardCharsets.ISO_8859_1);
    }
  }

  public static String md5Base64(byte[] b) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
