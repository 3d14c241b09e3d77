package io.coffer.core.storage.sqlite;

import java.util.Arrays;

/** Byte-string helpers for prefix scans over keys ordered by their UTF-8 bytes. */
final class KeyRanges {
  private KeyRanges() {}

  /**
   * The smallest byte string greater than every string that starts with {@code prefix}, or null if
   * there is none (empty prefix, or all 0xFF).
   */
  static byte[] successor(byte[] prefix) {
    int end = prefix.length;
    while (end > 0 && prefix[end - 1] == (byte) 0xFF) end--;
    if (end == 0) return null;
    byte[] s = Arrays.copyOf(prefix, end);
    s[end - 1]++;
    return s;
  }
}
