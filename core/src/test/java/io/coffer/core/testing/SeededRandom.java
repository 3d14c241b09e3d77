package io.coffer.core.testing;

import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * A repeatable "secure" random for tests: the same seed gives the same keys, salts and blob ids,
 * so a failing run can be replayed. Never for production use.
 */
public final class SeededRandom extends SecureRandom {
  private final SplittableRandom random;

  public SeededRandom(long seed) {
    super(new byte[0]);
    this.random = new SplittableRandom(seed);
  }

  @Override
  public synchronized void nextBytes(byte[] bytes) {
    random.nextBytes(bytes);
  }

  @Override
  public void setSeed(long seed) {
    // SecureRandom's constructor calls this before the field exists; a seeded source ignores re-seeding.
  }

  @Override
  public void setSeed(byte[] seed) {}
}
