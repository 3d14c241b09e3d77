package io.coffer.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.error.CofferException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MultipartFormReaderTest {
  private static final String B = "----WebKitFormBoundary7MA4YWxkTrZu0gW";

  private static byte[] form(byte[] file, String... fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("preamble to ignore\r\n".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < fields.length; i += 2) {
      out.writeBytes(("--" + B + "\r\nContent-Disposition: form-data; name=\"" + fields[i] + "\"\r\n\r\n" + fields[i + 1]
          + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a \\\"q\\\" 张.bin\"\r\n"
        + "Content-Type: application/x-test\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(file);
    out.writeBytes(("\r\n--" + B + "--\r\nepilogue").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** Hands out at most {@code chunk} bytes per read, as a slow network would. */
  private static InputStream trickle(byte[] b, int chunk) {
    return new FilterInputStream(new ByteArrayInputStream(b)) {
      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        return super.read(buf, off, Math.min(len, chunk));
      }
    };
  }

  /** File contents sized around the window and the delimiter, full of near-delimiters. */
  private static byte[] tricky(int size, long seed) {
    byte[] near = ("\r\n--" + B.substring(0, B.length() - 1)).getBytes(StandardCharsets.ISO_8859_1);
    byte[] b = new byte[size];
    Random r = new Random(seed);
    r.nextBytes(b);
    for (int i = 0; i + near.length < size; i += 1 + r.nextInt(5000)) System.arraycopy(near, 0, b, i, near.length);
    return b;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 41, 42, 43, 65_535, 65_536, 65_537, 65_536 + 42, 300_001})
  void fileBody_ofAnySize_streamsBackExactly(int size) throws IOException {
    byte[] file = tricky(size, size);
    for (int chunk : new int[] {1, 7, 8192, 1 << 20}) {
      if (chunk == 1 && size > 70_000) continue;
      MultipartFormReader r = new MultipartFormReader(trickle(form(file, "key", "k/${filename}", "policy", "p"), chunk), B,
          1024);
      MultipartFormReader.PartHeaders key = r.next();
      assertThat(key.name()).isEqualTo("key");
      assertThat(new String(r.readBody(100, "key"), StandardCharsets.UTF_8)).isEqualTo("k/${filename}");
      assertThat(r.next().name()).isEqualTo("policy");
      MultipartFormReader.PartHeaders f = r.next();
      assertThat(f).isEqualTo(new MultipartFormReader.PartHeaders("file", "a \"q\" 张.bin", "application/x-test"));
      assertThat(r.body().readAllBytes()).as("size %d chunk %d", size, chunk).isEqualTo(file);
      assertThat(r.body().read()).isEqualTo(-1);
      assertThat(r.next()).isNull();
      assertThat(r.next()).isNull();
    }
  }

  @Test
  void next_skipsUnreadBodies() throws IOException {
    MultipartFormReader r = new MultipartFormReader(new ByteArrayInputStream(form(tricky(100_000, 3), "a", "1", "b", "2")),
        B, 1024);
    assertThat(r.next().name()).isEqualTo("a");
    assertThat(r.next().name()).isEqualTo("b");
    assertThat(r.next().name()).isEqualTo("file");
    assertThat(r.next()).isNull();
  }

  @Test
  void truncatedFile_failsInsteadOfEndingQuietly() throws IOException {
    byte[] whole = form(tricky(10_000, 4), "key", "k");
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - B.length() - 10);
    MultipartFormReader r = new MultipartFormReader(new ByteArrayInputStream(cut), B, 1024);
    r.next();
    r.next();
    assertThatThrownBy(() -> r.body().readAllBytes()).isInstanceOf(CofferException.InvalidArgument.class)
        .hasMessageContaining("closing boundary");
  }

  @Test
  void readBody_overLimit_isInvalidArgument() throws IOException {
    MultipartFormReader r = new MultipartFormReader(new ByteArrayInputStream(form(new byte[0], "policy", "x".repeat(101))),
        B, 1024);
    r.next();
    assertThatThrownBy(() -> r.readBody(100, "policy")).isInstanceOf(CofferException.InvalidArgument.class);
  }

  @Test
  void malformedFraming_isInvalidArgument() {
    String[] bodies = {
        "no boundary at all",
        "--" + B + "\r\nContent-Disposition: form-data\r\n\r\nv\r\n--" + B + "--",
        "--" + B + "\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--" + B + "--",
        "--" + B + "\r\nContent-Disposition: form-data; name=\"a\"\r\n" + "X-Long: " + "y".repeat(2000) + "\r\n\r\nv",
        "--" + B + "junk",
    };
    for (String body : bodies) {
      assertThatThrownBy(() -> {
        MultipartFormReader r = new MultipartFormReader(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
            B, 1024);
        while (r.next() != null) r.body().readAllBytes();
      }).as(body).isInstanceOf(CofferException.InvalidArgument.class);
    }
  }

  @Test
  void boundary_isReadFromContentType() {
    assertThat(MultipartFormReader.boundary("multipart/form-data; boundary=abc")).isEqualTo("abc");
    assertThat(MultipartFormReader.boundary("Multipart/Form-Data;charset=utf-8; BOUNDARY=\"a b\"")).isEqualTo("a b");
    assertThat(MultipartFormReader.boundary("application/x-www-form-urlencoded")).isNull();
    assertThat(MultipartFormReader.boundary("multipart/form-data")).isNull();
    assertThat(MultipartFormReader.boundary(null)).isNull();
  }
}
