package io.coffer.core.object;

import static org.assertj.core.api.Assertions.assertThat;

import io.coffer.core.model.BlobId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadPinsTest {
  private static final BlobId X = new BlobId("0123456789abcdef0123456789abcdef");
  private static final BlobId Y = new BlobId("fedcba9876543210fedcba9876543210");

  @Test
  void retire_withoutReaders_isDeletableAtOnce() {
    ReadPins pins = new ReadPins();
    assertThat(pins.retire(List.of(X))).containsExactly(X);
  }

  @Test
  void retire_whileAReadIsPinned_waitsForThatRead() {
    ReadPins pins = new ReadPins();
    long read = pins.pin();
    assertThat(pins.retire(List.of(X))).isEmpty();
    assertThat(pins.unpin(read)).containsExactly(X);
    assertThat(pins.retire(List.of(Y))).containsExactly(Y);
  }

  @Test
  void readPinnedAfterRetire_doesNotHoldTheRetiredBlob() {
    ReadPins pins = new ReadPins();
    long old = pins.pin();
    assertThat(pins.retire(List.of(X))).isEmpty();
    long later = pins.pin();
    assertThat(pins.unpin(old)).containsExactly(X);
    assertThat(pins.retire(List.of(Y))).isEmpty();
    assertThat(pins.unpin(later)).containsExactly(Y);
  }

  @Test
  void laterReadEndingFirst_releasesNothingTheOlderReadMayOpen() {
    ReadPins pins = new ReadPins();
    long old = pins.pin();
    assertThat(pins.retire(List.of(X))).isEmpty();
    long later = pins.pin();
    assertThat(pins.retire(List.of(Y))).isEmpty();
    assertThat(pins.unpin(later)).isEmpty();
    assertThat(pins.unpin(old)).containsExactly(X, Y);
  }

  @Test
  void twoReadsOfOneEpoch_bothMustEnd() {
    ReadPins pins = new ReadPins();
    long a = pins.pin();
    long b = pins.pin();
    assertThat(pins.retire(List.of(X))).isEmpty();
    assertThat(pins.unpin(a)).isEmpty();
    assertThat(pins.unpin(b)).containsExactly(X);
  }
}
