package io.coffer.core.object;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.error.CofferException;
import io.coffer.core.model.ContentHeaders;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserMetadataLimitTest {
  /** "x-oss-meta-" + name: each entry counts its full header name. */
  private static final int PREFIX = 11;

  private static ContentHeaders meta(Map<String, String> m) {
    return new ContentHeaders(null, null, null, null, null, null, m);
  }

  @Test
  void limit_exactly8KiBCountingFullNames_isAccepted() {
    String value = "v".repeat(8192 - PREFIX - "big".length());
    assertThatCode(() -> ObjectService.requireUserMetadataWithinLimit(meta(Map.of("big", value))))
        .doesNotThrowAnyException();
  }

  @Test
  void limit_oneByteOver_isInvalidArgument() {
    String value = "v".repeat(8193 - PREFIX - "big".length());
    assertThatThrownBy(() -> ObjectService.requireUserMetadataWithinLimit(meta(Map.of("big", value))))
        .isInstanceOf(CofferException.InvalidArgument.class);
  }

  @Test
  void limit_countsUtf8BytesNotChars() {
    // 2,728 three-byte characters: 8,184 bytes of value, 8,198 in all; as chars it would be 2,742.
    String value = "中".repeat(2728);
    assertThatThrownBy(() -> ObjectService.requireUserMetadataWithinLimit(meta(Map.of("big", value))))
        .isInstanceOf(CofferException.InvalidArgument.class);
  }

  @Test
  void limit_sumsAcrossEntries() {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < 8; i++) m.put("k" + i, "v".repeat(1000));
    assertThatCode(() -> ObjectService.requireUserMetadataWithinLimit(meta(m))).doesNotThrowAnyException();
    m.put("k8", "v".repeat(1000));
    assertThatThrownBy(() -> ObjectService.requireUserMetadataWithinLimit(meta(m)))
        .isInstanceOf(CofferException.InvalidArgument.class);
  }

  @Test
  void limit_noMetadata_isAccepted() {
    assertThatCode(() -> ObjectService.requireUserMetadataWithinLimit(ContentHeaders.empty()))
        .doesNotThrowAnyException();
  }
}
