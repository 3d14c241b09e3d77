package io.coffer.core.multipart;

import io.coffer.core.bucket.BucketService;
import io.coffer.core.error.CofferException;
import io.coffer.core.hash.Crc64;
import io.coffer.core.iam.Authorizer;
import io.coffer.core.iam.OssAction;
import io.coffer.core.iam.Principal;
import io.coffer.core.model.BlobId;
import io.coffer.core.model.Bucket;
import io.coffer.core.model.BucketName;
import io.coffer.core.model.ByteRange;
import io.coffer.core.model.ContentHeaders;
import io.coffer.core.model.EncryptionInfo;
import io.coffer.core.model.SseSpec;
import io.coffer.core.object.DataSeal;
import io.coffer.core.sse.SseService;
import io.coffer.core.model.Extent;
import io.coffer.core.model.ObjectAcl;
import io.coffer.core.model.ObjectKey;
import io.coffer.core.model.ObjectRecord;
import io.coffer.core.model.ObjectType;
import io.coffer.core.model.StorageClass;
import io.coffer.core.object.Conditions;
import io.coffer.core.object.ObjectData;
import io.coffer.core.object.ObjectService;
import io.coffer.core.storage.MetadataStore;
import io.coffer.core.storage.Part;
import io.coffer.core.storage.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Multipart uploads with OSS's limits: parts 1–10,000, each but the last at least 100 KB and at
 * most 5 GB. Unfinished uploads are durable and survive restarts, since clients resume from their
 * own checkpoints without asking.
 */
public final class MultipartService {
  public static final int MAX_PARTS = 10_000;
  public static final long MIN_PART_BYTES = 100 * 1024;
  public static final long MAX_PART_BYTES = ObjectService.MAX_OBJECT_BYTES;

  private final MetadataStore store;
  private final ObjectData data;
  private final BucketService buckets;
  private final Authorizer authorizer;
  private final ObjectService objects;
  private final SseService sse;
  private final Clock clock;
  private final SecureRandom random;

  public MultipartService(MetadataStore store, ObjectData data, BucketService buckets, Authorizer authorizer,
      ObjectService objects, SseService sse, Clock clock, SecureRandom random) {
    this.store = store;
    this.data = data;
    this.buckets = buckets;
    this.authorizer = authorizer;
    this.objects = objects;
    this.sse = sse;
    this.clock = clock;
    this.random = random;
  }

  /** @param sse the encryption asked for, or null for the bucket default (or none) */
  public record InitiateRequest(BucketName bucket, ObjectKey key, ContentHeaders headers, StorageClass storageClass,
      ObjectAcl acl, boolean sequential, SseSpec sse) {
    public InitiateRequest(BucketName bucket, ObjectKey key, ContentHeaders headers, StorageClass storageClass,
        ObjectAcl acl, boolean sequential) {
      this(bucket, key, headers, storageClass, acl, sequential, null);
    }
  }

  public Upload initiate(Principal caller, InitiateRequest req) {
    Bucket bucket = buckets.require(req.bucket());
    authorizer.authorize(caller, OssAction.PUT_OBJECT, bucket, req.key(), null, ObjectService.sseConditions(req.sse()));
    ObjectService.requireUserMetadataWithinLimit(req.headers());
    // The data key is made (and wrapped for this bucket and key) now: every part is sealed with it.
    SseSpec spec = objects.resolveEncryption(req.bucket(), req.sse());
    EncryptionInfo encryption = null;
    if (spec != null) {
      SseService.NewKey k = sse.newKey(caller, bucket, req.key(), spec);
      k.seal().close();
      encryption = k.info();
    }
    byte[] id = new byte[16];
    random.nextBytes(id);
    Upload u = new Upload(HexFormat.of().withUpperCase().formatHex(id), req.bucket(), req.key(), clock.instant(),
        req.headers(), req.storageClass(), req.acl(), req.sequential(), encryption);
    store.createUpload(u);
    return u;
  }

  /**
   * Parts and completion send no SSE header; for policy conditions the upload's encryption stands
   * in for it, so a policy that requires SSE on oss:PutObject lets an encrypted upload finish.
   */
  private static Map<String, String> uploadConditions(Optional<Upload> found) {
    return found.filter(u -> u.encryption() != null)
        .map(u -> ObjectService.sseConditions(u.encryption().spec()))
        .orElse(Map.of());
  }

  /**
   * The upload if it exists and was started for this bucket and key: looked up once per request,
   * since a part's fixed cost (not its bytes) is what multipart adds over one PutObject.
   */
  private Optional<Upload> findUpload(BucketName bucket, ObjectKey key, String uploadId) {
    return store.upload(uploadId).filter(u -> u.bucket().equals(bucket) && u.key().equals(key));
  }

