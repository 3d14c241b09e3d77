package io.coffer.core.crypto;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;

/** A "random" source that hands out given byte strings in order, for known-answer vectors. */
final class ScriptedRandom extends SecureRandom {
  private final Deque<byte[]> script = new ArrayDeque<>();

  ScriptedRandom(byte[]... chunks) {
    for (byte[] c : chunks) script.add(c);
  }

  @Override
  public void nextBytes(byte[] bytes) {
    byte[] next = script.poll();
    if (next == null || next.length != bytes.length) {
      throw new IllegalStateException("script expected " + (next == null ? "nothing" : next.length) + " bytes, asked "
          + bytes.length);
    }
    System.arraycopy(next, 0, bytes, 0, bytes.length);
  }
}
