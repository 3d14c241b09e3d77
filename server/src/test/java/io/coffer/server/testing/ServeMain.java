package io.coffer.server.testing;

import io.coffer.server.ServeCommand;
import picocli.CommandLine;

/**
 * {@code coffer serve} for process-level tests: the cli module depends on server, so server tests
 * cannot launch {@code io.coffer.cli.Main}; this runs the same {@link ServeCommand} the same way.
 */
public final class ServeMain {
  private ServeMain() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new ServeCommand()).execute(args));
  }
}
