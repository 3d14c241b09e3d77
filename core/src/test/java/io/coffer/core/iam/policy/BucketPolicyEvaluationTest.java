package io.coffer.core.iam.policy;

import static io.coffer.core.iam.policy.Decision.ALLOW;
import static io.coffer.core.iam.policy.Decision.EXPLICIT_DENY;
import static io.coffer.core.iam.policy.Decision.IMPLICIT_DENY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.iam.Principal;
import org.junit.jupiter.api.Test;

class BucketPolicyEvaluationTest {
  private static final String OWNER = "1416614965936597";
  private static final String OTHER = "2037541213452301";
  private static final String OWNER_USER_ID = "2000000000000001";
  private static final String OTHER_USER_ID = "2000000000000002";

  private static final CallerIdentity OWNER_ROOT = CallerIdentity.of(new Principal(OWNER, "LTAIowner"), OWNER);
  private static final CallerIdentity OWNER_USER =
      CallerIdentity.of(new Principal(OWNER, "LTAIalice", OWNER_USER_ID, "alice"), OWNER);
  private static final CallerIdentity OTHER_ROOT = CallerIdentity.of(new Principal(OTHER, "LTAIother"), OWNER);
  private static final CallerIdentity OTHER_USER =
      CallerIdentity.of(new Principal(OTHER, "LTAIbob", OTHER_USER_ID, "bob"), OWNER);
  private static final CallerIdentity ANONYMOUS = CallerIdentity.of(Principal.anonymous(), OWNER);

  private static final AccessRequest GET = AccessRequest.of("oss:GetObject", OssResources.object(OWNER, "b", "k"));

  private final PolicyEvaluator evaluator = new PolicyEvaluator();

  private static Policy bucketPolicy(String statements) {
    return Policy.parseBucketPolicy(("{'Version':'1','Statement':[" + statements + "]}").replace('\'', '"'));
  }

  private Decision eval(Policy p, CallerIdentity caller, AccessRequest r) {
    return evaluator.evaluateBucketPolicy(p, caller, r);
  }

