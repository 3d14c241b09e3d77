package io.coffer.cli.client;

/** A problem with what the user asked for (missing config, a bad URL): a message, no stack trace. */
public final class UsageFailure extends RuntimeException {
  public UsageFailure(String message) {
    super(message, null, false, false);
  }
}
