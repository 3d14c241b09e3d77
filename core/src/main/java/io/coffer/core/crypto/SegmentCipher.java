package io.coffer.core.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * One AEAD under one derived blob key, sealing or opening one segment per call with a 96-bit
 * nonce and a 128-bit tag and no associated data (the context is bound through key derivation, as
 * in Tink). The only class in Coffer that touches a block cipher. Not thread-safe.
 */
abstract sealed class SegmentCipher {

  /** @return bytes written to {@code out} (plaintext length + 16) */
  abstract int seal(byte[] nonce, byte[] in, int inOff, int len, byte[] out, int outOff) throws GeneralSecurityException;

  /**
   * @return plaintext bytes written to {@code out}
   * @throws AEADBadTagException when the segment does not authenticate
   */
  abstract int open(byte[] nonce, byte[] in, int inOff, int len, byte[] out, int outOff) throws GeneralSecurityException;

  /** Zeroes the key this cipher holds, where the implementation allows. */
  abstract void destroy();

  static SegmentCipher create(CipherSuite suite, byte[] blobKey) throws GeneralSecurityException {
    return switch (suite) {
      case AES_256_GCM -> new JceAesGcm(blobKey);
      case SM4_GCM -> new BcSm4Gcm(blobKey);
    };
  }

  /** AES-256-GCM through the JDK (AES-NI and CLMUL intrinsics once JIT-compiled). */
  static final class JceAesGcm extends SegmentCipher {
    private final Cipher cipher;
    private final SecretKeySpec key;

    JceAesGcm(byte[] blobKey) throws GeneralSecurityException {
      this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
      this.key = new SecretKeySpec(blobKey, "AES");
    }

    @Override
    int seal(byte[] nonce, byte[] in, int inOff, int len, byte[] out, int outOff) throws GeneralSecurityException {
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(SegmentLayout.TAG_BYTES * 8, nonce));
      return cipher.doFinal(in, inOff, len, out, outOff);
    }

    @Override
    int open(byte[] nonce, byte[] in, int inOff, int len, byte[] out, int outOff) throws GeneralSecurityException {
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(SegmentLayout.TAG_BYTES * 8, nonce));
      return cipher.doFinal(in, inOff, len, out, outOff);
    }

    @Override
    void destroy() {
      // SecretKeySpec keeps its own copy and offers no way to wipe it; the caller wiped the input.
    }
  }

  /** SM4-GCM with BouncyCastle's lightweight API (pure Java; no JCE provider needs registering). */
  static final class BcSm4Gcm extends SegmentCipher {
    private final GCMModeCipher gcm = GCMBlockCipher.newInstance(new SM4Engine());
    private final byte[] key;

    BcSm4Gcm(byte[] blobKey) {
      this.key = blobKey.clone();
    }

    @Override
    int seal(byte[] nonce, byte[] in, int inOff, int len, byte[] out, int outOff) throws GeneralSecurityException {
      return run(true, nonce, in, inOff, len, out, outOff);
    }

    @Override
    int open(byte[] nonce, byte[] in, int inOff, int len, byte[] out, int outOff) throws GeneralSecurityException {
      return run(false, nonce, in, inOff, len, out, outOff);
    }

    private int run(boolean encrypt, byte[] nonce, byte[] in, int inOff, int len, byte[] out, int outOff)
        throws GeneralSecurityException {
      gcm.init(encrypt, new AEADParameters(new KeyParameter(key), SegmentLayout.TAG_BYTES * 8, nonce));
      int n = gcm.processBytes(in, inOff, len, out, outOff);
      try {
        return n + gcm.doFinal(out, outOff + n);
      } catch (InvalidCipherTextException e) {
        throw new AEADBadTagException("SM4-GCM tag mismatch");
      }
    }

    @Override
    void destroy() {
      java.util.Arrays.fill(key, (byte) 0);
    }
  }
}
