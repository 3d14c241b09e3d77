package io.coffer.core.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.coffer.core.sse.KeyRecordStore.StoredMasterKey;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link KeyRecordStore} must do; a subclass supplies it over a directory. */
public abstract class KeyRecordStoreContract {
  @TempDir protected Path dir;
  private KeyRecordStore store;
  private final Instant t0 = Instant.parse("2025-05-05T05:05:05.123Z");

  /** A store over {@code dir}; it is closed through {@link AutoCloseable} when it is one. */
  protected abstract KeyRecordStore open(Path dir);

  @BeforeEach
  void openStore() {
    store = open(dir);
  }

  @AfterEach
  void closeStore() throws Exception {
    if (store instanceof AutoCloseable c) c.close();
  }

  private void reopen() throws Exception {
    closeStore();
    store = open(dir);
  }

  private static byte[] wrapped(int fill) {
    byte[] b = new byte[61];
    java.util.Arrays.fill(b, (byte) fill);
    return b;
  }

  @Test
  void fresh_holdsNoKeysAndNoCheck() {
    assertThat(store.masterKeys()).isEmpty();
    assertThat(store.rootKeyCheck()).isEmpty();
  }

  @Test
  void masterKeys_areListedByVersionWithTheirCreationTime() throws Exception {
    assertThat(store.addMasterKey(new StoredMasterKey(2, wrapped(2), t0.plusSeconds(2)))).isTrue();
    assertThat(store.addMasterKey(new StoredMasterKey(1, wrapped(1), t0))).isTrue();
    assertThat(store.addMasterKey(new StoredMasterKey(10, wrapped(10), t0.plusSeconds(10)))).isTrue();
    reopen();
    assertThat(store.masterKeys()).extracting(StoredMasterKey::version).containsExactly(1, 2, 10);
    assertThat(store.masterKeys().get(0).created()).isEqualTo(t0);
    assertThat(store.masterKeys().get(1).wrapped()).isEqualTo(wrapped(2));
  }

  @Test
  void addMasterKey_existingVersion_returnsFalseAndKeepsTheFirst() {
    store.addMasterKey(new StoredMasterKey(1, wrapped(1), t0));
    assertThat(store.addMasterKey(new StoredMasterKey(1, wrapped(9), t0.plusSeconds(60)))).isFalse();
    assertThat(store.masterKeys()).singleElement().satisfies(k -> {
      assertThat(k.wrapped()).isEqualTo(wrapped(1));
      assertThat(k.created()).isEqualTo(t0);
    });
  }

  @Test
  void setRootKeyCheck_onlyTheFirstIsKept() throws Exception {
    assertThat(store.setRootKeyCheck(wrapped(7))).isTrue();
    assertThat(store.setRootKeyCheck(wrapped(8))).isFalse();
    reopen();
    assertThat(store.rootKeyCheck()).hasValueSatisfying(c -> assertThat(c).isEqualTo(wrapped(7)));
  }
}
