package io.coffer.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.error.CofferException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BucketNameTest {

  @ParameterizedTest
  @ValueSource(strings = {"abc", "a-b", "0ab", "ab9", "my-bucket-01", "a1-2b",
      "a23456789012345678901234567890123456789012345678901234567890123"})
  void constructor_validName_isKept(String name) {
    assertThat(new BucketName(name).value()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ab", "Abc", "ABC", "-ab", "ab-", "a_b", "a.b", "a b", "ab\n", "中文桶",
      "a234567890123456789012345678901234567890123456789012345678901234"})
  void constructor_invalidName_isInvalidBucketName(String name) {
    assertThatThrownBy(() -> new BucketName(name)).isInstanceOf(CofferException.InvalidBucketName.class);
  }

  @org.junit.jupiter.api.Test
  void constructor_null_isInvalidBucketName() {
    assertThatThrownBy(() -> new BucketName(null)).isInstanceOf(CofferException.InvalidBucketName.class);
  }
}
