package io.coffer.core.object;

import io.coffer.core.crypto.CipherSuite;
import io.coffer.core.crypto.KeyMaterial;

/**
 * The cipher and unwrapped data key an object's blobs are sealed with. Whoever holds a DataSeal
 * owns the key and destroys it when done; a read stream given one destroys it on close.
 */
public record DataSeal(CipherSuite suite, KeyMaterial key) implements AutoCloseable {
  @Override
  public void close() {
    key.destroy();
  }
}
