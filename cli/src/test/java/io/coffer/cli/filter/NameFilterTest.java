package io.coffer.cli.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.cli.client.UsageFailure;
import java.util.List;
import org.junit.jupiter.api.Test;

class NameFilterTest {
  private static NameFilter.Rule in(String p) {
    return NameFilter.rule(true, p);
  }

  private static NameFilter.Rule out(String p) {
    return NameFilter.rule(false, p);
  }

  @Test
  void noRules_acceptEverything() {
    assertThat(NameFilter.ALL.accepts("a/b/c.bin")).isTrue();
  }

  @Test
  void include_matchesTheNameAfterTheLastSlash_notTheDirectories() {
    NameFilter f = NameFilter.of(List.of(in("*.txt")));
    assertThat(f.accepts("docs/a.txt")).isTrue();
    assertThat(f.accepts("x.txt/a.bin")).isFalse();
    assertThat(f.accepts("a.txt.bak")).isFalse();
  }

  @Test
  void excludeFirst_includesEverythingElse() {
    NameFilter f = NameFilter.of(List.of(out("secret*")));
    assertThat(f.accepts("dir/secret.txt")).isFalse();
    assertThat(f.accepts("dir/public.txt")).isTrue();
  }

  @Test
  void laterRules_overrideEarlierOnes() {
    NameFilter f = NameFilter.of(List.of(in("*.txt"), out("secret*"), in("secret-ok*")));
    assertThat(f.accepts("a.txt")).isTrue();
    assertThat(f.accepts("secret.txt")).isFalse();
    assertThat(f.accepts("secret-ok.bin")).isTrue();
    assertThat(f.accepts("a.bin")).isFalse();
  }

  @Test
  void wildcards_questionMarkClassesRangesNegationAndQuoting() {
    assertThat(NameFilter.of(List.of(in("f?.log"))).accepts("f1.log")).isTrue();
    assertThat(NameFilter.of(List.of(in("f?.log"))).accepts("f12.log")).isFalse();
    assertThat(NameFilter.of(List.of(in("[a-c]*"))).accepts("b1")).isTrue();
    assertThat(NameFilter.of(List.of(in("[a-c]*"))).accepts("d1")).isFalse();
    assertThat(NameFilter.of(List.of(in("[!a-c]*"))).accepts("d1")).isTrue();
    assertThat(NameFilter.of(List.of(in("[^a-c]*"))).accepts("a1")).isFalse();
    assertThat(NameFilter.of(List.of(in("\\*.txt"))).accepts("*.txt")).isTrue();
    assertThat(NameFilter.of(List.of(in("\\*.txt"))).accepts("a.txt")).isFalse();
    assertThat(NameFilter.of(List.of(in("a.(b)+"))).accepts("a.(b)+")).isTrue();
    assertThat(NameFilter.of(List.of(in("a.(b)+"))).accepts("axbb")).isFalse();
  }

  @Test
  void patternWithADirectory_orMalformed_isAUsageError() {
    assertThatThrownBy(() -> in("dir/*.txt")).isInstanceOf(UsageFailure.class)
        .hasMessage("--include or --exclude does not support format containing dir info");
    for (String bad : List.of("[a", "[]", "[z-a]", "a\\", "[a-]")) {
      assertThatThrownBy(() -> in(bad)).as(bad).isInstanceOf(UsageFailure.class).hasMessageContaining("malformed");
    }
  }
}
