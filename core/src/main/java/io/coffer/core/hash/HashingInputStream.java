package io.coffer.core.hash;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Passes a plaintext stream through while computing its MD5, CRC-64 and length. Optionally stops
 * the stream once more than {@code maxBytes} went by. Closing closes the wrapped stream.
 */
public final class HashingInputStream extends FilterInputStream {
  private final MessageDigest md5;
  private final Crc64 crc = new Crc64();
  private final long maxBytes;
  private long count;

  public HashingInputStream(InputStream in, long maxBytes) {
    super(in);
    this.maxBytes = maxBytes;
    try {
      this.md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every JDK", e);
    }
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      md5.update((byte) b);
      crc.update(b);
      account(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      md5.update(b, off, n);
      crc.update(b, off, n);
      account(n);
    }
    return n;
  }

  private void account(int n) throws IOException {
    count += n;
    if (count > maxBytes) throw new TooLargeException();
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("skip would bypass the digest");
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Valid once the stream reached its end. */
  public PlaintextDigest digest() {
    return new PlaintextDigest(count, md5.digest(), crc.value());
  }

  /** Thrown from read when the stream is longer than allowed. */
  public static final class TooLargeException extends IOException {
    public TooLargeException() {
      super("stream exceeds its size limit");
    }
  }
}
