package io.coffer.core.crypto;

/**
 * The part of a sealed blob that holds a plaintext range.
 *
 * @param firstSegment index of the first segment to decrypt
 * @param lastSegment index of the last segment to decrypt
 * @param lastSegmentOfBlob index of the blob's final segment (sealed with the last-segment flag)
 * @param ciphertextOffset blob offset of {@code firstSegment}
 * @param ciphertextLength bytes to read from there (whole segments)
 * @param skipBytes plaintext bytes to drop from the start of the first decrypted segment
 * @param plaintextLength plaintext bytes to deliver
 */
public record CiphertextSpan(long firstSegment, long lastSegment, long lastSegmentOfBlob, long ciphertextOffset,
    long ciphertextLength, long skipBytes, long plaintextLength) {

  public long segments() {
    return lastSegment - firstSegment + 1;
  }
}
