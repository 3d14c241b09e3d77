package io.coffer.core.hash;

/**
 * CRC-64/XZ (ECMA-182 polynomial, reflected, init and xorout all ones): the value OSS sends as
 * {@code x-oss-hash-crc64ecma}. Check value: {@code crc("123456789") = 0x995DC9BBDF1939FA}.
 *
 * <p>Computed slicing-by-8, since CRC-64 and MD5, not AES, bound the rate of a PUT. No JDK or
 * listed library provides this polynomial; the known-answer vectors of the OSS clients check it.
 * Instances are not thread-safe.
 */
public final class Crc64 {
  private static final long POLY = 0xC96C5795D7870F42L;
  private static final long[][] TABLE = new long[8][256];

  static {
    for (int n = 0; n < 256; n++) {
      long crc = n;
      for (int k = 0; k < 8; k++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY : crc >>> 1;
      }
      TABLE[0][n] = crc;
    }
    for (int n = 0; n < 256; n++) {
      long crc = TABLE[0][n];
      for (int k = 1; k < 8; k++) {
        crc = TABLE[0][(int) (crc & 0xff)] ^ (crc >>> 8);
        TABLE[k][n] = crc;
      }
    }
  }

  private long value; // the finished CRC of what was seen so far

  public Crc64() {
    this(0);
  }

  /** Continues from the finished CRC of earlier bytes. */
  public Crc64(long initial) {
    this.value = initial;
  }

  public void update(byte[] b, int off, int len) {
    value = update(value, b, off, len);
  }

  public void update(int b) {
    long crc = ~value;
    crc = TABLE[0][(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
    value = ~crc;
  }

  public long value() {
    return value;
  }

  /** The CRC of the earlier bytes (finished value {@code crc}) followed by {@code b[off, off+len)}. */
  public static long update(long crc, byte[] b, int off, int len) {
    long c = ~crc;
    int end = off + len;
    while (end - off >= 8) {
      c ^= (b[off] & 0xffL) | (b[off + 1] & 0xffL) << 8 | (b[off + 2] & 0xffL) << 16 | (b[off + 3] & 0xffL) << 24
          | (b[off + 4] & 0xffL) << 32 | (b[off + 5] & 0xffL) << 40 | (b[off + 6] & 0xffL) << 48
          | (b[off + 7] & 0xffL) << 56;
      c = TABLE[7][(int) (c & 0xff)] ^ TABLE[6][(int) ((c >>> 8) & 0xff)] ^ TABLE[5][(int) ((c >>> 16) & 0xff)]
          ^ TABLE[4][(int) ((c >>> 24) & 0xff)] ^ TABLE[3][(int) ((c >>> 32) & 0xff)]
          ^ TABLE[2][(int) ((c >>> 40) & 0xff)] ^ TABLE[1][(int) ((c >>> 48) & 0xff)] ^ TABLE[0][(int) (c >>> 56)];
      off += 8;
    }
    while (off < end) {
      c = TABLE[0][(int) ((c ^ b[off++]) & 0xff)] ^ (c >>> 8);
    }
    return ~c;
  }

  /**
   * The CRC of {@code A‖B} from {@code crc(A)}, {@code crc(B)} and {@code len(B)}: zlib's GF(2)
   * matrix method, as the OSS clients use to check multipart objects.
   */
  public static long combine(long crc1, long crc2, long len2) {
    if (len2 == 0) return crc1;
    long[] even = new long[64];
    long[] odd = new long[64];
    odd[0] = POLY;
    long row = 1;
    for (int n = 1; n < 64; n++) {
      odd[n] = row;
      row <<= 1;
    }
    gf2MatrixSquare(even, odd);
    gf2MatrixSquare(odd, even);
    do {
      gf2MatrixSquare(even, odd);
      if ((len2 & 1) != 0) crc1 = gf2MatrixTimes(even, crc1);
      len2 >>>= 1;
      if (len2 == 0) break;
      gf2MatrixSquare(odd, even);
      if ((len2 & 1) != 0) crc1 = gf2MatrixTimes(odd, crc1);
      len2 >>>= 1;
    } while (len2 != 0);
    return crc1 ^ crc2;
  }

  private static long gf2MatrixTimes(long[] mat, long vec) {
    long sum = 0;
    int i = 0;
    while (vec != 0) {
      if ((vec & 1) != 0) sum ^= mat[i];
      vec >>>= 1;
      i++;
    }
    return sum;
  }

  private static void gf2MatrixSquare(long[] square, long[] mat) {
    for (int n = 0; n < 64; n++) square[n] = gf2MatrixTimes(mat, mat[n]);
  }

  /** The unsigned decimal form OSS puts in headers. */
  public static String toUnsignedString(long crc) {
    return Long.toUnsignedString(crc);
  }
}
