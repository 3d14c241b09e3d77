package io.coffer.core.sse;

import io.coffer.core.crypto.KeyMaterial;
import io.coffer.core.crypto.KeyUnwrapException;
import io.coffer.core.error.CofferException;
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

/**
 * Data keys for server-side encryption: a fresh random 256-bit key per object (or multipart
 * upload), wrapped under the current SSE-OSS master key and bound to the object's bucket, name,
 * method and algorithm. SSE-KMS arrives with the built-in KMS; until then asking for it is
 * answered as not implemented, never with a plaintext write.
 */
public final class SseService {
  public static final int DATA_KEY_BYTES = 32;

  private final MasterKeyRing masterKeys;
  private final DataKeyWrapper wrapper;
  private final SecureRandom random;

  public SseService(MasterKeyRing masterKeys, SecureRandom random) {
    this.masterKeys = masterKeys;
    this.wrapper = new DataKeyWrapper(random);
    this.random = random;
  }

  /** A new data key for an object: its stored record and the seal to write with (caller closes the seal). */
  public record NewKey(EncryptionInfo info, DataSeal seal) {}

  public NewKey newKey(BucketName bucket, ObjectKey key, SseSpec spec) {
    if (spec.method() == SseMethod.KMS) throw new CofferException.NotImplemented("SSE-KMS (x-oss-server-side-encryption: KMS)");
    KeyMaterial dataKey = KeyMaterial.random(random, DATA_KEY_BYTES);
    int version = masterKeys.currentVersion();
    byte[] wrapped = wrapper.wrap(masterKeys.key(version), dataKey,
        binding(bucket, key, spec.method(), spec.algorithm()));
    EncryptionInfo info = new EncryptionInfo(spec.method(), spec.algorithm(), null, version, wrapped);
    return new NewKey(info, new DataSeal(spec.algorithm().suite(), dataKey));
  }

  /**
   * Unwraps an object's data key.
   *
   * @throws CofferException.IntegrityViolation if the wrapped key does not open for this object
   */
  public DataSeal open(BucketName bucket, ObjectKey key, EncryptionInfo info) {
    if (info.method() == SseMethod.KMS) throw new CofferException.NotImplemented("SSE-KMS");
    try {
      KeyMaterial dataKey = wrapper.unwrap(masterKeys.key(info.keyVersion()), info.wrappedKey(),
          binding(bucket, key, info.method(), info.algorithm()));
      return new DataSeal(info.algorithm().suite(), dataKey);
    } catch (KeyUnwrapException e) {
      throw new CofferException.IntegrityViolation("the data key of " + bucket + "/" + key + " does not open");
    }
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
