package io.coffer.core.crypto;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.CipherSpi;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.ShortBufferException;

/**
 * A JCE provider whose AES/GCM is the JDK's with one injected fault, standing in for a broken
 * provider or a miscompiled intrinsic. Installed first in the provider list for the duration of a
 * test ({@link #install}), so {@code Cipher.getInstance("AES/GCM/NoPadding")} picks it.
 */
final class FaultyGcmProvider extends Provider {
  enum Fault {
    /** Decryption authenticates, then returns plaintext with one bit flipped. */
    FLIP_PLAINTEXT,
    /** Encryption writes ciphertext with one bit flipped after sealing. */
    FLIP_CIPHERTEXT,
    /** Decryption returns one byte less than it opened. */
    SHORT_PLAINTEXT
  }

  private static volatile Fault fault;

  private FaultyGcmProvider() {
    super("CofferFaultyGcm", "1", "AES/GCM with an injected fault (tests only)");
    put("Cipher.AES/GCM/NoPadding", Spi.class.getName());
  }

  /** Puts the provider first until the returned handle is closed. */
  static AutoCloseable install(Fault f) {
    fault = f;
    FaultyGcmProvider p = new FaultyGcmProvider();
    Security.insertProviderAt(p, 1);
    return () -> Security.removeProvider(p.getName());
  }

  public static final class Spi extends CipherSpi {
    private final Cipher real;
    private int mode;

    public Spi() throws GeneralSecurityException {
      real = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
    }

    private int corrupt(byte[] out, int off, int n) {
      Fault f = fault;
      if (n == 0) return n;
      if (mode == Cipher.DECRYPT_MODE && f == Fault.FLIP_PLAINTEXT) out[off + n / 2] ^= 0x04;
      if (mode == Cipher.ENCRYPT_MODE && f == Fault.FLIP_CIPHERTEXT) out[off] ^= 0x04;
      if (mode == Cipher.DECRYPT_MODE && f == Fault.SHORT_PLAINTEXT) return n - 1;
      return n;
    }

    @Override
    protected void engineSetMode(String m) throws java.security.NoSuchAlgorithmException {
      if (!m.equalsIgnoreCase("GCM")) throw new java.security.NoSuchAlgorithmException(m);
    }

    @Override
    protected void engineSetPadding(String p) throws NoSuchPaddingException {
      if (!p.equalsIgnoreCase("NoPadding")) throw new NoSuchPaddingException(p);
    }

    @Override
    protected int engineGetBlockSize() {
      return real.getBlockSize();
    }

    @Override
    protected int engineGetOutputSize(int inputLen) {
      return real.getOutputSize(inputLen);
    }

    @Override
    protected byte[] engineGetIV() {
      return real.getIV();
    }

    @Override
    protected AlgorithmParameters engineGetParameters() {
      return real.getParameters();
    }

    @Override
    protected void engineInit(int opmode, Key key, SecureRandom random) throws InvalidKeyException {
      mode = opmode;
      real.init(opmode, key, random);
    }

    @Override
    protected void engineInit(int opmode, Key key, AlgorithmParameterSpec params, SecureRandom random)
        throws InvalidKeyException, InvalidAlgorithmParameterException {
      mode = opmode;
      real.init(opmode, key, params, random);
    }

    @Override
    protected void engineInit(int opmode, Key key, AlgorithmParameters params, SecureRandom random)
        throws InvalidKeyException, InvalidAlgorithmParameterException {
      mode = opmode;
      real.init(opmode, key, params, random);
    }

    @Override
    protected void engineUpdateAAD(byte[] src, int offset, int len) {
      real.updateAAD(src, offset, len);
    }

    @Override
    protected byte[] engineUpdate(byte[] input, int inputOffset, int inputLen) {
      return real.update(input, inputOffset, inputLen);
    }

    @Override
    protected int engineUpdate(byte[] input, int inputOffset, int inputLen, byte[] output, int outputOffset)
        throws ShortBufferException {
      return real.update(input, inputOffset, inputLen, output, outputOffset);
    }

    @Override
    protected byte[] engineDoFinal(byte[] input, int inputOffset, int inputLen)
        throws IllegalBlockSizeException, BadPaddingException {
      byte[] out = real.doFinal(input, inputOffset, inputLen);
      return java.util.Arrays.copyOf(out, corrupt(out, 0, out.length));
    }

    @Override
    protected int engineDoFinal(byte[] input, int inputOffset, int inputLen, byte[] output, int outputOffset)
        throws ShortBufferException, IllegalBlockSizeException, BadPaddingException {
      return corrupt(output, outputOffset, real.doFinal(input, inputOffset, inputLen, output, outputOffset));
    }
  }
}
