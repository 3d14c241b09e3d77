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
 * {@link MetadataStore} on SQLite ({@link SqliteDatabase}: WAL, durable commits, platform-thread
 * pool). The key hierarchy's records live in the same file; this store hands them out as its
 * {@link KeyRecordStore} side, implemented by {@link SqliteKeyRecordStore}.
 */
public final class SqliteMetadataStore implements MetadataStore, KeyRecordStore {
  private final SqliteDatabase db;
  private final RecordCodec codec = new RecordCodec();
  private final SqliteKeyRecordStore keyRecords;
  private final SqliteKmsStore kms;
  private final SqliteRamStore ram;

  public SqliteMetadataStore(Path file) {
    this.db = new SqliteDatabase(file);
    this.keyRecords = new SqliteKeyRecordStore(db);
    this.kms = new SqliteKmsStore(db);
    this.ram = new SqliteRamStore(db);
  }

  /** The built-in KMS's records, kept in the same database. */
  public io.coffer.core.kms.KmsStore kms() {
    return kms;
  }

  /** RAM's users, access keys, policies and attachments, kept in the same database. */
  public io.coffer.core.iam.ram.RamStore ram() {
    return ram;
  }

  /** The key hierarchy's records, kept in the same database. */
  public KeyRecordStore keyRecords() {
    return keyRecords;
  }

  @Override
  public List<StoredMasterKey> masterKeys() {
    return keyRecords.masterKeys();
  }

  @Override
  public boolean addMasterKey(StoredMasterKey key) {
    return keyRecords.addMasterKey(key);
  }

  @Override
  public Optional<byte[]> rootKeyCheck() {
    return keyRecords.rootKeyCheck();
  }

  @Override
  public boolean setRootKeyCheck(byte[] check) {
    return keyRecords.setRootKeyCheck(check);
  }

  private <T> T read(SqliteDatabase.Work<T> work) {
    return db.read(work);
  }

  private <T> T write(SqliteDatabase.Work<T> work) {
    return db.write(work);
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
    db.close();
  }
}
