package io.coffer.server;

import io.coffer.core.config.AuditConfig;
import io.coffer.core.config.CofferConfig;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code coffer serve}: runs the server until SIGTERM or SIGINT, then drains and stops cleanly. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Start the Coffer server (OSS API, console and KMS/RAM RPC API) on an embedded store.")
public final class ServeCommand implements Callable<Integer> {
  private static final CofferConfig DEFAULTS = CofferConfig.defaults();

  @Option(names = "--data-dir", description = "Where data, metadata and keys live (default: ${DEFAULT-VALUE}).")
  Path dataDir = DEFAULTS.dataDir();

  @Option(names = "--address", description = "Address every listener binds to (default: ${DEFAULT-VALUE}).")
  String address = DEFAULTS.address();

  @Option(names = "--oss-port", description = "OSS REST API port (default: ${DEFAULT-VALUE}).")
  int ossPort = DEFAULTS.ossPort();

  @Option(names = "--console-port", description = "Console and /health port (default: ${DEFAULT-VALUE}).")
  int consolePort = DEFAULTS.consolePort();

  @Option(names = "--rpc-port", description = "KMS and RAM RPC API port (default: ${DEFAULT-VALUE}).")
  int rpcPort = DEFAULTS.rpcPort();

  @Option(names = "--region", description = "Region id this server answers for (default: ${DEFAULT-VALUE}).")
  String region = DEFAULTS.region();

  @Option(names = "--audit-log", paramLabel = "PATH",
      description = "Audit log file (JSON lines; see docs/audit-log.md) (default: <data-dir>/audit/audit.log).")
  Path auditLog;

  @Option(names = "--audit-log-max-bytes", paramLabel = "BYTES",
      description = "Rotate the audit log when it would grow past this size (default: ${DEFAULT-VALUE}).")
  long auditLogMaxBytes = AuditConfig.DEFAULT_MAX_BYTES;

  @Option(names = "--audit-log-files", paramLabel = "N",
      description = "Rotated audit log files kept besides the live one: audit.log.1 .. audit.log.N (default: ${DEFAULT-VALUE}).")
  int auditLogFiles = AuditConfig.DEFAULT_FILES;

  @Mixin KeyOptions keyOptions = new KeyOptions();

  AuditConfig audit() {
    try {
      return new AuditConfig(auditLog, auditLogMaxBytes, auditLogFiles);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Override
  public Integer call() throws Exception {
    CofferServer server;
    CofferConfig config;
    try {
      config = new CofferConfig(dataDir, address, ossPort, consolePort, rpcPort, region,
          DEFAULTS.maxRequestHeaderBytes(), keyOptions.crypto(System.getenv()), audit());
      server = CofferServer.start(config, System.getenv());
    } catch (IllegalStateException e) {
      System.err.println("coffer: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      if (e.getCause() instanceof BindException bind) {
        System.err.println("coffer: " + e.getMessage() + ": " + bind.getMessage()
            + "; stop what uses that port or choose another with --oss-port, --console-port or --rpc-port");
      } else {
        // An unwritable data directory or audit log path: say which, without a stack trace.
        System.err.println("coffer: cannot start: " + e);
      }
      return 2;
    }
    // Registered before anything is printed, so a SIGTERM from now on always drains.
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "coffer-shutdown"));
    if (server.rootKeyCreated()) {
      System.out.println("Root access key (shown once; also in " + config.dataDir().resolve(RootCredentials.FILE) + "):");
      System.out.println("  AccessKeyId:     " + server.rootKey().id());
      System.out.println("  AccessKeySecret: " + (server.rootKeyGenerated() ? server.rootKey().secret()
          : "(as given in COFFER_ROOT_ACCESS_KEY_SECRET)"));
    }
    System.out.println("Coffer OSS endpoint: http://" + config.address() + ":" + server.ossPort() + "  region: "
        + config.region());
    System.out.flush();
    stopped.await();
    return 0;
  }
}
