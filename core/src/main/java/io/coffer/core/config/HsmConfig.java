package io.coffer.core.config;

import java.util.Arrays;

/**
 * A PKCS#11 token holding the root key.
 *
 * @param library the PKCS#11 module (e.g. /usr/lib/softhsm/libsofthsm2.so)
 * @param slotListIndex which of the module's tokens
 * @param keyLabel the root key's alias in the token
 * @param pin the token's user PIN; never printed
 */
public record HsmConfig(String library, int slotListIndex, String keyLabel, char[] pin) {
  public HsmConfig {
    if (library == null || library.isBlank()) throw new IllegalArgumentException("the HSM library is required");
    if (slotListIndex < 0) throw new IllegalArgumentException("slot list index must not be negative");
    if (keyLabel == null || keyLabel.isBlank()) throw new IllegalArgumentException("the HSM key label is required");
    if (pin == null || pin.length == 0) throw new IllegalArgumentException("the HSM PIN is required (COFFER_HSM_PIN)");
    pin = pin.clone();
  }

  @Override
  public char[] pin() {
    return pin.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HsmConfig h && library.equals(h.library) && slotListIndex == h.slotListIndex
        && keyLabel.equals(h.keyLabel) && Arrays.equals(pin, h.pin);
  }

  @Override
  public int hashCode() {
    return library.hashCode() * 31 + keyLabel.hashCode();
  }

  @Override
  public String toString() {
    return "HsmConfig[library=" + library + ", slotListIndex=" + slotListIndex + ", keyLabel=" + keyLabel
        + ", pin=<redacted>]";
  }
}
