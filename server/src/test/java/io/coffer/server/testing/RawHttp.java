package io.coffer.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plain HTTP for requests the SDK cannot make: hand-signed, malformed, or HTML-form uploads. */
public final class RawHttp {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private RawHttp() {}

  public static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** The text of the first {@code <name>} element of an XML body, or null. */
  public static String element(String xml, String name) {
    Matcher m = Pattern.compile("<" + name + ">(.*?)</" + name + ">", Pattern.DOTALL).matcher(xml);
    return m.find() ? m.group(1) : null;
  }

  /** A {@code multipart/form-data} body as a browser sends it: fields in order, then the file. */
  public static final class Form {
    public final String boundary = "----CofferFormBoundary" + Long.toHexString(System.nanoTime());
    private final List<String[]> fields = new ArrayList<>();
    private String fileName = "upload.bin";
    private String fileContentType;
    private byte[] file = new byte[0];

    public Form field(String name, String value) {
      fields.add(new String[] {name, value});
      return this;
    }

    public Form file(String name, String contentType, byte[] content) {
      this.fileName = name;
      this.fileContentType = contentType;
      this.file = content;
      return this;
    }

    public String contentType() {
      return "multipart/form-data; boundary=" + boundary;
    }

    public byte[] body() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (String[] f : fields) {
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f[0] + "\"\r\n\r\n" + f[1]
            + "\r\n").getBytes(StandardCharsets.UTF_8));
      }
      out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
          + "\"\r\n" + (fileContentType == null ? "" : "Content-Type: " + fileContentType + "\r\n") + "\r\n")
          .getBytes(StandardCharsets.UTF_8));
      out.writeBytes(file);
      out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
      return out.toByteArray();
    }

    /** POSTs the form to {@code endpoint/bucket/}. */
    public HttpResponse<String> postTo(String endpoint, String bucket) throws IOException, InterruptedException {
      return send(HttpRequest.newBuilder(URI.create(endpoint + "/" + bucket + "/"))
          .header("Content-Type", contentType())
          .POST(HttpRequest.BodyPublishers.ofByteArray(body()))
          .build());
    }
  }
}
