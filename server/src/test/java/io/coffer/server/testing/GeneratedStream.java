package io.coffer.server.testing;

import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A long, deterministic pseudo-random byte stream that is never held in memory: byte {@code i} is a
 * pure function of the seed and {@code i}, so a second instance with the same seed regenerates the
 * same bytes for comparison. Generated in 64 KiB blocks (SplitMix64), far faster than the network.
 */
public final class GeneratedStream extends InputStream {
  private static final int BLOCK_BYTES = 64 * 1024;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final long length;
  private final long seed;
  private final byte[] block = new byte[BLOCK_BYTES];
  private long blockIndex = -1;
  private long pos;

  public GeneratedStream(long length, long seed) {
    this.length = length;
    this.seed = seed;
  }

  public long position() {
    return pos;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (len == 0) return 0;
    if (pos >= length) return -1;
    long index = pos / BLOCK_BYTES;
    if (index != blockIndex) fill(index);
    int at = (int) (pos % BLOCK_BYTES);
    int n = (int) Math.min(Math.min(len, BLOCK_BYTES - at), length - pos);
    System.arraycopy(block, at, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public long skip(long n) {
    long k = Math.max(0, Math.min(n, length - pos));
    pos += k;
    return k;
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, length - pos);
  }

  private void fill(long index) {
    long x = seed + index * (BLOCK_BYTES / 8);
    for (int i = 0; i < BLOCK_BYTES; i += 8) {
      long z = (x += 0x9E3779B97F4A7C15L);
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      LONGS.set(block, i, z ^ (z >>> 31));
    }
    blockIndex = index;
  }
}
