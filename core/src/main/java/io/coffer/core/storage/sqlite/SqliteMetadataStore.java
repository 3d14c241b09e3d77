package io.coffer.core.storage.sqlite;

import io.coffer.core.error.CofferException;
import io.coffer.core.model.BlobId;
import io.coffer.core.model.Bucket;
import io.coffer.core.model.BucketAcl;
import io.coffer.core.model.BucketName;
import io.coffer.core.model.EncryptionInfo;
import io.coffer.core.model.Extent;
import io.coffer.core.model.ObjectKey;
import io.coffer.core.model.ObjectRecord;
import io.coffer.core.model.StorageClass;
import io.coffer.core.storage.MetadataStore;
import io.coffer.core.storage.Part;
import io.coffer.core.storage.Upload;
import io.coffer.core.sse.KeyRecordStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@link MetadataStore} on SQLite in WAL mode with {@code synchronous=FULL}, so a commit is durable
 * when the call returns.
 *
 * <p>Threading: SQLite's JNI calls pin virtual threads, so all database work runs on a small pool
 * of platform threads. One writer thread owns the only writing connection, which serialises
 * transactions without lock waits; a few reader threads each own a read connection and see the
 * last committed state (WAL snapshots).
 */
public final class SqliteMetadataStore implements MetadataStore, KeyRecordStore {
  private static final int READERS = 3;
  private static final int SCHEMA_VERSION = 2;

  private final String url;
  private final RecordCodec codec = new RecordCodec();
  private final ExecutorService writer;
  private final ExecutorService readers;
  private final ThreadLocal<Connection> connection = new ThreadLocal<>();
  private final List<Connection> opened = new ArrayList<>();

