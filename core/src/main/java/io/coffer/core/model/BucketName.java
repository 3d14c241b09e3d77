package io.coffer.core.model;

import io.coffer.core.error.CofferException;
import java.util.regex.Pattern;

/** A bucket name as OSS allows it: 3–63 of {@code [a-z0-9-]}, starting and ending with a letter or digit. */
public record BucketName(String value) {
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

  public BucketName {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new CofferException.InvalidBucketName(value == null ? "" : value);
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
