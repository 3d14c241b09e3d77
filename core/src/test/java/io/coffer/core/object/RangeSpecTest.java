package io.coffer.core.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.core.error.CofferException;
import io.coffer.core.model.ByteRange;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RangeSpecTest {

  /** Runs every case of the range table in both modes and reports every failing id at once. */
  @Test
  void rangeTable_everyRowInBothModes_matchesOss() throws Exception {
    JsonNode doc;
    try (InputStream in = RangeSpecTest.class.getResourceAsStream("/vectors/range-spec.json")) {
      doc = new ObjectMapper().readTree(in);
    }
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (JsonNode c : doc.get("cases")) {
      for (String mode : List.of("default", "standard")) {
        String expected = c.get(mode).asText();
        String actual = outcome(c.get("header").asText(), c.get("size").asLong(), mode.equals("standard"));
        if (!expected.equals(actual)) {
          failures.add(c.get("id").asText() + " [" + mode + "]: expected " + expected + ", got " + actual);
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(80);
    assertThat(failures).isEmpty();
  }

  private static String outcome(String header, long size, boolean standard) {
    try {
      Optional<ByteRange> r = RangeSpec.resolve(header, size, standard);
      return r.map(b -> "206 " + b.first() + "-" + b.last()).orElse("200");
    } catch (CofferException.InvalidRange e) {
      return "416";
    }
  }

  @Test
  void resolve_noHeader_isWholeObject() {
    assertThat(RangeSpec.resolve(null, 10, false)).isEmpty();
    assertThat(RangeSpec.resolve(null, 10, true)).isEmpty();
  }

  @Test
  void resolve_served206_neverLeavesTheObject() {
    for (long size = 1; size < 40; size++) {
      for (long a = 0; a < 45; a++) {
        for (String end : List.of("", Long.toString(a), Long.toString(a + 3), Long.toString(size + 5))) {
          for (boolean standard : List.of(false, true)) {
            Optional<ByteRange> r;
            try {
              r = RangeSpec.resolve("bytes=" + a + "-" + end, size, standard);
            } catch (CofferException.InvalidRange e) {
              assertThat(a).isGreaterThanOrEqualTo(size);
              continue;
            }
            if (r.isPresent()) {
              assertThat(r.get().first()).isEqualTo(a);
              assertThat(r.get().last()).isLessThan(size);
            }
          }
        }
      }
    }
  }

  @Test
  void resolve_suffixZero_isInvalidRangeEvenOnEmptyObject() {
    assertThatThrownBy(() -> RangeSpec.resolve("bytes=-0", 0, false)).isInstanceOf(CofferException.InvalidRange.class);
  }
}
