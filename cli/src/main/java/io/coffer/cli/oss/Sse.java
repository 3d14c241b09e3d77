package io.coffer.cli.oss;

import io.coffer.cli.client.UsageFailure;
import java.util.Locale;

/**
 * The bucket-encryption flags shared by {@code mb} and {@code bucket-encryption}, with the
 * checks ossutil makes before sending anything; everything else is the server's to judge.
 */
record Sse(String algorithm, String kmsMasterKeyId, String kmsDataEncryption) {

  /** Null when no flag was given. */
  static Sse of(String algorithm, String keyId, String dataEncryption) {
    if (algorithm == null) {
      if (keyId != null || dataEncryption != null) {
        throw new UsageFailure("--kms-masterkey-id and --kms-data-encryption need --sse-algorithm KMS");
      }
      return null;
    }
    String alg = algorithm.strip();
    if (alg.isEmpty()) throw new UsageFailure("--sse-algorithm is empty: give AES256, KMS or SM4");
    boolean kms = alg.toUpperCase(Locale.ROOT).equals("KMS");
    if (!kms && keyId != null && !keyId.isEmpty()) {
      throw new UsageFailure("value of option --kms-masterkey-id must be empty if value of option --sse-algorithm is "
          + alg);
    }
    if (dataEncryption != null && !dataEncryption.isEmpty()) {
      if (!kms) {
        throw new UsageFailure("--kms-data-encryption applies only with --sse-algorithm KMS");
      }
      if (!dataEncryption.equals("SM4")) {
        throw new UsageFailure("value of option --kms-data-encryption must be SM4 (or empty), not " + dataEncryption);
      }
    }
    return new Sse(alg, emptyToNull(keyId), emptyToNull(dataEncryption));
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
