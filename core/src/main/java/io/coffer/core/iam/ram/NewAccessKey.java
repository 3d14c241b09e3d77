package io.coffer.core.iam.ram;

/**
 * What CreateAccessKey hands back once: the key and its secret in the clear. Nothing else ever
 * returns the secret; {@link #toString()} does not show it.
 */
public record NewAccessKey(RamAccessKey key, String secret) {
  @Override
  public String toString() {
    return "NewAccessKey[" + key + ", secret=<redacted>]";
  }
}