  @Test
  void callerIdentity_of_knowsTheOwnerAccount() {
    assertThat(OWNER_ROOT.isBucketOwnerRoot()).isTrue();
    assertThat(OWNER_USER.bucketOwnerAccount()).isTrue();
    assertThat(OWNER_USER.isBucketOwnerRoot()).isFalse();
    assertThat(OTHER_ROOT.bucketOwnerAccount()).isFalse();
    assertThat(ANONYMOUS.bucketOwnerAccount()).isFalse();
    assertThat(ANONYMOUS.isAnonymous()).isTrue();
    assertThatThrownBy(() -> new CallerIdentity(Principal.anonymous(), true)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void starWithoutCondition_appliesToEveryoneButTheOwnerRoot() {
    Policy deny = bucketPolicy("{'Principal':'*','Effect':'Deny','Action':'oss:GetObject','Resource':'acs:oss:*:*:b/*'}");
    assertThat(eval(deny, OWNER_ROOT, GET)).isEqualTo(IMPLICIT_DENY);
    assertThat(eval(deny, OWNER_USER, GET)).isEqualTo(EXPLICIT_DENY);
    assertThat(eval(deny, OTHER_ROOT, GET)).isEqualTo(EXPLICIT_DENY);
    assertThat(eval(deny, OTHER_USER, GET)).isEqualTo(EXPLICIT_DENY);
    assertThat(eval(deny, ANONYMOUS, GET)).isEqualTo(EXPLICIT_DENY);
    Policy allow = bucketPolicy("{'Principal':['*'],'Effect':'Allow','Action':'oss:GetObject','Resource':'acs:oss:*:*:b/*'}");
    assertThat(eval(allow, ANONYMOUS, GET)).isEqualTo(ALLOW);
    assertThat(eval(allow, OTHER_USER, GET)).isEqualTo(ALLOW);
    assertThat(eval(allow, OWNER_ROOT, GET)).isEqualTo(IMPLICIT_DENY);
  }

  @Test
  void starWithCondition_appliesToTheOwnerRootToo_soTheOwnerCanLockItselfOut() {
    Policy deny = bucketPolicy("{'Principal':'*','Effect':'Deny','Action':'oss:*','Resource':['acs:oss:*:*:b','acs:oss:*:*:b/*'],"
        + "'Condition':{'NotIpAddress':{'acs:SourceIp':'192.168.0.0/16'}}}");
    assertThat(eval(deny, OWNER_ROOT, GET.with(ConditionKeys.SOURCE_IP, "10.1.1.1"))).isEqualTo(EXPLICIT_DENY);
    assertThat(eval(deny, OWNER_ROOT, GET.with(ConditionKeys.SOURCE_IP, "192.168.1.1"))).isEqualTo(IMPLICIT_DENY);
    assertThat(eval(deny, ANONYMOUS, GET.with(ConditionKeys.SOURCE_IP, "10.1.1.1"))).isEqualTo(EXPLICIT_DENY);
  }

  @Test
  void ownerNamedByUid_appliesWithoutCondition() {
    Policy deny = bucketPolicy("{'Principal':['*','" + OWNER + "'],'Effect':'Deny','Action':'oss:DeleteObject','Resource':'acs:oss:*:*:b/*'}");
    AccessRequest delete = AccessRequest.of("oss:DeleteObject", OssResources.object(OWNER, "b", "k"));
    assertThat(eval(deny, OWNER_ROOT, delete)).isEqualTo(EXPLICIT_DENY);
  }

  @Test
  void accountUid_namesTheAccountRootOnly_userUid_namesThatUser() {
    Policy p = bucketPolicy("{'Principal':['" + OTHER + "'],'Effect':'Allow','Action':'oss:GetObject','Resource':'acs:oss:*:*:b/*'},"
        + "{'Principal':'" + OWNER_USER_ID + "','Effect':'Allow','Action':'oss:GetObject','Resource':'acs:oss:*:*:b/*'}");
    assertThat(eval(p, OTHER_ROOT, GET)).isEqualTo(ALLOW);
    assertThat(eval(p, OTHER_USER, GET)).as("a RAM user is not named by its account's UID").isEqualTo(IMPLICIT_DENY);
    assertThat(eval(p, OWNER_USER, GET)).isEqualTo(ALLOW);
    assertThat(eval(p, OWNER_ROOT, GET)).as("the owner root is not named by its user's UID").isEqualTo(IMPLICIT_DENY);
    assertThat(eval(p, ANONYMOUS, GET)).isEqualTo(IMPLICIT_DENY);
    Policy byName = bucketPolicy("{'Principal':'alice','Effect':'Allow','Action':'oss:GetObject','Resource':'*'}");
    assertThat(eval(byName, OWNER_USER, GET)).as("user names are not principals").isEqualTo(IMPLICIT_DENY);
  }

  @Test
  void stsRoleSessionPrincipal_matchesNoCaller() {
    Policy p = bucketPolicy("{'Principal':'arn:sts::*:*/*/*','Effect':'Allow','Action':'oss:*','Resource':'*'}");
    for (CallerIdentity c : new CallerIdentity[] {OWNER_ROOT, OWNER_USER, OTHER_ROOT, OTHER_USER, ANONYMOUS}) {
      assertThat(eval(p, c, GET)).isEqualTo(IMPLICIT_DENY);
    }
  }

  @Test
  void statementsAddUp_andDenyStillWins() {
    Policy p = bucketPolicy("{'Principal':'" + OTHER_USER_ID + "','Effect':'Allow','Action':'oss:GetObject','Resource':'acs:oss:*:*:b/*'},"
        + "{'Principal':'" + OTHER_USER_ID + "','Effect':'Allow','Action':'oss:PutObject','Resource':'acs:oss:*:*:b/*'},"
        + "{'Principal':'*','Effect':'Deny','Action':'oss:PutObject','Resource':'acs:oss:*:*:b/readonly/*'}");
    assertThat(eval(p, OTHER_USER, GET)).isEqualTo(ALLOW);
    assertThat(eval(p, OTHER_USER, AccessRequest.of("oss:PutObject", OssResources.object(OWNER, "b", "x")))).isEqualTo(ALLOW);
    assertThat(eval(p, OTHER_USER, AccessRequest.of("oss:PutObject", OssResources.object(OWNER, "b", "readonly/x"))))
        .isEqualTo(EXPLICIT_DENY);
    assertThat(eval(p, OTHER_USER, AccessRequest.of("oss:DeleteObject", OssResources.object(OWNER, "b", "x"))))
        .isEqualTo(IMPLICIT_DENY);
  }

  @Test
  void evaluateBucketPolicy_ramPolicy_isRefused() {
    Policy ram = Policy.parse(PolicyParseTest.SEED_KMS);
    assertThatThrownBy(() -> eval(ram, OWNER_ROOT, GET)).isInstanceOf(IllegalArgumentException.class);
  }
}
