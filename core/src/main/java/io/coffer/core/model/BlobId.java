package io.coffer.core.model;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Names one immutable blob file: 32 lower-case hex digits (128 random bits). */
public record BlobId(String value) {
  private static final Pattern VALID = Pattern.compile("[0-9a-f]{32}");

  public BlobId {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new IllegalArgumentException("not a blob id");
    }
  }

  public static BlobId random(SecureRandom random) {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return new BlobId(HexFormat.of().formatHex(b));
  }

  @Override
  public String toString() {
    return value;
  }
}
