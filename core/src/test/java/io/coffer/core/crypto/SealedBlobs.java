package io.coffer.core.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Arrays;

/** Test helpers: seal a byte array, open a range of an in-memory sealed blob. */
final class SealedBlobs {
  private SealedBlobs() {}

  static byte[] seal(CipherSuite suite, KeyMaterial key, byte[] context, byte[] plaintext, SecureRandom random)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (SealingOutputStream s = new SealingOutputStream(out, suite, key, context, random)) {
      // uneven writes exercise the segment buffering
      int off = 0;
      int step = 1;
      while (off < plaintext.length) {
        int n = Math.min(step, plaintext.length - off);
        s.write(plaintext, off, n);
        off += n;
        step = step * 3 + 1;
      }
    }
    return out.toByteArray();
  }

  static byte[] open(CipherSuite suite, KeyMaterial key, byte[] context, byte[] blob, long plaintextLength, long first,
      long last) throws IOException {
    SegmentLayout layout = new SegmentLayout(suite);
    CiphertextSpan span = layout.span(plaintextLength, first, last);
    byte[] header = Arrays.copyOf(blob, Math.min(blob.length, layout.headerBytes()));
    int from = (int) Math.min(blob.length, span.ciphertextOffset());
    int to = (int) Math.min(blob.length, span.ciphertextOffset() + span.ciphertextLength());
    InputStream spanBytes = new ByteArrayInputStream(blob, from, to - from);
    try (OpeningInputStream in = new OpeningInputStream(header, spanBytes, span, blob.length, plaintextLength, key,
        context)) {
      return in.readAllBytes();
    }
  }

  static byte[] openAll(CipherSuite suite, KeyMaterial key, byte[] context, byte[] blob, long plaintextLength)
      throws IOException {
    if (plaintextLength == 0) {
      // Reads of an empty object never touch its blob; only its size is checked.
      if (blob.length != new SegmentLayout(suite).ciphertextLength(0)) throw new SealedBlobException("bad empty blob");
      return new byte[0];
    }
    return open(suite, key, context, blob, plaintextLength, 0, plaintextLength - 1);
  }
}
