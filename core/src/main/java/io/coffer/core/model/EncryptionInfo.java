package io.coffer.core.model;

import java.util.Arrays;
import java.util.Base64;

/**
 * How one object (or unfinished upload) is encrypted: one typed, versioned record rather than
 * loose header strings. Its blobs are sealed with the data key that {@code wrappedKey} holds.
 *
 * @param kmsKeyId the CMK that wrapped the data key (SSE-KMS), or null
 * @param keyVersion the SSE-OSS master key version that wrapped the data key (0 for SSE-KMS)
 * @param wrappedKey the wrapped data key; never the plaintext key
 */
public record EncryptionInfo(SseMethod method, SseAlgorithm algorithm, String kmsKeyId, int keyVersion,
    byte[] wrappedKey) {

  public EncryptionInfo {
    if (method == null || algorithm == null || wrappedKey == null) throw new IllegalArgumentException("incomplete");
    wrappedKey = wrappedKey.clone();
  }

  @Override
  public byte[] wrappedKey() {
    return wrappedKey.clone();
  }

  /** The encryption a client asked for that this record satisfies. */
  public SseSpec spec() {
    return new SseSpec(method, algorithm, method == SseMethod.KMS ? kmsKeyId : null);
  }

  public EncryptionInfo rewrapped(int newVersion, byte[] newWrappedKey) {
    return new EncryptionInfo(method, algorithm, kmsKeyId, newVersion, newWrappedKey);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncryptionInfo e && method == e.method && algorithm == e.algorithm
        && java.util.Objects.equals(kmsKeyId, e.kmsKeyId) && keyVersion == e.keyVersion
        && Arrays.equals(wrappedKey, e.wrappedKey);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(wrappedKey);
  }

  @Override
  public String toString() {
    return "EncryptionInfo[" + method + "/" + algorithm + (kmsKeyId == null ? "" : " cmk=" + kmsKeyId) + " v" + keyVersion
        + " wrapped=" + Base64.getEncoder().encodeToString(wrappedKey).substring(0, 8) + "…]";
  }
}
