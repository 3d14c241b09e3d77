package io.coffer.server;

import io.coffer.core.config.CryptoConfig;
import io.coffer.core.sse.KeyHierarchy;
import io.coffer.core.sse.Rewrapper;
import io.coffer.core.sse.SseService;
import io.coffer.core.storage.sqlite.SqliteMetadataStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code coffer admin …}: key maintenance on a data directory. Works whether or not the server is
 * running there (SQLite serialises the writes; a running server picks up a new master key version
 * within seconds (CofferServer.KEY_REFRESH_SECONDS), and a re-wrap replaces a record only if it did not change meanwhile).
 */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Key maintenance on a Coffer data directory.",
    subcommands = {AdminCommand.RotateMasterKey.class, AdminCommand.Rewrap.class})
public final class AdminCommand implements Runnable {

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  abstract static class KeyCommand implements Callable<Integer> {
    @Option(names = "--data-dir", description = "The data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of("coffer-data");

    @Mixin KeyOptions keyOptions = new KeyOptions();

    @Override
    public Integer call() throws Exception {
      if (!Files.exists(dataDir.resolve("coffer.db"))) {
        System.err.println("coffer: no Coffer data in " + dataDir.toAbsolutePath());
        return 2;
      }
      CryptoConfig crypto;
      try {
        crypto = keyOptions.crypto(System.getenv());
      } catch (IllegalStateException e) {
        System.err.println("coffer: " + e.getMessage());
        return 2;
      }
      SecureRandom random = new SecureRandom();
      try (SqliteMetadataStore store = new SqliteMetadataStore(dataDir.resolve("coffer.db"));
          KeyHierarchy keys = KeyHierarchy.open(dataDir, new CryptoConfig(0, crypto.hsm()), store.keyRecords(), Clock.systemUTC(),
              random, false)) {
        return run(store, keys, random);
      } catch (IllegalStateException e) {
        System.err.println("coffer: " + e.getMessage());
        return 2;
      }
    }

    abstract int run(SqliteMetadataStore store, KeyHierarchy keys, SecureRandom random);
  }

  @Command(name = "rotate-master-key", mixinStandardHelpOptions = true,
      description = "Add a new SSE-OSS master key version; new objects use it, existing ones keep theirs.")
  static final class RotateMasterKey extends KeyCommand {
    @Override
    int run(SqliteMetadataStore store, KeyHierarchy keys, SecureRandom random) {
      int v = keys.masterKeys().rotate();
      System.out.println("SSE-OSS master key version " + v + " is now current (versions: " + keys.masterKeys().versions()
          + "); a running server adopts it within " + CofferServer.KEY_REFRESH_SECONDS + " s — run rewrap after that");
      return 0;
    }
  }

  @Command(name = "rewrap", mixinStandardHelpOptions = true,
      description = "Re-wrap every object's data key under the newest master key; object data is not touched.")
  static final class Rewrap extends KeyCommand {
    @Override
    int run(SqliteMetadataStore store, KeyHierarchy keys, SecureRandom random) {
      Rewrapper.Result r = new Rewrapper(store, new SseService(keys.masterKeys(), random)).rewrapAll();
      System.out.println("re-wrapped " + r.objects() + " object(s) and " + r.uploads() + " unfinished upload(s) to master key "
          + "version " + keys.masterKeys().currentVersion() + (r.skipped() > 0 ? "; " + r.skipped()
          + " changed meanwhile and were left alone; run rewrap again to cover them" : ""));
      return 0;
    }
  }
}
