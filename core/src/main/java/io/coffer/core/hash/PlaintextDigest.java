package io.coffer.core.hash;

import java.util.Base64;
import java.util.HexFormat;

/**
 * What a write learns about the plaintext it streamed: size, MD5 and CRC-64.
 *
 * @param md5 the 16-byte MD5
 */
public record PlaintextDigest(long size, byte[] md5, long crc64) {
  public PlaintextDigest {
    md5 = md5.clone();
  }

  @Override
  public byte[] md5() {
    return md5.clone();
  }

  /** Upper-case hex MD5, as OSS spells an ETag (without the quotes). */
  public String etag() {
    return HexFormat.of().withUpperCase().formatHex(md5);
  }

  public String md5Base64() {
    return Base64.getEncoder().encodeToString(md5);
  }
}
