package io.coffer.core.object;

import io.coffer.core.bucket.BucketService;
import io.coffer.core.error.CofferException;
import io.coffer.core.hash.Crc64;
import io.coffer.core.iam.Authorizer;
import io.coffer.core.iam.OssAction;
import io.coffer.core.iam.Principal;
import io.coffer.core.iam.policy.ConditionKeys;
import io.coffer.core.model.BlobId;
import io.coffer.core.model.Bucket;
import io.coffer.core.model.BucketAcl;
import io.coffer.core.model.BucketName;
import io.coffer.core.model.ByteRange;
import io.coffer.core.model.ContentHeaders;
import io.coffer.core.model.EncryptionInfo;
import io.coffer.core.model.SseSpec;
import io.coffer.core.sse.SseService;
import io.coffer.core.model.Extent;
import io.coffer.core.model.ObjectAcl;
import io.coffer.core.model.ObjectKey;
import io.coffer.core.model.ObjectRecord;
import io.coffer.core.model.ObjectType;
import io.coffer.core.model.StorageClass;
import io.coffer.core.storage.MetadataStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Object reads and writes: put, get, head, delete, copy, append, ACLs and listing. Every write
 * commits its blob before its metadata, and removes replaced blobs only after the metadata commit,
 * so a crash leaves the old or the new object, whole.
 */
public final class ObjectService {
  /** OSS's largest single PutObject / AppendObject body and part: 5 GB. */
  public static final long MAX_OBJECT_BYTES = 5L * 1024 * 1024 * 1024;

  /**
   * OSS caps an object's user metadata at 8 KB (EC 0011-00000002), counting every entry as its
   * full header name ({@code x-oss-meta-} and the name) plus its value, in UTF-8 bytes. Enforced
   * here rather than left to the header-size limit, which is far larger (64 KiB) so that big
   * signatures, tokens and policies still fit.
   */
  public static final int MAX_USER_METADATA_BYTES = 8 * 1024;
  private static final int USER_METADATA_NAME_PREFIX_BYTES = "x-oss-meta-".length();

  private final MetadataStore store;
  private final ObjectData data;
  private final BucketService buckets;
  private final Authorizer authorizer;
  private final SseService sse;
  private final Clock clock;

  public ObjectService(MetadataStore store, ObjectData data, BucketService buckets, Authorizer authorizer,
      SseService sse, Clock clock) {
    this.store = store;
    this.data = data;
    this.buckets = buckets;
    this.authorizer = authorizer;
    this.sse = sse;
    this.clock = clock;
  }

  /**
   * The encryption a new object gets: what the request asked for, else the bucket's default rule,
   * else none. Never inherited from a copy source.
   */
  public SseSpec resolveEncryption(BucketName bucket, SseSpec requested) {
    return requested != null ? requested : buckets.encryptionRule(bucket).orElse(null);
  }

  /** A fresh data key for {@code key}, or null for plaintext. */
  private SseService.NewKey newKey(Principal caller, Bucket bucket, ObjectKey key, SseSpec spec) {
    return spec == null ? null : sse.newKey(caller, bucket, key, spec);
  }

  private static DataSeal sealOf(SseService.NewKey k) {
    return k == null ? null : k.seal();
  }

  private static EncryptionInfo infoOf(SseService.NewKey k) {
    return k == null ? null : k.info();
  }

  private static void close(SseService.NewKey k) {
    if (k != null) k.seal().close();
  }

  /**
   * The plaintext of {@code range} of {@code o}, decrypted when the object is encrypted; the caller
   * owns and closes the stream. No authorisation: callers authorise the read themselves.
   *
   * @param bucket {@code o}'s bucket, as the caller loaded it to authorise the read: SSE-KMS opens
   *     the data key under its owner's CMK
   * @param range the bytes to read, or null for none (an empty object): an encrypted object's data
   *     key is opened all the same, so an unusable SSE-KMS key refuses empty objects too
   */
  public InputStream plaintext(Principal caller, Bucket bucket, ObjectRecord o, ByteRange range) {
    if (!bucket.name().equals(o.bucket())) {
      throw new IllegalArgumentException("object " + o.bucket() + "/" + o.key() + " is not in bucket " + bucket.name());
    }
    DataSeal seal = o.encryption() == null ? null : sse.open(caller, false, bucket, o.key(), o.encryption());
    if (range == null) {
      if (seal != null) seal.close();
      return InputStream.nullInputStream();
    }
    return data.read(o.extents(), range, seal, o.bucket() + "/" + o.key());
  }

