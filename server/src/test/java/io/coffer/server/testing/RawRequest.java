package io.coffer.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.coffer.server.http.HttpDates;
import io.coffer.server.http.QueryString;
import io.coffer.server.oss.auth.SignatureV1;
import io.coffer.server.oss.auth.SignatureV4;
import io.coffer.server.oss.auth.SignedRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Hand-made HTTP/1.1 requests over a plain socket, for what the SDK will not send: a chosen Host
 * header (virtual-host addressing), invalid names, malformed bodies, odd methods and
 * sub-resources. Requests can be signed with Signature V1 using the server's own string-to-sign
 * code, given the bucket and key the server is expected to decode.
 */
public final class RawRequest {
  private final int port;
  private final String method;
  private final String target;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private byte[] body = new byte[0];

  private RawRequest(int port, String method, String target) {
    this.port = port;
    this.method = method;
    this.target = target;
    headers.put("Host", "127.0.0.1:" + port);
  }

  /** @param target the request target exactly as it goes on the wire: raw path plus optional query */
  public static RawRequest request(int port, String method, String target) {
    return new RawRequest(port, method, target);
  }

  public RawRequest host(String host) {
    headers.put("Host", host);
    return this;
  }

  public RawRequest header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public RawRequest body(byte[] b) {
    this.body = b;
    return this;
  }

  public RawRequest body(String utf8) {
    return body(utf8.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Adds Date and a V1 Authorization header for the root key.
   *
   * @param bucket the decoded bucket the server should see, or null for a service request
   * @param key the decoded key, or null for a bucket or service request
   */
  public RawRequest signV1(String bucket, String key) {
    headers.put("Date", HttpDates.rfc1123(Instant.now()));
    int q = target.indexOf('?');
    QueryString query = QueryString.parse(q < 0 ? null : target.substring(q + 1));
    Map<String, List<String>> lower = new LinkedHashMap<>();
    headers.forEach((n, v) -> lower.put(n.toLowerCase(Locale.ROOT), List.of(v)));
    String sts = SignatureV1.stringToSign(new SignedRequest(method, bucket, key, query, lower), headers.get("Date"));
    headers.put("Authorization", "OSS " + CofferExtension.ACCESS_KEY_ID + ":"
        + SignatureV1.sign(CofferExtension.ACCESS_KEY_SECRET, sts));
    return this;
  }

  /** Adds x-oss-date, x-oss-content-sha256 and a V4 Authorization header for the root key, as Java sends them. */
  public RawRequest signV4(String bucket, String key) {
    String timestamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
        .withZone(java.time.ZoneOffset.UTC).format(Instant.now());
    headers.put("x-oss-date", timestamp);
    headers.put("x-oss-content-sha256", SignatureV4.UNSIGNED_PAYLOAD);
    int q = target.indexOf('?');
    QueryString query = QueryString.parse(q < 0 ? null : target.substring(q + 1));
    Map<String, List<String>> lower = new LinkedHashMap<>();
    headers.forEach((n, v) -> lower.put(n.toLowerCase(Locale.ROOT), List.of(v)));
    String day = timestamp.substring(0, 8);
    String scope = day + "/" + CofferExtension.REGION + "/oss/aliyun_v4_request";
    String canonical = SignatureV4.canonicalRequest(new SignedRequest(method, bucket, key, query, lower), Set.of(), null);
    String signature = SignatureV4.sign(
        SignatureV4.signingKey(CofferExtension.ACCESS_KEY_SECRET, day, CofferExtension.REGION, "oss"),
        SignatureV4.stringToSign(timestamp, scope, canonical));
    headers.put("Authorization", SignatureV4.ALGORITHM + " Credential=" + CofferExtension.ACCESS_KEY_ID + "/" + scope
        + ",Signature=" + signature);
    return this;
  }

  public Response send() throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(30_000);
      ByteArrayOutputStream req = new ByteArrayOutputStream();
      StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      headers.forEach((n, v) -> head.append(n).append(": ").append(v).append("\r\n"));
      if (body.length > 0 || method.equals("PUT") || method.equals("POST")) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("Connection: close\r\n\r\n");
      req.write(head.toString().getBytes(StandardCharsets.UTF_8));
      req.write(body);
      OutputStream out = s.getOutputStream();
      out.write(req.toByteArray());
      out.flush();
      return Response.parse(s.getInputStream().readAllBytes(), method.equals("HEAD"));
    }
  }

  /** A parsed response; header names lower-cased. */
  public record Response(int status, Map<String, List<String>> headers, byte[] body) {
    public String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null ? null : v.get(0);
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public Document xml() {
      try {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(body));
      } catch (Exception e) {
        throw new AssertionError("response is not XML: " + text(), e);
      }
    }

    /** The text of the first element of that name anywhere in the document, or null. */
    public String xmlText(String element) {
      var nodes = xml().getElementsByTagName(element);
      return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    /** The texts of every element of that name, in document order. */
    public List<String> xmlTexts(String element) {
      var nodes = xml().getElementsByTagName(element);
      List<String> out = new ArrayList<>();
      for (int i = 0; i < nodes.getLength(); i++) out.add(nodes.item(i).getTextContent());
      return out;
    }

    /**
     * Asserts an OSS error document: the status, root {@code Error} with Code, Message, a 24
     * upper-hex RequestId equal to the {@code x-oss-request-id} header, and HostId.
     */
    public Response assertError(int expectedStatus, String expectedCode) {
      assertThat(status).as("status of %s", text()).isEqualTo(expectedStatus);
      String requestId = header("x-oss-request-id");
      assertThat(requestId).matches("[0-9A-F]{24}");
      assertThat(header("content-type")).startsWith("application/xml");
      Element root = xml().getDocumentElement();
      assertThat(root.getTagName()).isEqualTo("Error");
      Map<String, String> fields = new LinkedHashMap<>();
      for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e) fields.put(e.getTagName(), e.getTextContent());
      }
      assertThat(fields).containsKeys("Code", "Message", "RequestId", "HostId");
      assertThat(fields.get("Code")).isEqualTo(expectedCode);
      assertThat(fields.get("Message")).isNotBlank();
      assertThat(fields.get("RequestId")).isEqualTo(requestId);
      return this;
    }

    static Response parse(byte[] raw, boolean head) throws IOException {
      int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      if (end < 0) throw new IOException("no header end in response of " + raw.length + " bytes");
      String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, List<String>> h = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int c = lines[i].indexOf(':');
        h.computeIfAbsent(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(lines[i].substring(c + 1).trim());
      }
      byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
      List<String> te = h.get("transfer-encoding");
      if (!head && te != null && te.get(0).equalsIgnoreCase("chunked")) rest = dechunk(rest);
      return new Response(status, h, rest);
    }

    private static byte[] dechunk(byte[] b) throws IOException {
      InputStream in = new ByteArrayInputStream(b);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (true) {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
          if (c < 0) throw new IOException("truncated chunk header");
          if (c != '\r') line.append((char) c);
        }
        int size = Integer.parseInt(line.toString().split(";")[0].trim(), 16);
        if (size == 0) return out.toByteArray();
        out.write(in.readNBytes(size));
        in.read();
        in.read();
      }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
      outer:
      for (int i = 0; i + needle.length <= hay.length; i++) {
        for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
        return i;
      }
      return -1;
    }
  }
}
