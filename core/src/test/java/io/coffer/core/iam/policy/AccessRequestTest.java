package io.coffer.core.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessRequestTest {

  @Test
  void contextValues_lookupIgnoresCase_andKeysDifferingInCaseMerge() {
    AccessRequest r = new AccessRequest("oss:GetObject", "*",
        Map.of("acs:SourceIp", List.of("10.0.0.1"), "ACS:SOURCEIP", List.of("10.0.0.2")));
    assertThat(r.contextValues("Acs:SourceIP")).containsExactlyInAnyOrder("10.0.0.1", "10.0.0.2");
    assertThat(r.contextValues("acs:UserAgent")).isEmpty();
    assertThat(r.context()).containsOnlyKeys("acs:sourceip");
  }

  @Test
  void with_addsValues_andLeavesTheOriginalUnchanged() {
    AccessRequest r = AccessRequest.of("oss:ListObjects", "acs:oss:*:1:b");
    AccessRequest more = r.with(ConditionKeys.OSS_PREFIX, "a/").with("OSS:Prefix", "b/");
    assertThat(more.contextValues(ConditionKeys.OSS_PREFIX)).containsExactly("a/", "b/");
    assertThat(r.context()).isEmpty();
  }

  @Test
  void constructor_refusesEmptyPartsAndNullValues() {
    assertThatThrownBy(() -> AccessRequest.of("", "*")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AccessRequest.of("oss:GetObject", "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AccessRequest("oss:GetObject", "*", Map.of("acs:K", Arrays.asList("a", null))))
        .isInstanceOf(NullPointerException.class);
  }
}
