package io.coffer.core.kms;

import java.time.Instant;

/**
 * The parameters of one GetParametersForImport call: the RSA private key (wrapped by the root key)
 * that unwraps material sent with {@code token} for {@code keyId} until {@code expires}.
 */
public record ImportToken(String token, String keyId, String wrappingAlgorithm, byte[] wrappedPrivateKey,
    Instant expires) {
  public ImportToken {
    wrappedPrivateKey = wrappedPrivateKey.clone();
  }

  @Override
  public byte[] wrappedPrivateKey() {
    return wrappedPrivateKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImportToken t && token.equals(t.token);
  }

  @Override
  public int hashCode() {
    return token.hashCode();
  }

  @Override
  public String toString() {
    return "ImportToken[key=" + keyId + ", expires=" + expires + "]";
  }
}
