package io.coffer.core.crypto;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bytes before segment 0 of a sealed blob, and the key derivation they feed.
 *
 * <pre>
 * prefix:      "CFSB" | version (1) | suite id (1) | 0x00 0x00 | ciphertext segment size (u32 BE)
 * tink header: header length (1) = 1 + K + 7 | salt (K) | nonce prefix (7)
 * blob key   = HKDF-SHA256(ikm = data key, salt, info = prefix ‖ context, L = K)
 * </pre>
 *
 * The prefix is authenticated by being part of the HKDF info: change a bit of it and the derived
 * key, hence every tag, is wrong. Values parsed from a blob are unverified until a segment opens.
 */
final class BlobHeader {
  static final byte[] MAGIC = {'C', 'F', 'S', 'B'};
  static final int VERSION = 1;

  final SegmentLayout layout;
  final byte[] prefix;
  final byte[] salt;
  final byte[] noncePrefix;

  BlobHeader(SegmentLayout layout, byte[] salt, byte[] noncePrefix) {
    this(layout, prefix(layout.suite()), salt, noncePrefix);
  }

  private BlobHeader(SegmentLayout layout, byte[] prefix, byte[] salt, byte[] noncePrefix) {
    this.layout = layout;
    this.prefix = prefix;
    this.salt = salt;
    this.noncePrefix = noncePrefix;
  }

  static byte[] prefix(CipherSuite suite) {
    ByteBuffer b = ByteBuffer.allocate(SegmentLayout.PREFIX_BYTES);
    b.put(MAGIC).put((byte) VERSION).put((byte) suite.id()).put((byte) 0).put((byte) 0)
        .putInt(SegmentLayout.CIPHERTEXT_SEGMENT_BYTES);
    return b.array();
  }

  byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(layout.headerBytes());
    b.put(prefix);
    b.put((byte) layout.tinkHeaderBytes()).put(salt).put(noncePrefix);
    return b.array();
  }

  /** Parses the first {@code headerBytes} of a blob (unverified until a segment authenticates). */
  static BlobHeader decode(byte[] bytes) throws SealedBlobException {
    if (bytes.length < SegmentLayout.PREFIX_BYTES + 1
        || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new SealedBlobException("not a sealed blob");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    b.position(MAGIC.length);
    int version = b.get() & 0xff;
    if (version != VERSION) throw new SealedBlobException("unknown sealed blob version " + version);
    CipherSuite suite;
    try {
      suite = CipherSuite.byId(b.get() & 0xff);
    } catch (IllegalArgumentException e) {
      throw new SealedBlobException("unknown cipher suite");
    }
    if (b.getShort() != 0) throw new SealedBlobException("reserved header bytes are not zero");
    if (b.getInt() != SegmentLayout.CIPHERTEXT_SEGMENT_BYTES) throw new SealedBlobException("unsupported segment size");
    SegmentLayout layout = new SegmentLayout(suite);
    if (bytes.length != layout.headerBytes() || (b.get() & 0xff) != layout.tinkHeaderBytes()) {
      throw new SealedBlobException("bad header length");
    }
    byte[] salt = new byte[suite.keyBytes()];
    byte[] noncePrefix = new byte[SegmentLayout.NONCE_PREFIX_BYTES];
    b.get(salt).get(noncePrefix);
    return new BlobHeader(layout, Arrays.copyOf(bytes, SegmentLayout.PREFIX_BYTES), salt, noncePrefix);
  }

  /**
   * The per-blob key; the caller wipes it after building its cipher. The info holds the prefix
   * bytes as read, so a changed prefix byte changes the key.
   */
  byte[] deriveKey(byte[] dataKey, byte[] context) {
    byte[] info = new byte[prefix.length + context.length];
    System.arraycopy(prefix, 0, info, 0, prefix.length);
    System.arraycopy(context, 0, info, prefix.length, context.length);
    return Hkdf.sha256(dataKey, salt, info, layout.suite().keyBytes());
  }

  /** The 12-byte nonce of segment {@code index}: nonce prefix ‖ index (u32 BE) ‖ last flag. */
  byte[] nonce(long index, boolean last) {
    if (index < 0 || index > 0xFFFF_FFFFL) throw new IllegalArgumentException("segment index out of range");
    ByteBuffer b = ByteBuffer.allocate(SegmentLayout.NONCE_BYTES);
    b.put(noncePrefix).putInt((int) index).put((byte) (last ? 1 : 0));
    return b.array();
  }
}
