package io.coffer.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.error.CofferException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The three SSE request headers (reference/oss-api.md §10.1), every combination class. Outcomes:
 * {@code none} (no encryption asked), {@code METHOD ALGORITHM CMK} ({@code -} for no CMK), or the
 * error and, for InvalidArgument, the argument it names.
 */
public class SseSpecTest {

  public static String outcome(Supplier<SseSpec> parse) {
    try {
      SseSpec s = parse.get();
      return s == null ? "none" : s.method() + " " + s.algorithm() + " " + (s.kmsKeyId() == null ? "-" : s.kmsKeyId());
    } catch (CofferException.InvalidArgument e) {
      return "InvalidArgument " + e.details().get("ArgumentName") + "=" + e.details().get("ArgumentValue");
    } catch (CofferException e) {
      return e.getClass().getSimpleName();
    }
  }

  @ParameterizedTest(name = "[{index}] method={0} keyId={1} data={2} -> {3}")
  @CsvSource(nullValues = "null", delimiter = '|', textBlock = """
      # no x-oss-server-side-encryption: nothing asked; data encryption alone is ignored, a key id alone is refused
      null    | null    | null   | none
      null    | null    | SM4    | none
      null    | null    | AES256 | none
      null    | ''      | null   | InvalidArgument x-oss-server-side-encryption-key-id=
      null    | cmk-1   | null   | InvalidArgument x-oss-server-side-encryption-key-id=cmk-1
      null    | cmk-1   | SM4    | InvalidArgument x-oss-server-side-encryption-key-id=cmk-1
      # SSE-OSS: no key id allowed (not even empty); data encryption silently ignored, whatever its value
      AES256  | null    | null   | OSS AES256 -
      AES256  | null    | SM4    | OSS AES256 -
      AES256  | null    | bogus  | OSS AES256 -
      AES256  | ''      | null   | InvalidArgument x-oss-server-side-encryption-key-id=
      AES256  | cmk-1   | null   | InvalidArgument x-oss-server-side-encryption-key-id=cmk-1
      SM4     | null    | null   | OSS SM4 -
      SM4     | null    | SM4    | OSS SM4 -
      SM4     | null    | ''     | OSS SM4 -
      SM4     | cmk-1   | SM4    | InvalidArgument x-oss-server-side-encryption-key-id=cmk-1
      # SSE-KMS: default or named CMK, never an empty one; data encryption absent/empty = AES256, SM4, else refused
      KMS     | null    | null   | KMS AES256 -
      KMS     | null    | ''     | KMS AES256 -
      KMS     | null    | SM4    | KMS SM4 -
      KMS     | cmk-1   | null   | KMS AES256 cmk-1
      KMS     | cmk-1   | SM4    | KMS SM4 cmk-1
      KMS     | ''      | null   | InvalidArgument x-oss-server-side-encryption-key-id=
      KMS     | '  '    | SM4    | 'InvalidArgument x-oss-server-side-encryption-key-id=  '
      KMS     | null    | AES256 | InvalidArgument x-oss-server-side-data-encryption=AES256
      KMS     | cmk-1   | sm4    | InvalidArgument x-oss-server-side-data-encryption=sm4
      KMS     | null    | ' SM4' | InvalidArgument x-oss-server-side-data-encryption= SM4
      # anything else is not an algorithm OSS knows, whatever comes with it (values are case-sensitive)
      ''      | null    | null   | InvalidEncryptionAlgorithm
      aes256  | null    | null   | InvalidEncryptionAlgorithm
      sm4     | null    | null   | InvalidEncryptionAlgorithm
      kms     | null    | null   | InvalidEncryptionAlgorithm
      AES-256 | null    | null   | InvalidEncryptionAlgorithm
      ' AES256' | null  | null   | InvalidEncryptionAlgorithm
      OSS     | null    | null   | InvalidEncryptionAlgorithm
      DES     | cmk-1   | SM4    | InvalidEncryptionAlgorithm
      """)
  void parse_everyHeaderCombination(String method, String keyId, String dataEncryption, String expected) {
    assertThat(outcome(() -> SseSpec.parse(method, keyId, dataEncryption))).isEqualTo(expected);
  }

  @Test
  void headerValue_namesTheMethodForKmsAndTheAlgorithmForOss() {
    assertThat(SseSpec.oss(SseAlgorithm.AES256).headerValue()).isEqualTo("AES256");
    assertThat(SseSpec.oss(SseAlgorithm.SM4).headerValue()).isEqualTo("SM4");
    assertThat(new SseSpec(SseMethod.KMS, SseAlgorithm.SM4, "cmk").headerValue()).isEqualTo("KMS");
    for (String v : new String[] {"AES256", "SM4"}) assertThat(SseSpec.parse(v, null, null).headerValue()).isEqualTo(v);
  }

  @Test
  void new_incompleteOrOssWithCmk_isRefused() {
    assertThatThrownBy(() -> new SseSpec(null, SseAlgorithm.AES256, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SseSpec(SseMethod.OSS, null, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SseSpec(SseMethod.OSS, SseAlgorithm.SM4, "cmk"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
