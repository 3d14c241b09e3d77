package io.coffer.server.keys;

import static io.coffer.server.keys.KeyTesting.adminInProcess;
import static org.assertj.core.api.Assertions.assertThat;

import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.CofferProcess;
import io.coffer.server.testing.DataDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The root key file ({@code keys/root.key}) across real server processes: made private on first
 * start; a missing, different or damaged key stops the server (and the admin commands) with a
 * message naming the problem, creates no new key and changes no data; the original key serves again.
 */
class RootKeyIT {
  private static final String BUCKET = "root-key";

  private Path dataDir;
  private Path rootKey;
  private final List<CofferProcess> processes = new ArrayList<>();

  @BeforeEach
  void createDataDir() throws IOException {
    dataDir = Files.createTempDirectory("coffer-root-key-");
    rootKey = dataDir.resolve("keys").resolve("root.key");
  }

  @AfterEach
  void cleanUp() throws IOException {
    for (CofferProcess p : processes) p.close();
    CofferExtension.deleteTree(dataDir);
  }

  private CofferProcess track(CofferProcess p) {
    processes.add(p);
    return p;
  }

  private static Map<String, String> envKey() {
    return Map.of("COFFER_ROOT_ACCESS_KEY_ID", CofferExtension.ACCESS_KEY_ID, "COFFER_ROOT_ACCESS_KEY_SECRET",
        CofferExtension.ACCESS_KEY_SECRET);
  }

  /** Everything a refused start must leave as it was. */
  private record State(Map<String, String> blobs, Map<String, Integer> objects, List<Integer> masterKeys,
      List<String> keyFiles) {}

  private State state() throws Exception {
    try (Stream<Path> keys = Files.list(rootKey.getParent())) {
      return new State(DataDir.fileDigests(dataDir.resolve("blobs")), DataDir.objectKeyVersions(dataDir),
          DataDir.masterKeyVersions(dataDir), keys.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  /** Starts a server that must refuse; returns what it printed on stderr. */
  private String refusedStart() throws IOException {
    CofferProcess p = track(CofferProcess.launch(dataDir, envKey()));
    int code = p.awaitExit(Duration.ofSeconds(60));
    String err = p.stderr();
    assertThat(code).as(err).isEqualTo(2);
    assertThat(err).doesNotContain("\tat ").doesNotContain("Coffer is up");
    return err;
  }

  private static void writePrivate(Path file, byte[] bytes) throws IOException {
    Files.write(file, bytes);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void rootKeyFile_missingDifferentOrDamaged_refusesToStartAndChangesNothing_thenTheOriginalServesAgain()
      throws Exception {
    KeyTesting.Written written = new KeyTesting.Written(BUCKET);
    CofferProcess first = track(CofferProcess.start(dataDir));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(rootKey.getParent()))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(rootKey))).isEqualTo("rw-------");
    assertThat(Files.size(rootKey)).isEqualTo(32);
    first.client().createBucket(BUCKET);
    written.put(first.client(), "aes", "AES256", 150_000);
    written.put(first.client(), "sm4", "SM4", 70_000);
    written.put(first.client(), "plain", null, 1_000);
    assertThat(first.terminate()).isIn(0, 143);
    byte[] original = Files.readAllBytes(rootKey);
    State before = state();
    assertThat(before.objects()).hasSize(2);

    // Missing: no start, no new key.
    Files.delete(rootKey);
    String missing = refusedStart();
    assertThat(missing).contains("the root key " + rootKey.toAbsolutePath() + " is missing")
        .contains("will not create a new root key over existing encrypted data");
    assertThat(rootKey).doesNotExist();
    CofferProcess.Finished admin = adminInProcess("rewrap", "--data-dir", dataDir.toString());
    assertThat(admin.exitCode()).isEqualTo(2);
    assertThat(admin.stderr()).contains(rootKey.toAbsolutePath() + " is missing");
    assertThat(rootKey).doesNotExist();
    assertThat(state()).isEqualTo(new State(before.blobs(), before.objects(), before.masterKeys(), List.of()));

    // A different key of the right size: refused as the wrong key, and left in place.
    byte[] other = new byte[32];
    new SecureRandom().nextBytes(other);
    writePrivate(rootKey, other);
    assertThat(refusedStart()).contains("is not the one this data was encrypted with")
        .contains(rootKey.toAbsolutePath().toString());
    admin = adminInProcess("rotate-master-key", "--data-dir", dataDir.toString());
    assertThat(admin.exitCode()).isEqualTo(2);
    assertThat(admin.stderr()).contains("is not the one this data was encrypted with");
    assertThat(Files.readAllBytes(rootKey)).isEqualTo(other);
    assertThat(state()).isEqualTo(before);

    // A damaged (truncated) key file.
    writePrivate(rootKey, Arrays.copyOf(original, 31));
    assertThat(refusedStart()).contains(rootKey.toAbsolutePath() + " is not a 256-bit root key (31 bytes)");
    assertThat(Files.readAllBytes(rootKey)).isEqualTo(Arrays.copyOf(original, 31));
    assertThat(state()).isEqualTo(before);

    // The original key restored: everything reads back (the SDK checks each CRC-64).
    writePrivate(rootKey, original);
    CofferProcess restored = track(CofferProcess.start(dataDir));
    written.assertAllReadBack(restored.client());
    assertThat(restored.terminate()).isIn(0, 143);
    assertThat(Files.readAllBytes(rootKey)).isEqualTo(original);
    assertThat(state()).isEqualTo(before);
  }
}
