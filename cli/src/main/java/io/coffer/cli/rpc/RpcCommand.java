package io.coffer.cli.rpc;

import io.coffer.cli.client.ClientOptions;
import io.coffer.cli.client.Clients;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A {@code coffer kms …} or {@code coffer ram …} command: the connection options, {@code --output},
 * and one SDK client to the RPC endpoint for the command's lifetime. Failures propagate to
 * {@link io.coffer.cli.client.Failures}, which prints the service's code, message and request id.
 */
@Command(sortOptions = false)
public abstract class RpcCommand implements Callable<Integer> {
  @Spec protected CommandSpec spec;

  @Mixin protected ClientOptions connection;

  @Option(names = "--output", paramLabel = "FORMAT", description = "text (default) or json.")
  protected Printer.Format output = Printer.Format.text;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Override
  public final Integer call() throws Exception {
    validate();
    Printer printer = new Printer(spec.commandLine().getOut(), output);
    try (Clients.Rpc rpc = Clients.rpc(connection.resolveForRpc())) {
      run(rpc, printer);
    }
    return 0;
  }

  /**
   * Checks option combinations picocli cannot express, before any request is sent.
   *
   * @throws io.coffer.cli.client.UsageFailure when they do not fit together
   */
  protected void validate() {}

  protected abstract void run(Clients.Rpc rpc, Printer out) throws Exception;

  /** A line for people that is not the command's result (hints, warnings): standard error. */
  protected void note(String text) {
    spec.commandLine().getErr().println(text);
    spec.commandLine().getErr().flush();
  }
}
