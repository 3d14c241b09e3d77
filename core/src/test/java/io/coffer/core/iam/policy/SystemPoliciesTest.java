package io.coffer.core.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SystemPoliciesTest {

  @Test
  void all_holdsTheDocumentedNames_parsedAsRamPolicies() {
    assertThat(SystemPolicies.all()).extracting(SystemPolicy::name).containsExactly(
        "AdministratorAccess", "ReadOnlyAccess", "AliyunOSSFullAccess", "AliyunOSSReadOnlyAccess",
        "AliyunKMSFullAccess", "AliyunKMSReadOnlyAccess", "AliyunKMSCryptoAccess", "AliyunRAMFullAccess",
        "AliyunRAMReadOnlyAccess");
    assertThat(SystemPolicies.all()).allSatisfy(p -> {
      assertThat(p.description()).isNotBlank();
      assertThat(p.policy().kind()).isEqualTo(PolicyKind.RAM);
      assertThat(Policy.parse(p.policy().document()).statements()).hasSameSizeAs(p.policy().statements());
    });
  }

  @Test
  void find_isExactByName() {
    assertThat(SystemPolicies.find("AliyunOSSFullAccess")).isPresent();
    assertThat(SystemPolicies.find("aliyunossfullaccess")).isEmpty();
    assertThat(SystemPolicies.find("AliyunSTSAssumeRoleAccess")).isEmpty();
  }
}
