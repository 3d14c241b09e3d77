package io.coffer.core.bucket;

import static org.assertj.core.api.Assertions.assertThat;

import io.coffer.core.model.SseSpecTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bucket default encryption rule from PutBucketEncryption's fields (reference/oss-api.md §7.10),
 * every combination class. Outcomes are written as in {@link SseSpecTest}.
 */
class BucketServiceRuleTest {

  @ParameterizedTest(name = "[{index}] SSEAlgorithm={0} KMSMasterKeyID={1} KMSDataEncryption={2} -> {3}")
  @CsvSource(nullValues = "null", delimiter = '|', textBlock = """
      # SSE-OSS: an empty KMSMasterKeyID (the Java SDK always sends one) is fine, a real one is not;
      # KMSDataEncryption is accepted and dropped
      AES256    | null     | null   | OSS AES256 -
      AES256    | ''       | null   | OSS AES256 -
      AES256    | '  '     | null   | OSS AES256 -
      AES256    | null     | SM4    | OSS AES256 -
      AES256    | ''       | SM4    | OSS AES256 -
      AES256    | null     | bogus  | OSS AES256 -
      AES256    | cmk-1    | null   | InvalidArgument KMSMasterKeyID=cmk-1
      AES256    | cmk-1    | SM4    | InvalidArgument KMSMasterKeyID=cmk-1
      SM4       | null     | null   | OSS SM4 -
      SM4       | ''       | SM4    | OSS SM4 -
      SM4       | ' cmk-2 '| null   | InvalidArgument KMSMasterKeyID=cmk-2
      ' SM4 '   | null     | null   | OSS SM4 -
      # SSE-KMS: empty or absent CMK means the default one; the CMK is not checked for existence
      KMS       | null     | null   | KMS AES256 -
      KMS       | ''       | null   | KMS AES256 -
      KMS       | '  '     | ''     | KMS AES256 -
      KMS       | cmk-1    | null   | KMS AES256 cmk-1
      KMS       | ' cmk-1 '| null   | KMS AES256 cmk-1
      KMS       | test_wrong | SM4  | KMS SM4 test_wrong
      KMS       | null     | SM4    | KMS SM4 -
      KMS       | null     | ' SM4 '| KMS SM4 -
      KMS       | null     | AES256 | InvalidArgument KMSDataEncryption=AES256
      KMS       | cmk-1    | sm4    | InvalidArgument KMSDataEncryption=sm4
      # anything else, including a missing or empty SSEAlgorithm
      null      | null     | null   | InvalidEncryptionAlgorithm
      ''        | null     | null   | InvalidEncryptionAlgorithm
      aes256    | null     | null   | InvalidEncryptionAlgorithm
      kms       | cmk-1    | null   | InvalidEncryptionAlgorithm
      AES128    | null     | null   | InvalidEncryptionAlgorithm
      None      | null     | null   | InvalidEncryptionAlgorithm
      """)
  void rule_everyFieldCombination(String algorithm, String kmsMasterKeyId, String kmsDataEncryption, String expected) {
    assertThat(SseSpecTest.outcome(() -> BucketService.rule(algorithm, kmsMasterKeyId, kmsDataEncryption)))
        .isEqualTo(expected);
  }
}
