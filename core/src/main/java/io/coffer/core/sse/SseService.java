package io.coffer.core.sse;

import io.coffer.core.crypto.KeyMaterial;
import io.coffer.core.crypto.KeyUnwrapException;
import io.coffer.core.error.CofferException;
import io.coffer.core.model.Bucket;
import io.coffer.core.model.BucketName;
import io.coffer.core.model.EncryptionInfo;
import io.coffer.core.model.ObjectKey;
import io.coffer.core.model.SseAlgorithm;
import io.coffer.core.model.SseMethod;
import io.coffer.core.model.SseSpec;
import io.coffer.core.object.DataSeal;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import io.coffer.core.iam.Principal;
import io.coffer.core.kms.KmsCrypto;

/**
 * Data keys for server-side encryption: a fresh random 256-bit key per object (or multipart
 * upload). SSE-OSS wraps it under the current master key, bound to the object's bucket, name,
 * method and algorithm; SSE-KMS has the built-in KMS generate it under the bucket owner's CMK
 * (the default {@code alias/acs/oss} key when none is named) with an EncryptionContext naming the
 * same things, and opens it with Decrypt, so the CMK's state governs every read and write.
 *
 * <p>Callers pass the {@link Bucket} they already loaded to authorise the request: its owner names
 * the account whose CMKs are used, with no second metadata read per object operation.
 */
public final class SseService {
  public static final int DATA_KEY_BYTES = 32;

  private final MasterKeyRing masterKeys;
  private final DataKeyWrapper wrapper;
  private final SecureRandom random;
  private final KmsCrypto kms;

  /** SSE-OSS only (admin tools): SSE-KMS is answered as not implemented. */
  public SseService(MasterKeyRing masterKeys, SecureRandom random) {
    this(masterKeys, random, null);
  }

  /**
   * @param kms the built-in KMS, or null where SSE-KMS is unavailable (answered as not implemented)
   */
  public SseService(MasterKeyRing masterKeys, SecureRandom random, KmsCrypto kms) {
    this.masterKeys = masterKeys;
    this.wrapper = new DataKeyWrapper(random);
    this.random = random;
    this.kms = kms;
  }

  /** A new data key for an object: its stored record and the seal to write with (caller closes the seal). */
  public record NewKey(EncryptionInfo info, DataSeal seal) {}

  public NewKey newKey(Bucket bucket, ObjectKey key, SseSpec spec) {
    return newKey(null, bucket, key, spec);
  }

  /**
   * @param caller the OSS request's caller, whose KMS permissions a specified CMK needs (seeds
   *     000/002), or null for Coffer's own work
   * @param bucket the object's bucket; SSE-KMS uses its owner's CMKs
   */
  public NewKey newKey(Principal caller, Bucket bucket, ObjectKey key, SseSpec spec) {
    if (spec.method() == SseMethod.KMS) return newKmsKey(caller, bucket, key, spec);
    KeyMaterial dataKey = KeyMaterial.random(random, DATA_KEY_BYTES);
    int version = masterKeys.currentVersion();
    byte[] wrapped = wrapper.wrap(masterKeys.key(version), dataKey,
        binding(bucket.name(), key, spec.method(), spec.algorithm()));
    EncryptionInfo info = new EncryptionInfo(spec.method(), spec.algorithm(), null, version, wrapped);
    return new NewKey(info, new DataSeal(spec.algorithm().suite(), dataKey));
  }

  /**
   * Unwraps an object's data key.
   *
   * @throws CofferException.IntegrityViolation if the wrapped key does not open for this object
   */
  public DataSeal open(Bucket bucket, ObjectKey key, EncryptionInfo info) {
    return open(null, false, bucket, key, info);
  }

