package io.coffer.cli.oss;

import com.aliyun.oss.OSS;
import io.coffer.cli.client.ClientOptions;
import io.coffer.cli.client.Clients;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The skeleton of an ossutil-style command: check the arguments (usage errors before any config
 * is read, as ossutil does), resolve the connection, run over one OSS SDK client, close it.
 */
public abstract class OssCommand implements Callable<Integer> {
  @Mixin protected ClientOptions connection;

  @Spec protected CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    validate();
    OSS oss = Clients.oss(connection.resolve());
    try {
      return run(oss);
    } finally {
      oss.shutdown();
      out().flush();
    }
  }

  /** Checks URLs and flag combinations; throws {@link io.coffer.cli.client.UsageFailure}. */
  protected void validate() {}

  protected abstract int run(OSS oss) throws Exception;

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
