package io.coffer.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.CofferProcess;
import io.coffer.server.testing.DataDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The root key in a PKCS#11 token, end to end with SoftHSM2 (Debian's softhsm2; {@code ./coffer
 * test} installs it): server and admin processes get the token through {@code --hsm-library} and
 * the PIN through {@code COFFER_HSM_PIN}. The token directory is inspected from outside to see
 * which token holds key objects.
 */
class HsmRootKeyIT {
  private static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
  private static final String PIN = "1234";
  private static final String BUCKET = "hsm";
  private static final Pattern SLOT = Pattern.compile("reassigned to slot (\\d+)");

  private Path work;
  private Path tokens;
  private Path conf;
  private Path dataDir;
  private final List<CofferProcess> processes = new ArrayList<>();

  @BeforeEach
  void createTokenStore() throws IOException {
    assertThat(LIBRARY).as("SoftHSM2 (apt-get install softhsm2; ./coffer test installs it)").exists();
    work = Files.createTempDirectory("coffer-hsm-");
    tokens = Files.createDirectory(work.resolve("tokens"));
    conf = work.resolve("softhsm2.conf");
    Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
    dataDir = Files.createDirectory(work.resolve("data"));
  }

  @AfterEach
  void cleanUp() throws IOException {
    for (CofferProcess p : processes) p.close();
    CofferExtension.deleteTree(work);
  }

