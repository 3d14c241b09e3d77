package io.coffer.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.testing.SeededRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KeyMaterialTest {

  private static byte[] pattern(int length, int start) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) b[i] = (byte) (start + i * 7);
    return b;
  }

  @Test
  void toString_neverShowsTheKeyBytesInAnyEncoding() {
    byte[] raw = pattern(32, 0x41);
    KeyMaterial k = KeyMaterial.copyOf(raw);
    String shown = k.toString() + String.valueOf(k) + String.format("%s", k);
    assertThat(shown).contains("32 bytes").contains("redacted");
    assertThat(shown)
        .doesNotContainIgnoringCase(HexFormat.of().formatHex(raw, 0, 4))
        .doesNotContain(Base64.getEncoder().encodeToString(Arrays.copyOf(raw, 6)))
        .doesNotContain(Arrays.toString(Arrays.copyOf(raw, 3)).replace("]", ""))
        .doesNotContain(new String(raw, 0, 8, java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  @Test
  void destroy_zeroesTheHeldBytesAndRefusesFurtherUse() {
    byte[] raw = pattern(32, 1);
    KeyMaterial k = KeyMaterial.adopt(raw);
    assertThat(k.bytes()).isEqualTo(pattern(32, 1));
    k.destroy();
    // adopt took ownership, so the test's array is the key's own copy: it must now be all zeroes.
    assertThat(raw).containsOnly(0);
    assertThatThrownBy(k::bytes).isInstanceOf(IllegalStateException.class);
    k.destroy();
    assertThat(raw).containsOnly(0);
  }

  @Test
  void close_destroysLikeDestroy() {
    byte[] raw = pattern(16, 9);
    try (KeyMaterial k = KeyMaterial.adopt(raw)) {
      assertThat(k.length()).isEqualTo(16);
    }
    assertThat(raw).containsOnly(0);
  }

  @Test
  void bytes_isACopyTheCallerMayWipe() {
    KeyMaterial k = KeyMaterial.copyOf(pattern(32, 3));
    byte[] first = k.bytes();
    Arrays.fill(first, (byte) 0);
    assertThat(k.bytes()).isEqualTo(pattern(32, 3));
  }

  @Test
  void copyOf_doesNotAliasTheCallersArray() {
    byte[] raw = pattern(32, 5);
    KeyMaterial k = KeyMaterial.copyOf(raw);
    Arrays.fill(raw, (byte) 0);
    assertThat(k.bytes()).isEqualTo(pattern(32, 5));
  }

  @Test
  void sameAs_comparesEveryByteAndTheLength() {
    KeyMaterial k = KeyMaterial.copyOf(pattern(32, 0));
    assertThat(k.sameAs(KeyMaterial.copyOf(pattern(32, 0)))).isTrue();
    for (int i : new int[] {0, 1, 15, 30, 31}) {
      byte[] other = pattern(32, 0);
      other[i] ^= 0x01;
      assertThat(k.sameAs(KeyMaterial.copyOf(other))).as("differs at %d", i).isFalse();
    }
    assertThat(k.sameAs(KeyMaterial.copyOf(pattern(31, 0)))).isFalse();
    assertThat(k.sameAs(KeyMaterial.copyOf(pattern(33, 0)))).isFalse();
    assertThat(k).isEqualTo(KeyMaterial.copyOf(pattern(32, 0))).isNotEqualTo(KeyMaterial.copyOf(pattern(32, 1)));
    assertThat(k.hashCode()).isEqualTo(KeyMaterial.copyOf(pattern(32, 0)).hashCode());
  }

  @Test
  void sameAs_destroyedKeys_isRefusedRatherThanEqualAsZeroes() {
    KeyMaterial a = KeyMaterial.copyOf(pattern(32, 1));
    KeyMaterial b = KeyMaterial.copyOf(pattern(32, 2));
    a.destroy();
    b.destroy();
    assertThatThrownBy(() -> a.sameAs(b)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> a.sameAs(KeyMaterial.copyOf(new byte[32]))).isInstanceOf(IllegalStateException.class);
    assertThat(a).isNotEqualTo(b).isEqualTo(a);
  }

  @Test
  void random_drawsTheRequestedLengthFromTheGivenSource() {
    KeyMaterial a = KeyMaterial.random(new SeededRandom(7), 32);
    KeyMaterial b = KeyMaterial.random(new SeededRandom(7), 32);
    KeyMaterial c = KeyMaterial.random(new SeededRandom(8), 32);
    assertThat(a.length()).isEqualTo(32);
    assertThat(a.sameAs(b)).isTrue();
    assertThat(a.sameAs(c)).isFalse();
    assertThat(a.bytes()).isNotEqualTo(new byte[32]);
  }
}
