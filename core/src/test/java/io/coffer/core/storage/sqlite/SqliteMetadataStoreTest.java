package io.coffer.core.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.storage.MetadataStore;
import io.coffer.core.storage.MetadataStoreContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class SqliteMetadataStoreTest extends MetadataStoreContract {

  @Override
  protected MetadataStore open(Path dir) {
    return new SqliteMetadataStore(dir.resolve("coffer.db"));
  }

  private static byte[] b(int... v) {
    byte[] out = new byte[v.length];
    for (int i = 0; i < v.length; i++) out[i] = (byte) v[i];
    return out;
  }

  @Test
  void successor_incrementsTheLastByteThatCanGrow() {
    assertThat(KeyRanges.successor(b('a', 'b'))).isEqualTo(b('a', 'c'));
    assertThat(KeyRanges.successor(b(0xEF, 0xBF, 0xBF))).isEqualTo(b(0xEF, 0xBF, 0xC0));
    assertThat(KeyRanges.successor(b('a', 0xFF))).isEqualTo(b('b'));
    assertThat(KeyRanges.successor(b('a', 0xFE, 0xFF, 0xFF))).isEqualTo(b('a', 0xFF));
    assertThat(KeyRanges.successor(b(0x00))).isEqualTo(b(0x01));
  }

  @Test
  void successor_hasNoneForEmptyOrAllFf() {
    assertThat(KeyRanges.successor(b())).isNull();
    assertThat(KeyRanges.successor(b(0xFF))).isNull();
    assertThat(KeyRanges.successor(b(0xFF, 0xFF, 0xFF))).isNull();
  }

  @Test
  void open_databaseOfANewerSchema_isRefused() throws Exception {
    store.close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("coffer.db"));
        Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version=99");
    }
    assertThatThrownBy(() -> open(dir)).hasMessageContaining("newer");
    Path fresh = java.nio.file.Files.createDirectories(dir.resolve("fresh"));
    store = open(fresh);
  }
}
