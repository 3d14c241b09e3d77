package io.coffer.core.iam.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A policy pattern: {@code *} matches any sequence of characters (the empty one included, and
 * {@code /} too, so {@code mybucket/*} covers objects at any depth), {@code ?} exactly one
 * character; everything else matches itself. There is no escape, so a pattern cannot ask for a
 * literal {@code *} or {@code ?}. Characters are Unicode code points, so {@code ?} matches one
 * emoji, not half of one.
 *
 * <p>Matching never backtracks. The pattern is cut at its stars into segments; the first must
 * start the text, the last must end it, and each middle one is placed at its leftmost occurrence
 * after the previous one, which is always a correct placement because the star before it can
 * absorb anything. Segments without {@code ?} are found with Knuth-Morris-Pratt, so matching
 * takes time linear in the text plus the pattern; a segment with {@code ?} falls back to a
 * direct scan, bounded by text length times segment length. Patterns such as {@code a*a*a*a*b}
 * against long runs of {@code a} cost one pass, where a backtracking regex would explode.
 *
 * <p>Actions compare case-insensitively ({@link #ignoringCase}), resources and condition values
 * case-sensitively ({@link #caseSensitive}). Instances are immutable and thread-safe.
 */
public final class Wildcard {
  /** Stands for {@code ?} inside a segment; no code point is negative. */
  private static final int ANY_ONE = -1;

  private final String pattern;
  private final boolean ignoreCase;
  private final boolean hasStar;
  private final int[][] segments;
  /** KMP failure table per segment; null for a segment holding {@code ?}. */
  private final int[][] failure;

  private Wildcard(String pattern, boolean ignoreCase) {
    if (pattern == null) throw new IllegalArgumentException("null pattern");
    this.pattern = pattern;
    this.ignoreCase = ignoreCase;
    List<int[]> parts = new ArrayList<>();
    List<Integer> current = new ArrayList<>();
    boolean star = false;
    for (int cp : pattern.codePoints().toArray()) {
      if (cp == '*') {
        star = true;
        parts.add(toArray(current));
        current.clear();
      } else {
        current.add(cp == '?' ? ANY_ONE : fold(cp));
      }
    }
    parts.add(toArray(current));
    this.hasStar = star;
    this.segments = parts.toArray(new int[0][]);
    this.failure = new int[segments.length][];
    for (int i = 0; i < segments.length; i++) failure[i] = failureTable(segments[i]);
  }

  /** A pattern whose literal characters must match exactly (resources, condition values). */
  public static Wildcard caseSensitive(String pattern) {
    return new Wildcard(pattern, false);
  }

  /** A pattern whose literal characters match regardless of case (actions). */
  public static Wildcard ignoringCase(String pattern) {
    return new Wildcard(pattern, true);
  }

  public String pattern() {
    return pattern;
  }

  public boolean ignoresCase() {
    return ignoreCase;
  }

  /** True when the pattern holds neither {@code *} nor {@code ?}. */
  public boolean isLiteral() {
    return !hasStar && pattern.indexOf('?') < 0;
  }

  public boolean matches(String text) {
    if (text == null) return false;
    int[] t = text.codePoints().toArray();
    if (ignoreCase) for (int i = 0; i < t.length; i++) t[i] = fold(t[i]);
    int[] first = segments[0];
    if (!hasStar) return first.length == t.length && matchesAt(first, t, 0);
    int[] last = segments[segments.length - 1];
    if (first.length + last.length > t.length) return false;
    if (!matchesAt(first, t, 0) || !matchesAt(last, t, t.length - last.length)) return false;
    int from = first.length;
    int end = t.length - last.length;
    for (int i = 1; i < segments.length - 1; i++) {
      int[] segment = segments[i];
      if (segment.length == 0) continue;
      int at = failure[i] != null ? findKmp(segment, failure[i], t, from, end) : findDirect(segment, t, from, end);
      if (at < 0) return false;
      from = at + segment.length;
    }
    return true;
  }

  /**
   * Whether the pattern matches some text that starts with {@code prefix} and has at least one
   * more character: {@code b*}, {@code b/?} and {@code *} do for the prefix {@code b/}, {@code c/*}
   * and {@code b/} do not. A star crosses every separator, so {@code *:c/*} does too ({@code b/:c/x}).
   * Simulates the pattern as an automaton over the prefix: at most prefix length times pattern
   * length steps.
   */
  public boolean matchesSomeLongerText(String prefix) {
    int[] p = pattern.codePoints().toArray();
    boolean[] live = new boolean[p.length + 1];
    live[0] = true;
    skipStars(p, live);
    for (int c : prefix.codePoints().toArray()) {
      int ch = fold(c);
      boolean[] next = new boolean[p.length + 1];
      boolean any = false;
      for (int i = 0; i < p.length; i++) {
        if (!live[i]) continue;
        if (p[i] == '*') {
          next[i] = true;
          any = true;
        } else if (p[i] == '?' || fold(p[i]) == ch) {
          next[i + 1] = true;
          any = true;
        }
      }
      if (!any) return false;
      skipStars(p, next);
      live = next;
    }
    // Any pattern rest that is not empty matches some non-empty text (stars take a character,
    // '?' and literals are one); only a state at the pattern's end needs the text to stop here.
    for (int i = 0; i < p.length; i++) if (live[i]) return true;
    return false;
  }

  /** A star may match nothing, so a state before a star also stands after it. */
  private static void skipStars(int[] p, boolean[] live) {
    for (int i = 0; i < p.length; i++) if (live[i] && p[i] == '*') live[i + 1] = true;
  }

  private int fold(int cp) {
    return ignoreCase ? Character.toLowerCase(Character.toUpperCase(cp)) : cp;
  }

  private static boolean matchesAt(int[] segment, int[] t, int at) {
    for (int i = 0; i < segment.length; i++) {
      if (segment[i] != ANY_ONE && segment[i] != t[at + i]) return false;
    }
    return true;
  }

  /** Leftmost start of {@code segment} within {@code t[from, end)}, or -1. */
  private static int findDirect(int[] segment, int[] t, int from, int end) {
    for (int at = from; at + segment.length <= end; at++) {
      if (matchesAt(segment, t, at)) return at;
    }
    return -1;
  }

  private static int findKmp(int[] segment, int[] fail, int[] t, int from, int end) {
    int matched = 0;
    for (int i = from; i < end; i++) {
      while (matched > 0 && segment[matched] != t[i]) matched = fail[matched - 1];
      if (segment[matched] == t[i]) matched++;
      if (matched == segment.length) return i - segment.length + 1;
    }
    return -1;
  }

  private static int[] failureTable(int[] segment) {
    for (int cp : segment) if (cp == ANY_ONE) return null;
    int[] fail = new int[segment.length];
    int k = 0;
    for (int i = 1; i < segment.length; i++) {
      while (k > 0 && segment[k] != segment[i]) k = fail[k - 1];
      if (segment[k] == segment[i]) k++;
      fail[i] = k;
    }
    return fail;
  }

  private static int[] toArray(List<Integer> list) {
    int[] a = new int[list.size()];
    for (int i = 0; i < a.length; i++) a[i] = list.get(i);
    return a;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Wildcard w && w.pattern.equals(pattern) && w.ignoreCase == ignoreCase;
  }

  @Override
  public int hashCode() {
    return pattern.hashCode() * 31 + Boolean.hashCode(ignoreCase);
  }

  @Override
  public String toString() {
    return pattern;
  }
}
