package io.coffer.server.iam;

import static io.coffer.server.iam.IamTesting.assertOssDenied;
import static io.coffer.server.iam.IamTesting.assertRpcError;
import static io.coffer.server.iam.IamTesting.in;
import static io.coffer.server.iam.IamTesting.policy;
import static io.coffer.server.iam.IamTesting.read;
import static io.coffer.server.iam.IamTesting.stmt;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.AppendObjectRequest;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ListObjectsRequest;
import com.aliyun.oss.model.ListObjectsV2Request;
import com.aliyun.oss.model.ListPartsRequest;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.OSSObjectSummary;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.UploadPartRequest;
import com.aliyuncs.kms.model.v20160120.CreateKeyRequest;
import com.aliyuncs.kms.model.v20160120.ListKeysRequest;
import com.aliyuncs.ram.model.v20150501.ListUsersRequest;
import io.coffer.server.iam.IamTesting.Caller;
import io.coffer.server.testing.CofferExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Policy conditions end to end: RAM policies with {@code acs:SourceIp}, {@code acs:CurrentTime},
 * {@code acs:SecureTransport}, {@code oss:Prefix} and the SSE header key, attached through the RAM
 * SDK and tested by OSS, KMS and RAM requests of the official SDKs. The tests reach the server over
 * plain HTTP from 127.0.0.1.
 */
class PolicyConditionsIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "conditions";
  static final String ALL_OSS = "\"oss:*\"";
  static final String ANY = "\"*\"";
  static OSS root;

  @BeforeAll
  static void setUp() {
    root = coffer.client();
    root.createBucket(BUCKET);
    root.putObject(BUCKET, "team/a.txt", in("team a"));
    root.putObject(BUCKET, "other/b.txt", in("other b"));
  }

  /** A user whose only policy is {@code document}, made through the RAM SDK. */
  static Caller userWith(String name, String document) throws Exception {
    IamTesting.createPolicy(coffer.kms(), name, document);
    return IamTesting.ramUser(coffer, name, List.of("Custom:" + name));
  }

  /** Asserts the user can read and write the bucket. */
  static void assertOssWorks(Caller c) {
    c.oss().putObject(BUCKET, "by/" + c.label(), in(c.label()));
    assertThat(read(root, BUCKET, "by/" + c.label())).isEqualTo(c.label());
    assertThat(read(c.oss(), BUCKET, "team/a.txt")).isEqualTo("team a");
  }

  /** Asserts the user can neither read nor write the bucket, and its refused write stored nothing. */
  static void assertOssRefused(Caller c) {
    assertOssDenied(() -> c.oss().putObject(BUCKET, "by/" + c.label(), in(c.label())));
    assertOssDenied(() -> read(c.oss(), BUCKET, "team/a.txt"));
    assertOssDenied(() -> c.oss().listObjects(BUCKET));
    assertThat(root.doesObjectExist(BUCKET, "by/" + c.label())).isFalse();
  }

  // ---- acs:SourceIp ----

  @Test
  void sourceIp_allowFromLoopbackWorks_denyForLoopbackWins_andOtherRangesGrantNothing() throws Exception {
    String loopback = "{\"IpAddress\":{\"acs:SourceIp\":\"127.0.0.1/8\"}}";
    Caller fromLoopback = userWith("ip-loopback", policy(stmt("Allow", ALL_OSS, ANY, loopback)));
    Caller elsewhere = userWith("ip-elsewhere", policy(stmt("Allow", ALL_OSS, ANY,
        "{\"IpAddress\":{\"acs:SourceIp\":[\"10.0.0.0/8\",\"192.0.2.7\"]}}")));
    Caller denied = userWith("ip-denied", policy(stmt("Allow", ALL_OSS, ANY, null),
        stmt("Deny", ALL_OSS, ANY, loopback)));
    Caller notElsewhere = userWith("ip-not-elsewhere", policy(stmt("Allow", ALL_OSS, ANY,
        "{\"NotIpAddress\":{\"acs:SourceIp\":\"10.0.0.0/8\"}}")));
    assertOssWorks(fromLoopback);
    assertOssWorks(notElsewhere);
    assertOssRefused(elsewhere);
    assertOssRefused(denied);
    assertThat(assertOssDenied(() -> denied.oss().listObjects(BUCKET)).getErrorMessage()).contains("explicit Deny");

    // The RPC port fills the same key: KMS and RAM requests obey it too.
    Caller kmsLoopback = userWith("kms-ip-loopback", policy(stmt("Allow", "\"kms:*\"", ANY, loopback)));
    Caller kmsDenied = userWith("kms-ip-denied", policy(stmt("Allow", "[\"kms:*\",\"ram:*\"]", ANY, null),
        stmt("Deny", "[\"kms:*\",\"ram:*\"]", ANY, loopback)));
    assertThat(kmsLoopback.pop().call(new ListKeysRequest()).getRequestId()).isNotBlank();
    assertRpcError(() -> kmsDenied.pop().call(new ListKeysRequest()), "Forbidden.NoPermission");
    assertRpcError(() -> kmsDenied.pop().call(new ListUsersRequest()), "NoPermission");
  }

  // ---- acs:CurrentTime ----

  @Test
  void currentTime_anAllowThatEndedInThePast_grantsNothing_andOneStillOpenGrants() throws Exception {
    Caller expired = userWith("time-expired", policy(stmt("Allow", ALL_OSS, ANY,
        "{\"DateLessThan\":{\"acs:CurrentTime\":\"2020-01-01T00:00:00Z\"}}")));
    Caller open = userWith("time-open", policy(stmt("Allow", ALL_OSS, ANY,
        "{\"DateGreaterThan\":{\"acs:CurrentTime\":\"2020-01-01T00:00:00Z\"},"
            + "\"DateLessThan\":{\"acs:CurrentTime\":\"2999-01-01T00:00:00+08:00\"}}")));
    Caller deniedSince = userWith("time-denied-since", policy(stmt("Allow", ALL_OSS, ANY, null),
        stmt("Deny", "\"oss:PutObject\"", ANY, "{\"DateGreaterThanEquals\":{\"acs:CurrentTime\":\"2021-06-01T00:00:00Z\"}}")));
    assertOssRefused(expired);
    assertOssWorks(open);
    assertOssDenied(() -> deniedSince.oss().putObject(BUCKET, "by/time-denied-since", in("x")));
    assertThat(root.doesObjectExist(BUCKET, "by/time-denied-since")).isFalse();
    assertThat(read(deniedSince.oss(), BUCKET, "team/a.txt")).isEqualTo("team a");
    // RAM requests are dated the same way.
    Caller ramExpired = userWith("ram-time-expired", policy(stmt("Allow", "\"ram:*\"", ANY,
        "{\"DateLessThan\":{\"acs:CurrentTime\":\"2020-01-01T00:00:00Z\"}}")));
    assertRpcError(() -> ramExpired.pop().call(new ListUsersRequest()), "NoPermission");
  }

  // ---- acs:SecureTransport ----

  @Test
  void secureTransport_isFalseOverPlainHttp() throws Exception {
    Caller tlsOnly = userWith("tls-only", policy(stmt("Allow", ALL_OSS, ANY,
        "{\"Bool\":{\"acs:SecureTransport\":\"true\"}}")));
    Caller denyPlain = userWith("deny-plain", policy(stmt("Allow", ALL_OSS, ANY, null),
        stmt("Deny", ALL_OSS, ANY, "{\"Bool\":{\"acs:SecureTransport\":\"false\"}}")));
    Caller plainOk = userWith("plain-ok", policy(stmt("Allow", ALL_OSS, ANY,
        "{\"Bool\":{\"acs:SecureTransport\":false}}")));
    assertOssRefused(tlsOnly);
    assertOssRefused(denyPlain);
    assertOssWorks(plainOk);
  }

  // ---- oss:Prefix ----

  @Test
  void prefixCondition_limitsListObjectsToThePrefixesItNames() throws Exception {
    Caller team = userWith("prefix-team", policy(stmt("Allow", "\"oss:ListObjects\"", "\"acs:oss:*:*:" + BUCKET + "\"",
        "{\"StringLike\":{\"oss:Prefix\":\"team/*\"}}")));
    assertThat(keys(team.oss().listObjects(new ListObjectsRequest(BUCKET).withPrefix("team/")).getObjectSummaries()))
        .containsExactly("team/a.txt");
    ListObjectsV2Request v2 = new ListObjectsV2Request(BUCKET);
    v2.setPrefix("team/sub");
    assertThat(team.oss().listObjectsV2(v2).getObjectSummaries()).isEmpty();
    assertOssDenied(() -> team.oss().listObjects(new ListObjectsRequest(BUCKET).withPrefix("other/")));
    assertOssDenied(() -> team.oss().listObjects(BUCKET));
    assertOssDenied(() -> team.oss().listObjectsV2(BUCKET));
    // The grant is for listing only.
    assertOssDenied(() -> read(team.oss(), BUCKET, "team/a.txt"));

    Caller notOther = userWith("prefix-not-other", policy(stmt("Allow", "\"oss:ListObjects\"", ANY, null),
        stmt("Deny", "\"oss:ListObjects\"", ANY, "{\"StringLike\":{\"oss:Prefix\":\"other/*\"}}")));
    assertThat(keys(notOther.oss().listObjects(BUCKET).getObjectSummaries())).contains("other/b.txt", "team/a.txt");
    assertOssDenied(() -> notOther.oss().listObjects(new ListObjectsRequest(BUCKET).withPrefix("other/")));
  }

  // ---- oss:x-oss-server-side-encryption ----

  @Test
  void denyUnlessSse_refusesPlainWritesAndStoresNothing_butLetsEncryptedOnesThrough() throws Exception {
    Caller c = userWith("sse-required", policy(stmt("Allow", ALL_OSS, ANY, null),
        stmt("Deny", "\"oss:PutObject\"", ANY,
            "{\"StringNotEquals\":{\"oss:x-oss-server-side-encryption\":[\"AES256\",\"KMS\"]}}")));
    assertOssDenied(() -> c.oss().putObject(BUCKET, "sse/plain", in("plain")));
    assertOssDenied(() -> c.oss().putObject(BUCKET, "sse/sm4", in("plain"), sse("SM4")));
    assertOssDenied(() -> c.oss().initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, "sse/mpu-plain")));
    assertOssDenied(() -> c.oss().copyObject(BUCKET, "team/a.txt", BUCKET, "sse/copy-plain"));
    AppendObjectRequest append = new AppendObjectRequest(BUCKET, "sse/append-plain", in("plain"));
    append.setPosition(0L);
    assertOssDenied(() -> c.oss().appendObject(append));
    assertThat(keys(root.listObjects(BUCKET, "sse/").getObjectSummaries())).isEmpty();

    c.oss().putObject(BUCKET, "sse/aes", in("aes"), sse("AES256"));
    c.oss().putObject(BUCKET, "sse/kms", in("kms"), sse("KMS"));
    assertThat(read(c.oss(), BUCKET, "sse/aes")).isEqualTo("aes");
    assertThat(read(c.oss(), BUCKET, "sse/kms")).isEqualTo("kms");
    assertThat(root.getObjectMetadata(BUCKET, "sse/aes").getServerSideEncryption()).isEqualTo("AES256");

    // Parts and completion carry no header: the upload's encryption stands for it.
    String id = c.oss().initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, "sse/mpu", sse("AES256")))
        .getUploadId();
    PartETag p = c.oss().uploadPart(new UploadPartRequest(BUCKET, "sse/mpu", id, 1, in("part"), 4)).getPartETag();
    c.oss().completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, "sse/mpu", id,
        new ArrayList<>(List.of(p))));
    assertThat(read(root, BUCKET, "sse/mpu")).isEqualTo("part");
    // ... and an upload started without encryption takes no parts from this user.
    String plainId = root.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, "sse/mpu-root"))
        .getUploadId();
    assertOssDenied(() -> c.oss().uploadPart(new UploadPartRequest(BUCKET, "sse/mpu-root", plainId, 1, in("x"), 1)));
    assertThat(root.listParts(new ListPartsRequest(BUCKET, "sse/mpu-root", plainId)).getParts())
        .isEmpty();
  }

  @Test
  void keyIdCondition_canPinUploadsToOneCmk() throws Exception {
    String cmk = coffer.kms().call(new CreateKeyRequest()).getKeyMetadata().getKeyId();
    Caller c = userWith("cmk-pinned", policy(stmt("Allow", "[\"oss:*\",\"kms:*\"]", ANY, null),
        stmt("Deny", "\"oss:PutObject\"", ANY,
            "{\"StringNotEquals\":{\"oss:x-oss-server-side-encryption-key-id\":\"" + cmk + "\"}}")));
    ObjectMetadata pinned = sse("KMS");
    pinned.setServerSideEncryptionKeyId(cmk);
    c.oss().putObject(BUCKET, "pinned/ok", in("pinned"), pinned);
    assertThat(root.getObjectMetadata(BUCKET, "pinned/ok").getServerSideEncryptionKeyId()).isEqualTo(cmk);
    assertOssDenied(() -> c.oss().putObject(BUCKET, "pinned/default", in("x"), sse("KMS")));
    assertOssDenied(() -> c.oss().putObject(BUCKET, "pinned/aes", in("x"), sse("AES256")));
    assertThat(keys(root.listObjects(BUCKET, "pinned/").getObjectSummaries())).containsExactly("pinned/ok");
  }

  static ObjectMetadata sse(String algorithm) {
    ObjectMetadata m = new ObjectMetadata();
    m.setServerSideEncryption(algorithm);
    return m;
  }

  static List<String> keys(List<OSSObjectSummary> summaries) {
    return summaries.stream().map(OSSObjectSummary::getKey).toList();
  }
}
