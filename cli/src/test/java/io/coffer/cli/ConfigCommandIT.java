package io.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.coffer.cli.client.ConfigFile;
import io.coffer.cli.testing.CliServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code coffer config}: ossutil's file format, mode 0600, kept values, and what happens without one. */
class ConfigCommandIT {
  @RegisterExtension static final CliServer coffer = new CliServer();

  @Test
  void config_writesOssutilFormat_readableOnlyByTheOwner_andKeepsWhatIsNotGiven() throws Exception {
    Path file = coffer.work().resolve("sub/dir/cfg");
    CliServer.Result r = coffer.run("config", "-c", file.toString(), "-e", "http://127.0.0.1:1", "-i", "AK", "-k", "SK");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(Files.readString(file)).startsWith("[Credentials]\n").contains("endpoint=http://127.0.0.1:1\n")
        .contains("accessKeyID=AK\n").contains("accessKeySecret=SK\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    r = coffer.run("config", "-c", file.toString(), "--rpc-endpoint", "http://127.0.0.1:2");
    assertThat(r.exit()).isZero();
    assertThat(ConfigFile.read(file)).containsEntry("accesskeysecret", "SK").containsEntry("rpcendpoint",
        "http://127.0.0.1:2");
    assertThat(r.out() + r.err()).doesNotContain("SK\n");
  }

  @Test
  void config_withNothingToWrite_isAUsageError() {
    CliServer.Result r = coffer.run("config", "-c", coffer.work().resolve("empty").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("nothing to write");
  }

  @Test
  void unknownFlag_isAUsageErrorWithHelp() {
    CliServer.Result r = coffer.run("config", "--no-such-flag");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown option").contains("--no-such-flag");
  }
}
