package io.coffer.server.http;

import io.coffer.core.error.CofferException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads a {@code multipart/form-data} body (RFC 7578) part by part, straight from the request
 * stream. Nothing is buffered beyond one fixed window, and nothing touches disk: a part's body is
 * an {@link InputStream} that ends where the part ends, so a PostObject file can flow into the
 * object store as it arrives. Jetty's own {@code MultiPartFormData} keeps large parts in temporary
 * files, which an encrypting store must never allow for plaintext.
 *
 * <p>Usage: {@link #next()} to reach each part's headers, then {@link #body()} or
 * {@link #readBody(int, String)}; the next call to {@link #next()} skips whatever of the current body was
 * left unread. Not thread-safe. The reader does not own the underlying stream and never closes it.
 *
 * <p>A body that breaks the framing (no boundary, a part without a name, headers that never end,
 * a part cut off before its closing delimiter) fails with {@link CofferException.InvalidArgument},
 * also from the body stream's {@code read}, so a truncated upload can never look complete.
 */
public final class MultipartFormReader {
  /** The window over the request; the parser looks at most this far ahead. */
  private static final int WINDOW_BYTES = 64 * 1024;

  /** The name, file name and content type of one part; {@code filename} and {@code contentType} may be null. */
  public record PartHeaders(String name, String filename, String contentType) {}

  private final InputStream in;
  /** CRLF "--" boundary: what ends every part. The body is read as if it began with CRLF. */
  private final byte[] delimiter;
  private final int maxHeaderBytes;
  private final byte[] buf;
  private int pos;
  private int lim;
  /** No delimiter starts in {@code [pos, scanFrom)}; saves rescanning the window on small reads. */
  private int scanFrom;
  private boolean eof;
  private boolean partOpen;
  private boolean finished;
  private final InputStream bodyStream = new PartBody();

  /**
   * @param boundary the boundary parameter of the Content-Type header
   * @param maxHeaderBytes the largest header block one part may have
   */
  public MultipartFormReader(InputStream in, String boundary, int maxHeaderBytes) {
    if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
      throw new CofferException.InvalidArgument("The multipart boundary is missing or invalid.", "Content-Type",
          boundary);
    }
    this.in = in;
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    this.maxHeaderBytes = maxHeaderBytes;
    this.buf = new byte[WINDOW_BYTES + delimiter.length];
    // The first boundary has no CRLF before it; pretend it has, so every delimiter looks alike.
    buf[0] = '\r';
    buf[1] = '\n';
    lim = 2;
    // The preamble is read like a body and discarded.
    partOpen = true;
  }

  /** The boundary parameter of a {@code multipart/form-data} Content-Type, or null when it is not one. */
  public static String boundary(String contentType) {
    if (contentType == null) return null;
    String[] params = contentType.split(";");
    if (!params[0].trim().equalsIgnoreCase("multipart/form-data")) return null;
    for (int i = 1; i < params.length; i++) {
      String p = params[i].trim();
      int eq = p.indexOf('=');
      if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("boundary")) {
        String v = p.substring(eq + 1).trim();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1);
        return v;
      }
    }
    return null;
  }

  /**
   * Moves to the next part, skipping the unread rest of the current one.
   *
   * @return the part's headers, or null after the closing delimiter
   */
  public PartHeaders next() throws IOException {
    if (finished) return null;
    if (partOpen) bodyStream.transferTo(OutputStream.nullOutputStream());
    int a = readByte();
    int b = readByte();
    if (a == '-' && b == '-') {
      finished = true;
      return null;
    }
    // RFC 2046 allows linear white space after a delimiter.
    while (a == ' ' || a == '\t') {
      a = b;
      b = readByte();
    }
    if (a != '\r' || b != '\n') throw malformed("a boundary is not followed by CRLF");
    PartHeaders h = headers();
    partOpen = true;
    return h;
  }

  /** The current part's body. It ends with the part; reading past a framing error throws. */
  public InputStream body() {
    return bodyStream;
  }

  /** Reads the current part's body whole; more than {@code maxBytes} is InvalidArgument. */
  public byte[] readBody(int maxBytes, String name) throws IOException {
    byte[] b = bodyStream.readNBytes(maxBytes + 1);
    if (b.length > maxBytes) {
      throw new CofferException.InvalidArgument("The form field " + name + " is too large.", name, "");
    }
    return b;
  }

  private PartHeaders headers() throws IOException {
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    String name = null;
    String filename = null;
    String contentType = null;
    while (true) {
      String line = line(block);
      if (line.isEmpty()) break;
      int colon = line.indexOf(':');
      if (colon <= 0) throw malformed("a part header has no colon");
      String field = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      if (field.equals("content-disposition")) {
        String[] p = parameters(value);
        name = p[0];
        filename = p[1];
      } else if (field.equals("content-type")) {
        contentType = value;
      }
    }
    if (name == null) throw malformed("a part has no Content-Disposition name");
    return new PartHeaders(name, filename, contentType);
  }

  private String line(ByteArrayOutputStream block) throws IOException {
    int start = block.size();
    while (true) {
      int c = readByte();
      if (c < 0) throw malformed("the part headers never end");
      if (c == '\n') break;
      block.write(c);
      if (block.size() > maxHeaderBytes) throw malformed("the part headers are too large");
    }
    byte[] all = block.toByteArray();
    int end = all.length;
    if (end > start && all[end - 1] == '\r') end--;
    return new String(all, start, end - start, StandardCharsets.UTF_8);
  }

  /** {@code name} and {@code filename} of a {@code form-data} Content-Disposition value. */
  static String[] parameters(String disposition) {
    String name = null;
    String filename = null;
    int i = disposition.indexOf(';');
    if (i < 0 || !disposition.substring(0, i).trim().equalsIgnoreCase("form-data")) {
      throw malformed("a part is not form-data");
    }
    int n = disposition.length();
    i++;
    while (i < n) {
      while (i < n && (disposition.charAt(i) == ' ' || disposition.charAt(i) == ';')) i++;
      int eq = disposition.indexOf('=', i);
      if (eq < 0) break;
      String key = disposition.substring(i, eq).trim().toLowerCase(Locale.ROOT);
      i = eq + 1;
      StringBuilder value = new StringBuilder();
      if (i < n && disposition.charAt(i) == '"') {
        i++;
        while (i < n && disposition.charAt(i) != '"') {
          char c = disposition.charAt(i);
          // Browsers escape quotes; a backslash before anything else is kept (Windows paths).
          if (c == '\\' && i + 1 < n && (disposition.charAt(i + 1) == '"' || disposition.charAt(i + 1) == '\\')) {
            c = disposition.charAt(++i);
          }
          value.append(c);
          i++;
        }
        i++;
      } else {
        while (i < n && disposition.charAt(i) != ';') value.append(disposition.charAt(i++));
      }
      String v = key.equals("name") || key.equals("filename") ? value.toString() : null;
      if (key.equals("name")) name = v.trim();
      if (key.equals("filename")) filename = v;
    }
    return new String[] {name, filename};
  }

  private int readByte() throws IOException {
    while (pos == lim) {
      if (eof) return -1;
      fill();
    }
    return buf[pos++] & 0xff;
  }

  private void fill() throws IOException {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, lim - pos);
      lim -= pos;
      scanFrom = Math.max(0, scanFrom - pos);
      pos = 0;
    }
    int n = in.read(buf, lim, buf.length - lim);
    if (n < 0) {
      eof = true;
    } else {
      lim += n;
    }
  }

  /** The first delimiter start in {@code [from, lim)}, or -1. */
  private int indexOfDelimiter(int from) {
    int last = lim - delimiter.length;
    outer:
    for (int i = from; i <= last; i++) {
      if (buf[i] != '\r') continue;
      for (int j = 1; j < delimiter.length; j++) {
        if (buf[i + j] != delimiter[j]) continue outer;
      }
      return i;
    }
    return -1;
  }

  private static CofferException malformed(String why) {
    return new CofferException.InvalidArgument("The body of your POST request is not well-formed multipart/form-data: "
        + why + ".");
  }

  /** The current part's bytes, up to (not including) the next delimiter. */
  private final class PartBody extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (!partOpen) return -1;
      if (len == 0) return 0;
      while (true) {
        int idx = indexOfDelimiter(Math.max(pos, scanFrom));
        if (idx == pos) {
          pos += delimiter.length;
          scanFrom = pos;
          partOpen = false;
          return -1;
        }
        int end;
        if (idx > pos) {
          end = idx;
        } else {
          // A delimiter may begin in the last (length - 1) bytes; hold them back until more arrive.
          scanFrom = Math.max(pos, lim - (delimiter.length - 1));
          end = scanFrom;
        }
        if (end > pos) {
          int n = Math.min(len, end - pos);
          System.arraycopy(buf, pos, b, off, n);
          pos += n;
          return n;
        }
        if (eof) throw malformed("a part ends without its closing boundary");
        fill();
      }
    }
  }
}
