package io.coffer.core.storage;

import io.coffer.core.model.BlobId;
import io.coffer.core.model.Bucket;
import io.coffer.core.model.BucketName;
import io.coffer.core.model.EncryptionInfo;
import io.coffer.core.model.ObjectKey;
import io.coffer.core.model.ObjectRecord;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The durable catalogue of buckets, objects and multipart uploads. Every mutating call is one
 * atomic, durable transaction: when it returns, the change survives a crash; when it throws,
 * nothing changed. Implementations are thread-safe.
 *
 * <p>Keys are ordered by their UTF-8 bytes.
 */
public interface MetadataStore extends AutoCloseable {

  // ---- buckets ----

  /** Creates the bucket; false if one of that name already exists (nothing changes then). */
  boolean createBucket(Bucket bucket);

  Optional<Bucket> bucket(BucketName name);

  /** All buckets, by name. */
  List<Bucket> buckets();

  /** Replaces a bucket's stored state; false if there is no such bucket. */
  boolean updateBucket(Bucket bucket);

  enum DeleteBucketOutcome { DELETED, NOT_FOUND, HAS_OBJECTS, HAS_UPLOADS }

  /** Deletes the bucket and its configuration if it holds no objects and no unfinished uploads. */
  DeleteBucketOutcome deleteBucket(BucketName name);

  /** A named piece of bucket configuration (for example its encryption rule), as its service stored it. */
  Optional<String> bucketConfig(BucketName bucket, String name);

  /** Stores or, with a null value, removes a piece of bucket configuration; false if the bucket is gone. */
  boolean putBucketConfig(BucketName bucket, String name, String value);

  // ---- objects ----

  Optional<ObjectRecord> object(BucketName bucket, ObjectKey key);

  /**
   * Stores {@code record} in place of the current object of its key, if {@code decide} agrees.
   * {@code decide} runs inside the transaction with the current object (or empty) and returns the
   * record to store, or throws to abort. Returns the replaced object.
   *
   * @throws io.coffer.core.error.CofferException.NoSuchBucket if the bucket is gone
   */
  Optional<ObjectRecord> putObject(BucketName bucket, ObjectKey key,
      Function<Optional<ObjectRecord>, ObjectRecord> decide);

  /** Removes an object; returns what was removed. */
  Optional<ObjectRecord> deleteObject(BucketName bucket, ObjectKey key);

  /**
   * Objects whose keys start with {@code prefix} and sort after {@code afterExclusive} (UTF-8
   * bytes; null for the start), in key order, at most {@code limit}.
   */
  List<ObjectRecord> listObjects(BucketName bucket, String prefix, byte[] afterExclusive, int limit);

  // ---- multipart uploads ----

  /** @throws io.coffer.core.error.CofferException.NoSuchBucket if the bucket is gone */
  void createUpload(Upload upload);

  Optional<Upload> upload(String uploadId);

  /**
   * Stores a part, replacing any earlier part of that number; returns the replaced part.
   *
   * @throws io.coffer.core.error.CofferException.NoSuchUpload if the upload was completed or aborted
   */
  Optional<Part> putPart(Part part);

  /** Parts of an upload with numbers above {@code afterPartNumber}, in number order, at most {@code limit}. */
  List<Part> parts(String uploadId, int afterPartNumber, int limit);

  /**
   * Completes an upload: stores the object (replacing the current one of its key, whose record is
   * returned as {@code replaced}) and removes the upload and all its parts, returned as {@code parts}.
   * Every extent of the stored record must be the blob of one of the upload's current parts.
   *
   * @throws io.coffer.core.error.CofferException.NoSuchUpload if the upload is gone
   * @throws io.coffer.core.error.CofferException.InvalidPart if an extent names a blob that is not
   *     (or no longer) one of the upload's parts, say because the part was uploaded again meanwhile
   */
  CompletedUpload completeUpload(String uploadId, Function<Optional<ObjectRecord>, ObjectRecord> decide);

  record CompletedUpload(Optional<ObjectRecord> replaced, List<Part> parts) {}

  /**
   * Removes an upload and returns its parts.
   *
   * @throws io.coffer.core.error.CofferException.NoSuchUpload if the upload is gone
   */
  List<Part> abortUpload(String uploadId);

  /**
   * Unfinished uploads of a bucket whose keys start with {@code prefix}, ordered by key then upload
   * id, starting after ({@code keyMarker}, {@code uploadIdMarker}); at most {@code limit}.
   */
  List<Upload> uploads(BucketName bucket, String prefix, byte[] keyMarker, String uploadIdMarker, int limit);

  /**
   * Replaces an unfinished upload's encryption record (re-wrapping its data key) if it is still
   * {@code expected}; false if the upload is gone or changed.
   *
   * @throws IllegalArgumentException unless both records are present with the same method and
   *     algorithm: parts already sealed keep their cipher, so only the wrapping may change
   */
  boolean replaceUploadEncryption(String uploadId, EncryptionInfo expected, EncryptionInfo replacement);

  // ---- housekeeping ----

  /** Visits every blob that some object or part refers to. */
  void forEachReferencedBlob(Consumer<BlobId> visitor);

  @Override
  void close();
}
