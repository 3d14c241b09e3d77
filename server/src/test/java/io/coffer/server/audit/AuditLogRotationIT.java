package io.coffer.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.OSSException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.core.config.AuditConfig;
import io.coffer.core.config.CofferConfig;
import io.coffer.server.CofferServer;
import io.coffer.server.testing.CofferExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A server with its audit log outside the data directory and a small rotation size. */
class AuditLogRotationIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private Path dataDir;
  private Path logDir;

  @BeforeEach
  void dirs() throws Exception {
    dataDir = Files.createTempDirectory("coffer-audit-data-");
    logDir = Files.createTempDirectory("coffer-audit-logs-");
  }

  @AfterEach
  void cleanUp() throws Exception {
    CofferExtension.deleteTree(dataDir);
    CofferExtension.deleteTree(logDir);
  }

  @Test
  void configuredPathAndSize_rotatesKeepingNFilesOfWholeLines() throws Exception {
    Path file = logDir.resolve("nested/coffer-audit.jsonl");
    CofferConfig config = CofferConfig.defaults().withDataDir(dataDir).withPorts(0, 0, 0)
        .withAudit(new AuditConfig(file, 4096, 2));
    List<String> ids = new ArrayList<>();
    try (CofferServer server = CofferServer.start(config, Map.of("COFFER_ROOT_ACCESS_KEY_ID",
        CofferExtension.ACCESS_KEY_ID, "COFFER_ROOT_ACCESS_KEY_SECRET", CofferExtension.ACCESS_KEY_SECRET))) {
      assertThat(server.auditLogFile()).isEqualTo(file.toAbsolutePath());
      OSS wrong = new OSSClientBuilder().build("http://127.0.0.1:" + server.ossPort(), CofferExtension.ACCESS_KEY_ID,
          "not-the-secret");
      try {
        // ~300 bytes a line: 60 denials are over four files' worth, so the oldest must go.
        for (int i = 0; i < 60; i++) {
          ids.add(catchThrowableOfType(OSSException.class, () -> wrong.getObject("audit-rot", "k")).getRequestId());
        }
      } finally {
        wrong.shutdown();
      }
    }
    assertThat(dataDir.resolve("audit")).doesNotExist();
    assertThat(file.resolveSibling("coffer-audit.jsonl.1")).exists();
    assertThat(file.resolveSibling("coffer-audit.jsonl.2")).exists();
    assertThat(file.resolveSibling("coffer-audit.jsonl.3")).doesNotExist();
    List<String> logged = new ArrayList<>();
    for (String name : List.of("coffer-audit.jsonl.2", "coffer-audit.jsonl.1", "coffer-audit.jsonl")) {
      Path p = file.resolveSibling(name);
      assertThat(Files.size(p)).isLessThanOrEqualTo(4096);
      for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
        JsonNode n = JSON.readTree(line);
        assertThat(n.get("action").asText()).isEqualTo("oss:GetObject");
        logged.add(n.get("requestId").asText());
      }
    }
    // The files hold the newest denials, in order, with none missing between them.
    assertThat(logged).isNotEmpty().isEqualTo(ids.subList(ids.size() - logged.size(), ids.size()));
  }
}
