package io.coffer.core.storage.sqlite;

import io.coffer.core.iam.ram.AccessKeyStatus;
import io.coffer.core.iam.ram.CustomPolicy;
import io.coffer.core.iam.ram.PolicyAttachment;
import io.coffer.core.iam.ram.PolicyType;
import io.coffer.core.iam.ram.PolicyVersion;
import io.coffer.core.iam.ram.RamAccessKey;
import io.coffer.core.iam.ram.RamStore;
import io.coffer.core.iam.ram.RamUser;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link RamStore} on the {@code ram_*} tables (docs/storage-format.md). Reads run on a reader
 * connection, writes as one transaction on the writer connection; SQL failures surface unchecked
 * so the lambda-shaped units of work stay simple.
 */
final class SqliteRamStore implements RamStore {
  private static final String USER_COLUMNS =
      "user_id, account, name, display_name, mobile_phone, email, comments, created, updated";
  private static final String KEY_COLUMNS = "key_id, account, user_id, status, created, wrapped_secret";
  private static final String POLICY_COLUMNS = "account, name, description, default_version, next_version, created, updated";

  private final SqliteDatabase db;

  SqliteRamStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public <T> T read(Function<View, T> work) {
    return db.read(c -> work.apply(new SqlView(c)));
  }

  @Override
  public <T> T write(Function<Tx, T> work) {
    return db.write(c -> work.apply(new SqlTx(c)));
  }

  private static class SqlView implements View {
    final Connection c;

    SqlView(Connection c) {
      this.c = c;
    }

    @Override
    public Optional<RamUser> user(String accountId, String userName) {
      return first(query("SELECT " + USER_COLUMNS + " FROM ram_users WHERE account = ? AND name = ?",
          SqliteRamStore::user, accountId, userName));
    }

    @Override
    public Optional<RamUser> userById(String userId) {
      return first(query("SELECT " + USER_COLUMNS + " FROM ram_users WHERE user_id = ?", SqliteRamStore::user, userId));
    }

    @Override
    public List<RamUser> users(String accountId, String fromName, int limit) {
      return query("SELECT " + USER_COLUMNS + " FROM ram_users WHERE account = ? AND name >= ? ORDER BY name LIMIT ?",
          SqliteRamStore::user, accountId, fromName == null ? "" : fromName, limit);
    }

    @Override
    public int userCount(String accountId) {
      return query("SELECT count(*) FROM ram_users WHERE account = ?", rs -> rs.getInt(1), accountId).get(0);
    }

    @Override
    public Optional<RamAccessKey> accessKey(String accessKeyId) {
      return first(query("SELECT " + KEY_COLUMNS + " FROM ram_access_keys WHERE key_id = ?", SqliteRamStore::key,
          accessKeyId));
    }

    @Override
    public List<RamAccessKey> accessKeys(String userId) {
      return query("SELECT " + KEY_COLUMNS + " FROM ram_access_keys WHERE user_id = ? ORDER BY created, rowid",
          SqliteRamStore::key, userId);
    }

    @Override
    public Optional<CustomPolicy> policy(String accountId, String name) {
      return first(query("SELECT " + POLICY_COLUMNS + " FROM ram_policies WHERE account = ? AND name = ?",
          SqliteRamStore::policy, accountId, name));
    }

    @Override
    public List<CustomPolicy> policies(String accountId) {
      return query("SELECT " + POLICY_COLUMNS + " FROM ram_policies WHERE account = ? ORDER BY name",
          SqliteRamStore::policy, accountId);
    }

    @Override
    public int policyCount(String accountId) {
      return query("SELECT count(*) FROM ram_policies WHERE account = ?", rs -> rs.getInt(1), accountId).get(0);
    }

    @Override
    public List<PolicyVersion> versions(String accountId, String policyName) {
      return query("SELECT v.version, v.document, v.version = p.default_version, v.created FROM ram_policy_versions v"
          + " JOIN ram_policies p ON p.account = v.account AND p.name = v.policy"
          + " WHERE v.account = ? AND v.policy = ? ORDER BY v.version", SqliteRamStore::version, accountId, policyName);
    }

    @Override
    public Optional<PolicyVersion> version(String accountId, String policyName, int number) {
      return first(query("SELECT v.version, v.document, v.version = p.default_version, v.created"
          + " FROM ram_policy_versions v JOIN ram_policies p ON p.account = v.account AND p.name = v.policy"
          + " WHERE v.account = ? AND v.policy = ? AND v.version = ?", SqliteRamStore::version, accountId, policyName,
          number));
    }

