package io.coffer.server.rpc;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The two encodings of the RPC protocol: form-decoding of query strings and form bodies, and the
 * percent-encoding both signature versions canonicalize with. Clients disagree on the wire (the
 * Tea runtime sends a space as {@code +}, the old SDK as {@code %20}), so signatures are always
 * computed over decoded values re-encoded here.
 */
public final class RpcEncoding {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private RpcEncoding() {}

  /**
   * RFC 3986 percent-encoding of the UTF-8 bytes: {@code A-Z a-z 0-9 - _ . ~} stay, everything
   * else becomes {@code %XY} with uppercase hex (space is {@code %20}, {@code *} is {@code %2A}).
   */
  public static String percentEncode(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xFF;
      if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    return out.toString();
  }

  /**
   * Decodes {@code application/x-www-form-urlencoded} text (a query string or a form body):
   * {@code +} is a space, {@code %XY} a byte, the bytes UTF-8. A name without {@code =} and a
   * name with an empty value both give {@code ""}: empty values are kept because they are signed.
   * Pairs come back in wire order, repeats included.
   *
   * @throws IllegalArgumentException for a broken escape or bytes that are not UTF-8
   */
  public static List<Map.Entry<String, String>> formDecode(String text) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    if (text == null || text.isEmpty()) return out;
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.add(Map.entry(name, value));
    }
    return out;
  }

  static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        bytes.write(' ');
      } else if (c == '%') {
        if (i + 2 >= s.length()) throw new IllegalArgumentException("broken percent escape");
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) throw new IllegalArgumentException("broken percent escape");
        bytes.write(hi << 4 | lo);
        i += 2;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        int cp = s.codePointAt(i);
        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
        i += Character.charCount(cp) - 1;
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("not UTF-8", e);
    }
  }
}
