package io.coffer.core.storage.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One SQLite database file in WAL mode with {@code synchronous=FULL}, so a commit is durable when
 * {@link #write} returns; the schema is migrated on open. Shared by the stores that keep their
 * tables in it.
 *
 * <p>Threading: SQLite's JNI calls pin virtual threads, so all database work runs on a small pool
 * of platform threads. One writer thread owns the only writing connection, which serialises
 * transactions without lock waits; a few reader threads each own a read connection and see the
 * last committed state (WAL snapshots).
 */
final class SqliteDatabase implements AutoCloseable {
  private static final int READERS = 3;
  private static final int SCHEMA_VERSION = 4;

  private final String url;
  private final ExecutorService writer;
  private final ExecutorService readers;
  private final ThreadLocal<Connection> connection = new ThreadLocal<>();
  private final List<Connection> opened = new ArrayList<>();

  SqliteDatabase(Path file) {
    this.url = "jdbc:sqlite:" + file.toAbsolutePath();
    this.writer = Executors.newSingleThreadExecutor(r -> platformThread(r, "coffer-db-writer"));
    this.readers = Executors.newFixedThreadPool(READERS, r -> platformThread(r, "coffer-db-reader"));
    try {
      write(c -> {
        migrate(c);
        return null;
      });
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private static Thread platformThread(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private Connection conn() throws SQLException {
    Connection c = connection.get();
    if (c == null) {
      c = DriverManager.getConnection(url);
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA busy_timeout=10000");
        s.execute("PRAGMA foreign_keys=ON");
      }
      c.setAutoCommit(true);
      connection.set(c);
      synchronized (opened) {
        opened.add(c);
      }
    }
    return c;
  }

  /** Runs inside the caller's write transaction, so a half-made schema never commits. */
  private static void migrate(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      int version;
      try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
        version = rs.next() ? rs.getInt(1) : 0;
      }
      if (version > SCHEMA_VERSION) {
        throw new IllegalStateException("the metadata database is of a newer Coffer (schema " + version + ")");
      }
      if (version == 0) {
        s.execute("CREATE TABLE buckets(name TEXT PRIMARY KEY, owner TEXT NOT NULL, created INTEGER NOT NULL,"
            + " acl TEXT NOT NULL, storage_class TEXT NOT NULL, redundancy TEXT NOT NULL)");
        s.execute("CREATE TABLE bucket_configs(bucket TEXT NOT NULL REFERENCES buckets(name) ON DELETE CASCADE,"
            + " name TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY(bucket, name)) WITHOUT ROWID");
        s.execute("CREATE TABLE objects(bucket TEXT NOT NULL, key BLOB NOT NULL, doc TEXT NOT NULL,"
            + " PRIMARY KEY(bucket, key)) WITHOUT ROWID");
        s.execute("CREATE TABLE uploads(upload_id TEXT PRIMARY KEY, bucket TEXT NOT NULL, key BLOB NOT NULL,"
            + " initiated INTEGER NOT NULL, doc TEXT NOT NULL)");
        s.execute("CREATE INDEX uploads_by_key ON uploads(bucket, key, upload_id)");
        s.execute("CREATE TABLE parts(upload_id TEXT NOT NULL, part_number INTEGER NOT NULL, blob TEXT NOT NULL,"
            + " doc TEXT NOT NULL, PRIMARY KEY(upload_id, part_number)) WITHOUT ROWID");
      }
      if (version < 2) {
        // Version 2: the key hierarchy's wrapped keys (server-side encryption).
        s.execute("CREATE TABLE master_keys(version INTEGER PRIMARY KEY, wrapped BLOB NOT NULL, created INTEGER NOT NULL)");
        s.execute("CREATE TABLE key_settings(name TEXT PRIMARY KEY, value BLOB NOT NULL)");
      }
      if (version < 3) {
        // Version 3: the built-in KMS. Material is stored only wrapped by the root key.
        s.execute("CREATE TABLE kms_keys(key_id TEXT PRIMARY KEY, account TEXT NOT NULL, created INTEGER NOT NULL,"
            + " doc TEXT NOT NULL)");
        s.execute("CREATE INDEX kms_keys_by_account ON kms_keys(account, created)");
        s.execute("CREATE TABLE kms_key_versions(version_id TEXT PRIMARY KEY, key_id TEXT NOT NULL"
            + " REFERENCES kms_keys(key_id) ON DELETE CASCADE, created INTEGER NOT NULL, wrapped BLOB)");
        s.execute("CREATE INDEX kms_versions_by_key ON kms_key_versions(key_id, created)");
        s.execute("CREATE TABLE kms_aliases(account TEXT NOT NULL, name TEXT NOT NULL, key_id TEXT NOT NULL"
            + " REFERENCES kms_keys(key_id) ON DELETE CASCADE, PRIMARY KEY(account, name)) WITHOUT ROWID");
        s.execute("CREATE TABLE kms_import_tokens(token TEXT PRIMARY KEY, key_id TEXT NOT NULL"
            + " REFERENCES kms_keys(key_id) ON DELETE CASCADE, algorithm TEXT NOT NULL, wrapped BLOB NOT NULL,"
            + " expires INTEGER NOT NULL)");
      }
      if (version < 4) {
        // Version 4: RAM. Access key secrets are stored only wrapped by the root key. Keys and
        // attachments do not cascade from their user: RAM refuses to delete a user that has them.
        s.execute("CREATE TABLE ram_users(user_id TEXT PRIMARY KEY, account TEXT NOT NULL, name TEXT NOT NULL,"
            + " display_name TEXT NOT NULL, mobile_phone TEXT NOT NULL, email TEXT NOT NULL, comments TEXT NOT NULL,"
            + " created INTEGER NOT NULL, updated INTEGER NOT NULL, UNIQUE(account, name))");
        s.execute("CREATE TABLE ram_access_keys(key_id TEXT PRIMARY KEY, account TEXT NOT NULL, user_id TEXT NOT NULL"
            + " REFERENCES ram_users(user_id), status TEXT NOT NULL, created INTEGER NOT NULL,"
            + " wrapped_secret BLOB NOT NULL)");
        s.execute("CREATE INDEX ram_access_keys_by_user ON ram_access_keys(user_id, created)");
        s.execute("CREATE TABLE ram_policies(account TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL,"
            + " default_version INTEGER NOT NULL, next_version INTEGER NOT NULL, created INTEGER NOT NULL,"
            + " updated INTEGER NOT NULL, PRIMARY KEY(account, name)) WITHOUT ROWID");
        s.execute("CREATE TABLE ram_policy_versions(account TEXT NOT NULL, policy TEXT NOT NULL, version INTEGER NOT NULL,"
            + " document TEXT NOT NULL, created INTEGER NOT NULL, PRIMARY KEY(account, policy, version),"
            + " FOREIGN KEY(account, policy) REFERENCES ram_policies(account, name) ON DELETE CASCADE) WITHOUT ROWID");
        s.execute("CREATE TABLE ram_attachments(user_id TEXT NOT NULL REFERENCES ram_users(user_id),"
            + " account TEXT NOT NULL, policy_type TEXT NOT NULL, policy TEXT NOT NULL, attached INTEGER NOT NULL,"
            + " PRIMARY KEY(user_id, policy_type, policy)) WITHOUT ROWID");
        s.execute("CREATE INDEX ram_attachments_by_policy ON ram_attachments(account, policy_type, policy)");
      }
      if (version < SCHEMA_VERSION) s.execute("PRAGMA user_version=" + SCHEMA_VERSION);
    }
  }

  // ---- plumbing ----

  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs {@code work} on a reader connection against the last committed state. */
  <T> T read(Work<T> work) {
    return await(readers.submit(() -> work.run(conn())));
  }

  /** Runs {@code work} as one durable transaction on the writer connection; rolls back if it throws. */
  <T> T write(Work<T> work) {
    Callable<T> task = () -> {
      Connection c = conn();
      try (Statement s = c.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
      }
      boolean ok = false;
      try {
        T result = work.run(c);
        try (Statement s = c.createStatement()) {
          s.execute("COMMIT");
        }
        ok = true;
        return result;
      } finally {
        if (!ok) {
          try (Statement s = c.createStatement()) {
            s.execute("ROLLBACK");
          } catch (SQLException ignored) {
            // the transaction may already be gone; the original failure matters
          }
        }
      }
    };
    return await(writer.submit(task));
  }

  private static <T> T await(Future<T> f) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return f.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) throw re;
      if (cause instanceof Error err) throw err;
      throw new IllegalStateException("metadata store failure", cause);
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    writer.shutdown();
    readers.shutdown();
    try {
      writer.awaitTermination(30, TimeUnit.SECONDS);
      readers.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (opened) {
      for (Connection c : opened) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // closing at shutdown; nothing left to protect
        }
      }
      opened.clear();
    }
  }
}
