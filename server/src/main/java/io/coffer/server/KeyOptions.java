package io.coffer.server;

import io.coffer.core.config.CryptoConfig;
import io.coffer.core.config.HsmConfig;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the root key lives and how often the SSE-OSS master key rotates: shared by {@code serve}
 * and the {@code admin} commands, which must open the same key hierarchy. The HSM PIN comes from
 * the environment ({@code COFFER_HSM_PIN}), never from a flag that would show in process lists.
 */
public final class KeyOptions {
  public static final String PIN_VARIABLE = "COFFER_HSM_PIN";

  @Option(names = "--master-key-rotation-days",
      description = "Rotate the SSE-OSS master key when it is this many days old; 0 = never (default: ${DEFAULT-VALUE}).")
  int masterKeyRotationDays = CryptoConfig.DEFAULT_ROTATION_DAYS;

  @Option(names = "--hsm-library", description = "PKCS#11 module holding the root key (e.g. /usr/lib/softhsm/libsofthsm2.so); "
      + "without it the root key is <data-dir>/keys/root.key. The PIN is read from $" + PIN_VARIABLE + ".")
  String hsmLibrary;

  @Option(names = "--hsm-slot-index", description = "Which token of the PKCS#11 module by position in its slot list "
      + "(default: ${DEFAULT-VALUE}); positions can change when tokens are added, so prefer --hsm-slot.")
  int hsmSlotIndex = 0;

  @Option(names = "--hsm-slot", description = "Which token of the PKCS#11 module by slot id (as softhsm2-util "
      + "--show-slots or pkcs11-tool -L print it); overrides --hsm-slot-index.")
  Integer hsmSlot;

  @Option(names = "--hsm-key-label", description = "Label of the root key in the token (default: ${DEFAULT-VALUE}).")
  String hsmKeyLabel = "coffer-root-key";

  CryptoConfig crypto(Map<String, String> env) {
    HsmConfig hsm = null;
    if (hsmLibrary != null) {
      String pin = env.get(PIN_VARIABLE);
      if (pin == null || pin.isEmpty()) {
        throw new IllegalStateException("--hsm-library needs the token PIN in $" + PIN_VARIABLE);
      }
      try {
        hsm = new HsmConfig(hsmLibrary, hsmSlot, hsmSlotIndex, hsmKeyLabel, pin.toCharArray());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
    try {
      return new CryptoConfig(masterKeyRotationDays, hsm);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