  /** Initialises a new token in the first free slot; returns its slot id. */
  private int initToken(String label) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", label, "--pin", PIN,
        "--so-pin", "5678").redirectErrorStream(true);
    pb.environment().put("SOFTHSM2_CONF", conf.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    Matcher m = SLOT.matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** The key objects in each token's directory (SoftHSM's file backend keeps one file per object). */
  private Map<String, Set<String>> tokenObjects() throws IOException {
    Map<String, Set<String>> out = new TreeMap<>();
    try (Stream<Path> dirs = Files.list(tokens)) {
      for (Path d : dirs.filter(Files::isDirectory).toList()) {
        try (Stream<Path> files = Files.list(d)) {
          out.put(d.getFileName().toString(), files.map(f -> f.getFileName().toString())
              .filter(n -> n.endsWith(".object") && !n.equals("token.object"))
              .collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
        }
      }
    }
    return out;
  }

  private Map<String, String> env(String pin) {
    return Map.of("SOFTHSM2_CONF", conf.toString(), "COFFER_HSM_PIN", pin, "COFFER_ROOT_ACCESS_KEY_ID",
        CofferExtension.ACCESS_KEY_ID, "COFFER_ROOT_ACCESS_KEY_SECRET", CofferExtension.ACCESS_KEY_SECRET);
  }

  private static List<String> hsm(String... more) {
    List<String> options = new ArrayList<>(List.of("--hsm-library", LIBRARY.toString()));
    options.addAll(List.of(more));
    return options;
  }

  private CofferProcess start(Path dir, List<String> options) throws IOException {
    CofferProcess p = CofferProcess.launch(dir, env(PIN), options);
    processes.add(p);
    p.awaitReady();
    return p;
  }

  /** Starts a server that must refuse; returns what it printed on stderr. */
  private String refusedStart(Path dir, String pin, List<String> options) throws IOException {
    CofferProcess p = CofferProcess.launch(dir, env(pin), options);
    processes.add(p);
    int code = p.awaitExit(Duration.ofSeconds(60));
    String err = p.stderr();
    assertThat(code).as(err).isEqualTo(2);
    assertThat(err).doesNotContain("\tat ").doesNotContain("Coffer is up");
    return err;
  }

  private CofferProcess.Finished admin(String pin, String command, List<String> options) throws IOException {
    List<String> args = new ArrayList<>(List.of(command, "--data-dir", dataDir.toString()));
    args.addAll(options);
    return CofferProcess.admin(env(pin), args.toArray(String[]::new));
  }

  @Test
  void rootKeyInToken_servesRestartsRotatesAndRewraps_andRefusesAWrongPinOrToken() throws Exception {
    int cofferSlot = initToken("coffer");
    KeyTesting.Written written = new KeyTesting.Written(BUCKET);

    // The only token is at slot list index 0, the default: the first start generates the key in it.
    CofferProcess first = start(dataDir, hsm());
    first.client().createBucket(BUCKET);
    written.put(first.client(), "aes", "AES256", 150_000);
    written.put(first.client(), "sm4", "SM4", 70_000);
    written.put(first.client(), "plain", null, 2_000);
    // SSE-KMS: the default CMK's material is wrapped by the token key too.
    written.put(first.client(), "kms", "KMS", 90_000);
    assertThat(first.terminate()).isIn(0, 143);
    assertThat(dataDir.resolve("keys")).doesNotExist();
    Map<String, Set<String>> cofferToken = tokenObjects();
    assertThat(cofferToken.values()).singleElement().satisfies(objects -> assertThat(objects).hasSize(1));

    // A second token may take list index 0, so from now on the token is named by its slot id.
    int otherSlot = initToken("other");
    List<String> coffer = hsm("--hsm-slot", Integer.toString(cofferSlot));
    List<String> other = hsm("--hsm-slot", Integer.toString(otherSlot));
    Map<String, Set<String>> bothTokens = tokenObjects();
    assertThat(bothTokens).hasSize(2).containsAllEntriesOf(cofferToken);

    CofferProcess second = start(dataDir, coffer);
    written.assertAllReadBack(second.client());
    assertThat(second.terminate()).isIn(0, 143);

    Map<String, String> blobs = DataDir.fileDigests(dataDir.resolve("blobs"));
    Map<String, Integer> versions = DataDir.objectKeyVersions(dataDir);
    assertThat(versions).hasSize(2).containsValue(1);

    assertThat(refusedStart(dataDir, "0000", coffer)).contains("cannot open the root key in the HSM")
        .contains("slot " + cofferSlot).contains("the token refused the PIN (CKR_PIN_INCORRECT)");
    assertThat(refusedStart(dataDir, PIN, other)).contains("slot " + otherSlot)
        .contains("has no key labelled 'coffer-root-key'")
        .contains("will not create a new root key over existing encrypted data");
    assertThat(refusedStart(dataDir, PIN, List.of())).contains(dataDir.resolve("keys/root.key").toAbsolutePath()
        + " is missing");
    assertThat(dataDir.resolve("keys")).doesNotExist();
    assertThat(tokenObjects()).isEqualTo(bothTokens);

    // The other token with a root key of its own (made by a fresh data directory; a refused first
    // start leaves no unshown access key behind): the wrong key for this data.
    Path otherDataDir = Files.createDirectory(work.resolve("other-data"));
    refusedStart(otherDataDir, "0000", other);
    assertThat(otherDataDir.resolve("root-credentials")).doesNotExist();
    assertThat(start(otherDataDir, other).terminate()).isIn(0, 143);
    assertThat(tokenObjects().values()).allSatisfy(objects -> assertThat(objects).hasSize(1));
    assertThat(refusedStart(dataDir, PIN, other)).contains("is not the one this data was encrypted with");

    assertThat(DataDir.fileDigests(dataDir.resolve("blobs"))).isEqualTo(blobs);
    assertThat(DataDir.objectKeyVersions(dataDir)).isEqualTo(versions);

    // Key maintenance with the HSM flags: rotate, then re-wrap every data key to version 2.
    CofferProcess.Finished refused = admin("0000", "rotate-master-key", coffer);
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.stderr()).contains("CKR_PIN_INCORRECT");
    CofferProcess.Finished rotated = admin(PIN, "rotate-master-key", coffer);
    assertThat(rotated.exitCode()).as(rotated.stderr()).isZero();
    assertThat(rotated.stdout()).contains("version 2 is now current");
    CofferProcess.Finished rewrapped = admin(PIN, "rewrap", coffer);
    assertThat(rewrapped.exitCode()).as(rewrapped.stderr()).isZero();
    assertThat(rewrapped.stdout()).contains("re-wrapped 2 object(s) and 0 unfinished upload(s) to master key version 2");
    assertThat(DataDir.masterKeyVersions(dataDir)).containsExactly(1, 2);
    assertThat(DataDir.objectKeyVersions(dataDir)).containsOnlyKeys(versions.keySet())
        .allSatisfy((name, v) -> assertThat(v).as(name).isEqualTo(2));
    assertThat(DataDir.fileDigests(dataDir.resolve("blobs"))).isEqualTo(blobs);

    CofferProcess third = start(dataDir, coffer);
    written.assertAllReadBack(third.client());
    written.put(third.client(), "after-rotation", "SM4", 80_000);
    written.assertAllReadBack(third.client());
    assertThat(third.terminate()).isIn(0, 143);
    assertThat(DataDir.objectKeyVersions(dataDir)).containsEntry(BUCKET + "/after-rotation", 2);
    assertThat(dataDir.resolve("keys")).doesNotExist();
  }
}
