package io.coffer.server.console;

/** A console-level failure ({@link ConsoleError}), optionally with a more specific message. */
public final class ConsoleException extends RuntimeException {
  private final ConsoleError error;

  public ConsoleException(ConsoleError error) {
    this(error, error.message());
  }

  public ConsoleException(ConsoleError error, String message) {
    super(message, null, false, false);
    this.error = error;
  }

  public ConsoleError error() {
    return error;
  }
}
