package io.coffer.core.storage.sqlite;

import io.coffer.core.sse.KeyRecordStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link KeyRecordStore} on the tables {@code master_keys} and {@code key_settings}. */
final class SqliteKeyRecordStore implements KeyRecordStore {
  private final SqliteDatabase db;

  SqliteKeyRecordStore(SqliteDatabase db) {
    this.db = db;
  }

  private static final String ROOT_KEY_CHECK = "root-key-check";

  @Override
  public List<StoredMasterKey> masterKeys() {
    return db.read(c -> {
      List<StoredMasterKey> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT version, wrapped, created FROM master_keys ORDER BY version");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(new StoredMasterKey(rs.getInt(1), rs.getBytes(2), Instant.ofEpochMilli(rs.getLong(3))));
      }
      return out;
    });
  }

  @Override
  public boolean addMasterKey(StoredMasterKey key) {
    return db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT OR IGNORE INTO master_keys(version, wrapped, created) VALUES (?,?,?)")) {
        ps.setInt(1, key.version());
        ps.setBytes(2, key.wrapped());
        ps.setLong(3, key.created().toEpochMilli());
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public Optional<byte[]> rootKeyCheck() {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT value FROM key_settings WHERE name = ?")) {
        ps.setString(1, ROOT_KEY_CHECK);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public boolean setRootKeyCheck(byte[] check) {
    return db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO key_settings(name, value) VALUES (?,?)")) {
        ps.setString(1, ROOT_KEY_CHECK);
        ps.setBytes(2, check);
        return ps.executeUpdate() == 1;
      }
    });
  }

}