  /** The upload, checked against the bucket and key it was started for. */
  private Upload upload(BucketName bucket, ObjectKey key, String uploadId) {
    return require(findUpload(bucket, key, uploadId), uploadId);
  }

  private static Upload require(Optional<Upload> found, String uploadId) {
    return found.orElseThrow(() -> new CofferException.NoSuchUpload(uploadId));
  }

  private static void checkPartNumber(int partNumber) {
    if (partNumber < 1 || partNumber > MAX_PARTS) {
      throw new CofferException.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive.",
          "partNumber", Integer.toString(partNumber));
    }
  }

  /** A stored part, with the encryption of its upload (which part responses echo). */
  public record UploadedPart(Part part, EncryptionInfo encryption) {}

  public UploadedPart uploadPart(Principal caller, BucketName bucketName, ObjectKey key, String uploadId, int partNumber,
      long contentLength, byte[] contentMd5, InputStream body) {
    Bucket bucket = buckets.require(bucketName);
    Optional<Upload> found = findUpload(bucketName, key, uploadId);
    authorizer.authorize(caller, OssAction.PUT_OBJECT, bucket, key, null, uploadConditions(found));
    checkPartNumber(partNumber);
    Upload u = require(found, uploadId);
    if (u.sequential()) checkSequential(u, partNumber);
    ObjectData.WrittenBlob w;
    try (DataSeal seal = sealOf(caller, bucket, u)) {
      w = data.write(body, contentLength, MAX_PART_BYTES, contentMd5, seal);
    }
    return new UploadedPart(storePart(u, partNumber, w), u.encryption());
  }

  private void checkSequential(Upload u, int partNumber) {
    if (partNumber == 1) return;
    List<Part> previous = store.parts(u.uploadId(), partNumber - 2, 1);
    if (previous.isEmpty() || previous.get(0).partNumber() != partNumber - 1) {
      throw new CofferException.PartNotSequential();
    }
  }

  private Part storePart(Upload u, int partNumber, ObjectData.WrittenBlob w) {
    Part p = new Part(u.uploadId(), partNumber, w.digest().etag(), w.digest().md5Base64(), w.digest().size(),
        w.digest().crc64(), clock.instant(), w.blob());
    Optional<Part> replaced;
    try {
      replaced = store.putPart(p);
    } catch (RuntimeException e) {
      data.deleteQuietly(List.of(w.blob()));
      throw e;
    }
    replaced.ifPresent(old -> data.deleteQuietly(List.of(old.blob())));
    return p;
  }

  /**
   * UploadPartCopy: a part made of a range of an existing object.
   *
   * @param range the source range, or null for the whole source
   */
  public UploadedPart uploadPartCopy(Principal caller, BucketName bucketName, ObjectKey key, String uploadId, int partNumber,
      BucketName sourceBucketName, ObjectKey sourceKey, ByteRange range, Conditions sourceConditions) {
    try (ObjectData.Pin pin = data.pin()) {
      return copyPart(caller, bucketName, key, uploadId, partNumber, sourceBucketName, sourceKey, range,
          sourceConditions);
    }
  }

  private UploadedPart copyPart(Principal caller, BucketName bucketName, ObjectKey key, String uploadId, int partNumber,
      BucketName sourceBucketName, ObjectKey sourceKey, ByteRange range, Conditions sourceConditions) {
    Bucket bucket = buckets.require(bucketName);
    Bucket sourceBucket = buckets.require(sourceBucketName);
    ObjectRecord src = store.object(sourceBucketName, sourceKey).orElse(null);
    authorizer.authorize(caller, OssAction.GET_OBJECT, sourceBucket, sourceKey,
        src == null ? null : src.acl().effective(sourceBucket.acl()));
    if (src == null) throw new CofferException.NoSuchKey(sourceKey.value());
    Optional<Upload> found = findUpload(bucketName, key, uploadId);
    authorizer.authorize(caller, OssAction.PUT_OBJECT, bucket, key, null, uploadConditions(found));
    checkPartNumber(partNumber);
    Upload u = require(found, uploadId);
    sourceConditions.check(src);
    ByteRange r = range;
    if (r != null && r.last() >= src.size()) {
      throw new CofferException.InvalidArgument("The specified copy source range is not valid.",
          "x-oss-copy-source-range", r.first() + "-" + r.last());
    }
    if (r == null && src.size() > 0) r = new ByteRange(0, src.size() - 1);
    if (u.sequential()) checkSequential(u, partNumber);
    ObjectData.WrittenBlob w;
    long length = r == null ? 0 : r.length();
    try (DataSeal seal = sealOf(caller, bucket, u);
        InputStream in = objects.plaintext(caller, sourceBucket, src, r)) {
      w = data.write(in, length, MAX_PART_BYTES, null, seal);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new UploadedPart(storePart(u, partNumber, w), u.encryption());
  }

  /** One {@code <Part>} of a CompleteMultipartUpload body. */
  public record PartRef(int partNumber, String etag) {}

  /**
   * @param parts the listed parts, or null for {@code x-oss-complete-all: yes} (every uploaded part)
   */
  public ObjectRecord complete(Principal caller, BucketName bucketName, ObjectKey key, String uploadId,
      List<PartRef> parts, ObjectAcl aclOverride) {
    Bucket bucket = buckets.require(bucketName);
    Optional<Upload> found = findUpload(bucketName, key, uploadId);
    authorizer.authorize(caller, OssAction.PUT_OBJECT, bucket, key, null, uploadConditions(found));
    Upload u = require(found, uploadId);
    Map<Integer, Part> uploaded = new HashMap<>();
    for (Part p : store.parts(uploadId, 0, Integer.MAX_VALUE)) uploaded.put(p.partNumber(), p);
    List<Part> chosen = new ArrayList<>();
    if (parts == null) {
      uploaded.values().stream().sorted((a, b) -> Integer.compare(a.partNumber(), b.partNumber())).forEach(chosen::add);
    } else {
      int previous = 0;
      for (PartRef ref : parts) {
        if (ref.partNumber() <= previous) throw new CofferException.InvalidPartOrder();
        previous = ref.partNumber();
        Part p = uploaded.get(ref.partNumber());
        if (p == null || !p.etag().equalsIgnoreCase(stripQuotes(ref.etag()))) throw new CofferException.InvalidPart();
        chosen.add(p);
      }
    }
    if (chosen.isEmpty()) throw new CofferException.InvalidPart();
    for (int i = 0; i < chosen.size() - 1; i++) {
      if (chosen.get(i).size() < MIN_PART_BYTES) throw new CofferException.EntityTooSmall();
    }
    if (u.sequential()) {
      for (int i = 0; i < chosen.size(); i++) {
        if (chosen.get(i).partNumber() != i + 1) throw new CofferException.PartNotSequential();
      }
    }
    // The parts are sealed already, but an object whose SSE-KMS key may not decrypt now would be
    // unreadable the moment it exists: Complete asks the KMS too, and fails with the key's state.
    if (u.encryption() != null) sealOf(caller, bucket, u).close();
    ObjectRecord rec = assemble(bucket, u, chosen, aclOverride);
    MetadataStore.CompletedUpload done;
    try {
      done = store.completeUpload(uploadId, current -> rec);
    } catch (RuntimeException e) {
      throw e; // parts stay with the upload, which is still open
    }
    Set<BlobId> keep = new HashSet<>();
    for (Extent e : rec.extents()) keep.add(e.blob());
    List<BlobId> drop = new ArrayList<>();
    for (Part p : done.parts()) if (!keep.contains(p.blob())) drop.add(p.blob());
    done.replaced().ifPresent(old -> {
      for (Extent e : old.extents()) if (!keep.contains(e.blob())) drop.add(e.blob());
    });
    data.deleteQuietly(drop);
    return rec;
  }

  private ObjectRecord assemble(Bucket bucket, Upload u, List<Part> chosen, ObjectAcl aclOverride) {
    MessageDigest etags = md5();
    long size = 0;
    long crc = 0;
    List<Extent> extents = new ArrayList<>();
    for (Part p : chosen) {
      etags.update(p.etag().toUpperCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
      crc = Crc64.combine(crc, p.crc64(), p.size());
      size += p.size();
      extents.add(new Extent(p.blob(), p.size()));
    }
    String etag = HexFormat.of().withUpperCase().formatHex(etags.digest()) + "-" + chosen.size();
    ObjectAcl acl = aclOverride != null ? aclOverride : u.acl();
    ObjectRecord rec = new ObjectRecord(u.bucket(), u.key(), ObjectType.MULTIPART, size, etag, null, crc,
        clock.instant(), u.headers(), u.storageClass(), acl, extents, u.encryption());
    if (!u.sequential()) return rec;
    return new ObjectRecord(rec.bucket(), rec.key(), rec.type(), rec.size(), rec.etag(), wholeMd5(bucket, rec),
        rec.crc64(), rec.lastModified(), rec.headers(), rec.storageClass(), rec.acl(), rec.extents(), rec.encryption());
  }

  /**
   * The upload's data key, unwrapped; null (no seal) for an unencrypted upload. A null resource is fine in try.
   *
   * @param bucket the upload's bucket, as loaded to authorise the request
   */
  private DataSeal sealOf(Principal caller, Bucket bucket, Upload u) {
    return u.encryption() == null ? null : sse.open(caller, true, bucket, u.key(), u.encryption());
  }

  /** A sequential upload's object gets a Content-MD5; parts arrived in order, but we re-read to compute it. */
  private String wholeMd5(Bucket bucket, ObjectRecord o) {
    MessageDigest md = md5();
    if (o.size() > 0) {
      try (InputStream in = objects.plaintext(null, bucket, o, new ByteRange(0, o.size() - 1))) {
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) md.update(buf, 0, n);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Base64.getEncoder().encodeToString(md.digest());
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String stripQuotes(String s) {
    String t = s == null ? "" : s.trim();
    if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) t = t.substring(1, t.length() - 1);
    return t;
  }

  public void abort(Principal caller, BucketName bucketName, ObjectKey key, String uploadId) {
    Bucket bucket = buckets.require(bucketName);
    authorizer.authorize(caller, OssAction.ABORT_MULTIPART_UPLOAD, bucket, key, null);
    upload(bucketName, key, uploadId);
    List<BlobId> drop = new ArrayList<>();
    for (Part p : store.abortUpload(uploadId)) drop.add(p.blob());
    data.deleteQuietly(drop);
  }

  /**
   * One page of ListMultipartUploads.
   *
   * @param nextKeyMarker the last key or common prefix returned (empty when nothing was), truncated or not
   * @param nextUploadIdMarker the upload id of the last entry when it is an upload, else empty
   */
  public record UploadListing(List<Upload> uploads, List<String> commonPrefixes, boolean truncated,
      String nextKeyMarker, String nextUploadIdMarker) {}

  /**
   * Uploads by key, then upload id. With a delimiter, keys sharing a common prefix fold into it; a
   * common prefix counts against {@code maxUploads} like an upload, and one at or before the key
   * marker is not repeated, so paging with the next markers visits every entry once.
   */
  public UploadListing listUploads(Principal caller, BucketName bucketName, String prefix, String delimiter,
      String keyMarker, String uploadIdMarker, int maxUploads) {
    Bucket bucket = buckets.require(bucketName);
    authorizer.authorize(caller, OssAction.LIST_MULTIPART_UPLOADS, bucket, null, null);
    String p = prefix == null ? "" : prefix;
    String d = delimiter == null || delimiter.isEmpty() ? null : delimiter;
    byte[] km = keyMarker == null || keyMarker.isEmpty() ? null : keyMarker.getBytes(StandardCharsets.UTF_8);
    String um = km == null || uploadIdMarker == null || uploadIdMarker.isEmpty() ? null : uploadIdMarker;
    List<Upload> out = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String lastKey = "";
    String lastId = "";
    byte[] cursorKey = km;
    String cursorId = um;
    while (true) {
      List<Upload> batch = store.uploads(bucketName, p, cursorKey, cursorId, 1000);
      if (batch.isEmpty()) return new UploadListing(out, prefixes, false, lastKey, lastId);
      for (Upload u : batch) {
        cursorKey = u.key().utf8();
        cursorId = u.uploadId();
        String k = u.key().value();
        int at = d == null ? -1 : k.indexOf(d, p.length());
        if (at >= 0) {
          String common = k.substring(0, at + d.length());
          byte[] cb = common.getBytes(StandardCharsets.UTF_8);
          // 0xFF never occurs in UTF-8, so cb‖0xFF sorts after every key under this prefix.
          cursorKey = Arrays.copyOf(cb, cb.length + 1);
          cursorKey[cb.length] = (byte) 0xFF;
          cursorId = null;
          if (km != null && Arrays.compareUnsigned(cb, km) <= 0) break;
          if (out.size() + prefixes.size() == maxUploads) return new UploadListing(out, prefixes, true, lastKey, lastId);
          prefixes.add(common);
          lastKey = common;
          lastId = "";
          break; // the cursor jumped past this prefix; fetch from there
        }
        if (out.size() + prefixes.size() == maxUploads) return new UploadListing(out, prefixes, true, lastKey, lastId);
        out.add(u);
        lastKey = k;
        lastId = u.uploadId();
      }
    }
  }

  public record PartListing(Upload upload, List<Part> parts, boolean truncated) {}

  public PartListing listParts(Principal caller, BucketName bucketName, ObjectKey key, String uploadId,
      int partNumberMarker, int maxParts) {
    Bucket bucket = buckets.require(bucketName);
    authorizer.authorize(caller, OssAction.LIST_PARTS, bucket, key, null);
    Upload u = upload(bucketName, key, uploadId);
    List<Part> parts = store.parts(uploadId, partNumberMarker, maxParts + 1);
    boolean truncated = parts.size() > maxParts;
    return new PartListing(u, truncated ? parts.subList(0, maxParts) : parts, truncated);
  }
}
