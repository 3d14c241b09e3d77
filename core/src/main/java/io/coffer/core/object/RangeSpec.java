package io.coffer.core.object;

import io.coffer.core.error.CofferException;
import io.coffer.core.model.ByteRange;
import java.util.Optional;

/**
 * Resolves an HTTP {@code Range} header against an object size the way OSS does.
 *
 * <p>By default a range that is malformed or cannot be satisfied yields the whole object (200),
 * and a range running past the end is not clipped but also answered with the whole object. With
 * {@code x-oss-range-behavior: standard} the rules are RFC 7233's: a range past the end is clipped
 * (206), one starting at or after the end is 416, and a suffix longer than the object is the whole
 * object as 206. {@code bytes=-0} is 416 in both modes; only the first of several ranges counts; a
 * syntax error is 200 in both modes.
 *
 * <p>An empty object has no byte to satisfy any range with, so in standard mode every well-formed
 * range on it is 416 (RFC 7233 §2.1); OSS documents no exception for it.
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
    boolean hasFirst = !a.isEmpty();
    boolean hasLast = !b.isEmpty();
    if (hasFirst && !digits(a) || hasLast && !digits(b) || !hasFirst && !hasLast) return Optional.empty();
    if (!hasFirst) return suffix(parse(b), size, standard);
    long first = parse(a);
    long last = hasLast ? parse(b) : Long.MAX_VALUE;
    if (last < first) return Optional.empty();
    if (first >= size) {
      if (standard) throw new CofferException.InvalidRange();
      return Optional.empty();
    }
    if (last >= size) {
      // An open range ("a-") always runs to the end; an explicit end past it is OSS's 200 case.
      if (hasLast && !standard) return Optional.empty();
      last = size - 1;
    }
    return Optional.of(new ByteRange(first, last));
  }

  /** {@code bytes=-k}: the last {@code k} bytes. */
  private static Optional<ByteRange> suffix(long k, long size, boolean standard) {
    if (k == 0) throw new CofferException.InvalidRange();
    if (size == 0) {
      if (standard) throw new CofferException.InvalidRange();
      return Optional.empty();
    }
    if (k > size) return standard ? Optional.of(new ByteRange(0, size - 1)) : Optional.empty();
    return Optional.of(new ByteRange(size - k, size - 1));
  }

  private static boolean digits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
    }
    return true;
  }

  /** A run of digits as a long; one too large for a long is past any object's end anyway. */
  private static long parse(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
