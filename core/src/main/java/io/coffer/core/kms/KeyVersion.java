package io.coffer.core.kms;

import java.time.Instant;

/**
 * One version of a CMK's material, wrapped by the root key. An imported key's version has no
 * material until it is imported, and loses it when the material is deleted or expires.
 *
 * @param wrappedMaterial the material wrapped by the root key, or null when there is none
 */
public record KeyVersion(String keyId, String versionId, Instant created, byte[] wrappedMaterial) {
  public KeyVersion {
    if (keyId == null || versionId == null || created == null) throw new IllegalArgumentException("incomplete version");
    wrappedMaterial = wrappedMaterial == null ? null : wrappedMaterial.clone();
  }

  @Override
  public byte[] wrappedMaterial() {
    return wrappedMaterial == null ? null : wrappedMaterial.clone();
  }

  public boolean hasMaterial() {
    return wrappedMaterial != null;
  }

  public KeyVersion withMaterial(byte[] wrapped) {
    return new KeyVersion(keyId, versionId, created, wrapped);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyVersion v && versionId.equals(v.versionId) && keyId.equals(v.keyId)
        && created.equals(v.created) && java.util.Arrays.equals(wrappedMaterial, v.wrappedMaterial);
  }

  @Override
  public int hashCode() {
    return versionId.hashCode();
  }

  @Override
  public String toString() {
    return "KeyVersion[" + keyId + "/" + versionId + (wrappedMaterial == null ? " no material" : "") + "]";
  }
}
