package io.coffer.cli;

import io.coffer.server.AdminCommand;
import io.coffer.server.ServeCommand;
import io.coffer.cli.client.Failures;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code coffer} command: the server ({@code serve}, {@code admin}) and the ossutil-style
 * client commands, which reach a server only through the official SDKs.
 */
@Command(name = "coffer", mixinStandardHelpOptions = true, version = "coffer 0.1.0",
    description = "Coffer: an encrypting object store speaking the Alibaba Cloud OSS API.",
    subcommands = {ServeCommand.class, AdminCommand.class, ConfigCommand.class, CpCommand.class,
        io.coffer.cli.oss.ListCommand.class,
        io.coffer.cli.oss.MakeBucketCommand.class,
        io.coffer.cli.oss.RemoveBucketCommand.class,
        io.coffer.cli.oss.RemoveCommand.class,
        io.coffer.cli.oss.StatCommand.class,
        io.coffer.cli.oss.SetMetaCommand.class,
        io.coffer.cli.oss.BucketEncryptionCommand.class,
        io.coffer.cli.kms.KmsCommand.class,
        io.coffer.cli.ram.RamCommand.class})
public final class Main implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** The command line with Coffer's failure handling: service errors exit 1, usage errors 2. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setExecutionExceptionHandler(new Failures());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
