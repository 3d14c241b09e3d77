package io.coffer.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.ServerSideEncryptionByDefault;
import com.aliyuncs.kms.model.v20160120.CreateKeyRequest;
import com.fasterxml.jackson.databind.JsonNode;
import io.coffer.server.testing.CofferExtension;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Buckets area's JSON API without a browser: bad bodies and bad rules answer the code the OSS
 * API would (or the console's MalformedJson for a body that is not the form's JSON), a change
 * without the CSRF token is refused, and none of them changes anything, as the OSS SDK confirms.
 */
class ConsoleBucketApiIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static OSS oss;
  static String cmk;
  static ConsoleHttp http;

  @BeforeAll
  static void setUp() throws Exception {
    oss = coffer.client();
    cmk = coffer.kms().call(new CreateKeyRequest()).getKeyMetadata().getKeyId();
    oss.createBucket("api-existing");
    http = new ConsoleHttp(coffer);
    http.signIn(CofferExtension.ACCESS_KEY_ID, CofferExtension.ACCESS_KEY_SECRET);
  }

  @Test
  void create_withABodyThatIsNotTheFormsJson_isMalformedJson_andMakesNothing() throws Exception {
    int before = oss.listBuckets().size();
    for (String body : List.of("{\"name\":", "[\"api-bad\"]", "{\"name\":42}", "{}",
        "{\"name\":\"api-bad\",\"encryption\":\"KMS\"}",
        "{\"name\":\"api-bad\",\"encryption\":{\"method\":\"KMS\",\"kmsKeyId\":42}}",
        "{\"name\":\"api-bad\",\"encryption\":{}}")) {
      assertError(http.send("POST", "/api/buckets", body), 400, "MalformedJson");
    }
    assertThat(oss.listBuckets()).hasSize(before);
    assertThat(oss.doesBucketExist("api-bad")).isFalse();
  }

  @Test
  void create_withAnUnknownMethodOrAlgorithm_isInvalidEncryptionAlgorithmError_andMakesNothing() throws Exception {
    for (String rule : List.of("{\"method\":\"PGP\"}", "{\"method\":\"OSS\",\"algorithm\":\"DES\"}",
        "{\"method\":\"OSS\",\"algorithm\":\"KMS\"}", "{\"method\":\"KMS\",\"algorithm\":\"3DES\"}")) {
      assertError(http.send("POST", "/api/buckets", "{\"name\":\"api-bad-rule\",\"encryption\":" + rule + "}"), 400,
          "InvalidEncryptionAlgorithmError");
    }
    assertThat(oss.doesBucketExist("api-bad-rule")).isFalse();
  }

  @Test
  void create_withSm4AndACmkOutsideKms_isInvalidArgument_andMakesNothing() throws Exception {
    JsonNode e = assertError(http.send("POST", "/api/buckets", "{\"name\":\"api-sm4-cmk\",\"encryption\":"
        + "{\"method\":\"OSS\",\"algorithm\":\"SM4\",\"kmsKeyId\":\"" + cmk + "\"}}"), 400, "InvalidArgument");
    assertThat(e.get("Message").asText()).contains("KMSMasterKeyID is not applicable");
    assertError(http.send("POST", "/api/buckets", "{\"name\":\"api-sm4-cmk\",\"encryption\":"
        + "{\"method\":\"None\",\"kmsKeyId\":\"" + cmk + "\"}}"), 400, "InvalidArgument");
    assertThat(oss.doesBucketExist("api-sm4-cmk")).isFalse();
  }

  @Test
  void create_withBadAclStorageClassOrName_isRefused_andMakesNothing() throws Exception {
    assertError(http.send("POST", "/api/buckets", "{\"name\":\"api-bad-acl\",\"acl\":\"everyone\"}"), 400,
        "InvalidArgument");
    assertError(http.send("POST", "/api/buckets", "{\"name\":\"api-bad-acl\",\"storageClass\":\"Glacier\"}"), 400,
        "InvalidArgument");
    assertError(http.send("POST", "/api/buckets", "{\"name\":\"api-bad-acl\",\"redundancyType\":\"GRS\"}"), 400,
        "InvalidArgument");
    assertError(http.send("POST", "/api/buckets", "{\"name\":\"Api_Bad\"}"), 400, "InvalidBucketName");
    assertThat(oss.doesBucketExist("api-bad-acl")).isFalse();
  }

  @Test
  void putEncryption_withBadRules_isRefused_andTheRuleStays() throws Exception {
    ConsoleHttp.Answer set = http.send("PUT", "/api/buckets/api-existing/encryption",
        "{\"method\":\"KMS\",\"algorithm\":\"SM4\",\"kmsKeyId\":\"" + cmk + "\"}");
    assertThat(set.status()).isEqualTo(200);
    assertThat(set.json().get("kmsKeyId").asText()).isEqualTo(cmk);
    for (String body : List.of("{\"method\":\"PGP\"}", "{\"method\":\"OSS\",\"algorithm\":\"SM4\",\"kmsKeyId\":\"k\"}",
        "{\"method\":\"None\"}", "not json", "{\"method\":\"KMS\",\"kmsKeyId\":[]}")) {
      ConsoleHttp.Answer a = http.send("PUT", "/api/buckets/api-existing/encryption", body);
      assertThat(a.status()).as(body).isEqualTo(400);
      assertThat(a.json().get("Code").asText()).as(body)
          .isIn("InvalidEncryptionAlgorithmError", "InvalidArgument", "MalformedJson");
    }
    assertError(http.send("PUT", "/api/buckets/no-such-bucket/encryption", "{\"method\":\"OSS\"}"), 404,
        "NoSuchBucket");
    ServerSideEncryptionByDefault rule = oss.getBucketEncryption("api-existing").getApplyServerSideEncryptionByDefault();
    assertThat(rule.getSSEAlgorithm()).isEqualTo("KMS");
    assertThat(rule.getKMSMasterKeyID()).isEqualTo(cmk);
    assertThat(rule.getKMSDataEncryption()).isEqualTo("SM4");
    JsonNode got = http.get("/api/buckets/api-existing/encryption").json();
    assertThat(got.get("method").asText()).isEqualTo("KMS");
    assertThat(got.get("algorithm").asText()).isEqualTo("SM4");
  }

  @Test
  void changesWithoutTheCsrfToken_areRefused_andChangeNothing() throws Exception {
    oss.createBucket("api-csrf");
    Map<String, String> none = Map.of();
    assertError(http.send("POST", "/api/buckets", "{\"name\":\"api-csrf-new\"}", none), 403, "InvalidCsrfToken");
    assertError(http.send("PUT", "/api/buckets/api-csrf/encryption", "{\"method\":\"OSS\"}", none), 403,
        "InvalidCsrfToken");
    assertError(http.send("DELETE", "/api/buckets/api-csrf", null, Map.of(ConsoleApi.CSRF_HEADER, "forged")), 403,
        "InvalidCsrfToken");
    assertThat(oss.doesBucketExist("api-csrf-new")).isFalse();
    assertThat(oss.doesBucketExist("api-csrf")).isTrue();
    OSSException e = org.assertj.core.api.Assertions.catchThrowableOfType(OSSException.class,
        () -> oss.getBucketEncryption("api-csrf"));
    assertThat(e.getErrorCode()).isEqualTo("NoSuchServerSideEncryptionRule");
  }

  @Test
  void createInfoAndDelete_roundTrip_asTheSdkSeesIt() throws Exception {
    ConsoleHttp.Answer made = http.send("POST", "/api/buckets", "{\"name\":\"api-made\",\"acl\":\"public-read\","
        + "\"storageClass\":\"Archive\",\"encryption\":{\"method\":\"KMS\",\"kmsKeyId\":\"alias/acs/oss\"}}");
    assertThat(made.status()).isEqualTo(200);
    assertThat(oss.getBucketInfo("api-made").getBucket().getStorageClass().toString()).isEqualTo("Archive");
    ServerSideEncryptionByDefault rule = oss.getBucketEncryption("api-made").getApplyServerSideEncryptionByDefault();
    assertThat(rule.getSSEAlgorithm()).isEqualTo("KMS");
    assertThat(rule.getKMSMasterKeyID()).as("alias/acs/oss is the default CMK").isNullOrEmpty();
    assertError(http.send("POST", "/api/buckets", "{\"name\":\"api-made\"}"), 409, "BucketAlreadyExists");

    JsonNode info = http.get("/api/buckets/api-made").json();
    assertThat(info.get("acl").asText()).isEqualTo("public-read");
    assertThat(info.get("encryption").get("kmsKeyId").asText()).isEqualTo("alias/acs/oss");
    assertError(http.get("/api/buckets/api-missing"), 404, "NoSuchBucket");
    assertError(http.get("/api/buckets/Not_A_Name"), 400, "InvalidBucketName");

    List<String> listed = new ArrayList<>();
    http.get("/api/buckets").json().get("buckets").forEach(b -> listed.add(b.get("name").asText()));
    assertThat(listed).contains("api-made", "api-existing");

    assertThat(http.send("DELETE", "/api/buckets/api-made/encryption", null).status()).isEqualTo(204);
    assertThat(http.get("/api/buckets/api-made/encryption").json().get("method").asText()).isEqualTo("None");
    assertThat(http.send("DELETE", "/api/buckets/api-made", null).status()).isEqualTo(204);
    assertThat(oss.doesBucketExist("api-made")).isFalse();
  }

  @Test
  void theCmkList_showsTheAccountsKeys_butNotTheServiceDefaultKey() throws Exception {
    oss.createBucket("api-default-key");
    ObjectMetadata m = new ObjectMetadata();
    m.setServerSideEncryption("KMS");
    oss.putObject("api-default-key", "o", new ByteArrayInputStream(new byte[] {1}), m);
    String defaultKey = oss.getObjectMetadata("api-default-key", "o").getServerSideEncryptionKeyId();
    JsonNode answer = http.get("/api/encryption/cmks").json();
    List<String> ids = new ArrayList<>();
    answer.get("keys").forEach(k -> ids.add(k.get("keyId").asText()));
    assertThat(ids).contains(cmk).doesNotContain(defaultKey);
    assertThat(answer.get("defaultAlias").asText()).isEqualTo("alias/acs/oss");
  }

  static JsonNode assertError(ConsoleHttp.Answer a, int status, String code) {
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    JsonNode n = a.json();
    assertThat(n.get("Code").asText()).as(a.body()).isEqualTo(code);
    assertThat(n.get("RequestId").asText()).isNotEmpty();
    return n;
  }
}
