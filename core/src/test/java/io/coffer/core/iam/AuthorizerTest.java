package io.coffer.core.iam;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.error.CofferException;
import io.coffer.core.iam.policy.Policy;
import io.coffer.core.model.Bucket;
import io.coffer.core.model.BucketAcl;
import io.coffer.core.model.BucketName;
import io.coffer.core.model.ObjectKey;
import io.coffer.core.model.StorageClass;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The decision rules of Authorizer over in-memory policy documents. */
class AuthorizerTest {
  private static final String ACCOUNT = "1111111111111111";
  private static final Principal ROOT = new Principal(ACCOUNT, "AKROOT");
  private static final Principal ALICE = new Principal(ACCOUNT, "AKALICE", "2000000000000001", "alice");
  private static final Principal STRANGER = new Principal("2222222222222222", "AKOTHER");
  private static final ObjectKey KEY = new ObjectKey("a.txt");

  private final Map<String, List<String>> userPolicies = new HashMap<>();
  private final Map<String, String> bucketPolicies = new HashMap<>();
  private final Authorizer authorizer = new Authorizer();

  @BeforeEach
  void wire() {
    authorizer.policies(new StoredPolicies(p -> userPolicies.getOrDefault(p.userId(), List.of()),
        b -> Optional.ofNullable(bucketPolicies.get(b.name().value()))));
  }

  private static Bucket bucket(String name, BucketAcl acl) {
    return new Bucket(new BucketName(name), ACCOUNT, Instant.EPOCH, acl, StorageClass.STANDARD, "LRS");
  }

  private static String allow(String action, String resource) {
    return statement("Allow", action, resource);
  }

  private static String statement(String effect, String action, String resource) {
    return "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"Action\":\"" + action
        + "\",\"Resource\":\"" + resource + "\"}]}";
  }

  private void get(Principal p, Bucket b) {
    authorizer.authorize(p, OssAction.GET_OBJECT, b, KEY, null);
  }

  @Test
  void root_mayDoEverythingWithItsOwnBuckets_butNotWithOthers() {
    Bucket b = bucket("mine", BucketAcl.PRIVATE);
    assertThatCode(() -> get(ROOT, b)).doesNotThrowAnyException();
    assertThatCode(() -> authorizer.authorize(ROOT, OssAction.PUT_BUCKET_ACL, b, null, null)).doesNotThrowAnyException();
    assertThatThrownBy(() -> get(STRANGER, b)).isInstanceOf(CofferException.AccessDenied.class);
  }

  @Test
  void ramUser_withoutPolicy_isDenied_withAPolicy_getsExactlyWhatItGrants() {
    Bucket b = bucket("mine", BucketAcl.PRIVATE);
    assertThatThrownBy(() -> get(ALICE, b)).isInstanceOf(CofferException.AccessDenied.class);
    userPolicies.put(ALICE.userId(), List.of(allow("oss:GetObject", "acs:oss:*:*:mine/*")));
    assertThatCode(() -> get(ALICE, b)).doesNotThrowAnyException();
    assertThatThrownBy(() -> authorizer.authorize(ALICE, OssAction.DELETE_OBJECT, b, KEY, null))
        .isInstanceOf(CofferException.AccessDenied.class);
    assertThatThrownBy(() -> get(ALICE, bucket("other", BucketAcl.PRIVATE)))
        .isInstanceOf(CofferException.AccessDenied.class);
  }

