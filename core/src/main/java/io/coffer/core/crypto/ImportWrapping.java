package io.coffer.core.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * The RSA-2048 wrapping of "bring your own key" material (KMS GetParametersForImport /
 * ImportKeyMaterial). OAEP parameters are spelled out rather than taken from transformation-name
 * defaults, which differ between providers (SunJCE's OAEPWithSHA-256 uses MGF1-SHA1).
 */
public final class ImportWrapping {
  public static final int RSA_BITS = 2048;

  /** The wrapping algorithms of the KMS API, by their wire names. */
  public enum Algorithm {
    RSAES_OAEP_SHA_256,
    RSAES_OAEP_SHA_1,
    RSAES_PKCS1_V1_5;

    public static Algorithm byWireName(String name) {
      for (Algorithm a : values()) if (a.name().equals(name)) return a;
      return null;
    }
  }

  private ImportWrapping() {}

  public static KeyPair newKeyPair(SecureRandom random) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(RSA_BITS, random);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA key generation failed", e);
    }
  }

  public static PrivateKey privateKey(byte[] pkcs8) throws KeyUnwrapException {
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException e) {
      throw new KeyUnwrapException("stored import key is damaged", e);
    }
  }

  /** @throws KeyUnwrapException if {@code wrapped} is not a valid wrapping under this key and algorithm */
  public static byte[] unwrap(Algorithm algorithm, PrivateKey key, byte[] wrapped) throws KeyUnwrapException {
    try {
      Cipher c;
      switch (algorithm) {
        case RSAES_OAEP_SHA_256 -> {
          c = Cipher.getInstance("RSA/ECB/OAEPPadding");
          c.init(Cipher.DECRYPT_MODE, key,
              new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        }
        case RSAES_OAEP_SHA_1 -> {
          c = Cipher.getInstance("RSA/ECB/OAEPPadding");
          c.init(Cipher.DECRYPT_MODE, key,
              new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT));
        }
        case RSAES_PKCS1_V1_5 -> {
          c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
          c.init(Cipher.DECRYPT_MODE, key);
        }
        default -> throw new KeyUnwrapException("unknown wrapping algorithm");
      }
      return c.doFinal(wrapped);
    } catch (GeneralSecurityException e) {
      throw new KeyUnwrapException("imported key material does not unwrap", e);
    }
  }
}
