package io.coffer.server.iam;

import static io.coffer.server.iam.PolicyTesting.assertAccessDenied;
import static io.coffer.server.iam.PolicyTesting.assertError;
import static io.coffer.server.iam.PolicyTesting.get;
import static io.coffer.server.iam.PolicyTesting.objectsOf;
import static io.coffer.server.iam.PolicyTesting.ossError;
import static io.coffer.server.iam.PolicyTesting.policy;
import static io.coffer.server.iam.PolicyTesting.put;
import static io.coffer.server.iam.PolicyTesting.statement;
import static io.coffer.server.testing.SignedRawRequest.xmlElement;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.SignedRawRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PutBucketPolicy, GetBucketPolicy and DeleteBucketPolicy through the official OSS SDK and raw
 * requests (oss-api.md §7.12): the stored document, what is refused, and who may manage it.
 */
class BucketPolicyApiIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static OSS v1;
  static OSS v4;
  static OSS anon;
  static String owner;

  @BeforeAll
  static void setUp() {
    v1 = coffer.client();
    v4 = coffer.clientV4();
    anon = coffer.anonymousClient();
    owner = coffer.server().rootKey().accountId();
  }

  static String readPolicy(String bucket) {
    return policy(statement("Allow", "[\"*\"]", "oss:GetObject", objectsOf(owner, bucket), null));
  }

  static HttpResponse<String> rawGet(String bucket) throws Exception {
    return SignedRawRequest.of(coffer, "GET", bucket, null).query("policy").send();
  }

  static HttpResponse<String> rawPut(String bucket, byte[] body) throws Exception {
    return SignedRawRequest.of(coffer, "PUT", bucket, null).query("policy").body(body).send();
  }

  @Test
  void putGetDelete_roundTrip_returnsTheDocumentAsPut() throws Exception {
    String b = "policy-round-trip";
    v1.createBucket(b);
    String doc = readPolicy(b);
    v1.setBucketPolicy(b, doc);
    assertThat(v1.getBucketPolicy(b).getPolicyText()).isEqualTo(doc);
    assertThat(v4.getBucketPolicy(b).getPolicyText()).isEqualTo(doc);

    // Whitespace, line breaks and non-ASCII text come back byte for byte (the SDK joins lines, so raw).
    String pretty = "{\n  \"Version\": \"1\",\n  \"Statement\": [\n    {\"Sid\": \"lecture\u00e9 \u8bfb\", \"Effect\": \"Deny\","
        + " \"Principal\": [\"*\"],\n     \"Action\": [\"oss:PutObject\"], \"Resource\": [\"acs:oss:*:" + owner + ":" + b
        + "/*\"]}\n  ]\n}\n";
    v4.setBucketPolicy(b, pretty);
    HttpResponse<String> raw = rawGet(b);
    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(raw.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(raw.body()).isEqualTo(pretty);
    assertThat(raw.headers().firstValueAsLong("content-length"))
        .hasValue(pretty.getBytes(StandardCharsets.UTF_8).length);
    assertThat(v1.getBucketPolicy(b).getPolicyText()).isEqualTo(pretty.replace("\n", ""));

    v1.deleteBucketPolicy(b);
    OSSException none = ossError(() -> v1.getBucketPolicy(b));
    assertThat(none.getErrorCode()).isEqualTo("NoSuchBucketPolicy");
    assertError(rawGet(b), 404, "NoSuchBucketPolicy");
    HttpResponse<String> again = SignedRawRequest.of(coffer, "DELETE", b, null).query("policy").send();
    assertThat(again.statusCode()).as("deleting no policy").isEqualTo(204);
    v4.deleteBucketPolicy(b);
  }

  @Test
  void invalidDocuments_areInvalidPolicyDocument_andKeepTheCurrentPolicy() throws Exception {
    String b = "policy-invalid";
    v1.createBucket(b);
    String good = readPolicy(b);
    String sizedBase = policy(statement("Allow", "[\"*\"]", "oss:GetObject", objectsOf(owner, b), null));
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("not JSON", "{\"Version\":\"1\",\"Statement\":[");
    bad.put("trailing comma", good.replace("]}", "],}"));
    bad.put("Version as a number", good.replace("\"Version\":\"1\"", "\"Version\":1"));
    bad.put("Version 2", good.replace("\"Version\":\"1\"", "\"Version\":\"2\""));
    bad.put("no Principal", policy("{\"Effect\":\"Allow\",\"Action\":\"oss:GetObject\",\"Resource\":"
        + objectsOf(owner, b) + "}"));
    bad.put("unknown operator", policy(statement("Deny", "[\"*\"]", "oss:GetObject", objectsOf(owner, b),
        "{\"IpAddressish\":{\"acs:SourceIp\":\"127.0.0.1\"}}")));
    bad.put("bad address", policy(statement("Deny", "[\"*\"]", "oss:GetObject", objectsOf(owner, b),
        "{\"IpAddress\":{\"acs:SourceIp\":\"127.0.0.999\"}}")));
    bad.put("another bucket's objects", policy(statement("Allow", "[\"*\"]", "oss:GetObject",
        objectsOf(owner, "policy-round-trip"), null)));
    bad.put("another bucket among this one's", policy(statement("Allow", "[\"*\"]", "oss:GetObject",
        "[\"acs:oss:*:" + owner + ":" + b + "/*\",\"acs:oss:*:" + owner + ":other\"]", null)));
    bad.put("16385 bytes", sizedBase.replace("{\"Effect\"", "{\"Sid\":\""
        + "x".repeat(16385 - sizedBase.length() - "\"Sid\":\"\",".length()) + "\",\"Effect\""));
    assertThat(bad.get("16385 bytes").getBytes(StandardCharsets.UTF_8)).hasSize(16385);

    for (String state : new String[] {"without a policy", "with a policy"}) {
      for (Map.Entry<String, String> e : bad.entrySet()) {
        HttpResponse<String> r = rawPut(b, e.getValue().getBytes(StandardCharsets.UTF_8));
        assertError(r, 400, "InvalidPolicyDocument");
        assertThat(xmlElement(r.body(), "Message")).as(e.getKey()).isNotBlank();
        assertThat(ossError(() -> v1.setBucketPolicy(b, e.getValue())).getErrorCode()).as(e.getKey())
            .isEqualTo("InvalidPolicyDocument");
        if (state.equals("without a policy")) {
          assertError(rawGet(b), 404, "NoSuchBucketPolicy");
        } else {
          assertThat(rawGet(b).body()).as(e.getKey()).isEqualTo(good);
        }
      }
      byte[] notUtf8 = good.replace("oss:GetObject", "oss:GetObject\u00ff").getBytes(StandardCharsets.ISO_8859_1);
      HttpResponse<String> r = rawPut(b, notUtf8);
      assertError(r, 400, "InvalidPolicyDocument");
      assertThat(xmlElement(r.body(), "Message")).isEqualTo("The policy document is not UTF-8 text.");
      v1.setBucketPolicy(b, good);
    }
    assertThat(xmlElement(rawPut(b, bad.get("another bucket's objects").getBytes(StandardCharsets.UTF_8)).body(),
        "Message")).isEqualTo("Statement 1: Resource \"acs:oss:*:" + owner + ":policy-round-trip/*\" names neither bucket "
            + b + " nor objects in it (acs:oss:*:" + owner + ":" + b + " or acs:oss:*:" + owner + ":" + b + "/*).");
    // Exactly 16 KB is still fine.
    String at16k = sizedBase.replace("{\"Effect\"", "{\"Sid\":\""
        + "x".repeat(16384 - sizedBase.length() - "\"Sid\":\"\",".length()) + "\",\"Effect\"");
    v4.setBucketPolicy(b, at16k);
    assertThat(rawGet(b).body()).isEqualTo(at16k);
  }

  @Test
  void contentMd5_whenSent_mustMatchTheDocument() throws Exception {
    String b = "policy-md5";
    v1.createBucket(b);
    byte[] doc = readPolicy(b).getBytes(StandardCharsets.UTF_8);
    byte[] otherMd5 = MessageDigest.getInstance("MD5").digest("something else".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> wrong = SignedRawRequest.of(coffer, "PUT", b, null).query("policy")
        .header("Content-MD5", Base64.getEncoder().encodeToString(otherMd5)).body(doc).send();
    assertError(wrong, 400, "InvalidDigest");
    assertError(rawGet(b), 404, "NoSuchBucketPolicy");
    HttpResponse<String> right = SignedRawRequest.of(coffer, "PUT", b, null).query("policy")
        .header("Content-MD5", Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(doc)))
        .body(doc).send();
    assertThat(right.statusCode()).as(right.body()).isEqualTo(200);
    assertThat(rawGet(b).body()).isEqualTo(readPolicy(b));
  }

  @Test
  void missingBucket_isNoSuchBucket_forEachOperation() {
    String b = "policy-no-such-bucket";
    assertThat(ossError(() -> v1.setBucketPolicy(b, readPolicy(b))).getErrorCode()).isEqualTo("NoSuchBucket");
    assertThat(ossError(() -> v1.getBucketPolicy(b)).getErrorCode()).isEqualTo("NoSuchBucket");
    assertThat(ossError(() -> v1.deleteBucketPolicy(b)).getErrorCode()).isEqualTo("NoSuchBucket");
  }

  @Test
  void deletedBucket_losesItsPolicy_andARecreatedOneStartsWithout() throws Exception {
    String b = "policy-recreated";
    v1.createBucket(b);
    v1.setBucketPolicy(b, readPolicy(b));
    put(v1, b, "doc.txt", "first life");
    assertThat(get(anon, b, "doc.txt")).isEqualTo("first life");
    v1.deleteObject(b, "doc.txt");
    v1.deleteBucket(b);

    v1.createBucket(b);
    put(v1, b, "doc.txt", "second life");
    assertThat(ossError(() -> v1.getBucketPolicy(b)).getErrorCode()).isEqualTo("NoSuchBucketPolicy");
    assertAccessDenied(() -> get(anon, b, "doc.txt"));
  }

  @Test
  void anonymousCallers_mayNeverManageThePolicy_evenWhenThePolicyGrantsItToEveryone() throws Exception {
    String b = "policy-anonymous";
    v1.createBucket(b);
    assertAccessDenied(() -> anon.setBucketPolicy(b, readPolicy(b)));
    assertThat(ossError(() -> v1.getBucketPolicy(b)).getErrorCode()).isEqualTo("NoSuchBucketPolicy");

    String everything = policy(statement("Allow", "[\"*\"]", "oss:*",
        "[\"acs:oss:*:" + owner + ":" + b + "\",\"acs:oss:*:" + owner + ":" + b + "/*\"]", null));
    v1.setBucketPolicy(b, everything);
    assertAccessDenied(() -> anon.getBucketPolicy(b));
    assertAccessDenied(() -> anon.setBucketPolicy(b, readPolicy(b)));
    assertAccessDenied(() -> anon.deleteBucketPolicy(b));
    assertThat(v1.getBucketPolicy(b).getPolicyText()).isEqualTo(everything);
    // What the policy grants apart from managing it does apply.
    put(anon, b, "from-anyone.txt", "hello");
    assertThat(get(v1, b, "from-anyone.txt")).isEqualTo("hello");
  }
}