    @Override
    public List<PolicyAttachment> attachments(String userId) {
      return query("SELECT user_id, policy_type, policy, attached FROM ram_attachments WHERE user_id = ?"
          + " ORDER BY attached, policy_type, policy", rs -> new PolicyAttachment(rs.getString(1),
              PolicyType.valueOf(rs.getString(2)), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4))), userId);
    }

    @Override
    public Map<String, Integer> attachmentCounts(String accountId, PolicyType type) {
      Map<String, Integer> out = new LinkedHashMap<>();
      for (Map.Entry<String, Integer> e : query("SELECT policy, count(*) FROM ram_attachments"
          + " WHERE account = ? AND policy_type = ? GROUP BY policy",
          rs -> Map.entry(rs.getString(1), rs.getInt(2)), accountId, type.name())) {
        out.put(e.getKey(), e.getValue());
      }
      return out;
    }

    // ---- plumbing ----

    @FunctionalInterface
    interface Row<T> {
      T map(ResultSet rs) throws SQLException;
    }

    <T> List<T> query(String sql, Row<T> row, Object... args) {
      try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) out.add(row.map(rs));
        return out;
      } catch (SQLException e) {
        throw new IllegalStateException("RAM store failure", e);
      }
    }

    int update(String sql, Object... args) {
      try (PreparedStatement ps = prepare(sql, args)) {
        return ps.executeUpdate();
      } catch (SQLException e) {
        throw new IllegalStateException("RAM store failure", e);
      }
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
      PreparedStatement ps = c.prepareStatement(sql);
      try {
        for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
      } catch (SQLException e) {
        ps.close();
        throw e;
      }
      return ps;
    }

    private static <T> Optional<T> first(List<T> l) {
      return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }
  }

  private static final class SqlTx extends SqlView implements Tx {
    SqlTx(Connection c) {
      super(c);
    }

    @Override
    public boolean insertUser(RamUser u) {
      return update("INSERT OR IGNORE INTO ram_users(" + USER_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?)", u.userId(),
          u.accountId(), u.userName(), u.displayName(), u.mobilePhone(), u.email(), u.comments(),
          u.created().toEpochMilli(), u.updated().toEpochMilli()) == 1;
    }

    @Override
    public void updateUser(RamUser u) {
      update("UPDATE ram_users SET name = ?, display_name = ?, mobile_phone = ?, email = ?, comments = ?, updated = ?"
          + " WHERE user_id = ?", u.userName(), u.displayName(), u.mobilePhone(), u.email(), u.comments(),
          u.updated().toEpochMilli(), u.userId());
    }

    @Override
    public void deleteUser(String userId) {
      update("DELETE FROM ram_users WHERE user_id = ?", userId);
    }

    @Override
    public boolean insertAccessKey(RamAccessKey k) {
      return update("INSERT OR IGNORE INTO ram_access_keys(" + KEY_COLUMNS + ") VALUES (?,?,?,?,?,?)", k.accessKeyId(),
          k.accountId(), k.userId(), k.status().name(), k.created().toEpochMilli(), k.wrappedSecret()) == 1;
    }

    @Override
    public void updateAccessKeyStatus(String accessKeyId, AccessKeyStatus status) {
      update("UPDATE ram_access_keys SET status = ? WHERE key_id = ?", status.name(), accessKeyId);
    }

    @Override
    public boolean deleteAccessKey(String accessKeyId) {
      return update("DELETE FROM ram_access_keys WHERE key_id = ?", accessKeyId) == 1;
    }

    @Override
    public boolean insertPolicy(CustomPolicy p) {
      return update("INSERT OR IGNORE INTO ram_policies(" + POLICY_COLUMNS + ") VALUES (?,?,?,?,?,?,?)", p.accountId(),
          p.name(), p.description(), p.defaultVersion(), p.nextVersion(), p.created().toEpochMilli(),
          p.updated().toEpochMilli()) == 1;
    }

    @Override
    public void updatePolicy(CustomPolicy p) {
      update("UPDATE ram_policies SET description = ?, default_version = ?, next_version = ?, updated = ?"
          + " WHERE account = ? AND name = ?", p.description(), p.defaultVersion(), p.nextVersion(),
          p.updated().toEpochMilli(), p.accountId(), p.name());
    }

    @Override
    public void deletePolicy(String accountId, String name) {
      update("DELETE FROM ram_policies WHERE account = ? AND name = ?", accountId, name);
    }

    @Override
    public void insertVersion(String accountId, String policyName, PolicyVersion v) {
      update("INSERT INTO ram_policy_versions(account, policy, version, document, created) VALUES (?,?,?,?,?)",
          accountId, policyName, v.number(), v.document(), v.created().toEpochMilli());
    }

    @Override
    public boolean deleteVersion(String accountId, String policyName, int number) {
      return update("DELETE FROM ram_policy_versions WHERE account = ? AND policy = ? AND version = ?", accountId,
          policyName, number) == 1;
    }

    @Override
    public boolean attach(String accountId, PolicyAttachment a) {
      return update("INSERT OR IGNORE INTO ram_attachments(user_id, account, policy_type, policy, attached)"
          + " VALUES (?,?,?,?,?)", a.userId(), accountId, a.type().name(), a.policyName(),
          a.attached().toEpochMilli()) == 1;
    }

    @Override
    public boolean detach(String userId, PolicyType type, String policyName) {
      return update("DELETE FROM ram_attachments WHERE user_id = ? AND policy_type = ? AND policy = ?", userId,
          type.name(), policyName) == 1;
    }
  }

  // ---- rows ----

  private static RamUser user(ResultSet rs) throws SQLException {
    return new RamUser(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), Instant.ofEpochMilli(rs.getLong(8)), Instant.ofEpochMilli(rs.getLong(9)));
  }

  private static RamAccessKey key(ResultSet rs) throws SQLException {
    return new RamAccessKey(rs.getString(1), rs.getString(2), rs.getString(3), AccessKeyStatus.valueOf(rs.getString(4)),
        Instant.ofEpochMilli(rs.getLong(5)), rs.getBytes(6));
  }

  private static CustomPolicy policy(ResultSet rs) throws SQLException {
    return new CustomPolicy(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
        Instant.ofEpochMilli(rs.getLong(6)), Instant.ofEpochMilli(rs.getLong(7)));
  }

  private static PolicyVersion version(ResultSet rs) throws SQLException {
    return new PolicyVersion(rs.getInt(1), rs.getString(2), rs.getInt(3) == 1, Instant.ofEpochMilli(rs.getLong(4)));
  }
}
