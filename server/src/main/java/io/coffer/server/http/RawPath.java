package io.coffer.server.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding of a raw request path, done by Coffer rather than by Jetty: Jetty's decoded
 * path normalises {@code a/../b} to {@code b} and {@code //} to {@code /}, which would silently
 * change object keys. Decodes exactly once, as UTF-8; {@code +} stays {@code +}.
 */
public final class RawPath {
  private RawPath() {}

  /** @throws IllegalArgumentException for a broken escape or bytes that are not UTF-8 */
  public static String decode(String raw) {
    if (raw.indexOf('%') < 0) return raw;
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) throw new IllegalArgumentException("broken percent escape");
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) throw new IllegalArgumentException("broken percent escape");
        out.write(hi << 4 | lo);
        i += 2;
      } else if (c < 0x80) {
        out.write(c);
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("path is not UTF-8", e);
    }
  }
}
