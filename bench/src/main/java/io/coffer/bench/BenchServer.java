package io.coffer.bench;

import io.coffer.server.ServeCommand;
import picocli.CommandLine;

/** {@code coffer serve} in its own JVM for the load driver, so its CPU time can be read per process. */
public final class BenchServer {
  private BenchServer() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new ServeCommand()).execute(args));
  }
}
