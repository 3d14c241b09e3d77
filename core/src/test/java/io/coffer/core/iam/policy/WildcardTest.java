package io.coffer.core.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WildcardTest {

  @ParameterizedTest(name = "{0} ~ \"{1}\" -> {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      "*|''|true",
      "*|anything/at/all|true",
      "''|''|true",
      "''|a|false",
      "abc|abc|true",
      "abc|abcd|false",
      "abc|ab|false",
      "abc|ABC|false",
      "a?c|abc|true",
      "a?c|ac|false",
      "a?c|abbc|false",
      "?|''|false",
      "??|é😀|true",
      "?|😀|true",
      "a*|a|true",
      "*a|a|true",
      "a*a|a|false",
      "a*a|aa|true",
      "a*a|aba|true",
      "*a*|bab|true",
      "*a*|bbb|false",
      "a*b*c|abc|true",
      "a*b*c|axxbyyc|true",
      "a*b*c|acb|false",
      "a*b*c|abcb|false",
      "a*b*c|abcbc|true",
      "**|''|true",
      "a**b|ab|true",
      "*?|''|false",
      "*?|x|true",
      "*ab?d*|xxabxabcd|true",
      "*abab*|aabaabab|true",
      "*abab*|aabaaba|false",
      "*aab*|aaab|true",
      "*abac*|ababac|true",
      "x*abac*y|xababacy|true",
      "acs:oss:*:1234:bucket/*|acs:oss:*:1234:bucket/a/b/c.txt|true",
      "acs:oss:*:1234:bucket/*|acs:oss:*:1234:bucket|false",
      "acs:oss:*:1234:bucket/*|acs:oss:*:1234:bucket2/a|false",
      "acs:oss:*:1234:bucket*|acs:oss:*:1234:bucket2/a|true",
      "acs:kms:*:1416614965936597:*|acs:kms:cn-hangzhou:1416614965936597:key/1234abcd|true",
      "acs:kms:*:1416614965936597:*|acs:kms:cn-hangzhou:1416614965936598:key/1234abcd|false",
  })
  void caseSensitive_table(String pattern, String text, boolean expected) {
    assertThat(Wildcard.caseSensitive(pattern).matches(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} ~i \"{1}\" -> {2}")
  @CsvSource(delimiter = '|', value = {
      "oss:GetObject|oss:getobject|true",
      "OSS:GETOBJECT|oss:GetObject|true",
      "kms:List*|KMS:LISTKEYS|true",
      "kms:List*|kms:DescribeKey|false",
      "*:Get*|ram:getuser|true",
      "oss:?etObject|oss:GETOBJECT|true",
      "oss:GetObject|oss:GetObjectAcl|false",
  })
  void ignoringCase_table(String pattern, String text, boolean expected) {
    assertThat(Wildcard.ignoringCase(pattern).matches(text)).isEqualTo(expected);
  }

  @Test
  void caseSensitive_resourcesDifferingInCase_doNotMatch() {
    assertThat(Wildcard.caseSensitive("acs:oss:*:1:MyBucket/*").matches("acs:oss:*:1:mybucket/x")).isFalse();
  }

  @Test
  void matches_null_isFalse() {
    assertThat(Wildcard.caseSensitive("*").matches(null)).isFalse();
  }

  @Test
  void isLiteral_onlyWithoutWildcards() {
    assertThat(Wildcard.caseSensitive("abc").isLiteral()).isTrue();
    assertThat(Wildcard.caseSensitive("a?c").isLiteral()).isFalse();
    assertThat(Wildcard.caseSensitive("a*").isLiteral()).isFalse();
  }

  /** A backtracking matcher needs about n^k steps on these; a hang here means backtracking crept in. */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void pathologicalPatterns_longTexts_finish() {
    String as = "a".repeat(200_000);
    assertThat(Wildcard.caseSensitive("a*a*a*a*b").matches(as)).isFalse();
    assertThat(Wildcard.caseSensitive("*a*a*a*a*a*a*a*a*a*a*b*").matches(as)).isFalse();
    assertThat(Wildcard.caseSensitive("*a*a*a*a*a*a*a*a*a*a*").matches(as)).isTrue();
    assertThat(Wildcard.caseSensitive("*" + "a".repeat(1000) + "b*").matches(as)).isFalse();
    assertThat(Wildcard.caseSensitive("*?a?a?a?a?a?a?b*").matches(as)).isFalse();
    assertThat(Wildcard.ignoringCase("*A*A*A*A*A*A*A*A*B").matches(as + "b")).isTrue();
    String pattern = "*a".repeat(3000) + "*b";
    assertThat(Wildcard.caseSensitive(pattern).matches(as)).isFalse();
    assertThat(Wildcard.caseSensitive(pattern).matches(as + "b")).isTrue();
  }

  // ---- properties (seeded; the failing seed is in the message) ----

  private static final String ALPHABET = "aAbB/:*?-é😀Ωω";

  @Test
  void property_starMatchesEveryString() {
    long base = 0x5eed_0001L;
    for (int i = 0; i < 3000; i++) {
      long seed = base + i;
      String text = randomText(new Random(seed), 40, true);
      assertThat(Wildcard.caseSensitive("*").matches(text)).as("seed %d text %s", seed, text).isTrue();
      assertThat(Wildcard.ignoringCase("*").matches(text)).as("seed %d text %s", seed, text).isTrue();
    }
  }

  @Test
  void property_literalPattern_matchesOnlyItself() {
    long base = 0x5eed_0002L;
    for (int i = 0; i < 3000; i++) {
      long seed = base + i;
      Random random = new Random(seed);
      String pattern = randomText(random, 12, false);
      String text = switch (random.nextInt(4)) {
        case 0 -> pattern;
        case 1 -> flipCase(random, pattern);
        case 2 -> mutate(random, pattern);
        default -> randomText(random, 12, false);
      };
      assertThat(Wildcard.caseSensitive(pattern).matches(text))
          .as("seed %d pattern %s text %s", seed, pattern, text).isEqualTo(pattern.equals(text));
      assertThat(Wildcard.ignoringCase(pattern).matches(text))
          .as("seed %d pattern %s text %s", seed, pattern, text).isEqualTo(foldedEquals(pattern, text));
    }
  }

  /**
   * Every pattern agrees with a textbook dynamic-programming matcher. Half the cases draw from a
   * two-letter alphabet, whose repetitive texts exercise the partial-match fallbacks of the search.
   */
  @Test
  void property_randomPatterns_agreeWithReferenceMatcher() {
    long base = 0x5eed_0003L;
    for (int i = 0; i < 6000; i++) {
      long seed = base + i;
      Random random = new Random(seed);
      boolean small = random.nextBoolean();
      String pattern = small ? randomText(random, 14, "aab*?") : randomText(random, 10, true);
      String text = random.nextInt(3) == 0 ? randomText(random, 16, small ? "ab" : ALPHABET.replace("*", ""))
          : instantiate(random, pattern, small ? "ab" : "aé😀/");
      assertThat(Wildcard.caseSensitive(pattern).matches(text))
          .as("seed %d pattern %s text %s", seed, pattern, text).isEqualTo(reference(pattern, text));
    }
  }

  /** The reference: O(n*m) dynamic programming over code points. */
  private static boolean reference(String pattern, String text) {
    int[] p = pattern.codePoints().toArray();
    int[] t = text.codePoints().toArray();
    boolean[][] m = new boolean[p.length + 1][t.length + 1];
    m[0][0] = true;
    for (int i = 1; i <= p.length; i++) {
      for (int j = 0; j <= t.length; j++) {
        if (p[i - 1] == '*') m[i][j] = m[i - 1][j] || (j > 0 && m[i][j - 1]);
        else m[i][j] = j > 0 && m[i - 1][j - 1] && (p[i - 1] == '?' || p[i - 1] == t[j - 1]);
      }
    }
    return m[p.length][t.length];
  }

  private static String randomText(Random random, int maxLength, boolean wildcards) {
    return randomText(random, maxLength,
        ALPHABET.codePoints().filter(c -> wildcards || (c != '*' && c != '?'))
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
  }

  private static String randomText(Random random, int maxLength, String alphabet) {
    int[] cps = alphabet.codePoints().toArray();
    int n = random.nextInt(maxLength + 1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) sb.appendCodePoint(cps[random.nextInt(cps.length)]);
    return sb.toString();
  }

  /** A text the pattern matches: stars become random runs, question marks random characters. */
  private static String instantiate(Random random, String pattern, String fill) {
    StringBuilder sb = new StringBuilder();
    pattern.codePoints().forEach(cp -> {
      if (cp == '*') sb.append(randomText(random, 5, fill));
      else if (cp == '?') sb.appendCodePoint(fill.codePointAt(fill.offsetByCodePoints(0, random.nextInt(fill.codePointCount(0, fill.length())))));
      else sb.appendCodePoint(cp);
    });
    return sb.toString();
  }

  private static String flipCase(Random random, String s) {
    StringBuilder sb = new StringBuilder();
    s.codePoints().forEach(cp -> sb.appendCodePoint(random.nextBoolean() ? Character.toUpperCase(cp) : Character.toLowerCase(cp)));
    return sb.toString();
  }

  private static String mutate(Random random, String s) {
    if (s.isEmpty()) return "x";
    int at = random.nextInt(s.length());
    return switch (random.nextInt(3)) {
      case 0 -> s.substring(0, at) + s.substring(at + 1);
      case 1 -> s.substring(0, at) + "b" + s.substring(at);
      default -> s + "a";
    };
  }

  private static boolean foldedEquals(String a, String b) {
    int[] x = a.codePoints().map(c -> Character.toLowerCase(Character.toUpperCase(c))).toArray();
    int[] y = b.codePoints().map(c -> Character.toLowerCase(Character.toUpperCase(c))).toArray();
    return java.util.Arrays.equals(x, y);
  }
}
