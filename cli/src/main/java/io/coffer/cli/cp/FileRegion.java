package io.coffer.cli.cp;

import com.aliyun.oss.common.utils.CRC64;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reading a byte range of a file shared by parts in flight: positional reads never move a shared
 * position, so one channel serves every part without locking.
 */
final class FileRegion {
  private static final int BUFFER_BYTES = 64 * 1024;

  private FileRegion() {}

  /**
   * A stream over {@code [offset, offset + length)} that supports mark/reset, so the SDK can resend
   * it on a retry without buffering the part in memory. The caller closes it; closing does not
   * close the channel.
   */
  static InputStream stream(FileChannel channel, long offset, long length) {
    return new InputStream() {
      private long pos = offset;
      private long mark = offset;
      private final long end = offset + length;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (pos >= end) return -1;
        int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - pos)), pos);
        if (n < 0) throw new IOException("file shrank while it was read (at byte " + pos + ")");
        pos += n;
        return n;
      }

      @Override
      public long skip(long n) {
        long s = Math.max(0, Math.min(n, end - pos));
        pos += s;
        return s;
      }

      @Override
      public int available() {
        return (int) Math.min(Integer.MAX_VALUE, end - pos);
      }

      @Override
      public boolean markSupported() {
        return true;
      }

      @Override
      public synchronized void mark(int readLimit) {
        mark = pos;
      }

      @Override
      public synchronized void reset() {
        pos = mark;
      }
    };
  }

  /** CRC-64/ECMA of {@code [offset, offset + length)} of the file. */
  static long crc64(FileChannel channel, long offset, long length) throws IOException {
    CRC64 crc = new CRC64();
    ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES);
    long pos = offset;
    long end = offset + length;
    while (pos < end) {
      buf.clear().limit((int) Math.min(BUFFER_BYTES, end - pos));
      int n = channel.read(buf, pos);
      if (n < 0) throw new IOException("file is shorter than expected (at byte " + pos + ")");
      crc.update(buf.array(), 0, n);
      pos += n;
    }
    return crc.getValue();
  }
}
