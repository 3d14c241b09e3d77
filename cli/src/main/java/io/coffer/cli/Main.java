package io.coffer.cli;

import io.coffer.server.AdminCommand;
import io.coffer.server.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code coffer} command: {@code serve} today; ossutil-style client commands join here. */
@Command(name = "coffer", mixinStandardHelpOptions = true, version = "coffer 0.1.0",
    description = "Coffer: an encrypting object store speaking the Alibaba Cloud OSS API.",
    subcommands = {ServeCommand.class, AdminCommand.class})
public final class Main implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
