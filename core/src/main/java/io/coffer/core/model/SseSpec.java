package io.coffer.core.model;

import io.coffer.core.error.CofferException;

/**
 * Which server-side encryption a write asks for, or a bucket's default rule: SSE-OSS with AES256
 * or SM4, or SSE-KMS with an optional CMK id and AES256 or SM4 data encryption.
 *
 * @param kmsKeyId the CMK for SSE-KMS, or null for the default CMK (always null for SSE-OSS)
 */
public record SseSpec(SseMethod method, SseAlgorithm algorithm, String kmsKeyId) {

  public SseSpec {
    if (method == null || algorithm == null) throw new IllegalArgumentException("incomplete SSE spec");
    if (method == SseMethod.OSS && kmsKeyId != null) throw new IllegalArgumentException("a CMK id needs SSE-KMS");
  }

  public static SseSpec oss(SseAlgorithm algorithm) {
    return new SseSpec(SseMethod.OSS, algorithm, null);
  }

  /**
   * Reads the three request headers as OSS does: an unknown method is
   * InvalidEncryptionAlgorithmError; a CMK id is only for KMS and must not be empty there; the data
   * encryption header is only honoured with KMS and otherwise ignored.
   *
   * @return the spec, or null when the request asks for no encryption
   */
  public static SseSpec parse(String method, String keyId, String dataEncryption) {
    if (method == null) {
      if (keyId != null) {
        throw new CofferException.InvalidArgument("x-oss-server-side-encryption-key-id needs x-oss-server-side-encryption: KMS.",
            "x-oss-server-side-encryption-key-id", keyId);
      }
      return null;
    }
    switch (method) {
      case "AES256", "SM4" -> {
        if (keyId != null) {
          throw new CofferException.InvalidArgument("x-oss-server-side-encryption-key-id is only applicable to KMS.",
              "x-oss-server-side-encryption-key-id", keyId);
        }
        return oss(SseAlgorithm.valueOf(method));
      }
      case "KMS" -> {
        if (keyId != null && keyId.isBlank()) {
          throw new CofferException.InvalidArgument("x-oss-server-side-encryption-key-id must not be empty.",
              "x-oss-server-side-encryption-key-id", keyId);
        }
        return new SseSpec(SseMethod.KMS, kmsDataAlgorithm(dataEncryption), keyId);
      }
      default -> throw new CofferException.InvalidEncryptionAlgorithm();
    }
  }

  /** {@code x-oss-server-side-data-encryption}: absent means AES256; SM4 is the only other value. */
  public static SseAlgorithm kmsDataAlgorithm(String dataEncryption) {
    return kmsDataAlgorithm(dataEncryption, "x-oss-server-side-data-encryption");
  }

  /** As {@link #kmsDataAlgorithm(String)}, naming {@code argumentName} (a header or an XML field) when invalid. */
  public static SseAlgorithm kmsDataAlgorithm(String dataEncryption, String argumentName) {
    if (dataEncryption == null || dataEncryption.isEmpty()) return SseAlgorithm.AES256;
    if (dataEncryption.equals("SM4")) return SseAlgorithm.SM4;
    throw new CofferException.InvalidArgument("The data encryption algorithm is not valid; SM4 is supported.",
        argumentName, dataEncryption);
  }

  /** The value of {@code x-oss-server-side-encryption} / SSEAlgorithm. */
  public String headerValue() {
    return method == SseMethod.KMS ? "KMS" : algorithm.wireName();
  }
}
