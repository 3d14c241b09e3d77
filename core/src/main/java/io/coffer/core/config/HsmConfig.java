package io.coffer.core.config;

import java.util.Arrays;
import java.util.Objects;

/**
 * A PKCS#11 token holding the root key.
 *
 * @param library the PKCS#11 module (e.g. /usr/lib/softhsm/libsofthsm2.so)
 * @param slotId the token's PKCS#11 slot id, or null to pick the token by {@code slotListIndex};
 *     slot ids stay with their token, while list positions can change when tokens are added
 * @param slotListIndex which of the module's slots, when {@code slotId} is null
 * @param keyLabel the root key's alias in the token
 * @param pin the token's user PIN; never printed
 */
public record HsmConfig(String library, Integer slotId, int slotListIndex, String keyLabel, char[] pin) {
  public HsmConfig {
    if (library == null || library.isBlank()) throw new IllegalArgumentException("the HSM library is required");
    if (slotId != null && slotId < 0) throw new IllegalArgumentException("the HSM slot id must not be negative");
    if (slotListIndex < 0) throw new IllegalArgumentException("the HSM slot list index must not be negative");
    if (keyLabel == null || keyLabel.isBlank()) throw new IllegalArgumentException("the HSM key label is required");
    if (pin == null || pin.length == 0) throw new IllegalArgumentException("the HSM PIN is required (COFFER_HSM_PIN)");
    pin = pin.clone();
  }

  /** A token chosen by its position in the module's slot list. */
  public HsmConfig(String library, int slotListIndex, String keyLabel, char[] pin) {
    this(library, null, slotListIndex, keyLabel, pin);
  }

  @Override
  public char[] pin() {
    return pin.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HsmConfig h && library.equals(h.library) && Objects.equals(slotId, h.slotId)
        && slotListIndex == h.slotListIndex && keyLabel.equals(h.keyLabel) && Arrays.equals(pin, h.pin);
  }

  @Override
  public int hashCode() {
    return library.hashCode() * 31 + keyLabel.hashCode();
  }

  @Override
  public String toString() {
    return "HsmConfig[library=" + library + ", slotId=" + slotId + ", slotListIndex=" + slotListIndex + ", keyLabel="
        + keyLabel + ", pin=<redacted>]";
  }
}
