package io.coffer.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Replay memory: per access key, until the request's timestamp would expire, bounded. */
class SignatureNoncesTest {
  private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
  private static final Duration WINDOW = Duration.ofMinutes(15);

  @Test
  void record_sameNonceTwice_isUsed() {
    SignatureNonces n = new SignatureNonces(10);
    assertThat(n.record("ak", "n1", T0.plus(WINDOW), T0)).isEqualTo(SignatureNonces.Outcome.FRESH);
    assertThat(n.record("ak", "n1", T0.plus(WINDOW), T0.plusSeconds(60))).isEqualTo(SignatureNonces.Outcome.USED);
  }

  @Test
  void record_sameNonceOtherKey_isFresh() {
    SignatureNonces n = new SignatureNonces(10);
    n.record("ak1", "n1", T0.plus(WINDOW), T0);
    assertThat(n.record("ak2", "n1", T0.plus(WINDOW), T0)).isEqualTo(SignatureNonces.Outcome.FRESH);
  }

  @Test
  void record_afterExpiry_isForgottenAndMemoryFreed() {
    SignatureNonces n = new SignatureNonces(10);
    n.record("ak", "n1", T0.plus(WINDOW), T0);
    n.record("ak", "n2", T0.plus(WINDOW).plusSeconds(30), T0);
    assertThat(n.record("ak", "n1", T0.plus(WINDOW).plusSeconds(120), T0.plus(WINDOW).plusSeconds(1)))
        .isEqualTo(SignatureNonces.Outcome.FRESH);
    assertThat(n.size()).isEqualTo(2);
    n.record("ak", "n3", T0.plus(WINDOW.multipliedBy(3)), T0.plus(WINDOW.multipliedBy(2)));
    assertThat(n.size()).isEqualTo(1); // only n3: n2 and both records of n1 have lapsed
  }

  @Test
  void record_atCapacity_refusesRatherThanForgets() {
    SignatureNonces n = new SignatureNonces(2);
    n.record("ak", "n1", T0.plus(WINDOW), T0);
    n.record("ak", "n2", T0.plus(WINDOW), T0);
    assertThat(n.record("ak", "n3", T0.plus(WINDOW), T0)).isEqualTo(SignatureNonces.Outcome.FULL);
    assertThat(n.record("ak", "n1", T0.plus(WINDOW), T0)).isEqualTo(SignatureNonces.Outcome.USED);
    assertThat(n.record("ak", "n3", T0.plus(WINDOW).plusSeconds(1), T0.plus(WINDOW)))
        .isEqualTo(SignatureNonces.Outcome.FRESH);
  }

  @Test
  void record_manyNonces_allFreshThenAllUsed_acrossMinuteBuckets() {
    SignatureNonces n = new SignatureNonces(1_000_000);
    for (int i = 0; i < 200_000; i++) {
      Instant expires = T0.plus(WINDOW).plusSeconds(i % 600);
      assertThat(n.record("ak", "nonce-" + i, expires, T0)).isEqualTo(SignatureNonces.Outcome.FRESH);
    }
    assertThat(n.size()).isEqualTo(200_000);
    for (int i = 0; i < 200_000; i += 7) {
      assertThat(n.record("ak", "nonce-" + i, T0.plus(WINDOW), T0.plusSeconds(1))).isEqualTo(SignatureNonces.Outcome.USED);
    }
    // Past every expiry minute, all are forgotten at once.
    assertThat(n.record("ak", "nonce-1", T0.plus(WINDOW.multipliedBy(3)), T0.plus(WINDOW.multipliedBy(2))))
        .isEqualTo(SignatureNonces.Outcome.FRESH);
    assertThat(n.size()).isEqualTo(1);
  }
}
