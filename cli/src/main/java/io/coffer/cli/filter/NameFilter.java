package io.coffer.cli.filter;

import io.coffer.cli.client.UsageFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * ossutil 1.x's {@code --include}/{@code --exclude}: shell wildcards matched against the last
 * part of a path or key (after its last {@code /}), applied in the order given. The first rule
 * sets the default — nothing is in if it is an include, everything if it is an exclude — and each
 * rule that matches a name puts it in (include) or out (exclude), so later rules win
 * (aliyun/ossutil lib/util.go matchFiltersForStr).
 */
public final class NameFilter {
  /** One {@code --include} or {@code --exclude} pattern. */
  public record Rule(boolean include, String pattern, Pattern regex) {}

  public static final NameFilter ALL = new NameFilter(List.of());

  private final List<Rule> rules;

  private NameFilter(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  public static NameFilter of(List<Rule> rules) {
    return rules.isEmpty() ? ALL : new NameFilter(rules);
  }

  /** A rule from a command-line pattern (ossutil's messages for the cases it refuses). */
  public static Rule rule(boolean include, String pattern) {
    if (pattern.contains("/")) {
      throw new UsageFailure("--include or --exclude does not support format containing dir info");
    }
    return new Rule(include, pattern, compile(pattern));
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  public List<Rule> rules() {
    return rules;
  }

  /** Whether the file or object named {@code path} (a relative path or a key) passes the rules. */
  public boolean accepts(String path) {
    if (rules.isEmpty()) return true;
    String name = path.substring(path.lastIndexOf('/') + 1);
    boolean in = !rules.getFirst().include();
    for (Rule r : rules) {
      if (r.regex().matcher(name).matches()) in = r.include();
    }
    return in;
  }

  /**
   * Go's filepath.Match syntax (what ossutil uses): {@code *} any run of characters, {@code ?}
   * one character, {@code [abc]}, {@code [a-z]}, {@code [^a-z]} or {@code [!a-z]} one character
   * of (or not of) a class, {@code \} quotes the next character. Where Go would silently match
   * nothing, a malformed pattern is refused instead.
   */
  static Pattern compile(String glob) {
    StringBuilder re = new StringBuilder();
    int i = 0;
    while (i < glob.length()) {
      int c = glob.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '*' -> re.append("[^/]*");
        case '?' -> re.append("[^/]");
        case '\\' -> {
          if (i >= glob.length()) throw bad(glob);
          int q = glob.codePointAt(i);
          i += Character.charCount(q);
          re.append(literal(q));
        }
        case '[' -> i = charClass(glob, i, re);
        default -> re.append(literal(c));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  /** Translates the class starting after '[' at {@code i}; returns the index after its ']'. */
  private static int charClass(String glob, int i, StringBuilder re) {
    re.append('[');
    if (i < glob.length() && (glob.charAt(i) == '^' || glob.charAt(i) == '!')) {
      re.append('^');
      i++;
    }
    List<int[]> ranges = new ArrayList<>();
    while (true) {
      if (i >= glob.length()) throw bad(glob);
      if (glob.charAt(i) == ']' && !ranges.isEmpty()) break;
      int[] lo = classChar(glob, i);
      int hi = lo[0];
      i = lo[1];
      if (i < glob.length() && glob.charAt(i) == '-') {
        int[] h = classChar(glob, i + 1);
        hi = h[0];
        i = h[1];
        if (hi < lo[0]) throw bad(glob);
      }
      ranges.add(new int[] {lo[0], hi});
    }
    for (int[] r : ranges) {
      re.append(literal(r[0]));
      if (r[1] != r[0]) re.append('-').append(literal(r[1]));
    }
    re.append(']');
    return i + 1;
  }

  /** One character of a class at {@code i} (possibly quoted): {code point, next index}. */
  private static int[] classChar(String glob, int i) {
    if (i >= glob.length() || glob.charAt(i) == '-' || glob.charAt(i) == ']') throw bad(glob);
    if (glob.charAt(i) == '\\') {
      i++;
      if (i >= glob.length()) throw bad(glob);
    }
    int c = glob.codePointAt(i);
    return new int[] {c, i + Character.charCount(c)};
  }

  private static String literal(int codePoint) {
    return String.format("\\x{%x}", codePoint);
  }

  private static UsageFailure bad(String glob) {
    return new UsageFailure("--include or --exclude: malformed pattern \"" + glob + "\"");
  }
}
