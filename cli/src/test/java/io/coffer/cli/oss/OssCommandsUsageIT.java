package io.coffer.cli.oss;

import static org.assertj.core.api.Assertions.assertThat;

import io.coffer.cli.testing.CliServer;
import io.coffer.cli.testing.CliServer.Result;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What every bucket and object command shares: --help, unknown flags, a missing config, a bad endpoint. */
class OssCommandsUsageIT {
  @RegisterExtension static final CliServer coffer = new CliServer();

  /** Each command with arguments it would accept. */
  static final List<List<String>> COMMANDS = List.of(
      List.of("ls"),
      List.of("mb", "oss://usage-b"),
      List.of("rb", "oss://usage-b"),
      List.of("rm", "oss://usage-b/o"),
      List.of("stat", "oss://usage-b"),
      List.of("set-meta", "oss://usage-b/o", "x-oss-meta-a:1", "-u"),
      List.of("bucket-encryption", "--method", "get", "oss://usage-b"));

  private static String[] with(List<String> command, String... more) {
    List<String> all = new java.util.ArrayList<>(command);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void help_everyCommand_showsUsageAndTheConnectionOptions() {
    for (List<String> c : COMMANDS) {
      Result r = coffer.run(c.getFirst(), "--help");
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(r.out()).startsWith("Usage: coffer " + c.getFirst()).contains("--config-file").contains("--endpoint")
          .contains("--access-key-id");
    }
    assertThat(coffer.run("--help").out()).contains("mb, cb, pb").contains("set-meta").contains("bucket-encryption")
        .contains("rm, remove").contains("stat, meta").contains("ls, list").contains("rb ");
  }

  @Test
  void unknownFlag_everyCommand_isAUsageError() {
    for (List<String> c : COMMANDS) {
      Result r = coffer.run(with(c, "--bogus"));
      assertThat(r.exit()).as(r.toString()).isEqualTo(2);
      assertThat(r.err()).contains("Unknown option: '--bogus'").contains("Usage: coffer " + c.getFirst());
    }
  }

  @Test
  void missingConfig_everyCommand_isAUsageError_namingTheFile() {
    String none = coffer.work().resolve("no-such-config").toString();
    for (List<String> c : COMMANDS) {
      Result r = coffer.run(with(c, "-c", none));
      assertThat(r.exit()).as(r.toString()).isEqualTo(2);
      assertThat(r.err()).isEqualTo("Error: no endpoint: pass --endpoint or run `coffer config` (config file " + none
          + ")\n");
    }
    Result r = coffer.run("ls", "-c", none, "-e", coffer.endpoint());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("no access key");
  }

  @Test
  void flagsOverTheConfigFile_wrongSecret_isAServiceError() {
    Result r = coffer.run("ls", "-k", "not-the-secret");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("ErrorCode=SignatureDoesNotMatch").contains("RequestId=");
    r = coffer.run("ls", "-c", coffer.work().resolve("none").toString(), "-e", coffer.endpoint(), "-i",
        CliServer.ACCESS_KEY_ID, "-k", CliServer.ACCESS_KEY_SECRET);
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).endsWith("Bucket Number is: 0\n");
  }

  @Test
  void unreachableEndpoint_isAClientError_notAStackTrace() throws Exception {
    Result r = coffer.runProcess(60, "ls", "-e", "http://127.0.0.1:1");
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).startsWith("Error: ").doesNotContain("\tat ");
  }

  @Test
  void badUrl_asAProcess_exitsTwo_withAClearMessage() throws Exception {
    Result r = coffer.runProcess(60, "stat", "bucket/key");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("Error: invalid cloud url: bucket/key, please make sure the url starts with "
        + "\"oss://\"\n");
    assertThat(r.out()).isEmpty();
  }
}
