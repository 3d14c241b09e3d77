package io.coffer.core.crypto;

import java.security.GeneralSecurityException;

/** A wrapped key did not open: wrong wrapping key, wrong context, or damaged bytes. */
public final class KeyUnwrapException extends GeneralSecurityException {
  public KeyUnwrapException(String message) {
    super(message);
  }

  public KeyUnwrapException(String message, Throwable cause) {
    super(message, cause);
  }
}
