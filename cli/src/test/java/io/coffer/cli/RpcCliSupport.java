package io.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.cli.client.ClientOptions;
import io.coffer.cli.client.Clients;
import io.coffer.cli.testing.CliServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/** What the kms and ram command ITs share: reading the commands' output, and SDK clients of their own. */
final class RpcCliSupport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RpcCliSupport() {}

  /** Runs the command, asserts it succeeded, and returns its result. */
  static CliServer.Result ok(CliServer coffer, String... args) {
    CliServer.Result r = coffer.run(args);
    assertThat(r.exit()).as(r.toString()).isZero();
    return r;
  }

  /** Runs the command with {@code --output json}, asserts it succeeded, and parses what it printed. */
  static JsonNode json(CliServer coffer, String... args) throws Exception {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--output";
    all[args.length + 1] = "json";
    return JSON.readTree(ok(coffer, all).out());
  }

  /** The {@code Name : value} lines of a record printed for people. */
  static Map<String, String> fields(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int sep = line.indexOf(" : ");
      if (sep > 0 && !line.startsWith(" ")) out.put(line.substring(0, sep).strip(), line.substring(sep + 3));
    }
    return out;
  }

  /** Runs {@code coffer args...} in-process exactly as given: no {@code -c} added. */
  static CliServer.Result withoutConfig(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int exit = cmd.execute(args);
    return new CliServer.Result(exit, out.toString(), err.toString());
  }

  /** An official SDK client for the test's own checks, with the given key. */
  static Clients.Rpc sdk(CliServer coffer, String accessKeyId, String secret) {
    return Clients.rpc(new ClientOptions.Resolved(coffer.endpoint(), accessKeyId, secret, coffer.rpcEndpoint(),
        "cn-hangzhou"));
  }

  static Clients.Rpc rootSdk(CliServer coffer) {
    return sdk(coffer, CliServer.ACCESS_KEY_ID, CliServer.ACCESS_KEY_SECRET);
  }

  /** Asserts that the command failed with the service's error code printed as Failures prints it. */
  static void assertServiceError(CliServer.Result r, String code) {
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).as(r.toString()).contains("ErrorCode=" + code + ",").contains("RequestId=");
    assertThat(r.out()).isEmpty();
  }

  /** Asserts a usage error: status 2, the message, and no output. */
  static void assertUsageError(CliServer.Result r, String message) {
    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).as(r.toString()).contains(message);
    assertThat(r.out()).isEmpty();
  }
}
