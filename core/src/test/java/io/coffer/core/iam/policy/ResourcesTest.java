package io.coffer.core.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResourcesTest {

  @Test
  void oss_arnsUseRegionStarAndTheOwnerAccount() {
    assertThat(OssResources.service("1234")).isEqualTo("acs:oss:*:1234:*");
    assertThat(OssResources.bucket("1234", "photos")).isEqualTo("acs:oss:*:1234:photos");
    assertThat(OssResources.object("1234", "photos", "2024/a b*?.jpg")).isEqualTo("acs:oss:*:1234:photos/2024/a b*?.jpg");
    assertThatThrownBy(() -> OssResources.object("1234", "photos", "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OssResources.bucket("", "photos")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void kms_arnsForKeysAliasesAndContainers() {
    assertThat(KmsResources.key("cn-hangzhou", "1234", "k-1")).isEqualTo("acs:kms:cn-hangzhou:1234:key/k-1");
    assertThat(KmsResources.alias("cn-hangzhou", "1234", "alias/app")).isEqualTo("acs:kms:cn-hangzhou:1234:alias/app");
    assertThat(KmsResources.keyContainer("cn-hangzhou", "1234")).isEqualTo("acs:kms:cn-hangzhou:1234:key");
    assertThat(KmsResources.aliasContainer("cn-hangzhou", "1234")).isEqualTo("acs:kms:cn-hangzhou:1234:alias");
    assertThatThrownBy(() -> KmsResources.alias("cn-hangzhou", "1234", "app")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KmsResources.alias("cn-hangzhou", "1234", "alias/")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ram_arnsForUsersPoliciesAndTheAccount() {
    assertThat(RamResources.user("1234", "alice")).isEqualTo("acs:ram:*:1234:user/alice");
    assertThat(RamResources.allUsers("1234")).isEqualTo("acs:ram:*:1234:user/*");
    assertThat(RamResources.customPolicy("1234", "ReadLogs")).isEqualTo("acs:ram:*:1234:policy/ReadLogs");
    assertThat(RamResources.systemPolicy("AdministratorAccess")).isEqualTo("acs:ram:*:system:policy/AdministratorAccess");
    assertThat(RamResources.account("1234")).isEqualTo("acs:ram:*:1234:*");
  }

  @Test
  void builtArns_areAcceptedAsPolicyResources() {
    for (String arn : new String[] {OssResources.service("1"), OssResources.object("1", "b", "k"),
        KmsResources.aliasContainer("r", "1"), RamResources.systemPolicy("P")}) {
      String json = "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"x:Y\",\"Resource\":\"" + arn + "\"}]}";
      assertThat(new PolicyEvaluator().evaluate(java.util.List.of(Policy.parse(json)), AccessRequest.of("x:Y", arn)))
          .isEqualTo(Decision.ALLOW);
    }
  }
}
