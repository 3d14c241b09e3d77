package io.coffer.core.hash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Crc64Test {

  @Test
  void knownAnswers_matchOssClientCheckValues() throws Exception {
    JsonNode doc;
    try (InputStream in = Crc64Test.class.getResourceAsStream("/vectors/crc64-xz.json")) {
      doc = new ObjectMapper().readTree(in);
    }
    List<String> failures = new ArrayList<>();
    for (JsonNode c : doc.get("cases")) {
      byte[] input = c.get("input").asText().getBytes(StandardCharsets.UTF_8);
      String expected = c.get("expected").asText();
      String oneShot = Crc64.toUnsignedString(Crc64.update(0, input, 0, input.length));
      Crc64 byByte = new Crc64();
      for (byte b : input) byByte.update(b);
      if (!oneShot.equals(expected)) failures.add(c.get("id").asText() + ": got " + oneShot);
      if (!Crc64.toUnsignedString(byByte.value()).equals(expected)) failures.add(c.get("id").asText() + " (bytewise)");
    }
    assertThat(doc.get("cases")).hasSizeGreaterThanOrEqualTo(5);
    assertThat(failures).isEmpty();
  }

  @Test
  void checkValue_isTheCrc64XzCatalogueValue() {
    byte[] b = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertThat(Crc64.update(0, b, 0, b.length)).isEqualTo(0x995DC9BBDF1939FAL);
  }

  static LongStream sizes() {
    return LongStream.of(0, 1, 7, 8, 9, 15, 16, 17, 65535, 65536, 65537);
  }

  /** Slicing-by-8 must agree with the one-byte-at-a-time table walk at every length and offset. */
  @ParameterizedTest
  @MethodSource("sizes")
  void update_slicedAndBytewise_agree(long size) {
    byte[] data = random(size, 11);
    Crc64 bytewise = new Crc64();
    for (byte b : data) bytewise.update(b);
    assertThat(Crc64.update(0, data, 0, data.length)).isEqualTo(bytewise.value());
    if (data.length > 3) {
      Crc64 inner = new Crc64();
      for (int i = 1; i < data.length - 2; i++) inner.update(data[i]);
      assertThat(Crc64.update(0, data, 1, data.length - 3)).isEqualTo(inner.value());
    }
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void streaming_continuedFromEarlierCrc_equalsWholeCrc(long size) {
    byte[] data = random(size, 23);
    Random r = new Random(size * 31 + 7);
    int split = data.length == 0 ? 0 : r.nextInt(data.length + 1);
    Crc64 c = new Crc64();
    c.update(data, 0, split);
    Crc64 continued = new Crc64(c.value());
    continued.update(data, split, data.length - split);
    assertThat(continued.value()).isEqualTo(Crc64.update(0, data, 0, data.length));
  }

  /** crc(A‖B) == combine(crc(A), crc(B), len(B)) for seeded random split points. */
  @ParameterizedTest
  @MethodSource("sizes")
  void combine_ofRandomSplits_equalsCrcOfConcatenation(long size) {
    byte[] data = random(size, 42);
    long whole = Crc64.update(0, data, 0, data.length);
    Random r = new Random(size);
    List<Integer> splits = new ArrayList<>(List.of(0, data.length));
    for (int i = 0; i < 8; i++) splits.add(data.length == 0 ? 0 : r.nextInt(data.length + 1));
    for (int split : splits) {
      long a = Crc64.update(0, data, 0, split);
      long b = Crc64.update(0, data, split, data.length - split);
      assertThat(Crc64.combine(a, b, data.length - split)).as("split at %d of %d", split, data.length).isEqualTo(whole);
    }
  }

  @Test
  void combine_foldedOverManyParts_equalsCrcOfConcatenation() {
    byte[] data = random(200_000, 5);
    Random r = new Random(99);
    long folded = 0;
    int pos = 0;
    while (pos < data.length) {
      int len = Math.min(data.length - pos, r.nextInt(40_000));
      folded = Crc64.combine(folded, Crc64.update(0, data, pos, len), len);
      pos += len;
    }
    assertThat(folded).isEqualTo(Crc64.update(0, data, 0, data.length));
  }

  @Test
  void combine_withEmptyFirstPart_isTheSecondCrc() {
    byte[] b = random(1000, 3);
    long crc = Crc64.update(0, b, 0, b.length);
    assertThat(Crc64.combine(0, crc, b.length)).isEqualTo(crc);
  }

  @Test
  void toUnsignedString_ofHighBitCrc_isUnsignedDecimal() {
    assertThat(Crc64.toUnsignedString(0x995DC9BBDF1939FAL)).isEqualTo("11051210869376104954");
    assertThat(Crc64.toUnsignedString(-1L)).isEqualTo("18446744073709551615");
  }

  private static byte[] random(long size, long seed) {
    byte[] b = new byte[(int) size];
    new Random(seed).nextBytes(b);
    return b;
  }
}
