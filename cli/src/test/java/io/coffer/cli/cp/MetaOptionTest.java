package io.coffer.cli.cp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.model.CannedAccessControlList;
import com.aliyun.oss.model.ObjectMetadata;
import io.coffer.cli.client.UsageFailure;
import org.junit.jupiter.api.Test;

/** {@code --meta} as ossutil spells it: {@code header:value#header:value}. */
class MetaOptionTest {
  @Test
  void parse_namesAreCaseInsensitive_valuesMayHoldColons() {
    MetaOption m = MetaOption.parse("X-OSS-Server-Side-Encryption:KMS#x-oss-server-side-encryption-key-id:acs:kms:k1"
        + "#content-type:text/plain#X-Oss-Meta-Owner:Ann");
    ObjectMetadata meta = new ObjectMetadata();
    m.applyTo(meta, true);
    assertThat(meta.getRawMetadata()).containsEntry("x-oss-server-side-encryption", "KMS")
        .containsEntry("x-oss-server-side-encryption-key-id", "acs:kms:k1").containsEntry("Content-Type", "text/plain");
    assertThat(meta.getUserMetadata()).containsEntry("owner", "Ann");
    assertThat(m.replacesMetadata()).isTrue();
  }

  @Test
  void sseAclAndStorageClassOnly_keepTheSourcesMetadataOnCopy_andTheAclGoesApart() {
    MetaOption m = MetaOption.parse("x-oss-server-side-encryption:SM4#x-oss-object-acl:private");
    assertThat(m.replacesMetadata()).isFalse();
    assertThat(m.acl()).isEqualTo(CannedAccessControlList.Private);
    assertThat(m.storageHeaders()).containsOnlyKeys("x-oss-server-side-encryption", "x-oss-object-acl");
    ObjectMetadata initiate = new ObjectMetadata();
    m.applyTo(initiate, false);
    assertThat(initiate.getRawMetadata()).containsOnlyKeys("x-oss-server-side-encryption");
  }

  @Test
  void unknownHeader_pairWithoutColon_andBadAcl_areUsageErrors() {
    assertThatThrownBy(() -> MetaOption.parse("x-amz-meta-a:1")).isInstanceOf(UsageFailure.class)
        .hasMessageContaining("unsupported header \"x-amz-meta-a\"");
    assertThatThrownBy(() -> MetaOption.parse("Content-Type")).isInstanceOf(UsageFailure.class)
        .hasMessageContaining("is not header:value");
    assertThatThrownBy(() -> MetaOption.parse("x-oss-object-acl:everyone")).isInstanceOf(UsageFailure.class)
        .hasMessageContaining("x-oss-object-acl must be");
    assertThat(MetaOption.parse("").isEmpty()).isTrue();
  }
}
