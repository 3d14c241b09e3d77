package io.coffer.core.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Wildcard#matchesSomeLongerText}: can a pattern match something strictly inside a prefix? */
class WildcardLongerTextTest {

  @ParameterizedTest(name = "{0} beyond \"{1}\" -> {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      "*|''|true",
      "*|b/|true",
      "''|''|false",
      "b/|b/|false",
      "b/?|b/|true",
      "b/x|b/|true",
      "b/*|b/|true",
      "b/**|b/|true",
      "b*|b/|true",
      "?/?|b/|true",
      "??|b/|false",
      "c/*|b/|false",
      "b|b/|false",
      "b/x|B/|false",
      "acs:oss:*:*:*/*|acs:oss:*:1234:photos/|true",
      "acs:oss:*:1234:photos/*|acs:oss:*:1234:photos/|true",
      "acs:oss:*:1234:photos/a/*.jpg|acs:oss:*:1234:photos/|true",
      "acs:oss:*:*:phot*|acs:oss:*:1234:photos/|true",
      // The region's star can take the rest of the prefix and more: acs:oss:*:1234:photos/x:9999:photos/y.
      "acs:oss:*:9999:photos/*|acs:oss:*:1234:photos/|true",
      "acs:oss:*:1234:videos/*|acs:oss:*:1234:photos/|true",
      "acs:oss:*:1234:photos|acs:oss:*:1234:photos/|true",
      "acs:oss:?:1234:videos/*|acs:oss:*:1234:photos/|false",
      "acs:oss:?:1234:photos|acs:oss:*:1234:photos/|false",
      "acs:oss:cn-hangzhou:1234:photos/*|acs:oss:*:1234:photos/|false",
      "acs:oss:*:1234:photos/*x|acs:oss:*:1234:photos/|true",
  })
  void caseSensitive_table(String pattern, String prefix, boolean expected) {
    assertThat(Wildcard.caseSensitive(pattern).matchesSomeLongerText(prefix)).isEqualTo(expected);
  }

  @Test
  void ignoringCase_foldsPrefixAndPattern() {
    assertThat(Wildcard.ignoringCase("OSS:Get*").matchesSomeLongerText("oss:get")).isTrue();
    assertThat(Wildcard.caseSensitive("OSS:Get*").matchesSomeLongerText("oss:get")).isFalse();
  }

  /**
   * Against brute force: over the alphabet {a, b} with '*' and '?', a pattern of n symbols that
   * matches some longer text matches one at most n + 1 characters longer made of a, b and c (c
   * standing for any character the pattern does not name).
   */
  @Test
  void randomPatterns_agreeWithEnumeratingExtensions() {
    long base = 7_310_000L;
    for (int i = 0; i < 3000; i++) {
      long seed = base + i;
      Random r = new Random(seed);
      String pattern = randomText(r, "ab*?", r.nextInt(6));
      String prefix = randomText(r, "ab", r.nextInt(5));
      boolean expected = someExtensionMatches(Wildcard.caseSensitive(pattern), prefix, pattern.length() + 1);
      assertThat(Wildcard.caseSensitive(pattern).matchesSomeLongerText(prefix))
          .as("seed %d: pattern \"%s\", prefix \"%s\"", seed, pattern, prefix).isEqualTo(expected);
    }
  }

  private static String randomText(Random r, String alphabet, int length) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < length; i++) b.append(alphabet.charAt(r.nextInt(alphabet.length())));
    return b.toString();
  }

  private static boolean someExtensionMatches(Wildcard w, String prefix, int maxExtra) {
    for (int len = 1; len <= maxExtra; len++) {
      int combos = (int) Math.pow(3, len);
      for (int c = 0; c < combos; c++) {
        StringBuilder x = new StringBuilder(prefix);
        int v = c;
        for (int k = 0; k < len; k++) {
          x.append("abc".charAt(v % 3));
          v /= 3;
        }
        if (w.matches(x.toString())) return true;
      }
    }
    return false;
  }
}
