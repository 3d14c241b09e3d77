package io.coffer.core.storage.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.core.kms.Cmk;
import io.coffer.core.kms.ImportToken;
import io.coffer.core.kms.KeyOrigin;
import io.coffer.core.kms.KeySpec;
import io.coffer.core.kms.KeyState;
import io.coffer.core.kms.KeyVersion;
import io.coffer.core.kms.KmsAlias;
import io.coffer.core.kms.KmsStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link KmsStore} on the {@code kms_*} tables. A key's metadata is one JSON document (its
 * fields change together and are never queried); versions hold the root-wrapped material.
 */
final class SqliteKmsStore implements KmsStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SqliteDatabase db;

  SqliteKmsStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public Optional<Cmk> key(String keyId) {
    return db.read(c -> key(c, keyId));
  }

  @Override
  public List<Cmk> keys(String accountId) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT doc FROM kms_keys WHERE account = ? ORDER BY created, key_id")) {
        ps.setString(1, accountId);
        return keyList(ps);
      }
    });
  }

  @Override
  public Optional<KeyVersion> version(String versionId) {
    return db.read(c -> version(c, versionId));
  }

  @Override
  public List<KeyVersion> versions(String keyId) {
    return db.read(c -> versions(c, keyId));
  }

  @Override
  public Optional<KmsAlias> alias(String accountId, String name) {
    return db.read(c -> alias(c, accountId, name));
  }

  @Override
  public List<KmsAlias> aliases(String accountId) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT name, key_id FROM kms_aliases WHERE account = ? ORDER BY name")) {
        ps.setString(1, accountId);
        List<KmsAlias> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(new KmsAlias(rs.getString(1), accountId, rs.getString(2)));
        }
        return out;
      }
    });
  }

  @Override
  public Optional<ImportToken> importToken(String token) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT key_id, algorithm, wrapped, expires FROM kms_import_tokens WHERE token = ?")) {
        ps.setString(1, token);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) return Optional.empty();
          return Optional.of(new ImportToken(token, rs.getString(1), rs.getString(2), rs.getBytes(3),
              Instant.ofEpochMilli(rs.getLong(4))));
        }
      }
    });
  }

  @Override
  public <T> T write(Function<Tx, T> work) {
    return db.write(c -> work.apply(new SqlTx(c)));
  }

  /** SQL failures inside a unit of work surface unchecked so the lambda-shaped Tx stays simple. */
  private static final class SqlTx implements Tx {
    private final Connection c;

    SqlTx(Connection c) {
      this.c = c;
    }

    @Override
    public Optional<Cmk> key(String keyId) {
      return run(() -> SqliteKmsStore.key(c, keyId));
    }

    @Override
    public void putKey(Cmk key) {
      run(() -> {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO kms_keys(key_id, account, created, doc) VALUES (?,?,?,?)"
            // An upsert, not OR REPLACE: a replace deletes the row first, and the delete would cascade.
            + " ON CONFLICT(key_id) DO UPDATE SET doc = excluded.doc")) {
          ps.setString(1, key.keyId());
          ps.setString(2, key.accountId());
          ps.setLong(3, key.created().toEpochMilli());
          ps.setString(4, encode(key));
          return ps.executeUpdate();
        }
      });
    }

    @Override
    public void deleteKey(String keyId) {
      run(() -> {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM kms_keys WHERE key_id = ?")) {
          ps.setString(1, keyId);
          return ps.executeUpdate();
        }
      });
    }

    @Override
    public Optional<KeyVersion> version(String versionId) {
      return run(() -> SqliteKmsStore.version(c, versionId));
    }

    @Override
    public List<KeyVersion> versions(String keyId) {
      return run(() -> SqliteKmsStore.versions(c, keyId));
    }

    @Override
    public void putVersion(KeyVersion v) {
      run(() -> {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO kms_key_versions(version_id, key_id, created, wrapped) VALUES (?,?,?,?)"
            + " ON CONFLICT(version_id) DO UPDATE SET wrapped = excluded.wrapped")) {
          ps.setString(1, v.versionId());
          ps.setString(2, v.keyId());
          ps.setLong(3, v.created().toEpochMilli());
          ps.setBytes(4, v.wrappedMaterial());
          return ps.executeUpdate();
        }
      });
    }

    @Override
    public Optional<KmsAlias> alias(String accountId, String name) {
      return run(() -> SqliteKmsStore.alias(c, accountId, name));
    }

    @Override
    public boolean insertAlias(KmsAlias a) {
      return run(() -> {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT OR IGNORE INTO kms_aliases(account, name, key_id) VALUES (?,?,?)")) {
          ps.setString(1, a.accountId());
          ps.setString(2, a.name());
          ps.setString(3, a.keyId());
          return ps.executeUpdate() == 1;
        }
      });
    }

    @Override
    public void updateAlias(KmsAlias a) {
      run(() -> {
        try (PreparedStatement ps = c.prepareStatement("UPDATE kms_aliases SET key_id = ? WHERE account = ? AND name = ?")) {
          ps.setString(1, a.keyId());
          ps.setString(2, a.accountId());
          ps.setString(3, a.name());
          return ps.executeUpdate();
        }
      });
    }

    @Override
    public boolean deleteAlias(String accountId, String name) {
      return run(() -> {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM kms_aliases WHERE account = ? AND name = ?")) {
          ps.setString(1, accountId);
          ps.setString(2, name);
          return ps.executeUpdate() == 1;
        }
      });
    }

    @Override
    public void putImportToken(ImportToken t) {
      run(() -> {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO kms_import_tokens(token, key_id, algorithm, wrapped, expires) VALUES (?,?,?,?,?)")) {
          ps.setString(1, t.token());
          ps.setString(2, t.keyId());
          ps.setString(3, t.wrappingAlgorithm());
          ps.setBytes(4, t.wrappedPrivateKey());
          ps.setLong(5, t.expires().toEpochMilli());
          return ps.executeUpdate();
        }
      });
    }

    @Override
    public List<Cmk> allKeys() {
      return run(() -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT doc FROM kms_keys ORDER BY created, key_id")) {
          return keyList(ps);
        }
      });
    }

    @Override
    public int deleteImportTokensExpiredBefore(Instant now) {
      return run(() -> {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM kms_import_tokens WHERE expires <= ?")) {
          ps.setLong(1, now.toEpochMilli());
          return ps.executeUpdate();
        }
      });
    }
  }

  @FunctionalInterface
  private interface Sql<T> {
    T run() throws SQLException;
  }

  private static <T> T run(Sql<T> work) {
    try {
      return work.run();
    } catch (SQLException e) {
      throw new IllegalStateException("KMS store failure", e);
    }
  }

  // ---- rows ----

  private static Optional<Cmk> key(Connection c, String keyId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT doc FROM kms_keys WHERE key_id = ?")) {
      ps.setString(1, keyId);
      List<Cmk> l = keyList(ps);
      return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }
  }

  private static List<Cmk> keyList(PreparedStatement ps) throws SQLException {
    List<Cmk> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) out.add(decode(rs.getString(1)));
    }
    return out;
  }

  private static Optional<KeyVersion> version(Connection c, String versionId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT key_id, created, wrapped FROM kms_key_versions WHERE version_id = ?")) {
      ps.setString(1, versionId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        return Optional.of(new KeyVersion(rs.getString(1), versionId, Instant.ofEpochMilli(rs.getLong(2)), rs.getBytes(3)));
      }
    }
  }

  private static List<KeyVersion> versions(Connection c, String keyId) throws SQLException {
    // rowid breaks ties in insertion order: two versions made in one millisecond still list oldest first.
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT version_id, created, wrapped FROM kms_key_versions WHERE key_id = ? ORDER BY created, rowid")) {
      ps.setString(1, keyId);
      List<KeyVersion> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(new KeyVersion(keyId, rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getBytes(3)));
      }
      return out;
    }
  }

  private static Optional<KmsAlias> alias(Connection c, String accountId, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT key_id FROM kms_aliases WHERE account = ? AND name = ?")) {
      ps.setString(1, accountId);
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new KmsAlias(name, accountId, rs.getString(1))) : Optional.empty();
      }
    }
  }

  // ---- the key document (docs/storage-format.md) ----

  static String encode(Cmk k) {
    ObjectNode n = JSON.createObjectNode();
    n.put("v", 1);
    n.put("id", k.keyId());
    n.put("account", k.accountId());
    n.put("spec", k.spec().name());
    n.put("origin", k.origin().name());
    n.put("description", k.description());
    n.put("service", k.service());
    n.put("created", k.created().toEpochMilli());
    n.put("state", k.state().name());
    if (k.deleteDate() != null) n.put("deleteDate", k.deleteDate().toEpochMilli());
    if (k.materialExpires() != null) n.put("materialExpires", k.materialExpires().toEpochMilli());
    if (k.primaryVersionId() != null) n.put("primaryVersion", k.primaryVersionId());
    if (k.lastRotation() != null) n.put("lastRotation", k.lastRotation().toEpochMilli());
    if (k.rotationInterval() != null) n.put("rotationSeconds", k.rotationInterval().getSeconds());
    if (k.materialCheck() != null) n.put("materialCheck", Base64.getEncoder().encodeToString(k.materialCheck()));
    return n.toString();
  }

  static Cmk decode(String doc) {
    try {
      JsonNode n = JSON.readTree(doc);
      return new Cmk(n.get("id").asText(), n.get("account").asText(), KeySpec.valueOf(n.get("spec").asText()),
          KeyOrigin.valueOf(n.get("origin").asText()), n.get("description").asText(), n.get("service").asBoolean(),
          Instant.ofEpochMilli(n.get("created").asLong()), KeyState.valueOf(n.get("state").asText()),
          instant(n, "deleteDate"), instant(n, "materialExpires"),
          n.has("primaryVersion") ? n.get("primaryVersion").asText() : null, instant(n, "lastRotation"),
          n.has("rotationSeconds") ? Duration.ofSeconds(n.get("rotationSeconds").asLong()) : null,
          n.has("materialCheck") ? Base64.getDecoder().decode(n.get("materialCheck").asText()) : null);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("damaged KMS key record", e);
    }
  }

  private static Instant instant(JsonNode n, String field) {
    return n.has(field) ? Instant.ofEpochMilli(n.get(field).asLong()) : null;
  }
}
