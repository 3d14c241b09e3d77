package io.coffer.core.model;

/**
 * An inclusive range of plaintext bytes, already resolved against the object size.
 *
 * @param first offset of the first byte
 * @param last offset of the last byte (inclusive); {@code last >= first}
 */
public record ByteRange(long first, long last) {
  public ByteRange {
    if (first < 0 || last < first) throw new IllegalArgumentException("bad range " + first + "-" + last);
  }

  public long length() {
    return last - first + 1;
  }
}
