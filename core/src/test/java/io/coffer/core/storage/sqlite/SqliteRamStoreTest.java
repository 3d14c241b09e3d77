package io.coffer.core.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.iam.ram.AccessKeyStatus;
import io.coffer.core.iam.ram.CustomPolicy;
import io.coffer.core.iam.ram.PolicyVersion;
import io.coffer.core.iam.ram.RamAccessKey;
import io.coffer.core.iam.ram.RamUser;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ram_*} tables: the schema 3 → 4 migration and what the database itself guards. */
class SqliteRamStoreTest {
  private static final Instant T = Instant.parse("2026-11-23T00:00:00Z");
  @TempDir Path dir;

  private static RamUser user(String id, String name) {
    return new RamUser(id, "1234567890123456", name, "", "", "", "", T, T);
  }

  @Test
  void databaseOfSchema3_getsTheRamTablesOnOpen_andKeepsItsData() throws Exception {
    Path db = dir.resolve("coffer.db");
    new SqliteMetadataStore(db).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      for (String t : new String[] {"ram_attachments", "ram_policy_versions", "ram_policies", "ram_access_keys", "ram_users"}) {
        s.execute("DROP TABLE " + t);
      }
      s.execute("INSERT INTO key_settings(name, value) VALUES ('kept', x'01')");
      s.execute("PRAGMA user_version=3");
    }
    try (SqliteMetadataStore store = new SqliteMetadataStore(db)) {
      boolean inserted = store.ram().write(tx -> tx.insertUser(user("1000000000000001", "alice")));
      Optional<RamUser> read = store.ram().read(v -> v.user("1234567890123456", "alice"));
      assertThat(inserted).isTrue();
      assertThat(read).isPresent();
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
        assertThat(rs.getInt(1)).isEqualTo(4);
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM key_settings WHERE name = 'kept'")) {
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }
  }

  @Test
  void userWithAKey_cannotBeDeletedUnderneath_andADeletedPolicyTakesItsVersions() {
    try (SqliteMetadataStore store = new SqliteMetadataStore(dir.resolve("coffer.db"))) {
      store.ram().write(tx -> tx.insertUser(user("1000000000000001", "alice")));
      store.ram().write(tx -> tx.insertAccessKey(new RamAccessKey("LTAIk", "1234567890123456", "1000000000000001",
          AccessKeyStatus.Active, T, new byte[] {1, 2, 3})));
      // Core refuses first (DeleteConflict); the foreign key is the backstop.
      assertThatThrownBy(() -> store.ram().write(tx -> {
        tx.deleteUser("1000000000000001");
        return null;
      })).isInstanceOf(IllegalStateException.class);
      Optional<RamUser> kept = store.ram().read(v -> v.userById("1000000000000001"));
      assertThat(kept).isPresent();

      store.ram().write(tx -> {
        tx.insertPolicy(new CustomPolicy("1234567890123456", "p", "", 1, 3, T, T));
        tx.insertVersion("1234567890123456", "p", new PolicyVersion(1, "{}", true, T));
        tx.insertVersion("1234567890123456", "p", new PolicyVersion(2, "{}", false, T));
        return null;
      });
      List<PolicyVersion> versions = store.ram().read(v -> v.versions("1234567890123456", "p"));
      assertThat(versions).extracting(PolicyVersion::isDefault).containsExactly(true, false);
      store.ram().write(tx -> {
        tx.deletePolicy("1234567890123456", "p");
        return null;
      });
      store.ram().write(tx -> {
        tx.insertPolicy(new CustomPolicy("1234567890123456", "p", "", 1, 2, T, T));
        return null;
      });
      List<PolicyVersion> fresh = store.ram().read(v -> v.versions("1234567890123456", "p"));
      assertThat(fresh).isEmpty();
    }
  }
}
