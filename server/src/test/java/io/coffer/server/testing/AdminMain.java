package io.coffer.server.testing;

import io.coffer.server.AdminCommand;
import picocli.CommandLine;

/** {@code coffer admin} for process-level tests (see {@link ServeMain} for why not the cli's Main). */
public final class AdminMain {
  private AdminMain() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new AdminCommand()).execute(args));
  }
}
