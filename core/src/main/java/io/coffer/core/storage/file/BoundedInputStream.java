package io.coffer.core.storage.file;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads exactly {@code remaining} bytes from the wrapped stream, failing if it ends early. */
final class BoundedInputStream extends FilterInputStream {
  private long remaining;

  BoundedInputStream(InputStream in, long remaining) {
    super(in);
    this.remaining = remaining;
  }

  @Override
  public int read() throws IOException {
    if (remaining <= 0) return -1;
    int b = in.read();
    if (b < 0) throw new EOFException("blob ended early");
    remaining--;
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (remaining <= 0) return -1;
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) throw new EOFException("blob ended early");
    remaining -= n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long s = in.skip(Math.min(n, remaining));
    remaining -= s;
    return s;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(in.available(), remaining);
  }
}