  /**
   * As {@link #open(Bucket, ObjectKey, EncryptionInfo)} for an OSS caller, who needs
   * {@code kms:Decrypt} on a specified CMK to read plaintext, or its upload permissions to write.
   */
  public DataSeal open(Principal caller, boolean forWrite, Bucket bucket, ObjectKey key, EncryptionInfo info) {
    if (info.method() == SseMethod.KMS) {
      if (kms == null) throw new CofferException.NotImplemented("SSE-KMS");
      KeyMaterial dataKey = kms.sseOpen(caller, forWrite, bucket.owner(), info.wrappedKey(),
          kmsContext(bucket.name(), key, info.algorithm()));
      return new DataSeal(info.algorithm().suite(), dataKey);
    }
    try {
      KeyMaterial dataKey = wrapper.unwrap(masterKeys.key(info.keyVersion()), info.wrappedKey(),
          binding(bucket.name(), key, info.method(), info.algorithm()));
      return new DataSeal(info.algorithm().suite(), dataKey);
    } catch (KeyUnwrapException e) {
      throw new CofferException.IntegrityViolation("the data key of " + bucket.name() + "/" + key + " does not open");
    }
  }

  private NewKey newKmsKey(Principal caller, Bucket bucket, ObjectKey key, SseSpec spec) {
    if (kms == null) throw new CofferException.NotImplemented("SSE-KMS (x-oss-server-side-encryption: KMS)");
    KmsCrypto.DataKey dk = kms.sseDataKey(caller, bucket.owner(), spec.kmsKeyId(),
        kmsContext(bucket.name(), key, spec.algorithm()));
    EncryptionInfo info = new EncryptionInfo(SseMethod.KMS, spec.algorithm(), dk.keyId(), 0, dk.ciphertextBlob());
    // 32 bytes for AES256 and SM4 alike: the segment format derives each blob's key of the suite's length.
    return new NewKey(info, new DataSeal(spec.algorithm().suite(), dk.plaintext()));
  }

  /**
   * The EncryptionContext of an SSE-KMS object's data key: the KMS authenticates it, so a data key
   * moved to another object (or read as another algorithm) does not open (docs/crypto/key-hierarchy.md).
   */
  static Map<String, String> kmsContext(BucketName bucket, ObjectKey key, SseAlgorithm algorithm) {
    return Map.of("acs:oss:bucket", bucket.value(), "acs:oss:object", key.value(), "acs:oss:data-encryption",
        algorithm.name());
  }

  /** Whether {@code info} is wrapped under an older master key than the current one. */
  public boolean needsRewrap(EncryptionInfo info) {
    return info.method() == SseMethod.OSS && info.keyVersion() < masterKeys.currentVersion();
  }

  /** The same data key wrapped under the current master key; object data is untouched. */
  public EncryptionInfo rewrap(BucketName bucket, ObjectKey key, EncryptionInfo info) {
    if (!needsRewrap(info)) return info;
    byte[] binding = binding(bucket, key, info.method(), info.algorithm());
    int version = masterKeys.currentVersion();
    try (KeyMaterial dataKey = wrapper.unwrap(masterKeys.key(info.keyVersion()), info.wrappedKey(), binding)) {
      return info.rewrapped(version, wrapper.wrap(masterKeys.key(version), dataKey, binding));
    } catch (KeyUnwrapException e) {
      throw new CofferException.IntegrityViolation("the data key of " + bucket + "/" + key + " does not open");
    }
  }

  /** "coffer:sse:v1" ‖ 0 ‖ method ‖ 0 ‖ algorithm ‖ 0 ‖ bucket ‖ 0 ‖ key ‖ 0 (docs/crypto/key-hierarchy.md). */
  static byte[] binding(BucketName bucket, ObjectKey key, SseMethod method, SseAlgorithm algorithm) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (String part : new String[] {"coffer:sse:v1", method.name(), algorithm.name(), bucket.value(), key.value()}) {
      byte[] p = part.getBytes(StandardCharsets.UTF_8);
      b.write(p, 0, p.length);
      b.write(0);
    }
    return b.toByteArray();
  }

  public MasterKeyRing masterKeys() {
    return masterKeys;
  }
}
