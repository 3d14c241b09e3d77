package io.coffer.core.object;

import io.coffer.core.error.CofferException;
import io.coffer.core.model.ByteRange;
import java.util.Optional;

/**
 * Resolves an HTTP {@code Range} header against an object size the way OSS does: a range that is
 * malformed or cannot be satisfied yields the whole object (200) unless the client asked for
 * standard behaviour ({@code x-oss-range-behavior: standard}); {@code bytes=-0} is always 416; only
 * the first of several ranges counts.
 */
public final class RangeSpec {
  private RangeSpec() {}

  /**
   * @return the range to serve with 206, or empty to serve the whole object with 200
   * @throws CofferException.InvalidRange for 416
   */
  public static Optional<ByteRange> resolve(String header, long size, boolean standard) {
    if (header == null) return Optional.empty();
    String h = header.trim();
    if (!h.regionMatches(true, 0, "bytes=", 0, 6)) return Optional.empty();
    String spec = h.substring(6);
    int comma = spec.indexOf(',');
    if (comma >= 0) spec = spec.substring(0, comma);
    spec = spec.trim();
    int dash = spec.indexOf('-');
    if (dash < 0 || spec.indexOf('-', dash + 1) >= 0) return Optional.empty();
    String a = spec.substring(0, dash).trim();
    String b = spec.substring(dash + 1).trim();
    if (!digits(a) && !a.isEmpty() || !digits(b) && !b.isEmpty() || a.isEmpty() && b.isEmpty()) return Optional.empty();
    if (a.isEmpty()) {
      long k = parse(b);
      if (k == 0) throw new CofferException.InvalidRange();
      if (k < 0 || size == 0) return Optional.empty();
      if (k > size) return standard ? Optional.of(new ByteRange(0, size - 1)) : Optional.empty();
      return Optional.of(new ByteRange(size - k, size - 1));
    }
    long first = parse(a);
    if (first < 0) return Optional.empty();
    long last = b.isEmpty() ? Long.MAX_VALUE : parse(b);
    if (last < 0 || last < first) return Optional.empty();
    if (first >= size) {
      if (standard && size > 0) throw new CofferException.InvalidRange();
      return Optional.empty();
    }
    if (last >= size) {
      if (!b.isEmpty() && !standard) return Optional.empty();
      last = size - 1;
    }
    return Optional.of(new ByteRange(first, last));
  }

  private static boolean digits(String s) {
    if (s.isEmpty()) return false;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
    }
    return true;
  }

  /** -1 when the number does not fit in a long. */
  private static long parse(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
