package io.coffer.core.audit;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The lines of a file from the last to the first, read in blocks from the end, so the newest
 * audit events come first without reading the whole file. Splitting on the byte {@code '\n'} is
 * safe in UTF-8 (it never occurs inside a multi-byte character). Memory is bounded: a line longer
 * than {@code maxLine} bytes is returned as {@link #OVERLONG} without its content.
 *
 * <p>Reads the channel up to the size it had when this reader was made; bytes appended later are
 * not seen. The text after the file's last newline (a line still being written) is returned
 * first, as any other line; callers that parse lines reject it if it is incomplete.
 */
final class ReverseLines implements Closeable {
  /** Stands for a line longer than the limit; compared by identity. */
  static final byte[] OVERLONG = new byte[0];
  private static final int BLOCK = 64 * 1024;

  private final FileChannel channel;
  private final int maxLine;
  private final ByteBuffer block = ByteBuffer.allocate(BLOCK);
  /** Where in the file {@link #block} starts. */
  private long blockStart;
  /** Bytes of {@link #block} not yet handed out: {@code [0, end)}. */
  private int end;
  /** Pieces of the current line found in later blocks, first piece first. */
  private final Deque<byte[]> tail = new ArrayDeque<>();
  private int tailLength;
  private boolean tailOverlong;
  private boolean done;

  ReverseLines(FileChannel channel, int maxLine) throws IOException {
    this.channel = channel;
    this.maxLine = maxLine;
    this.blockStart = channel.size();
    this.end = 0;
  }

  /** The previous line without its newline, {@link #OVERLONG}, or null at the start of the file. */
  byte[] previous() throws IOException {
    while (!done) {
      for (int i = end - 1; i >= 0; i--) {
        if (block.get(i) == '\n') {
          byte[] line = take(i + 1, end);
          end = i;
          return line;
        }
      }
      // No newline left in this block: its bytes begin the line whose end was found later on.
      keep(0, end);
      end = 0;
      if (blockStart == 0) {
        done = true;
        if (tailLength == 0 && !tailOverlong) return null;
        return take(0, 0);
      }
      readBlockBefore();
    }
    return null;
  }

  /** The line made of {@code block[from, to)} followed by the pieces kept from later blocks. */
  private byte[] take(int from, int to) {
    keep(from, to);
    byte[] line;
    if (tailOverlong) {
      line = OVERLONG;
    } else {
      line = new byte[tailLength];
      int at = 0;
      for (byte[] piece : tail) {
        System.arraycopy(piece, 0, line, at, piece.length);
        at += piece.length;
      }
    }
    tail.clear();
    tailLength = 0;
    tailOverlong = false;
    return line;
  }

  private void keep(int from, int to) {
    int n = to - from;
    if (n == 0 || tailOverlong) return;
    if (tailLength + n > maxLine) {
      tail.clear();
      tailLength = 0;
      tailOverlong = true;
      return;
    }
    byte[] piece = new byte[n];
    block.get(from, piece, 0, n);
    tail.addFirst(piece);
    tailLength += n;
  }

  private void readBlockBefore() throws IOException {
    int n = (int) Math.min(BLOCK, blockStart);
    blockStart -= n;
    block.clear().limit(n);
    while (block.hasRemaining()) {
      if (channel.read(block, blockStart + block.position()) < 0) {
        throw new IOException("the audit log file shrank while it was read");
      }
    }
    end = n;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
