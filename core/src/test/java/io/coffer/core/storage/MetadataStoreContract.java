package io.coffer.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.error.CofferException;
import io.coffer.core.model.BlobId;
import io.coffer.core.model.Bucket;
import io.coffer.core.model.BucketAcl;
import io.coffer.core.model.BucketName;
import io.coffer.core.model.ContentHeaders;
import io.coffer.core.model.Extent;
import io.coffer.core.model.ObjectAcl;
import io.coffer.core.model.ObjectKey;
import io.coffer.core.model.ObjectRecord;
import io.coffer.core.model.ObjectType;
import io.coffer.core.model.StorageClass;
import io.coffer.core.storage.MetadataStore.DeleteBucketOutcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link MetadataStore} adapter must do. A subclass supplies the adapter over a
 * directory; opening a second store over the same directory after closing the first must show the
 * same state.
 */
public abstract class MetadataStoreContract {
  @TempDir protected Path dir;
  protected MetadataStore store;
  private final SecureRandom random = new SecureRandom();
  /** Stored timestamps keep millisecond precision; whole seconds keep the records comparable. */
  private final Instant t0 = Instant.parse("2024-05-01T10:00:00Z");

  protected abstract MetadataStore open(Path dir);

  @BeforeEach
  void openStore() {
    store = open(dir);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  protected void reopen() {
    store.close();
    store = open(dir);
  }

  // ---- fixtures ----

  protected static BucketName name(String n) {
    return new BucketName(n);
  }

  protected Bucket bucket(String n) {
    return new Bucket(name(n), "owner-1", t0, BucketAcl.PRIVATE, StorageClass.STANDARD, "LRS");
  }

  protected BucketName createBucket(String n) {
    assertThat(store.createBucket(bucket(n))).isTrue();
    return name(n);
  }

  protected BlobId blob() {
    return BlobId.random(random);
  }

  protected ObjectRecord object(BucketName b, String key, long... extentLengths) {
    List<Extent> extents = new ArrayList<>();
    long size = 0;
    for (long len : extentLengths) {
      extents.add(new Extent(blob(), len));
      size += len;
    }
    ContentHeaders h = new ContentHeaders("text/plain", "no-cache", null, null, null, "2015-10-01 00:00:00",
        Map.of("author", "alice 张"));
    return new ObjectRecord(b, new ObjectKey(key), ObjectType.NORMAL, size, "D41D8CD98F00B204E9800998ECF8427E",
        "1B2M2Y8AsgTpgAmY7PhCfg==", -1L, t0.plusSeconds(size), h, StorageClass.IA, ObjectAcl.PUBLIC_READ, extents);
  }

  protected Upload upload(BucketName b, String key) {
    byte[] id = new byte[16];
    random.nextBytes(id);
    return new Upload(HexFormat.of().withUpperCase().formatHex(id), b, new ObjectKey(key), t0,
        new ContentHeaders("image/png", null, "attachment", null, null, null, Map.of("k", "v")), StorageClass.STANDARD,
        ObjectAcl.DEFAULT, false);
  }

  protected Part part(Upload u, int number, long size) {
    String etag = HexFormat.of().withUpperCase().formatHex(new byte[16]).substring(0, 28) + String.format("%04d", number);
    return new Part(u.uploadId(), number, etag, "AAAAAAAAAAAAAAAAAAAAAA==", size, Long.MIN_VALUE + number,
        t0.plusSeconds(number), blob());
  }

  private List<String> keys(List<ObjectRecord> records) {
    return records.stream().map(r -> r.key().value()).toList();
  }

  private List<String> listAll(BucketName b, String prefix, String after) {
    return keys(store.listObjects(b, prefix, after == null ? null : after.getBytes(StandardCharsets.UTF_8), 1000));
  }

  private void putAll(BucketName b, String... keys) {
    for (String k : keys) store.putObject(b, new ObjectKey(k), cur -> object(b, k, 1));
  }

  // ---- buckets ----

  @Test
  void createBucket_thenRead_roundTripsEveryField() {
    Bucket b = new Bucket(name("alpha"), "acct-9", t0, BucketAcl.PUBLIC_READ, StorageClass.ARCHIVE, "ZRS");
    assertThat(store.createBucket(b)).isTrue();
    assertThat(store.bucket(name("alpha"))).contains(b);
    assertThat(store.bucket(name("beta"))).isEmpty();
  }

  @Test
  void createBucket_existingName_returnsFalseAndKeepsTheFirst() {
    Bucket first = bucket("alpha");
    store.createBucket(first);
    Bucket second = new Bucket(name("alpha"), "other", t0.plusSeconds(5), BucketAcl.PUBLIC_READ_WRITE,
        StorageClass.IA, "ZRS");
    assertThat(store.createBucket(second)).isFalse();
    assertThat(store.bucket(name("alpha"))).contains(first);
  }

  @Test
  void buckets_areListedByName() {
    for (String n : List.of("zeta", "alpha", "a-1", "m00")) createBucket(n);
    assertThat(store.buckets()).extracting(b -> b.name().value()).containsExactly("a-1", "alpha", "m00", "zeta");
  }

  @Test
  void updateBucket_replacesStateOrReportsMissing() {
    createBucket("alpha");
    Bucket changed = bucket("alpha").withAcl(BucketAcl.PUBLIC_READ);
    assertThat(store.updateBucket(changed)).isTrue();
    assertThat(store.bucket(name("alpha"))).contains(changed);
    assertThat(store.updateBucket(bucket("ghost"))).isFalse();
    assertThat(store.bucket(name("ghost"))).isEmpty();
  }

  @Test
  void deleteBucket_reportsEachOutcome() {
    assertThat(store.deleteBucket(name("ghost"))).isEqualTo(DeleteBucketOutcome.NOT_FOUND);

    BucketName withObject = createBucket("with-object");
    store.putObject(withObject, new ObjectKey("k"), cur -> object(withObject, "k", 3));
    assertThat(store.deleteBucket(withObject)).isEqualTo(DeleteBucketOutcome.HAS_OBJECTS);
    assertThat(store.bucket(withObject)).isPresent();

    BucketName withUpload = createBucket("with-upload");
    Upload u = upload(withUpload, "k");
    store.createUpload(u);
    assertThat(store.deleteBucket(withUpload)).isEqualTo(DeleteBucketOutcome.HAS_UPLOADS);
    assertThat(store.upload(u.uploadId())).isPresent();
    store.abortUpload(u.uploadId());
    assertThat(store.deleteBucket(withUpload)).isEqualTo(DeleteBucketOutcome.DELETED);
    assertThat(store.bucket(withUpload)).isEmpty();
    assertThat(store.deleteBucket(withUpload)).isEqualTo(DeleteBucketOutcome.NOT_FOUND);
  }

  @Test
  void deleteBucket_removesItsConfiguration() {
    BucketName b = createBucket("alpha");
    store.putBucketConfig(b, "encryption", "{\"algo\":\"AES256\"}");
    assertThat(store.deleteBucket(b)).isEqualTo(DeleteBucketOutcome.DELETED);
    createBucket("alpha");
    assertThat(store.bucketConfig(b, "encryption")).isEmpty();
  }

  @Test
  void bucketConfig_putReplaceRemove() {
    BucketName b = createBucket("alpha");
    BucketName other = createBucket("beta");
    assertThat(store.bucketConfig(b, "policy")).isEmpty();
    assertThat(store.putBucketConfig(b, "policy", "v1")).isTrue();
    assertThat(store.putBucketConfig(b, "encryption", "e1")).isTrue();
    assertThat(store.putBucketConfig(b, "policy", "v2 ✓")).isTrue();
    assertThat(store.bucketConfig(b, "policy")).contains("v2 ✓");
    assertThat(store.bucketConfig(b, "encryption")).contains("e1");
    assertThat(store.bucketConfig(other, "policy")).isEmpty();
    assertThat(store.putBucketConfig(b, "policy", null)).isTrue();
    assertThat(store.bucketConfig(b, "policy")).isEmpty();
    assertThat(store.bucketConfig(b, "encryption")).contains("e1");
    assertThat(store.putBucketConfig(b, "never-set", null)).isTrue();
  }

  @Test
  void putBucketConfig_missingBucket_returnsFalse() {
    assertThat(store.putBucketConfig(name("ghost"), "policy", "v")).isFalse();
    assertThat(store.bucketConfig(name("ghost"), "policy")).isEmpty();
  }

  // ---- objects ----

  @Test
  void putObject_new_thenReplace_returnsWhatItReplaced() {
    BucketName b = createBucket("alpha");
    ObjectKey k = new ObjectKey("dir/file 张.txt");
    ObjectRecord v1 = object(b, k.value(), 10, 20);
    AtomicReference<Optional<ObjectRecord>> seen = new AtomicReference<>();
    assertThat(store.putObject(b, k, cur -> {
      seen.set(cur);
      return v1;
    })).isEmpty();
    assertThat(seen.get()).isEmpty();
    assertThat(store.object(b, k)).contains(v1);

    ObjectRecord v2 = object(b, k.value(), 5);
    assertThat(store.putObject(b, k, cur -> {
      seen.set(cur);
      return v2;
    })).contains(v1);
    assertThat(seen.get()).contains(v1);
    assertThat(store.object(b, k)).contains(v2);
  }

  @Test
  void putObject_decideThrows_leavesStateUnchanged() {
    BucketName b = createBucket("alpha");
    ObjectKey k = new ObjectKey("k");
    ObjectRecord v1 = object(b, "k", 7);
    store.putObject(b, k, cur -> v1);
    CofferException refusal = new CofferException.PreconditionFailed("If-Match");
    assertThatThrownBy(() -> store.putObject(b, k, cur -> {
      throw refusal;
    })).isSameAs(refusal);
    assertThat(store.object(b, k)).contains(v1);

    ObjectKey fresh = new ObjectKey("fresh");
    assertThatThrownBy(() -> store.putObject(b, fresh, cur -> {
      throw new CofferException.FileAlreadyExists();
    })).isInstanceOf(CofferException.FileAlreadyExists.class);
    assertThat(store.object(b, fresh)).isEmpty();
    // The store still takes writes after an aborted transaction.
    store.putObject(b, fresh, cur -> object(b, "fresh", 1));
    assertThat(store.object(b, fresh)).isPresent();
  }

  @Test
  void putObject_recordForAnotherKey_isRefused() {
    BucketName b = createBucket("alpha");
    assertThatThrownBy(() -> store.putObject(b, new ObjectKey("a"), cur -> object(b, "b", 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.object(b, new ObjectKey("a"))).isEmpty();
    assertThat(store.object(b, new ObjectKey("b"))).isEmpty();
  }

  @Test
  void putObject_missingBucket_isNoSuchBucket() {
    BucketName ghost = name("ghost");
    assertThatThrownBy(() -> store.putObject(ghost, new ObjectKey("k"), cur -> object(ghost, "k", 1)))
        .isInstanceOf(CofferException.NoSuchBucket.class);
  }

  @Test
  void objects_areScopedToTheirBucket() {
    BucketName a = createBucket("alpha");
    BucketName b = createBucket("beta");
    store.putObject(a, new ObjectKey("k"), cur -> object(a, "k", 1));
    assertThat(store.object(b, new ObjectKey("k"))).isEmpty();
    assertThat(store.listObjects(b, "", null, 10)).isEmpty();
    assertThat(store.deleteObject(b, new ObjectKey("k"))).isEmpty();
    assertThat(store.object(a, new ObjectKey("k"))).isPresent();
  }

  @Test
  void deleteObject_returnsTheRemovedRecordOnce() {
    BucketName b = createBucket("alpha");
    ObjectRecord r = object(b, "k", 4);
    store.putObject(b, new ObjectKey("k"), cur -> r);
    assertThat(store.deleteObject(b, new ObjectKey("k"))).contains(r);
    assertThat(store.deleteObject(b, new ObjectKey("k"))).isEmpty();
    assertThat(store.object(b, new ObjectKey("k"))).isEmpty();
  }

  @Test
  void listObjects_ordersByUtf8BytesNotUtf16() {
    BucketName b = createBucket("alpha");
    // UTF-16 order would put the emoji (surrogates D83D..) before U+FFFD; UTF-8 puts EF BF BD before F0 9F.
    putAll(b, "😀", "\uFFFD", "é", "z", "Z", "a", "ab", "a\u0001", "a b", "\u007F", "中");
    assertThat(listAll(b, "", null))
        .containsExactly("Z", "a", "a\u0001", "a b", "ab", "z", "\u007F", "é", "中", "\uFFFD", "😀");
  }

  @Test
  void listObjects_prefixBoundsAreExact() {
    BucketName b = createBucket("alpha");
    putAll(b, "a", "ab", "ab/", "ab/c", "ab0", "abc", "ac", "aa", "b", "ab\u00FF", "ab\uFFFF", "ab😀");
    assertThat(listAll(b, "ab", null)).containsExactly("ab", "ab/", "ab/c", "ab0", "abc", "abÿ", "ab\uFFFF", "ab😀");
    assertThat(listAll(b, "ab/", null)).containsExactly("ab/", "ab/c");
    assertThat(listAll(b, "abcd", null)).isEmpty();
    assertThat(listAll(b, "", null)).hasSize(12);
  }

  @Test
  void listObjects_prefixEndingInHighCodePoints_staysInsideThePrefix() {
    BucketName b = createBucket("alpha");
    // U+FFFF is EF BF BF and U+10FFFF is F4 8F BF BF: successors must carry past the BF bytes correctly.
    putAll(b, "\uFFFE", "\uFFFF", "\uFFFFa", "\uFFFF\uFFFF", "𐀀", "\uDBFF\uDFFF", "\uDBFF\uDFFFx",
        "\uDBFF\uDFFF\uDBFF\uDFFF", "\uDBFF\uDFFE");
    assertThat(listAll(b, "\uFFFF", null)).containsExactly("\uFFFF", "\uFFFFa", "\uFFFF\uFFFF");
    assertThat(listAll(b, "\uDBFF\uDFFF", null))
        .containsExactly("\uDBFF\uDFFF", "\uDBFF\uDFFFx", "\uDBFF\uDFFF\uDBFF\uDFFF");
  }

  @Test
  void listObjects_afterMarker_isExclusiveAndClampedToThePrefix() {
    BucketName b = createBucket("alpha");
    putAll(b, "a", "b/1", "b/2", "b/3", "c");
    assertThat(listAll(b, "", "b/1")).containsExactly("b/2", "b/3", "c");
    assertThat(listAll(b, "", "b/")).containsExactly("b/1", "b/2", "b/3", "c");
    assertThat(listAll(b, "b/", "a")).containsExactly("b/1", "b/2", "b/3");
    assertThat(listAll(b, "b/", "b/2")).containsExactly("b/3");
    assertThat(listAll(b, "b/", "b/3")).isEmpty();
    assertThat(listAll(b, "b/", "c")).isEmpty();
    assertThat(keys(store.listObjects(b, "", new byte[] {'b', (byte) 0xFF}, 10))).containsExactly("c");
    assertThat(keys(store.listObjects(b, "", new byte[] {(byte) 0xFF}, 10))).isEmpty();
  }

  @Test
  void listObjects_limit_pagesThroughEverything() {
    BucketName b = createBucket("alpha");
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 25; i++) all.add(String.format("k%03d", i));
    putAll(b, all.toArray(String[]::new));
    List<String> seen = new ArrayList<>();
    byte[] after = null;
    while (true) {
      List<ObjectRecord> page = store.listObjects(b, "k", after, 7);
      assertThat(page.size()).isLessThanOrEqualTo(7);
      if (page.isEmpty()) break;
      seen.addAll(keys(page));
      after = page.get(page.size() - 1).key().utf8();
    }
    assertThat(seen).isEqualTo(all);
  }

  // ---- uploads and parts ----

  @Test
  void createUpload_thenRead_roundTripsEveryField() {
    BucketName b = createBucket("alpha");
    Upload u = new Upload("0123456789ABCDEF0123456789ABCDEF", b, new ObjectKey("big/张.bin"), t0,
        new ContentHeaders("video/mp4", "max-age=1", "inline", "gzip", "en", "never", Map.of("x", "y")),
        StorageClass.COLD_ARCHIVE, ObjectAcl.PRIVATE, true);
    store.createUpload(u);
    assertThat(store.upload(u.uploadId())).contains(u);
    assertThat(store.upload("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF")).isEmpty();
  }

  @Test
  void createUpload_missingBucket_isNoSuchBucket() {
    Upload u = upload(name("ghost"), "k");
    assertThatThrownBy(() -> store.createUpload(u)).isInstanceOf(CofferException.NoSuchBucket.class);
    assertThat(store.upload(u.uploadId())).isEmpty();
  }

  @Test
  void putPart_replacesAnEarlierPartOfTheSameNumber() {
    BucketName b = createBucket("alpha");
    Upload u = upload(b, "k");
    store.createUpload(u);
    Part first = part(u, 3, 100);
    assertThat(store.putPart(first)).isEmpty();
    Part second = part(u, 3, 200);
    assertThat(store.putPart(second)).contains(first);
    assertThat(store.parts(u.uploadId(), 0, 100)).containsExactly(second);
  }

  @Test
  void parts_areInNumberOrderAfterTheMarkerUpToTheLimit() {
    BucketName b = createBucket("alpha");
    Upload u = upload(b, "k");
    Upload other = upload(b, "k");
    store.createUpload(u);
    store.createUpload(other);
    List<Part> byNumber = new ArrayList<>();
    for (int n : new int[] {10, 2, 10000, 1, 7}) store.putPart(part(u, n, n));
    store.putPart(part(other, 5, 5));
    for (Part p : store.parts(u.uploadId(), 0, 100)) byNumber.add(p);
    assertThat(byNumber).extracting(Part::partNumber).containsExactly(1, 2, 7, 10, 10000);
    assertThat(store.parts(u.uploadId(), 2, 2)).extracting(Part::partNumber).containsExactly(7, 10);
    assertThat(store.parts(u.uploadId(), 10000, 10)).isEmpty();
    assertThat(store.parts(other.uploadId(), 0, 10)).extracting(Part::partNumber).containsExactly(5);
  }

  @Test
  void putPart_goneUpload_isNoSuchUploadAndStoresNothing() {
    BucketName b = createBucket("alpha");
    Upload u = upload(b, "k");
    store.createUpload(u);
    store.putPart(part(u, 1, 10));
    store.abortUpload(u.uploadId());
    assertThatThrownBy(() -> store.putPart(part(u, 2, 10))).isInstanceOf(CofferException.NoSuchUpload.class);
    assertThat(store.parts(u.uploadId(), 0, 10)).isEmpty();
    Set<BlobId> referenced = new HashSet<>();
    store.forEachReferencedBlob(referenced::add);
    assertThat(referenced).isEmpty();

    Upload never = upload(b, "k");
    assertThatThrownBy(() -> store.putPart(part(never, 1, 10))).isInstanceOf(CofferException.NoSuchUpload.class);
  }

  @Test
  void completeUpload_storesTheObjectAndReturnsReplacedAndAllParts() {
    BucketName b = createBucket("alpha");
    ObjectRecord old = object(b, "k", 9);
    store.putObject(b, new ObjectKey("k"), cur -> old);
    Upload u = upload(b, "k");
    store.createUpload(u);
    Part p1 = part(u, 1, 100);
    Part p2 = part(u, 2, 50);
    Part p3 = part(u, 3, 10);
    for (Part p : List.of(p3, p1, p2)) store.putPart(p);
    ObjectRecord assembled = new ObjectRecord(b, u.key(), ObjectType.MULTIPART, 110, "ABC-2", null, 42, t0,
        u.headers(), u.storageClass(), ObjectAcl.DEFAULT, List.of(new Extent(p1.blob(), 100), new Extent(p3.blob(), 10)));
    AtomicReference<Optional<ObjectRecord>> seen = new AtomicReference<>();
    MetadataStore.CompletedUpload done = store.completeUpload(u.uploadId(), cur -> {
      seen.set(cur);
      return assembled;
    });
    assertThat(seen.get()).contains(old);
    assertThat(done.replaced()).contains(old);
    assertThat(done.parts()).containsExactly(p1, p2, p3);
    assertThat(store.object(b, u.key())).contains(assembled);
    assertThat(store.upload(u.uploadId())).isEmpty();
    assertThat(store.parts(u.uploadId(), 0, 10)).isEmpty();
    assertThat(store.uploads(b, "", null, null, 10)).isEmpty();
    assertThatThrownBy(() -> store.completeUpload(u.uploadId(), cur -> assembled))
        .isInstanceOf(CofferException.NoSuchUpload.class);
  }

  @Test
  void completeUpload_decideThrows_leavesTheUploadOpen() {
    BucketName b = createBucket("alpha");
    Upload u = upload(b, "k");
    store.createUpload(u);
    Part p1 = part(u, 1, 10);
    store.putPart(p1);
    assertThatThrownBy(() -> store.completeUpload(u.uploadId(), cur -> {
      throw new CofferException.FileAlreadyExists();
    })).isInstanceOf(CofferException.FileAlreadyExists.class);
    assertThat(store.upload(u.uploadId())).contains(u);
    assertThat(store.parts(u.uploadId(), 0, 10)).containsExactly(p1);
    assertThat(store.object(b, u.key())).isEmpty();
  }

  @Test
  void completeUpload_extentNotAmongCurrentParts_isInvalidPartAndChangesNothing() {
    BucketName b = createBucket("alpha");
    Upload u = upload(b, "k");
    store.createUpload(u);
    Part before = part(u, 1, 10);
    store.putPart(before);
    // A re-upload of part 1 lands between the service reading the parts and completing.
    Part after = part(u, 1, 10);
    store.putPart(after);
    ObjectRecord stale = new ObjectRecord(b, u.key(), ObjectType.MULTIPART, 10, "X-1", null, 0, t0, u.headers(),
        u.storageClass(), ObjectAcl.DEFAULT, List.of(new Extent(before.blob(), 10)));
    assertThatThrownBy(() -> store.completeUpload(u.uploadId(), cur -> stale))
        .isInstanceOf(CofferException.InvalidPart.class);
    assertThat(store.object(b, u.key())).isEmpty();
    assertThat(store.parts(u.uploadId(), 0, 10)).containsExactly(after);
  }

  @Test
  void abortUpload_returnsItsPartsAndForgetsIt() {
    BucketName b = createBucket("alpha");
    Upload u = upload(b, "k");
    Upload kept = upload(b, "k");
    store.createUpload(u);
    store.createUpload(kept);
    Part p1 = part(u, 1, 10);
    Part p2 = part(u, 2, 10);
    store.putPart(p2);
    store.putPart(p1);
    Part other = part(kept, 1, 10);
    store.putPart(other);
    assertThat(store.abortUpload(u.uploadId())).containsExactly(p1, p2);
    assertThat(store.upload(u.uploadId())).isEmpty();
    assertThat(store.parts(u.uploadId(), 0, 10)).isEmpty();
    assertThatThrownBy(() -> store.abortUpload(u.uploadId())).isInstanceOf(CofferException.NoSuchUpload.class);
    assertThat(store.parts(kept.uploadId(), 0, 10)).containsExactly(other);
  }

  private List<String> uploadIds(List<Upload> uploads) {
    return uploads.stream().map(Upload::uploadId).toList();
  }

  private Upload uploadWithId(BucketName b, String key, char idDigit) {
    String id = String.valueOf(idDigit).repeat(32);
    Upload u = new Upload(id, b, new ObjectKey(key), t0, ContentHeaders.empty(), StorageClass.STANDARD,
        ObjectAcl.DEFAULT, false);
    store.createUpload(u);
    return u;
  }

  @Test
  void uploads_areOrderedByKeyThenUploadIdWithMarkerSemantics() {
    BucketName b = createBucket("alpha");
    BucketName other = createBucket("beta");
    Upload a2 = uploadWithId(b, "a", '2');
    Upload a1 = uploadWithId(b, "a", '1');
    Upload a3 = uploadWithId(b, "a", '3');
    Upload ab = uploadWithId(b, "a/b", '0');
    Upload c = uploadWithId(b, "c", '5');
    Upload e = uploadWithId(b, "é", '4');
    uploadWithId(other, "a", '9');

    assertThat(uploadIds(store.uploads(b, "", null, null, 100)))
        .containsExactly(a1.uploadId(), a2.uploadId(), a3.uploadId(), ab.uploadId(), c.uploadId(), e.uploadId());
    assertThat(uploadIds(store.uploads(b, "a", null, null, 100)))
        .containsExactly(a1.uploadId(), a2.uploadId(), a3.uploadId(), ab.uploadId());
    assertThat(uploadIds(store.uploads(b, "a/", null, null, 100))).containsExactly(ab.uploadId());
    // Key marker alone: strictly later keys.
    assertThat(uploadIds(store.uploads(b, "", bytes("a"), null, 100)))
        .containsExactly(ab.uploadId(), c.uploadId(), e.uploadId());
    // Key marker and upload-id marker: later uploads of that key, then later keys.
    assertThat(uploadIds(store.uploads(b, "", bytes("a"), a1.uploadId(), 100)))
        .containsExactly(a2.uploadId(), a3.uploadId(), ab.uploadId(), c.uploadId(), e.uploadId());
    assertThat(uploadIds(store.uploads(b, "", bytes("a"), a3.uploadId(), 100)))
        .containsExactly(ab.uploadId(), c.uploadId(), e.uploadId());
    assertThat(uploadIds(store.uploads(b, "a", bytes("a"), a2.uploadId(), 100)))
        .containsExactly(a3.uploadId(), ab.uploadId());
    assertThat(uploadIds(store.uploads(b, "", bytes("b"), null, 100))).containsExactly(c.uploadId(), e.uploadId());
    assertThat(uploadIds(store.uploads(b, "", bytes("é"), null, 100))).isEmpty();
    assertThat(uploadIds(store.uploads(b, "", null, null, 2))).containsExactly(a1.uploadId(), a2.uploadId());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  // ---- housekeeping ----

  @Test
  void forEachReferencedBlob_visitsObjectExtentsAndOpenParts() {
    BucketName b = createBucket("alpha");
    ObjectRecord r = object(b, "k", 1, 2, 3);
    store.putObject(b, new ObjectKey("k"), cur -> r);
    Upload open = upload(b, "m");
    store.createUpload(open);
    Part p = part(open, 1, 5);
    store.putPart(p);
    Upload aborted = upload(b, "m");
    store.createUpload(aborted);
    store.putPart(part(aborted, 1, 5));
    store.abortUpload(aborted.uploadId());
    ObjectRecord deleted = object(b, "gone", 4);
    store.putObject(b, new ObjectKey("gone"), cur -> deleted);
    store.deleteObject(b, new ObjectKey("gone"));

    Set<BlobId> expected = new HashSet<>();
    r.extents().forEach(e -> expected.add(e.blob()));
    expected.add(p.blob());
    Set<BlobId> seen = new HashSet<>();
    store.forEachReferencedBlob(seen::add);
    assertThat(seen).isEqualTo(expected);
  }

  // ---- durability ----

  @Test
  void everything_survivesCloseAndReopen() {
    Bucket alpha = bucket("alpha");
    store.createBucket(alpha);
    BucketName b = alpha.name();
    store.putBucketConfig(b, "policy", "{}");
    ObjectRecord r = object(b, "dir/张", 10, 20);
    store.putObject(b, r.key(), cur -> r);
    Upload u = upload(b, "big");
    store.createUpload(u);
    Part p = part(u, 4, 1234);
    store.putPart(p);

    reopen();

    assertThat(store.buckets()).containsExactly(alpha);
    assertThat(store.bucketConfig(b, "policy")).contains("{}");
    assertThat(store.object(b, r.key())).contains(r);
    assertThat(store.listObjects(b, "dir/", null, 10)).containsExactly(r);
    assertThat(store.upload(u.uploadId())).contains(u);
    assertThat(store.uploads(b, "", null, null, 10)).containsExactly(u);
    assertThat(store.parts(u.uploadId(), 0, 10)).containsExactly(p);
    assertThat(store.deleteBucket(b)).isEqualTo(DeleteBucketOutcome.HAS_OBJECTS);
  }
}
