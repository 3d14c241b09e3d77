package io.coffer.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.error.CofferException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectKeyTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "dir/file.txt", "a%2Fb", "a//b", "%25", "./x", "../x", "a/../b", "?q", "#frag", "a+b",
      "with space", "cr\rlf\n", "tab\t", "中文/ключ", "emoji 😀", "trailing/", "a\\b", "\u0001ctl"})
  void constructor_keyOsStores_keepsItVerbatim(String key) {
    assertThat(new ObjectKey(key).value()).isEqualTo(key);
  }

  @Test
  void constructor_1023Bytes_isAccepted() {
    assertThat(new ObjectKey("k".repeat(1023)).utf8()).hasSize(1023);
    // 341 three-byte characters = 1023 bytes
    assertThat(new ObjectKey("中".repeat(341)).utf8()).hasSize(1023);
  }

  @Test
  void constructor_1024Bytes_isInvalidObjectNameWithLengthMessage() {
    for (String key : List.of("k".repeat(1024), "中".repeat(341) + "k")) {
      assertThatThrownBy(() -> new ObjectKey(key))
          .isInstanceOf(CofferException.InvalidObjectName.class)
          .hasMessage("The Length of Object name must be less than 1024.");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/a", "/", "\\a", "\\"})
  void constructor_emptyOrLeadingSlash_isInvalidObjectName(String key) {
    assertThatThrownBy(() -> new ObjectKey(key)).isInstanceOf(CofferException.InvalidObjectName.class);
  }

  @Test
  void constructor_null_isInvalidObjectName() {
    assertThatThrownBy(() -> new ObjectKey(null)).isInstanceOf(CofferException.InvalidObjectName.class);
  }

  @Test
  void constructor_unpairedSurrogate_isInvalidObjectName() {
    for (String key : List.of("a\uD800", "\uDC00a", "a\uD800b")) {
      assertThatThrownBy(() -> new ObjectKey(key)).isInstanceOf(CofferException.InvalidObjectName.class);
    }
  }

  @Test
  void compareTo_ordersByUtf8Bytes() {
    // U+FF61 sorts after U+1F600 in UTF-16 but before it in UTF-8.
    List<ObjectKey> keys = new ArrayList<>(List.of(new ObjectKey("😀"), new ObjectKey("｡"), new ObjectKey("b"),
        new ObjectKey("B"), new ObjectKey("a/b"), new ObjectKey("a")));
    keys.sort(null);
    assertThat(keys).extracting(ObjectKey::value).containsExactly("B", "a", "a/b", "b", "｡", "😀");
  }
}
