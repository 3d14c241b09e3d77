package io.coffer.core.crypto;

import java.io.IOException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

/**
 * A root key held in a PKCS#11 token (an HSM, or SoftHSM2 in tests) through the JDK's SunPKCS11
 * provider. The key is a non-extractable AES-256 token object; wrapping runs inside the token with
 * AES-GCM (SunPKCS11 offers no AES key wrap for such tokens).
 */
public final class Pkcs11RootKey implements RootKey {
  private final Provider provider;
  private final Key key;
  private final String label;
  private final SecureRandom random;

  private Pkcs11RootKey(Provider provider, Key key, String label, SecureRandom random) {
    this.provider = provider;
    this.key = key;
    this.label = label;
    this.random = random;
  }

  /** The token holds no key under the configured label, and {@code create} was false. */
  public static final class MissingKeyException extends IOException {
    MissingKeyException(String message) {
      super(message);
    }
  }

  /**
   * @param library the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so
   * @param slotId the token's slot id, or null to use {@code slotListIndex}
   * @param slotListIndex which slot of the module's list, when {@code slotId} is null
   * @param pin the user PIN (never logged)
   * @param label the key's alias in the token
   * @param create whether a missing key may be generated (only when no encrypted data exists)
   * @throws IOException with a message for people when the token, PIN or key is not usable
   * @throws MissingKeyException when the token has no such key and {@code create} is false
   */
  public static Pkcs11RootKey open(String library, Integer slotId, int slotListIndex, char[] pin, String label,
      boolean create, SecureRandom random) throws IOException {
    String slot = slotId != null ? "slot " + slotId : "slot list index " + slotListIndex;
    String config = "--name=coffer-" + Integer.toHexString(System.identityHashCode(label)) + "\n"
        + "library=" + library + "\n"
        + (slotId != null ? "slot=" + slotId : "slotListIndex=" + slotListIndex) + "\n";
    Provider base = Security.getProvider("SunPKCS11");
    if (base == null) throw new IOException("this JDK has no SunPKCS11 provider");
    Provider p;
    try {
      p = base.configure(config);
    } catch (RuntimeException e) {
      throw new IOException("cannot use PKCS#11 module " + library + " at " + slot + ": " + reason(e), e);
    }
    KeyStore ks;
    try {
      ks = KeyStore.getInstance("PKCS11", p);
      ks.load(null, pin);
    } catch (Exception e) {
      throw new IOException("cannot log in to the PKCS#11 token at " + slot + ": " + reason(e), e);
    }
    try {
      Key k = ks.getKey(label, null);
      if (k == null) {
        if (!create) throw new MissingKeyException("the PKCS#11 token at " + slot + " has no key labelled '" + label + "'");
        KeyGenerator g = KeyGenerator.getInstance("AES", p);
        g.init(256);
        SecretKey generated = g.generateKey();
        ks.setKeyEntry(label, generated, null, null);
        k = ks.getKey(label, null);
      }
      return new Pkcs11RootKey(p, k, label, random);
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot use the PKCS#11 token at " + slot + ": " + reason(e), e);
    }
  }

  /**
   * SunPKCS11 reports token failures as generic exceptions ("load failed", "Initialization
   * failed") with the token's CKR_ code deep in the causes; operators need that code.
   */
  static String reason(Throwable e) {
    String deepest = null;
    String code = null;
    for (Throwable c = e; c != null; c = c.getCause()) {
      String m = c.getMessage();
      if (m == null || m.isBlank()) continue;
      deepest = m;
      if (m.startsWith("CKR_")) code = m.split("[^A-Z0-9_]", 2)[0];
    }
    if (code == null) return deepest != null ? deepest : e.getClass().getSimpleName();
    return switch (code) {
      case "CKR_PIN_INCORRECT", "CKR_PIN_LEN_RANGE", "CKR_PIN_INVALID" -> "the token refused the PIN (" + code + ")";
      case "CKR_PIN_LOCKED" -> "the token's user PIN is locked (" + code + ")";
      case "CKR_USER_PIN_NOT_INITIALIZED" -> "the token has no user PIN yet (" + code + ")";
      case "CKR_TOKEN_NOT_RECOGNIZED", "CKR_TOKEN_NOT_PRESENT" -> "no initialized token in that slot (" + code + ")";
      case "CKR_SLOT_ID_INVALID" -> "the module has no such slot (" + code + ")";
      default -> code;
    };
  }

  @Override
  public byte[] wrap(byte[] k, byte[] context) {
    return AesGcmWrap.wrap(key, provider, k, context, random);
  }

  @Override
  public byte[] unwrap(byte[] wrapped, byte[] context) throws KeyUnwrapException {
    return AesGcmWrap.unwrap(key, provider, wrapped, context);
  }

  @Override
  public String describe() {
    return "PKCS#11 key '" + label + "' (" + provider.getName() + ")";
  }

  @Override
  public void close() {
    // The token keeps the key; the provider session ends with the JVM.
  }
}
