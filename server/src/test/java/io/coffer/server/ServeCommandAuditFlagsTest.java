package io.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.config.AuditConfig;
import io.coffer.core.config.CofferConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code serve}'s audit log flags become the configuration's {@link AuditConfig}. */
class ServeCommandAuditFlagsTest {

  private static ServeCommand parse(String... args) {
    ServeCommand c = new ServeCommand();
    new CommandLine(c).parseArgs(args);
    return c;
  }

  @Test
  void noFlags_logUnderTheDataDirWithDefaultRotation() {
    AuditConfig a = parse("--data-dir", "/srv/coffer").audit();
    assertThat(a).isEqualTo(AuditConfig.defaults());
    CofferConfig config = CofferConfig.defaults().withDataDir(Path.of("/srv/coffer")).withAudit(a);
    assertThat(config.auditLogFile()).isEqualTo(Path.of("/srv/coffer/audit/audit.log"));
  }

  @Test
  void flags_setPathSizeAndFileCount() {
    AuditConfig a = parse("--audit-log", "/var/log/coffer/audit.jsonl", "--audit-log-max-bytes", "1048576",
        "--audit-log-files", "3").audit();
    assertThat(a).isEqualTo(new AuditConfig(Path.of("/var/log/coffer/audit.jsonl"), 1_048_576, 3));
    assertThat(CofferConfig.defaults().withAudit(a).auditLogFile()).isEqualTo(Path.of("/var/log/coffer/audit.jsonl"));
  }

  @Test
  void flags_outOfRange_areRefusedWithTheReason() {
    assertThatThrownBy(() -> parse("--audit-log-files", "0").audit()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("audit log files");
    assertThatThrownBy(() -> parse("--audit-log-max-bytes", "10").audit()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("audit log max bytes");
  }
}
