package io.coffer.core.iam.policy;

import static io.coffer.core.iam.policy.Decision.ALLOW;
import static io.coffer.core.iam.policy.Decision.EXPLICIT_DENY;
import static io.coffer.core.iam.policy.Decision.IMPLICIT_DENY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {
  private static final String ACCOUNT = "1416614965936597";
  private final PolicyEvaluator evaluator = new PolicyEvaluator();

  private static Policy policy(String json) {
    return Policy.parse(json.replace('\'', '"'));
  }

  private Decision eval(AccessRequest r, Policy... policies) {
    return evaluator.evaluate(List.of(policies), r);
  }

  @Test
  void evaluate_noPolicies_isImplicitDeny() {
    assertThat(eval(AccessRequest.of("oss:GetObject", "acs:oss:*:1:b/k"))).isEqualTo(IMPLICIT_DENY);
  }

  @Test
  void evaluate_seedKmsPolicy_grantsListDescribeGenerateDecryptOnAllKeysOfTheAccount() {
    Policy seed = Policy.parse(PolicyParseTest.SEED_KMS);
    String key = KmsResources.key("cn-hangzhou", ACCOUNT, "1234abcd-12ab-34cd-56ef-123456789012");
    assertThat(eval(AccessRequest.of("kms:ListKeys", KmsResources.keyContainer("cn-hangzhou", ACCOUNT)), seed)).isEqualTo(ALLOW);
    assertThat(eval(AccessRequest.of("kms:ListAliases", KmsResources.aliasContainer("cn-shanghai", ACCOUNT)), seed)).isEqualTo(ALLOW);
    assertThat(eval(AccessRequest.of("kms:ListAliasesByKeyId", key), seed)).isEqualTo(ALLOW);
    assertThat(eval(AccessRequest.of("kms:DescribeKey", key), seed)).isEqualTo(ALLOW);
    assertThat(eval(AccessRequest.of("kms:GenerateDataKey", key), seed)).isEqualTo(ALLOW);
    assertThat(eval(AccessRequest.of("kms:Decrypt", key), seed)).isEqualTo(ALLOW);
    assertThat(eval(AccessRequest.of("kms:decrypt", key), seed)).as("actions ignore case").isEqualTo(ALLOW);
    assertThat(eval(AccessRequest.of("kms:Encrypt", key), seed)).isEqualTo(IMPLICIT_DENY);
    assertThat(eval(AccessRequest.of("kms:GenerateDataKeyWithoutPlaintext", key), seed)).isEqualTo(IMPLICIT_DENY);
    assertThat(eval(AccessRequest.of("kms:ScheduleKeyDeletion", key), seed)).isEqualTo(IMPLICIT_DENY);
    assertThat(eval(AccessRequest.of("kms:Decrypt", KmsResources.key("cn-hangzhou", "1416614965936598", "k")), seed))
        .as("another account's key").isEqualTo(IMPLICIT_DENY);
    assertThat(eval(AccessRequest.of("oss:GetObject", OssResources.object(ACCOUNT, "b", "k")), seed)).isEqualTo(IMPLICIT_DENY);
  }

  /** The RAM docs' "list and read resources in a bucket" example. */
  @Test
  void evaluate_bucketReadPolicy_bucketActionsOnBucketArnObjectActionsOnObjectArns() {
    Policy p = policy("{'Version':'1','Statement':[{'Effect':'Allow','Action':'oss:ListObjects','Resource':'acs:oss:*:*:myphotos'},"
        + "{'Effect':'Allow','Action':'oss:GetObject','Resource':'acs:oss:*:*:myphotos/*'}]}");
    assertThat(eval(AccessRequest.of("oss:ListObjects", OssResources.bucket(ACCOUNT, "myphotos")), p)).isEqualTo(ALLOW);
    assertThat(eval(AccessRequest.of("oss:GetObject", OssResources.object(ACCOUNT, "myphotos", "2024/06/a.jpg")), p)).isEqualTo(ALLOW);
    assertThat(eval(AccessRequest.of("oss:GetObject", OssResources.bucket(ACCOUNT, "myphotos")), p))
        .as("an object action granted on objects does not cover the bucket ARN").isEqualTo(IMPLICIT_DENY);
    assertThat(eval(AccessRequest.of("oss:ListObjects", OssResources.object(ACCOUNT, "myphotos", "x")), p)).isEqualTo(IMPLICIT_DENY);
    assertThat(eval(AccessRequest.of("oss:GetObject", OssResources.object(ACCOUNT, "myphotos2", "x")), p)).isEqualTo(IMPLICIT_DENY);
    assertThat(eval(AccessRequest.of("oss:GetObject", OssResources.object(ACCOUNT, "MyPhotos", "x")), p))
        .as("resources are case-sensitive").isEqualTo(IMPLICIT_DENY);
    assertThat(eval(AccessRequest.of("oss:PutObject", OssResources.object(ACCOUNT, "myphotos", "x")), p)).isEqualTo(IMPLICIT_DENY);
    assertThat(eval(AccessRequest.of("oss:ListBuckets", OssResources.service(ACCOUNT)), p)).isEqualTo(IMPLICIT_DENY);
  }

  @Test
  void evaluate_denyBeatsAllow_inAnyOrderAndAcrossPolicies() {
    Policy admin = SystemPolicies.find("AdministratorAccess").orElseThrow().policy();
    Policy deny = policy("{'Version':'1','Statement':[{'Effect':'Deny','Action':'oss:DeleteObject','Resource':'acs:oss:*:*:b/*'}]}");
    AccessRequest delete = AccessRequest.of("oss:DeleteObject", OssResources.object(ACCOUNT, "b", "k"));
    assertThat(eval(delete, admin, deny)).isEqualTo(EXPLICIT_DENY);
    assertThat(eval(delete, deny, admin)).isEqualTo(EXPLICIT_DENY);
    assertThat(eval(AccessRequest.of("oss:GetObject", OssResources.object(ACCOUNT, "b", "k")), admin, deny)).isEqualTo(ALLOW);
    Policy both = policy("{'Version':'1','Statement':[{'Effect':'Allow','Action':'oss:*','Resource':'*'},"
        + "{'Effect':'Deny','Action':'oss:Delete*','Resource':'*'}]}");
    assertThat(eval(delete, both)).isEqualTo(EXPLICIT_DENY);
  }

  @Test
  void evaluate_notAction_matchesEveryOtherAction() {
    Policy p = policy("{'Version':'1','Statement':[{'Effect':'Allow','NotAction':['oss:Delete*','kms:*'],'Resource':'*'}]}");
    String obj = OssResources.object(ACCOUNT, "b", "k");
    assertThat(eval(AccessRequest.of("oss:GetObject", obj), p)).isEqualTo(ALLOW);
    assertThat(eval(AccessRequest.of("oss:DeleteObject", obj), p)).isEqualTo(IMPLICIT_DENY);
    assertThat(eval(AccessRequest.of("OSS:DELETEOBJECT", obj), p)).isEqualTo(IMPLICIT_DENY);
    assertThat(eval(AccessRequest.of("kms:Decrypt", "*"), p)).isEqualTo(IMPLICIT_DENY);
    assertThat(eval(AccessRequest.of("ram:ListUsers", RamResources.allUsers(ACCOUNT)), p)).isEqualTo(ALLOW);
  }

  @Test
  void evaluate_sourceIpCondition_allowsOnlyFromTheRange() {
    Policy p = policy("{'Version':'1','Statement':[{'Effect':'Allow','Action':'oss:*','Resource':'*',"
        + "'Condition':{'IpAddress':{'acs:SourceIp':['192.168.0.0/16','2001:db8::/32']}}}]}");
    AccessRequest r = AccessRequest.of("oss:GetObject", OssResources.object(ACCOUNT, "b", "k"));
    assertThat(eval(r.with(ConditionKeys.SOURCE_IP, "192.168.10.1"), p)).isEqualTo(ALLOW);
    assertThat(eval(r.with(ConditionKeys.SOURCE_IP, "2001:db8::5"), p)).isEqualTo(ALLOW);
    assertThat(eval(r.with(ConditionKeys.SOURCE_IP, "10.0.0.1"), p)).isEqualTo(IMPLICIT_DENY);
    assertThat(eval(r, p)).as("no source address known").isEqualTo(IMPLICIT_DENY);
  }

  @Test
  void evaluate_conditionLogic_operatorsAndKeysAreAnded_valuesOred() {
    Policy p = policy("{'Version':'1','Statement':[{'Effect':'Allow','Action':'oss:ListObjects','Resource':'*',"
        + "'Condition':{'StringLike':{'oss:Prefix':['home/*','public/*'],'oss:Delimiter':'/'},"
        + "'Bool':{'acs:SecureTransport':'true'}}}]}");
    AccessRequest base = AccessRequest.of("oss:ListObjects", OssResources.bucket(ACCOUNT, "b"));
    AccessRequest all = base.with(ConditionKeys.OSS_PREFIX, "public/x").with(ConditionKeys.OSS_DELIMITER, "/")
        .with(ConditionKeys.SECURE_TRANSPORT, "true");
    assertThat(eval(all, p)).isEqualTo(ALLOW);
    assertThat(eval(base.with("OSS:PREFIX", "home/a").with("oss:delimiter", "/").with("ACS:SecureTransport", "true"), p))
        .as("keys ignore case").isEqualTo(ALLOW);
    assertThat(eval(base.with(ConditionKeys.OSS_PREFIX, "etc/").with(ConditionKeys.OSS_DELIMITER, "/")
        .with(ConditionKeys.SECURE_TRANSPORT, "true"), p)).isEqualTo(IMPLICIT_DENY);
    assertThat(eval(base.with(ConditionKeys.OSS_PREFIX, "home/").with(ConditionKeys.SECURE_TRANSPORT, "true"), p))
        .as("second key of the operator missing").isEqualTo(IMPLICIT_DENY);
    assertThat(eval(base.with(ConditionKeys.OSS_PREFIX, "home/").with(ConditionKeys.OSS_DELIMITER, "/")
        .with(ConditionKeys.SECURE_TRANSPORT, "false"), p)).as("second operator fails").isEqualTo(IMPLICIT_DENY);
  }

  @Test
  void evaluate_requireSseDeny_refusesWritesWithoutTheHeader() {
    Policy p = policy("{'Version':'1','Statement':[{'Effect':'Allow','Action':'oss:*','Resource':'*'},"
        + "{'Effect':'Deny','Action':'oss:PutObject','Resource':'acs:oss:*:*:secure/*',"
        + "'Condition':{'StringNotEquals':{'oss:x-oss-server-side-encryption':['AES256','KMS']}}}]}");
    AccessRequest put = AccessRequest.of("oss:PutObject", OssResources.object(ACCOUNT, "secure", "k"));
    assertThat(eval(put, p)).isEqualTo(EXPLICIT_DENY);
    assertThat(eval(put.with(ConditionKeys.OSS_SERVER_SIDE_ENCRYPTION, "SM4"), p)).isEqualTo(EXPLICIT_DENY);
    assertThat(eval(put.with(ConditionKeys.OSS_SERVER_SIDE_ENCRYPTION, "KMS"), p)).isEqualTo(ALLOW);
    assertThat(eval(put.with(ConditionKeys.OSS_SERVER_SIDE_ENCRYPTION, "AES256"), p)).isEqualTo(ALLOW);
    assertThat(eval(AccessRequest.of("oss:PutObject", OssResources.object(ACCOUNT, "other", "k")), p)).isEqualTo(ALLOW);
  }

  @Test
  void evaluate_timeWindow_dateConditions() {
    Policy p = policy("{'Version':'1','Statement':[{'Effect':'Allow','Action':'oss:GetObject','Resource':'*',"
        + "'Condition':{'DateGreaterThanEquals':{'acs:CurrentTime':'2026-11-01T00:00:00Z'},"
        + "'DateLessThan':{'acs:CurrentTime':'2026-12-01T00:00:00+08:00'}}}]}");
    AccessRequest r = AccessRequest.of("oss:GetObject", "acs:oss:*:1:b/k");
    assertThat(eval(r.with(ConditionKeys.CURRENT_TIME, "2026-11-23T09:30:00Z"), p)).isEqualTo(ALLOW);
    assertThat(eval(r.with(ConditionKeys.CURRENT_TIME, "2026-11-30T16:00:00Z"), p)).isEqualTo(IMPLICIT_DENY);
    assertThat(eval(r.with(ConditionKeys.CURRENT_TIME, "2026-10-31T23:59:59Z"), p)).isEqualTo(IMPLICIT_DENY);
  }

  @Test
  void evaluate_starResourceCrossesSlashes() {
    Policy p = policy("{'Version':'1','Statement':[{'Effect':'Allow','Action':'oss:GetObject','Resource':'acs:oss:*:*:b/docs/*'}]}");
    assertThat(eval(AccessRequest.of("oss:GetObject", OssResources.object(ACCOUNT, "b", "docs/a/b/c/d.txt")), p)).isEqualTo(ALLOW);
    assertThat(eval(AccessRequest.of("oss:GetObject", OssResources.object(ACCOUNT, "b", "docsx/a")), p)).isEqualTo(IMPLICIT_DENY);
  }

  @Test
  void evaluate_systemPolicies_grantWhatTheirNamesSay() {
    String obj = OssResources.object(ACCOUNT, "b", "k");
    String key = KmsResources.key("cn-hangzhou", ACCOUNT, "k1");
    Policy ossRead = SystemPolicies.find("AliyunOSSReadOnlyAccess").orElseThrow().policy();
    assertThat(eval(AccessRequest.of("oss:GetObject", obj), ossRead)).isEqualTo(ALLOW);
    assertThat(eval(AccessRequest.of("oss:ListBuckets", OssResources.service(ACCOUNT)), ossRead)).isEqualTo(ALLOW);
    assertThat(eval(AccessRequest.of("oss:PutObject", obj), ossRead)).isEqualTo(IMPLICIT_DENY);
    Policy crypto = SystemPolicies.find("AliyunKMSCryptoAccess").orElseThrow().policy();
    assertThat(eval(AccessRequest.of("kms:GenerateDataKeyWithoutPlaintext", key), crypto)).isEqualTo(ALLOW);
    assertThat(eval(AccessRequest.of("kms:ReEncryptTo", key), crypto)).isEqualTo(ALLOW);
    assertThat(eval(AccessRequest.of("kms:ScheduleKeyDeletion", key), crypto)).isEqualTo(IMPLICIT_DENY);
    Policy readOnly = SystemPolicies.find("ReadOnlyAccess").orElseThrow().policy();
    assertThat(eval(AccessRequest.of("ram:ListUsers", RamResources.allUsers(ACCOUNT)), readOnly)).isEqualTo(ALLOW);
    assertThat(eval(AccessRequest.of("kms:DescribeKey", key), readOnly)).isEqualTo(ALLOW);
    assertThat(eval(AccessRequest.of("kms:Decrypt", key), readOnly)).isEqualTo(IMPLICIT_DENY);
    assertThat(eval(AccessRequest.of("ram:CreateUser", RamResources.allUsers(ACCOUNT)), readOnly)).isEqualTo(IMPLICIT_DENY);
  }

  @Test
  void evaluate_bucketPolicyPassedAsRamPolicy_isRefused() {
    Policy bucket = Policy.parseBucketPolicy("{'Version':'1','Statement':[{'Principal':'*','Effect':'Allow','Action':'oss:*','Resource':'*'}]}"
        .replace('\'', '"'));
    assertThatThrownBy(() -> eval(AccessRequest.of("oss:GetObject", "*"), bucket)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void combine_explicitDenyWins_thenAllow_thenImplicit() {
    assertThat(Decision.combine(ALLOW, EXPLICIT_DENY)).isEqualTo(EXPLICIT_DENY);
    assertThat(Decision.combine(IMPLICIT_DENY, ALLOW)).isEqualTo(ALLOW);
    assertThat(Decision.combine(IMPLICIT_DENY, IMPLICIT_DENY)).isEqualTo(IMPLICIT_DENY);
    assertThat(Decision.combine()).isEqualTo(IMPLICIT_DENY);
  }
}
