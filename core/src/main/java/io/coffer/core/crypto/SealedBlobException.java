package io.coffer.core.crypto;

import java.io.IOException;

/**
 * A sealed blob failed to open: a segment's tag did not verify, the blob was truncated or
 * extended, or its header is not one this code wrote. No byte of a failing segment is ever
 * returned. Thrown from stream reads, hence an IOException.
 */
public final class SealedBlobException extends IOException {
  public SealedBlobException(String message) {
    super(message);
  }

  public SealedBlobException(String message, Throwable cause) {
    super(message, cause);
  }
}
