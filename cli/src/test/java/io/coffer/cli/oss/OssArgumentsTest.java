package io.coffer.cli.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.cli.client.UsageFailure;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing what users type: cloud URLs, ossutil's header strings, and set-meta's merge. */
class OssArgumentsTest {

  @Test
  void url_keyIsEverythingAfterTheFirstSlash_keptAsTyped() {
    assertThat(OssUrl.parse("oss://b-1/a/b c/%2F")).isEqualTo(new OssUrl("b-1", "a/b c/%2F"));
    assertThat(OssUrl.parse("OSS://bkt")).isEqualTo(new OssUrl("bkt", ""));
    assertThat(OssUrl.parse("oss://bkt/")).isEqualTo(new OssUrl("bkt", ""));
    assertThat(OssUrl.parse("oss://")).isEqualTo(new OssUrl("", ""));
    assertThat(OssUrl.parse("oss://bkt/dir/").toString()).isEqualTo("oss://bkt/dir/");
  }

  @Test
  void url_badForms_areUsageFailures() {
    assertThatThrownBy(() -> OssUrl.parse("bkt/key")).isInstanceOf(UsageFailure.class).hasMessageContaining("oss://");
    assertThatThrownBy(() -> OssUrl.parse("oss:///key")).isInstanceOf(UsageFailure.class)
        .hasMessageContaining("miss bucket");
    assertThatThrownBy(() -> OssUrl.parseWithBucket("oss://")).isInstanceOf(UsageFailure.class)
        .hasMessageContaining("miss bucket");
    for (String bad : new String[] {"oss://ab", "oss://Upper", "oss://-lead", "oss://trail-", "oss://a.b.c"}) {
      assertThatThrownBy(() -> OssUrl.parse(bad)).as(bad).isInstanceOf(UsageFailure.class)
          .hasMessageContaining("invalid bucket name");
    }
  }

  @Test
  void headers_caseInsensitiveNames_valuesKeepColons_expiresBecomesAnHttpDate() {
    Map<String, String> h = MetaHeaders.parse(
        "Content-Type:text/plain; a=b:c#X-OSS-META-Who:Ann#expires:2026-11-23T10:05:00+08:00#X-Oss-Meta-Empty:",
        false, "set-meta");
    assertThat(h).containsExactly(Map.entry("content-type", "text/plain; a=b:c"), Map.entry("x-oss-meta-who", "Ann"),
        Map.entry("expires", "Mon, 23 Nov 2026 02:05:00 GMT"), Map.entry("x-oss-meta-empty", ""));
    assertThat(MetaHeaders.parse("Expires:Mon, 23 Nov 2026 02:05:00 GMT", false, "x"))
        .containsEntry("expires", "Mon, 23 Nov 2026 02:05:00 GMT");
    assertThat(MetaHeaders.parse("  ", false, "x")).isEmpty();
  }

  @Test
  void headers_unsupportedOrValuedDelete_areUsageFailures() {
    assertThatThrownBy(() -> MetaHeaders.parse("x-oss-server-side-encryption-customer-algorithm:AES256", false, "x"))
        .isInstanceOf(UsageFailure.class).hasMessageContaining("unsupported header");
    assertThatThrownBy(() -> MetaHeaders.parse("x-oss-meta-:v", false, "x")).isInstanceOf(UsageFailure.class);
    assertThatThrownBy(() -> MetaHeaders.parse("x-oss-meta-a:v", true, "x")).isInstanceOf(UsageFailure.class)
        .hasMessageContaining("to empty");
    assertThatThrownBy(() -> MetaHeaders.parse(":v", false, "x")).isInstanceOf(UsageFailure.class);
  }

  @Test
  void merge_update_keepsTheRest_andDropsAStaleKmsKeyWhenLeavingKms() {
    Map<String, String> kmsObject = Map.of("content-type", "text/plain", "x-oss-object-acl", "default",
        MetaHeaders.SSE, "KMS", MetaHeaders.SSE_KEY_ID, "cmk-1", MetaHeaders.SSE_DATA, "SM4");
    assertThat(SetMetaCommand.merge(kmsObject, Map.of(MetaHeaders.SSE, "AES256"), true)).containsOnly(
        Map.entry("content-type", "text/plain"), Map.entry("x-oss-object-acl", "default"),
        Map.entry(MetaHeaders.SSE, "AES256"));
    assertThat(SetMetaCommand.merge(kmsObject, Map.of(MetaHeaders.SSE_KEY_ID, "cmk-2"), true))
        .containsEntry(MetaHeaders.SSE_KEY_ID, "cmk-2").containsEntry(MetaHeaders.SSE_DATA, "SM4");
    assertThat(SetMetaCommand.merge(kmsObject, Map.of(MetaHeaders.SSE, ""), false))
        .containsOnlyKeys("content-type", "x-oss-object-acl");
  }

  @Test
  void canonicalHeaderNames_areGos() {
    assertThat(Formats.canonicalHeader("x-oss-hash-crc64ecma")).isEqualTo("X-Oss-Hash-Crc64ecma");
    assertThat(Formats.canonicalHeader("ETag")).isEqualTo("Etag");
    assertThat(Formats.canonicalHeader("Content-MD5")).isEqualTo("Content-Md5");
    assertThat(Formats.canonicalHeader("x-oss-meta-my-KEY")).isEqualTo("X-Oss-Meta-My-Key");
  }
}
