package io.coffer.core.crypto;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.testing.SeededRandom;
import org.junit.jupiter.api.Test;

class CryptoWarmupTest {

  @Test
  void run_healthyCrypto_completes() {
    assertThatCode(() -> CryptoWarmup.run(new SeededRandom(1), 2, 60_000)).doesNotThrowAnyException();
  }

  @Test
  void run_gcmReturningWrongPlaintext_stopsStartUp() throws Exception {
    try (AutoCloseable faulty = FaultyGcmProvider.install(FaultyGcmProvider.Fault.FLIP_PLAINTEXT)) {
      assertThatThrownBy(() -> CryptoWarmup.run(new SeededRandom(2), 1, 60_000))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("crypto self-test failed for AES_256_GCM");
    }
  }

  @Test
  void run_gcmReturningShortPlaintext_stopsStartUpWithTheSelfTestMessage() throws Exception {
    try (AutoCloseable faulty = FaultyGcmProvider.install(FaultyGcmProvider.Fault.SHORT_PLAINTEXT)) {
      assertThatThrownBy(() -> CryptoWarmup.run(new SeededRandom(3), 1, 60_000))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("crypto self-test failed for AES_256_GCM");
    }
  }

  @Test
  void run_gcmSealingDamagedCiphertext_stopsStartUp() throws Exception {
    try (AutoCloseable faulty = FaultyGcmProvider.install(FaultyGcmProvider.Fault.FLIP_CIPHERTEXT)) {
      assertThatThrownBy(() -> CryptoWarmup.run(new SeededRandom(4), 1, 60_000))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("crypto self-test failed for AES_256_GCM")
          .hasCauseInstanceOf(SealedBlobException.class);
    }
  }

  @Test
  void run_noWarmUpBudget_stillSelfTestsAes() throws Exception {
    try (AutoCloseable faulty = FaultyGcmProvider.install(FaultyGcmProvider.Fault.FLIP_PLAINTEXT)) {
      assertThatThrownBy(() -> CryptoWarmup.run(new SeededRandom(5), 0, 0))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("crypto self-test failed for AES_256_GCM");
    }
  }
}
