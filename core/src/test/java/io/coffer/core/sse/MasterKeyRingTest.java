package io.coffer.core.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.crypto.FileRootKey;
import io.coffer.core.crypto.KeyMaterial;
import io.coffer.core.storage.sqlite.SqliteMetadataStore;
import io.coffer.core.testing.MutableClock;
import io.coffer.core.testing.SeededRandom;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyRingTest {
  @TempDir Path dataDir;
  private SqliteMetadataStore store;
  private FileRootKey root;
  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-10T12:00:00Z"));

  @BeforeEach
  void setUp() throws IOException {
    store = new SqliteMetadataStore(dataDir.resolve("coffer.db"));
    root = FileRootKey.create(dataDir.resolve("keys/root.key"), new SeededRandom(1));
  }

  @AfterEach
  void tearDown() {
    root.close();
    store.close();
  }

  private MasterKeyRing ring(long seed) {
    return new MasterKeyRing(store, root, clock, new SeededRandom(seed));
  }

  private static KeyMaterial copy(KeyMaterial k) {
    return KeyMaterial.copyOf(k.bytes());
  }

  @Test
  void new_onEmptyStore_createsVersionOneAtTheClocksTime() {
    MasterKeyRing ring = ring(2);
    assertThat(ring.versions()).containsExactly(1);
    assertThat(ring.currentVersion()).isEqualTo(1);
    assertThat(ring.currentCreated()).isEqualTo(clock.instant());
    assertThat(ring.key(1).length()).isEqualTo(MasterKeyRing.KEY_BYTES);
    assertThat(store.masterKeys()).singleElement().satisfies(k -> {
      assertThat(k.version()).isEqualTo(1);
      assertThat(k.created()).isEqualTo(clock.instant());
      // Stored wrapped: version byte, nonce, 32 key bytes, tag; never the key itself.
      assertThat(k.wrapped()).hasSize(1 + 12 + 32 + 16).isNotEqualTo(ring.key(1).bytes());
    });
  }

  @Test
  void rotate_addsANewCurrentVersionAndKeepsTheOldOnes() {
    MasterKeyRing ring = ring(2);
    KeyMaterial v1 = copy(ring.key(1));
    clock.advance(Duration.ofDays(1));
    assertThat(ring.rotate()).isEqualTo(2);
    clock.advance(Duration.ofDays(1));
    assertThat(ring.rotate()).isEqualTo(3);
    assertThat(ring.versions()).containsExactly(1, 2, 3);
    assertThat(ring.currentVersion()).isEqualTo(3);
    assertThat(ring.currentCreated()).isEqualTo(clock.instant());
    assertThat(ring.key(1).sameAs(v1)).isTrue();
    assertThat(ring.key(2).sameAs(ring.key(1))).isFalse();
    assertThat(ring.key(3).sameAs(ring.key(2))).isFalse();
    assertThat(store.masterKeys()).extracting(KeyRecordStore.StoredMasterKey::version).containsExactly(1, 2, 3);
  }

  @Test
  void versions_surviveReopeningStoreAndRing() {
    MasterKeyRing first = ring(2);
    first.rotate();
    KeyMaterial v1 = copy(first.key(1));
    KeyMaterial v2 = copy(first.key(2));
    Instant created2 = first.currentCreated();
    first.close();
    store.close();
    store = new SqliteMetadataStore(dataDir.resolve("coffer.db"));

    MasterKeyRing again = ring(3);
    assertThat(again.versions()).containsExactly(1, 2);
    assertThat(again.key(1).sameAs(v1)).isTrue();
    assertThat(again.key(2).sameAs(v2)).isTrue();
    assertThat(again.currentCreated()).isEqualTo(created2);
  }

  @Test
  void rotateIfOlderThan_rotatesOnlyOnceTheCurrentKeyIsDue() {
    MasterKeyRing ring = ring(2);
    Duration maxAge = Duration.ofDays(30);
    assertThat(ring.rotateIfOlderThan(maxAge)).isFalse();
    clock.advance(Duration.ofDays(30).minusMillis(1));
    assertThat(ring.rotateIfOlderThan(maxAge)).isFalse();
    assertThat(ring.versions()).containsExactly(1);
    clock.advance(Duration.ofMillis(1));
    assertThat(ring.rotateIfOlderThan(maxAge)).isTrue();
    assertThat(ring.versions()).containsExactly(1, 2);
    // The new version is young: nothing more is due until it ages in turn.
    assertThat(ring.rotateIfOlderThan(maxAge)).isFalse();
    clock.advance(Duration.ofDays(45));
    assertThat(ring.rotateIfOlderThan(maxAge)).isTrue();
    assertThat(ring.versions()).containsExactly(1, 2, 3);
  }

  @Test
  void refresh_picksUpAVersionAnotherRingAdded() {
    MasterKeyRing server = ring(2);
    MasterKeyRing admin = ring(3);
    assertThat(admin.key(1).sameAs(server.key(1))).isTrue();
    clock.advance(Duration.ofHours(1));
    assertThat(admin.rotate()).isEqualTo(2);

    assertThat(server.currentVersion()).isEqualTo(1);
    server.refresh();
    assertThat(server.currentVersion()).isEqualTo(2);
    assertThat(server.versions()).containsExactly(1, 2);
    assertThat(server.key(2).sameAs(admin.key(2))).isTrue();
    assertThat(server.currentCreated()).isEqualTo(clock.instant());
  }

  @Test
  void key_versionAddedElsewhere_isLoadedOnDemand() {
    MasterKeyRing server = ring(2);
    MasterKeyRing admin = ring(3);
    admin.rotate();
    assertThat(server.key(2).sameAs(admin.key(2))).isTrue();
  }

  @Test
  void rotate_afterAnotherRingRotated_takesTheNextFreeVersion() {
    MasterKeyRing server = ring(2);
    MasterKeyRing admin = ring(3);
    admin.rotate();
    assertThat(server.rotate()).isEqualTo(3);
    assertThat(store.masterKeys()).extracting(KeyRecordStore.StoredMasterKey::version).containsExactly(1, 2, 3);
    assertThat(server.key(2).sameAs(admin.key(2))).isTrue();
  }

  @Test
  void rotate_losingARaceForTheVersion_adoptsTheWinnersKey() {
    MasterKeyRing admin = ring(3);
    // Lets the admin ring store version 2 between this ring choosing 2 and storing it.
    KeyRecordStore racing = new KeyRecordStore() {
      private boolean raced;

      @Override
      public java.util.List<StoredMasterKey> masterKeys() {
        return store.masterKeys();
      }

      @Override
      public boolean addMasterKey(StoredMasterKey key) {
        if (!raced && key.version() == 2) {
          raced = true;
          assertThat(admin.rotate()).isEqualTo(2);
        }
        return store.addMasterKey(key);
      }

      @Override
      public java.util.Optional<byte[]> rootKeyCheck() {
        return store.rootKeyCheck();
      }

      @Override
      public boolean setRootKeyCheck(byte[] check) {
        return store.setRootKeyCheck(check);
      }
    };
    MasterKeyRing server = new MasterKeyRing(racing, root, clock, new SeededRandom(4));
    assertThat(server.rotate()).isEqualTo(2);
    assertThat(server.versions()).containsExactly(1, 2);
    assertThat(server.key(2).sameAs(admin.key(2))).isTrue();
    assertThat(store.masterKeys()).extracting(KeyRecordStore.StoredMasterKey::version).containsExactly(1, 2);
  }

  @Test
  void key_unknownVersion_fails() {
    MasterKeyRing ring = ring(2);
    for (int v : new int[] {0, 2, -1, Integer.MAX_VALUE}) {
      assertThatThrownBy(() -> ring.key(v)).isInstanceOf(IllegalStateException.class)
          .hasMessage("unknown master key version " + v);
    }
  }

  @Test
  void new_storedVersionThatDoesNotOpen_failsNamingTheVersion() {
    MasterKeyRing ring = ring(2);
    byte[] v1Wrapped = store.masterKeys().get(0).wrapped();
    // A wrapped key copied into another version's slot: its context names v1, so it must not open as v2.
    store.addMasterKey(new KeyRecordStore.StoredMasterKey(2, v1Wrapped, clock.instant()));
    assertThatThrownBy(() -> ring(3)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("master key version 2 does not open");
    assertThatThrownBy(ring::refresh).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void close_destroysTheKeysHeldInMemory() {
    MasterKeyRing ring = ring(2);
    KeyMaterial v1 = ring.key(1);
    ring.close();
    assertThatThrownBy(v1::bytes).isInstanceOf(IllegalStateException.class);
  }
}
