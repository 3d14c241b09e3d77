package io.coffer.core.bucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.error.CofferException;
import io.coffer.core.model.Bucket;
import io.coffer.core.model.BucketAcl;
import io.coffer.core.model.BucketName;
import io.coffer.core.model.StorageClass;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What PutBucketPolicy accepts for bucket {@code photos} of account 1234: size, encoding, grammar, resources. */
class BucketPoliciesTest {
  private static final Bucket PHOTOS = new Bucket(new BucketName("photos"), "1234", Instant.EPOCH, BucketAcl.PRIVATE,
      StorageClass.STANDARD, "LRS");

  private static String policy(String resource) {
    return "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"oss:GetObject\",\"Principal\":\"*\","
        + "\"Resource\":" + resource + "}]}";
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "\"acs:oss:*:1234:photos\"",
      "\"acs:oss:*:1234:photos/*\"",
      "\"acs:oss:*:1234:photos/2024/*.jpg\"",
      "\"acs:oss:*:*:photos/*\"",
      "\"acs:oss:*:1234:*/*\"",
      "\"acs:oss:*:1234:*\"",
      "\"acs:oss:*:*:phot?s\"",
      "\"*\"",
      "\"acs:oss:*\"",
      "\"acs:*:photos\"",
      "[\"acs:oss:*:1234:photos\",\"acs:oss:*:1234:photos/a\"]",
  })
  void resource_namingThisBucketOrItsObjects_isAccepted_andStoredAsGiven(String resource) {
    String doc = policy(resource);
    assertThat(BucketPolicies.validate(PHOTOS, utf8(doc))).isEqualTo(doc);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "'\"acs:oss:*:1234:videos/*\"'|acs:oss:*:1234:videos/*",
      "'\"acs:oss:*:1234:photos2\"'|acs:oss:*:1234:photos2",
      "'\"acs:oss:*:1234:photo\"'|acs:oss:*:1234:photo",
      "'\"acs:oss:*:9999:photos/*\"'|acs:oss:*:9999:photos/*",
      "'\"acs:oss:cn-hangzhou:1234:photos/*\"'|acs:oss:cn-hangzhou:1234:photos/*",
      "'\"acs:kms:*:1234:*\"'|acs:kms:*:1234:*",
      "'\"acs:kms:*\"'|acs:kms:*",
      "'\"acs:oss:*:1234:photos:x\"'|acs:oss:*:1234:photos:x",
      "'\"acs:oss:*:1234:photos/\"'|acs:oss:*:1234:photos/",
      "'[\"acs:oss:*:1234:photos/*\",\"acs:oss:*:1234:videos\"]'|acs:oss:*:1234:videos",
  })
  void resource_outsideThisBucket_isRefused_namingIt(String resource, String named) {
    assertThatThrownBy(() -> BucketPolicies.validate(PHOTOS, utf8(policy(resource))))
        .isInstanceOf(CofferException.MalformedPolicyDocument.class)
        .hasMessage("Statement 1: Resource \"" + named + "\" names neither bucket photos nor objects in it "
            + "(acs:oss:*:1234:photos or acs:oss:*:1234:photos/*).");
  }

  @ParameterizedTest(name = "[{index}]")
  @ValueSource(strings = {"", "{", "[]", "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"oss:*\","
      + "\"Resource\":\"acs:oss:*:1234:photos\"}]}"})
  void grammarErrors_areMalformed(String doc) {
    assertThatThrownBy(() -> BucketPolicies.validate(PHOTOS, utf8(doc)))
        .isInstanceOf(CofferException.MalformedPolicyDocument.class);
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {16383, 16384, 16385, 20000})
  void size_upTo16KiB_isAccepted_beyondIsRefused(int size) {
    String base = "{\"Version\":\"1\",\"Statement\":[{\"Sid\":\"\",\"Effect\":\"Allow\",\"Action\":\"oss:GetObject\","
        + "\"Principal\":\"*\",\"Resource\":\"acs:oss:*:1234:photos/*\"}]}";
    // Two-byte characters in the Sid: the limit counts UTF-8 bytes, not characters.
    int pad = size - utf8(base).length;
    String sid = "é".repeat(pad / 2) + "x".repeat(pad % 2);
    String doc = base.replace("\"Sid\":\"\"", "\"Sid\":\"" + sid + "\"");
    assertThat(utf8(doc)).hasSize(size);
    if (size <= 16384) {
      assertThat(BucketPolicies.validate(PHOTOS, utf8(doc))).isEqualTo(doc);
    } else {
      assertThatThrownBy(() -> BucketPolicies.validate(PHOTOS, utf8(doc)))
          .isInstanceOf(CofferException.MalformedPolicyDocument.class)
          .hasMessage("The policy document is " + size + " bytes long; at most 16384 are allowed.");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ff", "c3", "ed a0 80"})
  void bytesThatAreNotUtf8_areRefused(String hex) {
    String doc = policy("\"acs:oss:*:1234:photos/*\"");
    byte[] bytes = utf8(doc.replace("oss:GetObject", "oss:GetObject#"));
    int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf('#');
    String[] parts = hex.split(" ");
    byte[] bad = new byte[bytes.length - 1 + parts.length];
    System.arraycopy(bytes, 0, bad, 0, at);
    for (int i = 0; i < parts.length; i++) bad[at + i] = (byte) Integer.parseInt(parts[i], 16);
    System.arraycopy(bytes, at + 1, bad, at + parts.length, bytes.length - at - 1);
    assertThatThrownBy(() -> BucketPolicies.validate(PHOTOS, bad))
        .isInstanceOf(CofferException.MalformedPolicyDocument.class)
        .hasMessage("The policy document is not UTF-8 text.");
  }
}
