package io.coffer.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.error.CofferException;
import io.coffer.core.model.BlobId;
import io.coffer.core.model.BucketName;
import io.coffer.core.model.ContentHeaders;
import io.coffer.core.model.EncryptionInfo;
import io.coffer.core.model.Extent;
import io.coffer.core.model.ObjectAcl;
import io.coffer.core.model.ObjectKey;
import io.coffer.core.model.ObjectRecord;
import io.coffer.core.model.ObjectType;
import io.coffer.core.model.SseAlgorithm;
import io.coffer.core.model.SseMethod;
import io.coffer.core.model.StorageClass;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What every {@link MetadataStore} adapter must do with multipart uploads and their parts. */
public abstract class UploadStoreContract extends MetadataStoreFixtures {

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

  // ---- encryption ----

  private Upload encryptedUpload(BucketName b, String key, EncryptionInfo enc) {
    Upload plain = upload(b, key);
    Upload u = new Upload(plain.uploadId(), b, plain.key(), plain.initiated(), plain.headers(), plain.storageClass(),
        plain.acl(), true, enc);
    store.createUpload(u);
    return u;
  }

  private static Upload withEncryption(Upload u, EncryptionInfo enc) {
    return new Upload(u.uploadId(), u.bucket(), u.key(), u.initiated(), u.headers(), u.storageClass(), u.acl(),
        u.sequential(), enc);
  }

  @Test
  void createUpload_encrypted_roundTripsItsEncryption() {
    BucketName b = createBucket("alpha");
    Upload aes = encryptedUpload(b, "a", encryption(SseAlgorithm.AES256, 3));
    Upload kms = encryptedUpload(b, "b", new EncryptionInfo(SseMethod.KMS, SseAlgorithm.AES256, null, 0, new byte[9]));
    reopen();
    assertThat(store.upload(aes.uploadId())).contains(aes);
    assertThat(store.uploads(b, "", null, null, 10)).containsExactly(aes, kms);
  }

  @Test
  void replaceUploadEncryption_stillAsExpected_replacesOnlyTheEncryption() {
    BucketName b = createBucket("alpha");
    EncryptionInfo v1 = encryption(SseAlgorithm.SM4, 1);
    Upload u = encryptedUpload(b, "k", v1);
    Upload other = encryptedUpload(b, "k", encryption(SseAlgorithm.SM4, 1));
    Part p = part(u, 1, 10);
    store.putPart(p);
    EncryptionInfo v2 = v1.rewrapped(2, encryption(SseAlgorithm.SM4, 2).wrappedKey());

    assertThat(store.replaceUploadEncryption(u.uploadId(), v1, v2)).isTrue();

    assertThat(store.upload(u.uploadId())).contains(withEncryption(u, v2));
    assertThat(store.upload(other.uploadId())).contains(other);
    assertThat(store.parts(u.uploadId(), 0, 10)).containsExactly(p);
    reopen();
    assertThat(store.upload(u.uploadId())).contains(withEncryption(u, v2));
  }

  @Test
  void replaceUploadEncryption_staleExpected_returnsFalseAndChangesNothing() {
    BucketName b = createBucket("alpha");
    EncryptionInfo v1 = encryption(SseAlgorithm.AES256, 1);
    Upload u = encryptedUpload(b, "k", v1);
    EncryptionInfo v2 = encryption(SseAlgorithm.AES256, 2);
    // Same version, other wrapped bytes: a record written since it was read.
    EncryptionInfo sameVersionOtherKey = encryption(SseAlgorithm.AES256, 1);

    assertThat(store.replaceUploadEncryption(u.uploadId(), sameVersionOtherKey, v2)).isFalse();
    assertThat(store.replaceUploadEncryption(u.uploadId(), v1.rewrapped(5, v1.wrappedKey()), v2)).isFalse();
    assertThat(store.upload(u.uploadId())).contains(u);

    assertThat(store.replaceUploadEncryption(u.uploadId(), v1, v2)).isTrue();
    // A second replacement expecting the old record loses to the first.
    assertThat(store.replaceUploadEncryption(u.uploadId(), v1, encryption(SseAlgorithm.AES256, 3))).isFalse();
    assertThat(store.upload(u.uploadId())).contains(withEncryption(u, v2));
  }

  @Test
  void replaceUploadEncryption_goneOrUnknownUpload_returnsFalse() {
    BucketName b = createBucket("alpha");
    EncryptionInfo v1 = encryption(SseAlgorithm.AES256, 1);
    Upload aborted = encryptedUpload(b, "k", v1);
    store.abortUpload(aborted.uploadId());
    assertThat(store.replaceUploadEncryption(aborted.uploadId(), v1, encryption(SseAlgorithm.AES256, 2))).isFalse();
    assertThat(store.upload(aborted.uploadId())).isEmpty();
    assertThat(store.replaceUploadEncryption("0".repeat(32), v1, encryption(SseAlgorithm.AES256, 2))).isFalse();
    assertThat(store.uploads(b, "", null, null, 10)).isEmpty();
  }

  @Test
  void replaceUploadEncryption_completedUpload_returnsFalseAndLeavesTheObject() {
    BucketName b = createBucket("alpha");
    EncryptionInfo v1 = encryption(SseAlgorithm.AES256, 1);
    Upload u = encryptedUpload(b, "k", v1);
    Part p = part(u, 1, 10);
    store.putPart(p);
    ObjectRecord done = new ObjectRecord(b, u.key(), ObjectType.MULTIPART, 10, "X-1", null, 0, t0, u.headers(),
        u.storageClass(), ObjectAcl.DEFAULT, List.of(new Extent(p.blob(), 10)), v1);
    store.completeUpload(u.uploadId(), cur -> done);
    assertThat(store.replaceUploadEncryption(u.uploadId(), v1, encryption(SseAlgorithm.AES256, 2))).isFalse();
    assertThat(store.object(b, u.key())).contains(done);
  }

  @Test
  void replaceUploadEncryption_thatWouldAddRemoveOrChangeTheCipher_isRefused() {
    BucketName b = createBucket("alpha");
    Upload plain = upload(b, "plain");
    store.createUpload(plain);
    EncryptionInfo aes = encryption(SseAlgorithm.AES256, 1);
    Upload sealed = encryptedUpload(b, "sealed", aes);
    EncryptionInfo sm4 = encryption(SseAlgorithm.SM4, 2);
    EncryptionInfo kms = new EncryptionInfo(SseMethod.KMS, SseAlgorithm.AES256, null, 0, aes.wrappedKey());

    // Parts already written keep their cipher: only the wrapping of the same key may change.
    assertThatThrownBy(() -> store.replaceUploadEncryption(plain.uploadId(), null, aes))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.replaceUploadEncryption(sealed.uploadId(), aes, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.replaceUploadEncryption(sealed.uploadId(), aes, sm4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.replaceUploadEncryption(sealed.uploadId(), aes, kms))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.upload(plain.uploadId())).contains(plain);
    assertThat(store.upload(sealed.uploadId())).contains(sealed);
  }
}