  // ---- put ----

  /**
   * @param contentLength declared body length, or -1 when unknown
   * @param contentMd5 the decoded Content-MD5 header, or null
   */
  public record PutObjectRequest(BucketName bucket, ObjectKey key, ContentHeaders headers, StorageClass storageClass,
      ObjectAcl acl, boolean forbidOverwrite, long contentLength, byte[] contentMd5, SseSpec sse) {
    /** A request that asks for no particular encryption (the bucket default still applies). */
    public PutObjectRequest(BucketName bucket, ObjectKey key, ContentHeaders headers, StorageClass storageClass,
        ObjectAcl acl, boolean forbidOverwrite, long contentLength, byte[] contentMd5) {
      this(bucket, key, headers, storageClass, acl, forbidOverwrite, contentLength, contentMd5, null);
    }
  }

  public ObjectRecord putObject(Principal caller, PutObjectRequest req, InputStream body) {
    Bucket bucket = buckets.require(req.bucket());
    authorizeObjectWrite(caller, OssAction.PUT_OBJECT, bucket, req.key(), sseConditions(req.sse()));
    requireUserMetadataWithinLimit(req.headers());
    if (req.forbidOverwrite() && store.object(req.bucket(), req.key()).isPresent()) {
      throw new CofferException.FileAlreadyExists();
    }
    SseService.NewKey key = newKey(caller, bucket, req.key(), resolveEncryption(req.bucket(), req.sse()));
    ObjectData.WrittenBlob w;
    try {
      w = data.write(body, req.contentLength(), MAX_OBJECT_BYTES, req.contentMd5(), sealOf(key));
    } finally {
      close(key);
    }
    ObjectRecord rec = new ObjectRecord(req.bucket(), req.key(), ObjectType.NORMAL, w.digest().size(), w.digest().etag(),
        w.digest().md5Base64(), w.digest().crc64(), clock.instant(), req.headers(), req.storageClass(), req.acl(),
        List.of(w.extent()), infoOf(key));
    return commit(rec, req.forbidOverwrite());
  }