  public SqliteMetadataStore(Path file) {
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
      if (version < SCHEMA_VERSION) s.execute("PRAGMA user_version=" + SCHEMA_VERSION);
    }
  }

  // ---- plumbing ----

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T read(Work<T> work) {
    return await(readers.submit(() -> work.run(conn())));
  }

  private <T> T write(Work<T> work) {
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

  private static byte[] utf8(ObjectKey key) {
    return key.value().getBytes(StandardCharsets.UTF_8);
  }

  // ---- buckets ----

  @Override
  public boolean createBucket(Bucket b) {
    return write(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT OR IGNORE INTO buckets(name, owner, created, acl, storage_class, redundancy) VALUES (?,?,?,?,?,?)")) {
        ps.setString(1, b.name().value());
        ps.setString(2, b.owner());
        ps.setLong(3, b.created().toEpochMilli());
        ps.setString(4, b.acl().name());
        ps.setString(5, b.storageClass().name());
        ps.setString(6, b.redundancyType());
        return ps.executeUpdate() == 1;
      }
    });
  }

  private static Bucket bucketFrom(ResultSet rs) throws SQLException {
    return new Bucket(new BucketName(rs.getString("name")), rs.getString("owner"),
        Instant.ofEpochMilli(rs.getLong("created")), BucketAcl.valueOf(rs.getString("acl")),
        StorageClass.valueOf(rs.getString("storage_class")), rs.getString("redundancy"));
  }

  @Override
  public Optional<Bucket> bucket(BucketName name) {
    return read(c -> findBucket(c, name));
  }

  private static Optional<Bucket> findBucket(Connection c, BucketName name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM buckets WHERE name = ?")) {
      ps.setString(1, name.value());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(bucketFrom(rs)) : Optional.empty();
      }
    }
  }

  @Override
  public List<Bucket> buckets() {
    return read(c -> {
      List<Bucket> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM buckets ORDER BY name");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(bucketFrom(rs));
      }
      return out;
    });
  }

  @Override
  public boolean updateBucket(Bucket b) {
    return write(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE buckets SET owner = ?, acl = ?, storage_class = ?, redundancy = ? WHERE name = ?")) {
        ps.setString(1, b.owner());
        ps.setString(2, b.acl().name());
        ps.setString(3, b.storageClass().name());
        ps.setString(4, b.redundancyType());
        ps.setString(5, b.name().value());
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public DeleteBucketOutcome deleteBucket(BucketName name) {
    return write(c -> {
      if (findBucket(c, name).isEmpty()) return DeleteBucketOutcome.NOT_FOUND;
      if (exists(c, "SELECT 1 FROM objects WHERE bucket = ? LIMIT 1", name)) return DeleteBucketOutcome.HAS_OBJECTS;
      if (exists(c, "SELECT 1 FROM uploads WHERE bucket = ? LIMIT 1", name)) return DeleteBucketOutcome.HAS_UPLOADS;
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM buckets WHERE name = ?")) {
        ps.setString(1, name.value());
        ps.executeUpdate();
      }
      return DeleteBucketOutcome.DELETED;
    });
  }

  private static boolean exists(Connection c, String sql, BucketName name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, name.value());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  @Override
  public Optional<String> bucketConfig(BucketName bucket, String name) {
    return read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT value FROM bucket_configs WHERE bucket = ? AND name = ?")) {
        ps.setString(1, bucket.value());
        ps.setString(2, name);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public boolean putBucketConfig(BucketName bucket, String name, String value) {
    return write(c -> {
      if (findBucket(c, bucket).isEmpty()) return false;
      if (value == null) {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM bucket_configs WHERE bucket = ? AND name = ?")) {
          ps.setString(1, bucket.value());
          ps.setString(2, name);
          ps.executeUpdate();
        }
      } else {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO bucket_configs(bucket, name, value) VALUES (?,?,?)"
                + " ON CONFLICT(bucket, name) DO UPDATE SET value = excluded.value")) {
          ps.setString(1, bucket.value());
          ps.setString(2, name);
          ps.setString(3, value);
          ps.executeUpdate();
        }
      }
      return true;
    });
  }

  // ---- objects ----

  @Override
  public Optional<ObjectRecord> object(BucketName bucket, ObjectKey key) {
    return read(c -> findObject(c, bucket, key));
  }

  private Optional<ObjectRecord> findObject(Connection c, BucketName bucket, ObjectKey key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT doc FROM objects WHERE bucket = ? AND key = ?")) {
      ps.setString(1, bucket.value());
      ps.setBytes(2, utf8(key));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(codec.decodeObject(bucket.value(), utf8(key), rs.getString(1))) : Optional.empty();
      }
    }
  }

  @Override
  public Optional<ObjectRecord> putObject(BucketName bucket, ObjectKey key,
      Function<Optional<ObjectRecord>, ObjectRecord> decide) {
    return write(c -> storeObject(c, bucket, key, decide));
  }

  private Optional<ObjectRecord> storeObject(Connection c, BucketName bucket, ObjectKey key,
      Function<Optional<ObjectRecord>, ObjectRecord> decide) throws SQLException {
    if (findBucket(c, bucket).isEmpty()) throw new CofferException.NoSuchBucket(bucket.value());
    Optional<ObjectRecord> current = findObject(c, bucket, key);
    ObjectRecord next = decide.apply(current);
    if (!next.bucket().equals(bucket) || !next.key().equals(key)) {
      throw new IllegalArgumentException("record is for another object");
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO objects(bucket, key, doc) VALUES (?,?,?) ON CONFLICT(bucket, key) DO UPDATE SET doc = excluded.doc")) {
      ps.setString(1, bucket.value());
      ps.setBytes(2, utf8(key));
      ps.setString(3, codec.encodeObject(next));
      ps.executeUpdate();
    }
    return current;
  }

  @Override
  public Optional<ObjectRecord> deleteObject(BucketName bucket, ObjectKey key) {
    return write(c -> {
      Optional<ObjectRecord> current = findObject(c, bucket, key);
      if (current.isPresent()) {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM objects WHERE bucket = ? AND key = ?")) {
          ps.setString(1, bucket.value());
          ps.setBytes(2, utf8(key));
          ps.executeUpdate();
        }
      }
      return current;
    });
  }

  @Override
  public List<ObjectRecord> listObjects(BucketName bucket, String prefix, byte[] afterExclusive, int limit) {
    byte[] p = prefix == null ? new byte[0] : prefix.getBytes(StandardCharsets.UTF_8);
    byte[] from = afterExclusive != null && java.util.Arrays.compareUnsigned(afterExclusive, p) >= 0 ? afterExclusive : null;
    byte[] upper = KeyRanges.successor(p);
    return read(c -> {
      StringBuilder sql = new StringBuilder("SELECT key, doc FROM objects WHERE bucket = ?");
      sql.append(from != null ? " AND key > ?" : " AND key >= ?");
      if (upper != null) sql.append(" AND key < ?");
      sql.append(" ORDER BY key LIMIT ?");
      List<ObjectRecord> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        int i = 1;
        ps.setString(i++, bucket.value());
        ps.setBytes(i++, from != null ? from : p);
        if (upper != null) ps.setBytes(i++, upper);
        ps.setInt(i, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(codec.decodeObject(bucket.value(), rs.getBytes(1), rs.getString(2)));
        }
      }
      return out;
    });
  }

  // ---- uploads ----

  @Override
  public void createUpload(Upload u) {
    write(c -> {
      if (findBucket(c, u.bucket()).isEmpty()) throw new CofferException.NoSuchBucket(u.bucket().value());
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO uploads(upload_id, bucket, key, initiated, doc) VALUES (?,?,?,?,?)")) {
        ps.setString(1, u.uploadId());
        ps.setString(2, u.bucket().value());
        ps.setBytes(3, utf8(u.key()));
        ps.setLong(4, u.initiated().toEpochMilli());
        ps.setString(5, codec.encodeUpload(u));
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Optional<Upload> upload(String uploadId) {
    return read(c -> findUpload(c, uploadId));
  }

  private Optional<Upload> findUpload(Connection c, String uploadId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM uploads WHERE upload_id = ?")) {
      ps.setString(1, uploadId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(uploadFrom(rs)) : Optional.empty();
      }
    }
  }

  private Upload uploadFrom(ResultSet rs) throws SQLException {
    return codec.decodeUpload(rs.getString("upload_id"), rs.getString("bucket"), rs.getBytes("key"),
        rs.getLong("initiated"), rs.getString("doc"));
  }

  @Override
  public Optional<Part> putPart(Part p) {
    return write(c -> {
      if (findUpload(c, p.uploadId()).isEmpty()) throw new CofferException.NoSuchUpload(p.uploadId());
      Optional<Part> old = findPart(c, p.uploadId(), p.partNumber());
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO parts(upload_id, part_number, blob, doc) VALUES (?,?,?,?)"
              + " ON CONFLICT(upload_id, part_number) DO UPDATE SET blob = excluded.blob, doc = excluded.doc")) {
        ps.setString(1, p.uploadId());
        ps.setInt(2, p.partNumber());
        ps.setString(3, p.blob().value());
        ps.setString(4, codec.encodePart(p));
        ps.executeUpdate();
      }
      return old;
    });
  }

  private Optional<Part> findPart(Connection c, String uploadId, int number) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT blob, doc FROM parts WHERE upload_id = ? AND part_number = ?")) {
      ps.setString(1, uploadId);
      ps.setInt(2, number);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(codec.decodePart(uploadId, number, rs.getString(1), rs.getString(2))) : Optional.empty();
      }
    }
  }

  @Override
  public List<Part> parts(String uploadId, int afterPartNumber, int limit) {
    return read(c -> listParts(c, uploadId, afterPartNumber, limit));
  }

  private List<Part> listParts(Connection c, String uploadId, int after, int limit) throws SQLException {
    List<Part> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT part_number, blob, doc FROM parts WHERE upload_id = ? AND part_number > ? ORDER BY part_number LIMIT ?")) {
      ps.setString(1, uploadId);
      ps.setInt(2, after);
      ps.setInt(3, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(codec.decodePart(uploadId, rs.getInt(1), rs.getString(2), rs.getString(3)));
      }
    }
    return out;
  }

  @Override
  public CompletedUpload completeUpload(String uploadId, Function<Optional<ObjectRecord>, ObjectRecord> decide) {
    return write(c -> {
      Upload u = findUpload(c, uploadId).orElseThrow(() -> new CofferException.NoSuchUpload(uploadId));
      List<Part> parts = listParts(c, uploadId, 0, Integer.MAX_VALUE);
      Set<BlobId> current = new HashSet<>();
      for (Part p : parts) current.add(p.blob());
      Optional<ObjectRecord> replaced = storeObject(c, u.bucket(), u.key(), current(decide, current));
      removeUpload(c, uploadId);
      return new CompletedUpload(replaced, parts);
    });
  }

  /**
   * The service chose the parts before this transaction; a part re-uploaded since then has a new
   * blob and the old one is being deleted, so an object naming it must not be stored.
   */
  private static Function<Optional<ObjectRecord>, ObjectRecord> current(
      Function<Optional<ObjectRecord>, ObjectRecord> decide, Set<BlobId> partBlobs) {
    return existing -> {
      ObjectRecord next = decide.apply(existing);
      for (Extent e : next.extents()) {
        if (!partBlobs.contains(e.blob())) throw new CofferException.InvalidPart();
      }
      return next;
    };
  }

  private static void removeUpload(Connection c, String uploadId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM parts WHERE upload_id = ?")) {
      ps.setString(1, uploadId);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM uploads WHERE upload_id = ?")) {
      ps.setString(1, uploadId);
      ps.executeUpdate();
    }
  }

  @Override
  public List<Part> abortUpload(String uploadId) {
    return write(c -> {
      if (findUpload(c, uploadId).isEmpty()) throw new CofferException.NoSuchUpload(uploadId);
      List<Part> parts = listParts(c, uploadId, 0, Integer.MAX_VALUE);
      removeUpload(c, uploadId);
      return parts;
    });
  }

  @Override
  public List<Upload> uploads(BucketName bucket, String prefix, byte[] keyMarker, String uploadIdMarker, int limit) {
    byte[] p = prefix == null ? new byte[0] : prefix.getBytes(StandardCharsets.UTF_8);
    byte[] upper = KeyRanges.successor(p);
    return read(c -> {
      StringBuilder sql = new StringBuilder("SELECT * FROM uploads WHERE bucket = ? AND key >= ?");
      if (upper != null) sql.append(" AND key < ?");
      if (keyMarker != null) {
        sql.append(uploadIdMarker != null ? " AND (key > ? OR (key = ? AND upload_id > ?))" : " AND key > ?");
      }
      sql.append(" ORDER BY key, upload_id LIMIT ?");
      List<Upload> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        int i = 1;
        ps.setString(i++, bucket.value());
        ps.setBytes(i++, p);
        if (upper != null) ps.setBytes(i++, upper);
        if (keyMarker != null) {
          ps.setBytes(i++, keyMarker);
          if (uploadIdMarker != null) {
            ps.setBytes(i++, keyMarker);
            ps.setString(i++, uploadIdMarker);
          }
        }
        ps.setInt(i, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(uploadFrom(rs));
        }
      }
      return out;
    });
  }

  @Override
  public boolean replaceUploadEncryption(String uploadId, EncryptionInfo expected, EncryptionInfo replacement) {
    if (expected == null || replacement == null || expected.method() != replacement.method()
        || expected.algorithm() != replacement.algorithm()) {
      throw new IllegalArgumentException("only the wrapping of an upload's data key may change");
    }
    return write(c -> {
      Optional<Upload> u = findUpload(c, uploadId);
      if (u.isEmpty() || !java.util.Objects.equals(u.get().encryption(), expected)) return false;
      Upload v = u.get();
      Upload next = new Upload(v.uploadId(), v.bucket(), v.key(), v.initiated(), v.headers(), v.storageClass(), v.acl(),
          v.sequential(), replacement);
      try (PreparedStatement ps = c.prepareStatement("UPDATE uploads SET doc = ? WHERE upload_id = ?")) {
        ps.setString(1, codec.encodeUpload(next));
        ps.setString(2, uploadId);
        return ps.executeUpdate() == 1;
      }
    });
  }

  // ---- key records ----

  private static final String ROOT_KEY_CHECK = "root-key-check";

  @Override
  public List<StoredMasterKey> masterKeys() {
    return read(c -> {
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
    return write(c -> {
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
    return read(c -> {
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
    return write(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO key_settings(name, value) VALUES (?,?)")) {
        ps.setString(1, ROOT_KEY_CHECK);
        ps.setBytes(2, check);
        return ps.executeUpdate() == 1;
      }
    });
  }

  // ---- housekeeping ----

  @Override
  public void forEachReferencedBlob(Consumer<BlobId> visitor) {
    read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT bucket, key, doc FROM objects");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          for (Extent e : codec.decodeObject(rs.getString(1), rs.getBytes(2), rs.getString(3)).extents()) {
            visitor.accept(e.blob());
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT blob FROM parts"); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) visitor.accept(new BlobId(rs.getString(1)));
      }
      return null;
    });
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
