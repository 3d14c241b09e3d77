package io.coffer.server.oss.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.error.CofferException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostPolicyTest {

  private static PostPolicy policy(String conditions) {
    return PostPolicy.parse(base64("{\"expiration\":\"2030-01-01T00:00:00.000Z\",\"conditions\":[" + conditions + "]}"));
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, String> form(String... pairs) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
    return m;
  }

  private static void assertFails(PostPolicy p, Map<String, String> fields, String condition) {
    assertThatThrownBy(() -> p.checkFields(fields))
        .isInstanceOfSatisfying(CofferException.AccessDenied.class, e -> assertThat(e.getMessage())
            .isEqualTo("Invalid according to Policy: Policy Condition failed: " + condition));
  }

  @Test
  void parse_sdkRow7Policy_readsExpirationConditionsAndLengthRange() {
    PostPolicy p = PostPolicy.parse(base64(SdkVectors.ROW7_POLICY));
    assertThat(p.expiration()).isEqualTo(Instant.parse("2020-03-19T03:44:06.476Z"));
    assertThat(p.contentLength().min()).isEqualTo(1);
    assertThat(p.contentLength().max()).isEqualTo(1024);
    p.checkFields(form("bucket", "gen-post-policy", "key", "user/eric/\\${filename}", "x-oss-meta-tag", "dummy_etag1"));
    assertFails(p, form("bucket", "gen-post-policy", "key", "user/eric/${filename}", "x-oss-meta-tag", "dummy_etag"),
        "[\"eq\",\"$key\",\"user/eric/\\\\${filename}\"]");
  }

  @Test
  void parse_sdkEscapedDollar_isTakenLiterally() {
    // What PolicyConditions.addConditionItem writes: "\$", which strict JSON has no escape for.
    PostPolicy p = policy("[\"eq\",\"$key\",\"user/eric/\\${filename}\"]");
    p.checkFields(form("key", "user/eric/${filename}"));
  }

  @Test
  void exactObjectCondition_comparesCaseInsensitiveFieldName() {
    PostPolicy p = policy("{\"Bucket\":\"b1\"}");
    p.checkFields(form("bucket", "b1"));
    assertFails(p, form("bucket", "b2"), "{\"Bucket\":\"b1\"}");
  }

  @Test
  void eq_mismatchOrMissingField_fails() {
    PostPolicy p = policy("[\"eq\",\"$Content-Type\",\"image/png\"]");
    p.checkFields(form("content-type", "image/png"));
    assertFails(p, form("content-type", "image/jpeg"), "[\"eq\",\"$Content-Type\",\"image/png\"]");
    assertFails(p, form(), "[\"eq\",\"$Content-Type\",\"image/png\"]");
  }

  @Test
  void startsWith_checksPrefix_emptyPrefixAllowsAnything() {
    PostPolicy p = policy("[\"starts-with\",\"$key\",\"user/\"],[\"starts-with\",\"$x-oss-meta-a\",\"\"]");
    p.checkFields(form("key", "user/x"));
    assertFails(p, form("key", "admin/user/x"), "[\"starts-with\",\"$key\",\"user/\"]");
  }

  @Test
  void in_andNotIn_checkMembership() {
    PostPolicy in = policy("[\"in\",\"$content-type\",[\"image/jpg\",\"image/png\"]]");
    in.checkFields(form("content-type", "image/png"));
    assertFails(in, form("content-type", "text/plain"), "[\"in\",\"$content-type\",[\"image/jpg\",\"image/png\"]]");
    PostPolicy notIn = policy("[\"not-in\",\"$cache-control\",[\"no-cache\"]]");
    notIn.checkFields(form("cache-control", "max-age=1"));
    assertFails(notIn, form("cache-control", "no-cache"), "[\"not-in\",\"$cache-control\",[\"no-cache\"]]");
  }

  @Test
  void contentLengthRange_isInclusiveAndTwoRangesIntersect() {
    PostPolicy p = policy("[\"content-length-range\",10,100],[\"content-length-range\",\"0\",50]");
    assertThat(p.contentLength().contains(9)).isFalse();
    assertThat(p.contentLength().contains(10)).isTrue();
    assertThat(p.contentLength().contains(50)).isTrue();
    assertThat(p.contentLength().contains(51)).isFalse();
    assertThat(p.contentLength().violation()).isInstanceOf(CofferException.AccessDenied.class)
        .hasMessageStartingWith("Invalid according to Policy: Policy Condition failed: [\"content-length-range\"");
  }

  @Test
  void noContentLengthRange_allowsEverySize() {
    assertThat(policy("").contentLength().contains(Long.MAX_VALUE)).isTrue();
    assertThat(policy("").contentLength().contains(0)).isTrue();
  }

  @Test
  void checkNotExpired_afterExpiration_isAccessDenied() {
    PostPolicy p = policy("");
    p.checkNotExpired(Instant.parse("2030-01-01T00:00:00Z"));
    assertThatThrownBy(() -> p.checkNotExpired(Instant.parse("2030-01-01T00:00:00.001Z")))
        .isInstanceOfSatisfying(CofferException.AccessDenied.class,
            e -> assertThat(e.getMessage()).isEqualTo("Invalid according to Policy: Policy expired."));
  }

  @Test
  void parse_expirationWithOffsetOrWithoutMillis_isAccepted() {
    assertThat(PostPolicy.parse(base64("{\"expiration\":\"2030-01-01T08:00:00+08:00\",\"conditions\":[]}")).expiration())
        .isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
    assertThat(PostPolicy.parse(base64("{\"expiration\":\"2030-01-01T00:00:00Z\",\"conditions\":[]}")).expiration())
        .isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
  }

  @Test
  void parse_malformedDocuments_areInvalidPolicyDocument() {
    for (String bad : new String[] {
        "%%%not base64",
        base64("not json"),
        base64("[]"),
        base64("{\"conditions\":[]}"),
        base64("{\"expiration\":\"tomorrow\",\"conditions\":[]}"),
        base64("{\"expiration\":\"2030-01-01T00:00:00Z\"}"),
        base64("{\"expiration\":\"2030-01-01T00:00:00Z\",\"conditions\":[[\"matches\",\"$key\",\"a\"]]}"),
        base64("{\"expiration\":\"2030-01-01T00:00:00Z\",\"conditions\":[[\"eq\",\"key\",\"a\"]]}"),
        base64("{\"expiration\":\"2030-01-01T00:00:00Z\",\"conditions\":[[\"eq\",\"$key\"]]}"),
        base64("{\"expiration\":\"2030-01-01T00:00:00Z\",\"conditions\":[[\"in\",\"$key\",\"a\"]]}"),
        base64("{\"expiration\":\"2030-01-01T00:00:00Z\",\"conditions\":[[\"content-length-range\",\"a\",1]]}"),
        base64("{\"expiration\":\"2030-01-01T00:00:00Z\",\"conditions\":[[\"content-length-range\",-1,1]]}"),
        base64("{\"expiration\":\"2030-01-01T00:00:00Z\",\"conditions\":[\"key\"]}")}) {
      assertThatThrownBy(() -> PostPolicy.parse(bad)).as(bad).isInstanceOf(CofferException.InvalidPolicyDocument.class);
    }
  }
}
