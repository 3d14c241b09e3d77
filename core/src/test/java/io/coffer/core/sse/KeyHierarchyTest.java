package io.coffer.core.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.config.CryptoConfig;
import io.coffer.core.crypto.FileRootKey;
import io.coffer.core.crypto.KeyMaterial;
import io.coffer.core.storage.sqlite.SqliteMetadataStore;
import io.coffer.core.testing.MutableClock;
import io.coffer.core.testing.SeededRandom;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KeyHierarchy.open and RootKeyGuard over a real data directory and SQLite key records. */
class KeyHierarchyTest {
  private static final CryptoConfig NO_ROTATION = new CryptoConfig(0, null);

  @TempDir Path dataDir;
  private SqliteMetadataStore store;
  private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T08:00:00Z"));
  private final SeededRandom random = new SeededRandom(11);

  @BeforeEach
  void openStore() {
    store = new SqliteMetadataStore(dataDir.resolve("coffer.db"));
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private Path rootKeyFile() {
    return dataDir.resolve(KeyHierarchy.ROOT_KEY_FILE);
  }

  private KeyHierarchy open(CryptoConfig config, boolean mayCreate) throws IOException {
    return KeyHierarchy.open(dataDir, config, store, clock, random, mayCreate);
  }

  private void reopenStore() {
    store.close();
    store = new SqliteMetadataStore(dataDir.resolve("coffer.db"));
  }

  @Test
  void open_freshDataDir_createsRootKeyCheckAndMasterKeyV1() throws IOException {
    assertThat(RootKeyGuard.isFresh(store)).isTrue();
    try (KeyHierarchy h = open(NO_ROTATION, true)) {
      assertThat(Files.size(rootKeyFile())).isEqualTo(FileRootKey.KEY_BYTES);
      assertThat(store.rootKeyCheck()).isPresent();
      assertThat(store.masterKeys()).extracting(KeyRecordStore.StoredMasterKey::version).containsExactly(1);
      assertThat(store.masterKeys().get(0).created()).isEqualTo(clock.instant());
      assertThat(h.masterKeys().versions()).containsExactly(1);
      assertThat(h.root().describe()).contains(rootKeyFile().toAbsolutePath().toString());
    }
    assertThat(RootKeyGuard.isFresh(store)).isFalse();
  }

  @Test
  void open_again_findsTheSameRootAndMasterKeys() throws IOException {
    byte[] check;
    byte[] rootBytes;
    KeyMaterial firstV1;
    try (KeyHierarchy h = open(NO_ROTATION, true)) {
      check = store.rootKeyCheck().orElseThrow();
      rootBytes = Files.readAllBytes(rootKeyFile());
      firstV1 = KeyMaterial.copyOf(h.masterKeys().key(1).bytes());
    }
    reopenStore();
    for (boolean mayCreate : new boolean[] {true, false}) {
      try (KeyHierarchy h = open(NO_ROTATION, mayCreate)) {
        assertThat(h.masterKeys().versions()).containsExactly(1);
        assertThat(h.masterKeys().key(1).sameAs(firstV1)).isTrue();
      }
    }
    assertThat(store.rootKeyCheck()).hasValueSatisfying(c -> assertThat(c).isEqualTo(check));
    assertThat(Files.readAllBytes(rootKeyFile())).isEqualTo(rootBytes);
    assertThat(store.masterKeys()).hasSize(1);
  }

  @Test
  void open_rootKeyFileDeletedOverExistingKeys_refusesAndCreatesNoNewKey() throws IOException {
    open(NO_ROTATION, true).close();
    byte[] check = store.rootKeyCheck().orElseThrow();
    Files.delete(rootKeyFile());

    assertThatThrownBy(() -> open(NO_ROTATION, true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(rootKeyFile().toAbsolutePath() + " is missing")
        .hasMessageContaining("will not create a new root key over existing encrypted data");

    assertThat(rootKeyFile()).doesNotExist();
    try (var left = Files.list(rootKeyFile().getParent())) {
      assertThat(left).isEmpty();
    }
    assertThat(store.rootKeyCheck()).hasValueSatisfying(c -> assertThat(c).isEqualTo(check));
    assertThat(store.masterKeys()).hasSize(1);
  }

  @Test
  void open_rootKeyMissingWithOnlyACheckRecorded_refusesToo() throws IOException {
    store.setRootKeyCheck(new byte[] {1, 2, 3});
    assertThatThrownBy(() -> open(NO_ROTATION, true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is missing");
    assertThat(rootKeyFile()).doesNotExist();
    assertThat(store.masterKeys()).isEmpty();
  }

  @Test
  void open_differentRootKey_refusesAsWrongKey() throws IOException {
    open(NO_ROTATION, true).close();
    byte[] original = Files.readAllBytes(rootKeyFile());
    Files.delete(rootKeyFile());
    FileRootKey.create(rootKeyFile(), new SeededRandom(999)).close();
    byte[] replacement = Files.readAllBytes(rootKeyFile());
    assertThat(replacement).isNotEqualTo(original);

    assertThatThrownBy(() -> open(NO_ROTATION, true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not the one this data was encrypted with")
        .hasMessageContaining("will not create a new one");

    assertThat(Files.readAllBytes(rootKeyFile())).isEqualTo(replacement);
    assertThat(store.masterKeys()).hasSize(1);
  }

  @Test
  void open_rootKeyFileOfWrongLength_refusesAndKeepsTheFile() throws IOException {
    open(NO_ROTATION, true).close();
    byte[] original = Files.readAllBytes(rootKeyFile());
    byte[] truncated = java.util.Arrays.copyOf(original, 31);
    Files.write(rootKeyFile(), truncated);
    assertThatThrownBy(() -> open(NO_ROTATION, true)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not a 256-bit root key (31 bytes)")
        .hasMessageContaining("will not create a new root key over existing encrypted data");
    assertThat(Files.readAllBytes(rootKeyFile())).isEqualTo(truncated);
  }

  @Test
  void open_mayNotCreateOnFreshStore_refusesAndWritesNothing() {
    assertThatThrownBy(() -> open(NO_ROTATION, false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no key hierarchy");
    assertThat(rootKeyFile().getParent()).doesNotExist();
    assertThat(RootKeyGuard.isFresh(store)).isTrue();
  }

  @Test
  void open_rootKeyFileLeftByAnInterruptedFirstStart_isAdopted() throws IOException {
    // The key file was written but the process died before the check value was recorded.
    FileRootKey.create(rootKeyFile(), new SeededRandom(5)).close();
    byte[] created = Files.readAllBytes(rootKeyFile());
    try (KeyHierarchy h = open(NO_ROTATION, true)) {
      assertThat(h.masterKeys().versions()).containsExactly(1);
    }
    assertThat(Files.readAllBytes(rootKeyFile())).isEqualTo(created);
    reopenStore();
    open(NO_ROTATION, false).close();
  }

  @Test
  void open_rotationDays_rotatesOnlyWhenTheCurrentKeyIsThatOld() throws IOException {
    CryptoConfig ninetyDays = new CryptoConfig(90, null);
    open(ninetyDays, true).close();
    clock.advance(Duration.ofDays(89));
    try (KeyHierarchy h = open(ninetyDays, true)) {
      assertThat(h.masterKeys().versions()).containsExactly(1);
    }
    clock.advance(Duration.ofDays(1));
    try (KeyHierarchy h = open(ninetyDays, true)) {
      assertThat(h.masterKeys().versions()).containsExactly(1, 2);
      assertThat(h.masterKeys().currentCreated()).isEqualTo(clock.instant());
    }
    try (KeyHierarchy h = open(NO_ROTATION, true)) {
      assertThat(h.masterKeys().versions()).containsExactly(1, 2);
    }
  }

  // ---- RootKeyGuard directly ----

  @Test
  void verifyOrRecord_masterKeysWithoutCheck_refusesToGuess() throws IOException {
    try (FileRootKey root = FileRootKey.create(rootKeyFile(), random)) {
      store.addMasterKey(new KeyRecordStore.StoredMasterKey(1, root.wrap(new byte[32], MasterKeyRing.context(1)),
          clock.instant()));
      assertThat(RootKeyGuard.isFresh(store)).isFalse();
      assertThatThrownBy(() -> RootKeyGuard.verifyOrRecord(store, root, random))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("refusing to guess");
      assertThat(store.rootKeyCheck()).isEmpty();
    }
  }

  @Test
  void verifyOrRecord_recordsOnceThenVerifies() throws IOException {
    try (FileRootKey root = FileRootKey.create(rootKeyFile(), random);
        FileRootKey other = FileRootKey.create(dataDir.resolve("elsewhere/root.key"), new SeededRandom(3))) {
      RootKeyGuard.verifyOrRecord(store, root, random);
      byte[] check = store.rootKeyCheck().orElseThrow();
      RootKeyGuard.verifyOrRecord(store, root, random);
      assertThat(store.rootKeyCheck()).hasValueSatisfying(c -> assertThat(c).isEqualTo(check));
      assertThatThrownBy(() -> RootKeyGuard.verifyOrRecord(store, other, random))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(other.describe());
    }
  }

  @Test
  void verifyOrRecord_damagedCheckValue_refuses() throws IOException {
    try (FileRootKey root = FileRootKey.create(rootKeyFile(), random)) {
      store.setRootKeyCheck(new byte[61]);
      assertThatThrownBy(() -> RootKeyGuard.verifyOrRecord(store, root, random))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is not the one");
    }
  }
}