  @Test
  void explicitDeny_beatsAllow_fromEitherSource_andBeatsThePublicAcl() {
    Bucket b = bucket("open", BucketAcl.PUBLIC_READ);
    userPolicies.put(ALICE.userId(), List.of(allow("oss:*", "*"), statement("Deny", "oss:GetObject", "*")));
    assertThatThrownBy(() -> get(ALICE, b)).isInstanceOf(CofferException.AccessDenied.class);
    userPolicies.put(ALICE.userId(), List.of(allow("oss:*", "*")));
    bucketPolicies.put("open", "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":[\"*\"],"
        + "\"Action\":\"oss:GetObject\",\"Resource\":\"acs:oss:*:*:open/*\"}]}");
    assertThatThrownBy(() -> get(ALICE, b)).isInstanceOf(CofferException.AccessDenied.class);
    assertThatThrownBy(() -> get(Principal.anonymous(), b)).isInstanceOf(CofferException.AccessDenied.class);
    // A condition-less "*" Deny does not bind the owner's root identity.
    assertThatCode(() -> get(ROOT, b)).doesNotThrowAnyException();
  }

  @Test
  void noPolicyDecision_dataOperationsFallBackToTheAcl_managementIsDenied() {
    Bucket open = bucket("open", BucketAcl.PUBLIC_READ);
    assertThatCode(() -> get(Principal.anonymous(), open)).doesNotThrowAnyException();
    assertThatCode(() -> get(ALICE, open)).doesNotThrowAnyException();
    assertThatThrownBy(() -> authorizer.authorize(Principal.anonymous(), OssAction.PUT_OBJECT, open, KEY, null))
        .isInstanceOf(CofferException.AccessDenied.class);
    assertThatThrownBy(() -> authorizer.authorize(ALICE, OssAction.GET_BUCKET_ACL, open, null, null))
        .isInstanceOf(CofferException.AccessDenied.class);
    assertThatThrownBy(() -> authorizer.authorize(Principal.anonymous(), OssAction.LIST_BUCKETS, null, null, null))
        .isInstanceOf(CofferException.AccessDenied.class);
  }

  @Test
  void conditions_reachThePolicies() {
    Bucket b = bucket("mine", BucketAcl.PRIVATE);
    userPolicies.put(ALICE.userId(), List.of("{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Action\":\"oss:PutObject\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":"
        + "{\"oss:x-oss-server-side-encryption\":\"KMS\"}}}]}"));
    assertThatThrownBy(() -> authorizer.authorize(ALICE, OssAction.PUT_OBJECT, b, KEY, null, Map.of()))
        .isInstanceOf(CofferException.AccessDenied.class);
    assertThatCode(() -> authorizer.authorize(ALICE, OssAction.PUT_OBJECT, b, KEY, null,
        Map.of("oss:x-oss-server-side-encryption", "KMS"))).doesNotThrowAnyException();
    Principal fromLoopback = ALICE.withEnvironment(new RequestEnvironment("127.0.0.1", false, "test"));
    userPolicies.put(ALICE.userId(), List.of("{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Action\":\"oss:GetObject\",\"Resource\":\"*\",\"Condition\":{\"IpAddress\":"
        + "{\"acs:SourceIp\":\"127.0.0.0/8\"}}}]}"));
    assertThatCode(() -> get(fromLoopback, b)).doesNotThrowAnyException();
    assertThatThrownBy(() -> get(ALICE.withEnvironment(new RequestEnvironment("10.1.2.3", false, "")), b))
        .isInstanceOf(CofferException.AccessDenied.class);
  }

  @Test
  void kmsActions_andKmsUseForSse_followIdentityPolicies() {
    String key = "acs:kms:cn-hangzhou:" + ACCOUNT + ":key/k1";
    assertThatCode(() -> authorizer.authorize(ROOT, KmsAction.Decrypt, ACCOUNT, key)).doesNotThrowAnyException();
    assertThatThrownBy(() -> authorizer.authorize(ALICE, KmsAction.Decrypt, ACCOUNT, key))
        .isInstanceOf(CofferException.AccessDenied.class);
    assertThatThrownBy(() -> authorizer.authorize(STRANGER, KmsAction.Decrypt, ACCOUNT, key))
        .isInstanceOf(CofferException.AccessDenied.class);
    userPolicies.put(ALICE.userId(), List.of(allow("kms:Decrypt", key)));
    assertThatCode(() -> authorizer.authorizeKmsUse(ALICE, ACCOUNT, key, List.of(KmsAction.Decrypt)))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> authorizer.authorizeKmsUse(ALICE, ACCOUNT, key,
        List.of(KmsAction.DescribeKey, KmsAction.GenerateDataKey)))
        .isInstanceOf(CofferException.AccessDenied.class).hasMessageContaining("forbidden by kms");
    assertThatThrownBy(() -> authorizer.authorizeKmsUse(Principal.anonymous(), ACCOUNT, key, List.of(KmsAction.Decrypt)))
        .isInstanceOf(CofferException.AccessDenied.class);
  }

  @Test
  void malformedStoredPolicy_isNeverSilentlyIgnored() {
    userPolicies.put(ALICE.userId(), List.of("{not json"));
    assertThatThrownBy(() -> get(ALICE, bucket("mine", BucketAcl.PRIVATE)))
        .isInstanceOf(CofferException.MalformedPolicyDocument.class);
    Policy.parse(allow("oss:*", "*"));
  }
}