  /**
   * @throws CofferException.InvalidArgument when the user metadata is over {@link #MAX_USER_METADATA_BYTES}
   */
  public static void requireUserMetadataWithinLimit(ContentHeaders headers) {
    long total = 0;
    for (var e : headers.userMetadata().entrySet()) {
      total += USER_METADATA_NAME_PREFIX_BYTES + e.getKey().getBytes(StandardCharsets.UTF_8).length
          + e.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    if (total > MAX_USER_METADATA_BYTES) {
      throw new CofferException.InvalidArgument("Your metadata headers exceed the maximum allowed metadata size.",
          "x-oss-meta-*", Long.toString(total));
    }
  }

  /** Stores {@code rec} (its blobs already durable), then drops the blobs of what it replaced. */
  ObjectRecord commit(ObjectRecord rec, boolean forbidOverwrite) {
    Optional<ObjectRecord> replaced;
    try {
      replaced = store.putObject(rec.bucket(), rec.key(), current -> {
        if (forbidOverwrite && current.isPresent()) throw new CofferException.FileAlreadyExists();
        return rec;
      });
    } catch (RuntimeException e) {
      data.deleteQuietly(blobsOf(rec));
      throw e;
    }
    replaced.ifPresent(old -> dropUnreferenced(old, rec));
    return rec;
  }

  private void dropUnreferenced(ObjectRecord old, ObjectRecord now) {
    Set<BlobId> keep = new HashSet<>(blobsOf(now));
    List<BlobId> drop = new ArrayList<>();
    for (BlobId b : blobsOf(old)) if (!keep.contains(b)) drop.add(b);
    data.deleteQuietly(drop);
  }

  static List<BlobId> blobsOf(ObjectRecord r) {
    List<BlobId> out = new ArrayList<>();
    for (Extent e : r.extents()) out.add(e.blob());
    return out;
  }

  // ---- get / head ----

  /**
   * An object being read. {@code body} is null for HEAD; otherwise the caller owns and closes it.
   *
   * @param range the bytes served with 206, or null for the whole object with 200
   */
  public record ObjectRead(ObjectRecord object, ByteRange range, InputStream body) {}

  public record GetObjectRequest(BucketName bucket, ObjectKey key, Conditions conditions, String rangeHeader,
      boolean standardRange) {}

  public ObjectRead getObject(Principal caller, GetObjectRequest req, boolean withBody) {
    if (!withBody) {
      ObjectRecord o = readable(caller, buckets.require(req.bucket()), req.key());
      req.conditions().check(o);
      return new ObjectRead(o, RangeSpec.resolve(req.rangeHeader(), o.size(), req.standardRange()).orElse(null), null);
    }
    ObjectData.Pin pin = data.pin();
    try {
      Bucket bucket = buckets.require(req.bucket());
      ObjectRecord o = readable(caller, bucket, req.key());
      req.conditions().check(o);
      Optional<ByteRange> range = RangeSpec.resolve(req.rangeHeader(), o.size(), req.standardRange());
      ByteRange r = range.orElse(o.size() == 0 ? null : new ByteRange(0, o.size() - 1));
      InputStream body = plaintext(caller, bucket, o, r);
      return new ObjectRead(o, range.orElse(null), pin.releasedBy(body));
    } catch (RuntimeException e) {
      pin.close();
      throw e;
    }
  }

  /** GetObjectMeta: the object's record, for its size, ETag and dates. */
  public ObjectRecord getObjectMeta(Principal caller, BucketName bucket, ObjectKey key) {
    return readable(caller, buckets.require(bucket), key);
  }

  private ObjectRecord readable(Principal caller, Bucket bucket, ObjectKey key) {
    Optional<ObjectRecord> o = store.object(bucket.name(), key);
    authorizer.authorize(caller, OssAction.GET_OBJECT, bucket, key, o.map(r -> r.acl().effective(bucket.acl())).orElse(null));
    return o.orElseThrow(() -> new CofferException.NoSuchKey(key.value()));
  }

  /**
   * Writes to an existing object obey its own ACL (a public-read-write object in a private bucket
   * takes anonymous writes, and writes of the account's RAM users that no policy allows); the
   * owner's root identity never needs the object looked up.
   */
  private void authorizeObjectWrite(Principal caller, OssAction action, Bucket bucket, ObjectKey key) {
    authorizeObjectWrite(caller, action, bucket, key, Map.of());
  }

  private void authorizeObjectWrite(Principal caller, OssAction action, Bucket bucket, ObjectKey key,
      Map<String, String> conditions) {
    BucketAcl acl = null;
    if (!caller.isRoot() || !bucket.owner().equals(caller.accountId())) {
      acl = store.object(bucket.name(), key).map(o -> o.acl().effective(bucket.acl())).orElse(null);
    }
    authorizer.authorize(caller, action, bucket, key, acl, conditions);
  }

  // ---- delete ----

  public void deleteObject(Principal caller, BucketName bucketName, ObjectKey key) {
    Bucket bucket = buckets.require(bucketName);
    authorizeObjectWrite(caller, OssAction.DELETE_OBJECT, bucket, key);
    store.deleteObject(bucketName, key).ifPresent(old -> data.deleteQuietly(blobsOf(old)));
  }

  /** DeleteMultipleObjects: every key is reported deleted, whether or not it existed. */
  public List<ObjectKey> deleteObjects(Principal caller, BucketName bucketName, List<ObjectKey> keys) {
    Bucket bucket = buckets.require(bucketName);
    // One decision per key: a policy may allow deleting some objects of the bucket and not others.
    for (ObjectKey k : keys) authorizer.authorize(caller, OssAction.DELETE_OBJECT, bucket, k, null);
    for (ObjectKey k : keys) {
      store.deleteObject(bucketName, k).ifPresent(old -> data.deleteQuietly(blobsOf(old)));
    }
    return keys;
  }

  // ---- copy ----

  /**
   * @param replaceMetadata {@code x-oss-metadata-directive: REPLACE}
   * @param storageClass the requested class, or null to keep the source's
   * @param acl the requested ACL, or null for {@code default}
   */
  public record CopyObjectRequest(BucketName sourceBucket, ObjectKey sourceKey, BucketName bucket, ObjectKey key,
      boolean replaceMetadata, ContentHeaders headers, StorageClass storageClass, ObjectAcl acl,
      Conditions sourceConditions, boolean forbidOverwrite, SseSpec sse) {
    public CopyObjectRequest(BucketName sourceBucket, ObjectKey sourceKey, BucketName bucket, ObjectKey key,
        boolean replaceMetadata, ContentHeaders headers, StorageClass storageClass, ObjectAcl acl,
        Conditions sourceConditions, boolean forbidOverwrite) {
      this(sourceBucket, sourceKey, bucket, key, replaceMetadata, headers, storageClass, acl, sourceConditions,
          forbidOverwrite, null);
    }
  }

  public ObjectRecord copyObject(Principal caller, CopyObjectRequest req) {
    try (ObjectData.Pin pin = data.pin()) {
      return copyPinned(caller, req);
    }
  }

  private ObjectRecord copyPinned(Principal caller, CopyObjectRequest req) {
    Bucket target = buckets.require(req.bucket());
    Bucket source = req.sourceBucket().equals(req.bucket()) ? target : buckets.require(req.sourceBucket());
    ObjectRecord src = readable(caller, source, req.sourceKey());
    authorizer.authorize(caller, OssAction.PUT_OBJECT, target, req.key(), null, sseConditions(req.sse()));
    req.sourceConditions().check(src);
    if (req.replaceMetadata()) requireUserMetadataWithinLimit(req.headers());
    ContentHeaders headers = req.replaceMetadata() ? req.headers() : src.headers();
    StorageClass sc = req.storageClass() != null ? req.storageClass() : src.storageClass();
    ObjectAcl acl = req.acl() != null ? req.acl() : ObjectAcl.DEFAULT;
    boolean self = req.sourceBucket().equals(req.bucket()) && req.sourceKey().equals(req.key());
    // OSS decides a copy's encryption from the copy request and the destination bucket alone, and a
    // copy onto itself is no exception: an encrypted object copied onto itself without an SSE
    // header, in a bucket without a default rule, is rewritten unencrypted.
    SseSpec wanted = resolveEncryption(req.bucket(), req.sse());
    SseSpec current = src.encryption() == null ? null : src.encryption().spec();
    if (self && java.util.Objects.equals(wanted, current)) {
      // Same bytes, same encryption, new metadata: blobs and data key stay; only the record changes.
      ObjectRecord rec = new ObjectRecord(req.bucket(), req.key(), src.type(), src.size(), src.etag(), src.contentMd5(),
          src.crc64(), clock.instant(), headers, sc, acl, src.extents(), src.encryption());
      store.putObject(req.bucket(), req.key(), now -> unchangedSince(now, src, rec));
      return rec;
    }
    if (!self && req.forbidOverwrite() && store.object(req.bucket(), req.key()).isPresent()) {
      throw new CofferException.FileAlreadyExists();
    }
    // Another key, or the same key under another encryption (encrypting in place): re-seal the
    // plaintext under a new data key. ETag, Content-MD5 and CRC-64 describe the plaintext and stay.
    SseService.NewKey key = newKey(caller, target, req.key(), wanted);
    ObjectData.WrittenBlob w;
    try (InputStream in = plaintext(caller, source, src, src.size() == 0 ? null : new ByteRange(0, src.size() - 1))) {
      w = data.write(in, src.size(), MAX_OBJECT_BYTES, null, sealOf(key));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      close(key);
    }
    if (w.digest().crc64() != src.crc64()) {
      data.deleteQuietly(List.of(w.blob()));
      throw new CofferException.IntegrityViolation("source object failed its CRC-64 check during copy");
    }
    ObjectType type = self ? src.type() : src.type() == ObjectType.APPENDABLE ? ObjectType.NORMAL : src.type();
    ObjectRecord rec = new ObjectRecord(req.bucket(), req.key(), type, src.size(), src.etag(), src.contentMd5(),
        src.crc64(), clock.instant(), headers, sc, acl, List.of(w.extent()), infoOf(key));
    if (!self) return commit(rec, req.forbidOverwrite());
    Optional<ObjectRecord> replaced;
    try {
      replaced = store.putObject(req.bucket(), req.key(), now -> unchangedSince(now, src, rec));
    } catch (RuntimeException e) {
      data.deleteQuietly(List.of(w.blob()));
      throw e;
    }
    replaced.ifPresent(old -> dropUnreferenced(old, rec));
    return rec;
  }

  /** Inside a transaction: {@code next} may replace the object only if it is still {@code source}. */
  private static ObjectRecord unchangedSince(Optional<ObjectRecord> now, ObjectRecord source, ObjectRecord next) {
    if (now.isEmpty() || !now.get().extents().equals(source.extents())
        || !java.util.Objects.equals(now.get().encryption(), source.encryption())) {
      throw new CofferException.PreconditionFailed("the source changed while it was copied");
    }
    return next;
  }

  // ---- append ----

  /** AppendObject; headers, class and ACL apply only when the append creates the object. */
  public record AppendObjectRequest(BucketName bucket, ObjectKey key, long position, ContentHeaders headers,
      StorageClass storageClass, ObjectAcl acl, long contentLength, byte[] contentMd5, SseSpec sse) {
    public AppendObjectRequest(BucketName bucket, ObjectKey key, long position, ContentHeaders headers,
        StorageClass storageClass, ObjectAcl acl, long contentLength, byte[] contentMd5) {
      this(bucket, key, position, headers, storageClass, acl, contentLength, contentMd5, null);
    }
  }

  public ObjectRecord appendObject(Principal caller, AppendObjectRequest req, InputStream body) {
    Bucket bucket = buckets.require(req.bucket());
    authorizeObjectWrite(caller, OssAction.PUT_OBJECT, bucket, req.key(), sseConditions(req.sse()));
    requireUserMetadataWithinLimit(req.headers());
    Optional<ObjectRecord> before = store.object(req.bucket(), req.key());
    checkAppendable(before, req.position());
    // The first append fixes the encryption; later ones seal with the object's own data key and
    // ignore any SSE headers, as OSS does.
    SseService.NewKey fresh = null;
    DataSeal seal;
    EncryptionInfo encryption;
    if (before.isPresent()) {
      encryption = before.get().encryption();
      seal = encryption == null ? null : sse.open(caller, true, bucket, req.key(), encryption);
    } else {
      fresh = newKey(caller, bucket, req.key(), resolveEncryption(req.bucket(), req.sse()));
      encryption = infoOf(fresh);
      seal = sealOf(fresh);
    }
    ObjectData.WrittenBlob w;
    try {
      w = data.write(body, req.contentLength(), MAX_OBJECT_BYTES, req.contentMd5(), seal);
    } finally {
      if (seal != null) seal.close();
    }
    EncryptionInfo sealedWith = encryption;
    try {
      ObjectRecord[] stored = new ObjectRecord[1];
      store.putObject(req.bucket(), req.key(), current -> {
        checkAppendable(current, req.position());
        if (!java.util.Objects.equals(current.map(ObjectRecord::encryption).orElse(sealedWith), sealedWith)) {
          throw new CofferException.PositionNotEqualToLength(current.get().size());
        }
        stored[0] = appended(current, req, w, sealedWith);
        return stored[0];
      });
      return stored[0];
    } catch (RuntimeException e) {
      data.deleteQuietly(List.of(w.blob()));
      throw e;
    }
  }

  private static void checkAppendable(Optional<ObjectRecord> current, long position) {
    if (current.isPresent() && current.get().type() != ObjectType.APPENDABLE) {
      throw new CofferException.ObjectNotAppendable();
    }
    long length = current.map(ObjectRecord::size).orElse(0L);
    if (position != length) throw new CofferException.PositionNotEqualToLength(length);
  }

  private ObjectRecord appended(Optional<ObjectRecord> current, AppendObjectRequest req, ObjectData.WrittenBlob w,
      EncryptionInfo encryption) {
    long added = w.digest().size();
    if (current.isEmpty()) {
      return new ObjectRecord(req.bucket(), req.key(), ObjectType.APPENDABLE, added, chainEtag("", w.digest().etag()),
          null, w.digest().crc64(), clock.instant(), req.headers(), req.storageClass(), req.acl(), List.of(w.extent()),
          encryption);
    }
    ObjectRecord o = current.get();
    List<Extent> extents = new ArrayList<>(o.extents());
    extents.add(w.extent());
    return new ObjectRecord(o.bucket(), o.key(), ObjectType.APPENDABLE, o.size() + added,
        chainEtag(o.etag(), w.digest().etag()), null, Crc64.combine(o.crc64(), w.digest().crc64(), added),
        clock.instant(), o.headers(), o.storageClass(), o.acl(), extents, o.encryption());
  }

  /**
   * An appendable object's ETag changes with every append but cannot be the MD5 of the whole object
   * without re-reading it; OSS's is opaque too. Ours chains: MD5(previous ETag ‖ MD5 of the append).
   */
  private static String chainEtag(String previous, String appendMd5) {
    try {
      MessageDigest md = MessageDigest.getInstance("MD5");
      md.update((previous + appendMd5).getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().withUpperCase().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- ACL ----

  public record ObjectAclView(String owner, ObjectAcl acl) {}

  public ObjectAclView getObjectAcl(Principal caller, BucketName bucketName, ObjectKey key) {
    Bucket bucket = buckets.require(bucketName);
    authorizer.authorize(caller, OssAction.GET_OBJECT_ACL, bucket, key, null);
    ObjectRecord o = store.object(bucketName, key).orElseThrow(() -> new CofferException.NoSuchKey(key.value()));
    return new ObjectAclView(bucket.owner(), o.acl());
  }

  public void putObjectAcl(Principal caller, BucketName bucketName, ObjectKey key, ObjectAcl acl) {
    Bucket bucket = buckets.require(bucketName);
    authorizer.authorize(caller, OssAction.PUT_OBJECT_ACL, bucket, key, null);
    store.putObject(bucketName, key, current -> current.orElseThrow(() -> new CofferException.NoSuchKey(key.value()))
        .withAcl(acl));
  }

  // ---- policy condition facts ----

  /** The policy condition key of a write's requested encryption (docs/iam/policy-language.md). */
  public static final String SSE_CONDITION = "oss:x-oss-server-side-encryption";

  /**
   * A write's {@code x-oss-server-side-encryption} (and {@code -key-id}), so a policy can require
   * SSE or a CMK; absent when not asked for.
   */
  public static Map<String, String> sseConditions(SseSpec requested) {
    if (requested == null) return Map.of();
    if (requested.kmsKeyId() == null) return Map.of(SSE_CONDITION, requested.headerValue());
    return Map.of(SSE_CONDITION, requested.headerValue(),
        ConditionKeys.OSS_SERVER_SIDE_ENCRYPTION_KEY_ID, requested.kmsKeyId());
  }

  static Map<String, String> listConditions(String prefix, String delimiter) {
    Map<String, String> c = new java.util.HashMap<>();
    c.put("oss:Prefix", prefix == null ? "" : prefix);
    if (delimiter != null) c.put("oss:Delimiter", delimiter);
    return c;
  }

  // ---- list ----

  /** The account owning a bucket (listings show it as every object's owner). */
  public String ownerOf(BucketName bucket) {
    return buckets.require(bucket).owner();
  }

  public ObjectListing.Page listObjects(Principal caller, BucketName bucketName, String prefix, String delimiter,
      String marker, int maxKeys) {
    Bucket bucket = buckets.require(bucketName);
    authorizer.authorize(caller, OssAction.LIST_OBJECTS, bucket, null, null,
        listConditions(prefix, delimiter));
    return ObjectListing.list(store, bucketName, prefix, delimiter, marker, maxKeys);
  }
}
