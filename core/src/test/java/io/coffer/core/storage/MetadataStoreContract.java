package io.coffer.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.error.CofferException;
import io.coffer.core.model.BlobId;
import io.coffer.core.model.Bucket;
import io.coffer.core.model.BucketAcl;
import io.coffer.core.model.BucketName;
import io.coffer.core.model.EncryptionInfo;
import io.coffer.core.model.ObjectKey;
import io.coffer.core.model.ObjectRecord;
import io.coffer.core.model.SseAlgorithm;
import io.coffer.core.model.SseMethod;
import io.coffer.core.model.StorageClass;
import io.coffer.core.storage.MetadataStore.DeleteBucketOutcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MetadataStore} adapter must do with buckets and objects, and across restarts.
 * Uploads and parts: {@link UploadStoreContract}.
 */
public abstract class MetadataStoreContract extends MetadataStoreFixtures {

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
  void putObject_encryptedRecords_roundTripTheirEncryption() {
    BucketName b = createBucket("alpha");
    EncryptionInfo kms = new EncryptionInfo(SseMethod.KMS, SseAlgorithm.SM4, "cmk-张-1", 0, new byte[] {1, 2, 3});
    List<ObjectRecord> records = List.of(object(b, "aes", 5).withEncryption(encryption(SseAlgorithm.AES256, 1)),
        object(b, "kms", 6).withEncryption(kms), object(b, "plain", 7),
        object(b, "sm4", 8).withEncryption(encryption(SseAlgorithm.SM4, 7)));
    for (ObjectRecord r : records) store.putObject(b, r.key(), cur -> r);
    assertThat(store.listObjects(b, "", null, 10)).containsExactlyElementsOf(records);
    reopen();
    for (ObjectRecord r : records) {
      assertThat(store.object(b, r.key())).hasValueSatisfying(got -> {
        assertThat(got).isEqualTo(r);
        assertThat(got.encryption()).isEqualTo(r.encryption());
      });
    }
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
