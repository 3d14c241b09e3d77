package io.coffer.cli.cp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.cli.client.UsageFailure;
import org.junit.jupiter.api.Test;

class OssUrlTest {
  @Test
  void parse_splitsBucketAndKey_andKnowsPrefixes() {
    OssUrl u = OssUrl.parse("oss://my-bucket/a/b/c.txt");
    assertThat(u.bucket()).isEqualTo("my-bucket");
    assertThat(u.key()).isEqualTo("a/b/c.txt");
    assertThat(u.isPrefix()).isFalse();
    assertThat(u.baseName()).isEqualTo("c.txt");
    assertThat(u.parentPrefix()).isEqualTo("a/b/");
    assertThat(OssUrl.parse("OSS://my-bucket").isPrefix()).isTrue();
    assertThat(OssUrl.parse("oss://my-bucket/dir/").isPrefix()).isTrue();
    assertThat(OssUrl.parse("oss://my-bucket/x").toString()).isEqualTo("oss://my-bucket/x");
  }

  @Test
  void parse_withoutBucketOrWithAnInvalidOne_isAUsageError() {
    assertThatThrownBy(() -> OssUrl.parse("oss:///key")).isInstanceOf(UsageFailure.class)
        .hasMessageContaining("no bucket name");
    assertThatThrownBy(() -> OssUrl.parse("oss://ab")).isInstanceOf(UsageFailure.class)
        .hasMessageContaining("not a valid bucket name");
    assertThatThrownBy(() -> OssUrl.parse("oss://-bad-/k")).isInstanceOf(UsageFailure.class);
    assertThatThrownBy(() -> OssUrl.parse("s3://b/k")).isInstanceOf(UsageFailure.class);
  }
}
