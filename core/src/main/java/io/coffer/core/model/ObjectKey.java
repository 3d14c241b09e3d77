package io.coffer.core.model;

import io.coffer.core.error.CofferException;
import java.nio.charset.StandardCharsets;

/**
 * An object name: 1–1023 bytes of UTF-8, not starting with {@code /} or {@code \}. Any other
 * character, control characters, {@code ..} segments and {@code //} included, is kept verbatim.
 */
public record ObjectKey(String value) implements Comparable<ObjectKey> {
  public static final int MAX_BYTES = 1023;

  public ObjectKey {
    if (value == null || value.isEmpty()) {
      throw new CofferException.InvalidObjectName("The specified object is not valid.");
    }
    if (value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw new CofferException.InvalidObjectName("The Length of Object name must be less than 1024.");
    }
    char first = value.charAt(0);
    if (first == '/' || first == '\\') {
      throw new CofferException.InvalidObjectName("The specified object is not valid.");
    }
    if (!isWellFormed(value)) {
      throw new CofferException.InvalidObjectName("The specified object is not valid.");
    }
  }

  /** Unpaired surrogates cannot be stored as UTF-8. */
  private static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) return false;
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  public byte[] utf8() {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  /** Orders by UTF-8 bytes, the order OSS lists in. */
  @Override
  public int compareTo(ObjectKey o) {
    return java.util.Arrays.compareUnsigned(utf8(), o.utf8());
  }

  @Override
  public String toString() {
    return value;
  }
}
