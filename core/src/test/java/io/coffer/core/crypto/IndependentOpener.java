package io.coffer.core.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * A second, deliberately separate reading of docs/crypto-format.md: RFC 5869 HKDF written out
 * with the JDK's HMAC, and the segment ciphers through JCE (SunJCE for AES, BouncyCastle's JCE
 * provider for SM4) — none of the production crypto classes. Used to check the known-answer
 * vectors against the spec rather than against the code that produced them.
 */
final class IndependentOpener {
  private IndependentOpener() {}

  static byte[] open(byte[] dataKey, byte[] context, byte[] blob) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(blob);
    byte[] prefix = new byte[12];
    b.get(prefix);
    int suiteId = prefix[5];
    int keyBytes = suiteId == 1 ? 32 : 16;
    int segSize = ByteBuffer.wrap(prefix, 8, 4).getInt();
    int headerLen = b.get() & 0xff;
    if (headerLen != 1 + keyBytes + 7) throw new IllegalStateException("header length");
    byte[] salt = new byte[keyBytes];
    byte[] noncePrefix = new byte[7];
    b.get(salt).get(noncePrefix);
    byte[] info = Arrays.copyOf(prefix, prefix.length + context.length);
    System.arraycopy(context, 0, info, prefix.length, context.length);
    byte[] key = hkdfSha256(dataKey, salt, info, keyBytes);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int first = segSize - 12 - headerLen; // ciphertext bytes of segment 0
    int index = 0;
    while (true) {
      int len = Math.min(index == 0 ? first : segSize, b.remaining());
      boolean last = b.remaining() == len;
      byte[] seg = new byte[len];
      b.get(seg);
      byte[] nonce = ByteBuffer.allocate(12).put(noncePrefix).putInt(index).put((byte) (last ? 1 : 0)).array();
      Cipher c = suiteId == 1 ? Cipher.getInstance("AES/GCM/NoPadding")
          : Cipher.getInstance("SM4/GCM/NoPadding", new BouncyCastleProvider());
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, suiteId == 1 ? "AES" : "SM4"), new GCMParameterSpec(128, nonce));
      out.write(c.doFinal(seg));
      if (last) return out.toByteArray();
      index++;
    }
  }

  static byte[] hkdfSha256(byte[] ikm, byte[] salt, byte[] info, int length) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(salt, "HmacSHA256"));
    byte[] prk = mac.doFinal(ikm);
    mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    ByteArrayOutputStream okm = new ByteArrayOutputStream();
    byte[] t = new byte[0];
    for (int i = 1; okm.size() < length; i++) {
      mac.update(t);
      mac.update(info);
      mac.update((byte) i);
      t = mac.doFinal();
      okm.write(t);
    }
    return Arrays.copyOf(okm.toByteArray(), length);
  }
}
