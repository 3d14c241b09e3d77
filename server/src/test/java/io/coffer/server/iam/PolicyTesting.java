package io.coffer.server.iam;

import static io.coffer.server.testing.SignedRawRequest.xmlElement;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.OSSObject;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Short forms the bucket-policy ITs share. */
final class PolicyTesting {
  private PolicyTesting() {}

  /** One statement, as JSON: effect, principal list, action, resource list and an optional condition block. */
  static String statement(String effect, String principals, String action, String resources, String condition) {
    return "{\"Effect\":\"" + effect + "\",\"Principal\":" + principals + ",\"Action\":\"" + action
        + "\",\"Resource\":" + resources + (condition == null ? "" : ",\"Condition\":" + condition) + "}";
  }

  static String policy(String... statements) {
    return "{\"Version\":\"1\",\"Statement\":[" + String.join(",", statements) + "]}";
  }

  /** The ARN list for every object of a bucket. */
  static String objectsOf(String owner, String bucket) {
    return "[\"acs:oss:*:" + owner + ":" + bucket + "/*\"]";
  }

  static void put(OSS client, String bucket, String key, String text) {
    client.putObject(bucket, key, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  static String get(OSS client, String bucket, String key) throws Exception {
    try (OSSObject o = client.getObject(bucket, key)) {
      return new String(o.getObjectContent().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @FunctionalInterface
  interface Call {
    void run() throws Exception;
  }

  /** The OSS error the call fails with; fails the test when it succeeds. */
  static OSSException ossError(Call call) {
    try {
      call.run();
    } catch (OSSException e) {
      assertThat(e.getRequestId()).matches("[0-9A-F]{24}");
      return e;
    } catch (Exception e) {
      throw new AssertionError("expected an OSSException, got " + e, e);
    }
    throw new AssertionError("expected an OSSException");
  }

  static void assertAccessDenied(Call call) {
    assertThat(ossError(call).getErrorCode()).isEqualTo("AccessDenied");
  }

  static void assertError(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(xmlElement(r.body(), "Code")).as(r.body()).isEqualTo(code);
  }
}
