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

  /**
   * @param library the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so
   * @param slotListIndex which token of the module
   * @param pin the user PIN (never logged)
   * @param label the key's alias in the token
   * @param create whether a missing key may be generated (only when no encrypted data exists)
   * @throws IOException with a message for people when the token, PIN or key is not usable
   */
  public static Pkcs11RootKey open(String library, int slotListIndex, char[] pin, String label, boolean create,
      SecureRandom random) throws IOException {
    String config = "--name=coffer-" + Integer.toHexString(System.identityHashCode(label)) + "\n"
        + "library=" + library + "\n" + "slotListIndex=" + slotListIndex + "\n";
    Provider base = Security.getProvider("SunPKCS11");
    if (base == null) throw new IOException("this JDK has no SunPKCS11 provider");
    Provider p;
    try {
      p = base.configure(config);
    } catch (RuntimeException e) {
      throw new IOException("cannot load PKCS#11 module " + library + ": " + e.getMessage(), e);
    }
    try {
      KeyStore ks = KeyStore.getInstance("PKCS11", p);
      ks.load(null, pin);
      Key k = ks.getKey(label, null);
      if (k == null) {
        if (!create) throw new IOException("the PKCS#11 token has no key labelled '" + label + "'");
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
      throw new IOException("cannot use the PKCS#11 token: " + e.getMessage(), e);
    }
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
