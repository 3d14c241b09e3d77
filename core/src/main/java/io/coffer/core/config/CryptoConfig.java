package io.coffer.core.config;

/**
 * Key hierarchy settings.
 *
 * @param masterKeyRotationDays rotate the SSE-OSS master key when the current one is this old
 *     (checked at start and hourly); 0 turns scheduled rotation off
 * @param hsm where the root key lives when it is in an HSM, or null for {@code keys/root.key}
 */
public record CryptoConfig(int masterKeyRotationDays, HsmConfig hsm) {
  public static final int DEFAULT_ROTATION_DAYS = 90;

  public CryptoConfig {
    if (masterKeyRotationDays < 0 || masterKeyRotationDays > 36500) {
      throw new IllegalArgumentException("masterKeyRotationDays must be between 0 and 36500");
    }
  }

  public static CryptoConfig defaults() {
    return new CryptoConfig(DEFAULT_ROTATION_DAYS, null);
  }
}
