package io.coffer.server.sse;

import static io.coffer.server.sse.KmsTesting.assertKms;
import static io.coffer.server.sse.KmsTesting.kms;
import static io.coffer.server.sse.KmsTesting.kmsMeta;
import static io.coffer.server.sse.KmsTesting.root;
import static io.coffer.server.sse.SseTesting.SSE;
import static io.coffer.server.sse.SseTesting.SSE_KEY_ID;
import static io.coffer.server.sse.SseTesting.assertError;
import static io.coffer.server.sse.SseTesting.in;
import static io.coffer.server.sse.SseTesting.marker;
import static io.coffer.server.sse.SseTesting.markerContent;
import static io.coffer.server.sse.SseTesting.ossError;
import static io.coffer.server.sse.SseTesting.random;
import static io.coffer.server.sse.SseTesting.read;
import static io.coffer.server.testing.SignedRawRequest.xmlElement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.AppendObjectRequest;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.CopyObjectRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ListMultipartUploadsRequest;
import com.aliyun.oss.model.ListPartsRequest;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.PolicyConditions;
import com.aliyun.oss.model.SSEAlgorithm;
import com.aliyun.oss.model.ServerSideEncryptionByDefault;
import com.aliyun.oss.model.ServerSideEncryptionConfiguration;
import com.aliyun.oss.model.SetBucketEncryptionRequest;
import com.aliyun.oss.model.UploadPartCopyRequest;
import com.aliyun.oss.model.UploadPartRequest;
import io.coffer.core.error.CofferException;
import io.coffer.core.kms.KeyVersion;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.RawHttp.Form;
import io.coffer.server.testing.SignedRawRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CMK's state governs every SSE-KMS read and write through OSS (kms-ram-api.md §2.2): a
 * disabled, pending-deletion or material-less key refuses uploads and downloads with 409 and
 * the KMS's code, stores nothing and serves no plaintext; the key's return restores both; a
 * destroyed key's objects stay unreadable; rotation keeps old objects readable.
 */
class SseKmsKeyStatesIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "sse-kms-states";
  static OSS v1;
  static OSS v4;

  @BeforeAll
  static void setUp() {
    v1 = coffer.client();
    v4 = coffer.clientV4();
    v1.createBucket(BUCKET);
  }

  /** A GET refused with {@code status} and {@code code}, by the SDK and on the wire, without a byte of {@code marker}. */
  static void assertReadRefused(String key, int status, String code, String marker) throws Exception {
    assertThat(ossError(() -> read(v4, BUCKET, key)).getErrorCode()).isEqualTo(code);
    HttpResponse<String> raw = SignedRawRequest.of(coffer, "GET", BUCKET, key).send();
    assertError(raw, status, code);
    if (status == 409 && code.equals("Rejected.Disabled")) {
      assertThat(xmlElement(raw.body(), "EC")).isEqualTo(KmsTesting.EC_DISABLED_CMK);
    }
    if (marker != null) assertThat(raw.body()).doesNotContain(marker.substring(0, 20));
  }

  /** A PutObject under {@code cmk} refused with {@code status} and {@code code}; the key stays absent. */
  static void assertPutRefused(String key, String cmk, int status, String code) throws Exception {
    assertThat(ossError(() -> v1.putObject(BUCKET, key, in(random(1000, 1)), kmsMeta(cmk, false))).getErrorCode())
        .isEqualTo(code);
    assertError(SignedRawRequest.of(coffer, "PUT", BUCKET, key).header(SSE, "KMS").header(SSE_KEY_ID, cmk)
        .body("x").send(), status, code);
    assertThat(v1.doesObjectExist(BUCKET, key)).isFalse();
  }

  static HttpResponse<String> post(String key, String cmk) throws Exception {
    String policy = v1.generatePostPolicy(new Date(System.currentTimeMillis() + 3_600_000), new PolicyConditions());
    return new Form()
        .field("OSSAccessKeyId", CofferExtension.ACCESS_KEY_ID)
        .field("policy", Base64.getEncoder().encodeToString(policy.getBytes(StandardCharsets.UTF_8)))
        .field("Signature", v1.calculatePostSignature(policy))
        .field("key", key).field(SSE, "KMS").field(SSE_KEY_ID, cmk)
        .file("f", null, random(500, 2))
        .postTo(coffer.endpoint(), BUCKET);
  }

  static long append(String key, long position, byte[] piece, String cmk) {
    AppendObjectRequest a = new AppendObjectRequest(BUCKET, key, in(piece));
    a.setPosition(position);
    if (cmk != null) a.setMetadata(kmsMeta(cmk, false));
    return v1.appendObject(a).getNextPosition();
  }

  @Test
  void disabledCmk_refusesEveryUploadAndDownload409_storesNothing_andEnableRestoresThem() throws Exception {
    String cmk = KmsTesting.createKey(coffer);
    String marker = marker();
    byte[] data = markerContent(marker, 100_000);
    byte[] plain = random(3000, 3);
    v1.putObject(BUCKET, "disabled/obj", in(data), kmsMeta(cmk, true));
    v1.putObject(BUCKET, "disabled/plain", in(plain));
    v1.putObject(BUCKET, "disabled/empty", in(new byte[0]), kmsMeta(cmk, false));
    long appended = append("disabled/app", 0, data, cmk);
    String ruled = "sse-kms-states-ruled";
    v1.createBucket(ruled);
    ServerSideEncryptionByDefault d = new ServerSideEncryptionByDefault(SSEAlgorithm.KMS);
    d.setKMSMasterKeyID(cmk);
    ServerSideEncryptionConfiguration c = new ServerSideEncryptionConfiguration();
    c.setApplyServerSideEncryptionByDefault(d);
    v1.setBucketEncryption(new SetBucketEncryptionRequest(ruled, c));

    kms(coffer).disableKey(root(coffer), cmk);
    assertReadRefused("disabled/obj", 409, "Rejected.Disabled", marker);
    assertReadRefused("disabled/app", 409, "Rejected.Disabled", marker);
    // An empty object has no data to open, but its read still asks the KMS.
    assertReadRefused("disabled/empty", 409, "Rejected.Disabled", null);
    assertError(SignedRawRequest.of(coffer, "GET", BUCKET, "disabled/obj").header("Range", "bytes=10-20").send(), 409,
        "Rejected.Disabled");
    assertPutRefused("disabled/new", cmk, 409, "Rejected.Disabled");
    // Over an existing object: it stays as it was.
    assertThat(ossError(() -> v4.putObject(BUCKET, "disabled/plain", in(data), kmsMeta(cmk, false))).getErrorCode())
        .isEqualTo("Rejected.Disabled");
    assertThat(ossError(() -> v1.putObject(ruled, "by-rule", in(data))).getErrorCode()).isEqualTo("Rejected.Disabled");
    assertThat(ossError(() -> v1.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, "disabled/mp",
        kmsMeta(cmk, false)))).getErrorCode()).isEqualTo("Rejected.Disabled");
    assertThat(ossError(() -> append("disabled/app", appended, random(10, 4), null)).getErrorCode())
        .isEqualTo("Rejected.Disabled");
    assertThat(ossError(() -> append("disabled/app-new", 0, random(10, 4), cmk)).getErrorCode())
        .isEqualTo("Rejected.Disabled");
    // A copy can neither read from the key nor write under it.
    assertThat(ossError(() -> v1.copyObject(BUCKET, "disabled/obj", BUCKET, "disabled/copy")).getErrorCode())
        .isEqualTo("Rejected.Disabled");
    CopyObjectRequest into = new CopyObjectRequest(BUCKET, "disabled/plain", BUCKET, "disabled/copy");
    into.setServerSideEncryption("KMS");
    into.setServerSideEncryptionKeyId(cmk);
    assertThat(ossError(() -> v4.copyObject(into)).getErrorCode()).isEqualTo("Rejected.Disabled");
    HttpResponse<String> posted = post("disabled/post", cmk);
    assertError(posted, 409, "Rejected.Disabled");

    for (String k : List.of("disabled/copy", "disabled/post", "disabled/app-new")) {
      assertThat(v1.doesObjectExist(BUCKET, k)).as(k).isFalse();
    }
    assertThat(v1.doesObjectExist(ruled, "by-rule")).isFalse();
    assertThat(v1.listMultipartUploads(new ListMultipartUploadsRequest(BUCKET)).getMultipartUploads()).isEmpty();
    assertThat(v1.getObjectMetadata(BUCKET, "disabled/app").getContentLength()).isEqualTo(appended);
    assertThat(v1.getObjectMetadata(BUCKET, "disabled/plain").getServerSideEncryption()).isNull();
    assertThat(read(v1, BUCKET, "disabled/plain")).isEqualTo(plain);
    // HeadObject reads metadata only, so it still answers (and names the CMK).
    assertKms(v1.getObjectMetadata(BUCKET, "disabled/obj"), cmk, true);

    kms(coffer).enableKey(root(coffer), cmk);
    assertThat(read(v4, BUCKET, "disabled/obj")).isEqualTo(data);
    assertThat(read(v4, BUCKET, "disabled/empty")).isEmpty();
    append("disabled/app", appended, random(10, 4), null);
    assertThat(read(v1, BUCKET, "disabled/app")).isEqualTo(SseTesting.concat(data, random(10, 4)));
    v1.putObject(ruled, "by-rule", in(data));
    assertKms(v1.getObjectMetadata(ruled, "by-rule"), cmk, false);
    assertThat(post("disabled/post", cmk).statusCode()).isEqualTo(204);
    assertKms(v1.copyObject(into), cmk, false);
    assertThat(read(v1, BUCKET, "disabled/copy")).isEqualTo(plain);
  }

  @Test
  void pendingDeletion_refuses409RejectedPendingDeletion_andCancelRestores() throws Exception {
    String cmk = KmsTesting.createKey(coffer);
    byte[] data = random(70_000, 5);
    v1.putObject(BUCKET, "pending/obj", in(data), kmsMeta(cmk, false));
    kms(coffer).scheduleKeyDeletion(root(coffer), cmk, 7);
    assertReadRefused("pending/obj", 409, "Rejected.PendingDeletion", null);
    assertPutRefused("pending/new", cmk, 409, "Rejected.PendingDeletion");
    kms(coffer).cancelKeyDeletion(root(coffer), cmk);
    assertThat(read(v1, BUCKET, "pending/obj")).isEqualTo(data);
    v4.putObject(BUCKET, "pending/new", in(data), kmsMeta(cmk, false));
    assertThat(read(v4, BUCKET, "pending/new")).isEqualTo(data);
  }

  @Test
  void deletionWindowPassed_destroysTheCmk_itsObjectsStayUnreadable_andItCannotBeNamed() throws Exception {
    String cmk = KmsTesting.createKey(coffer);
    String survivor = KmsTesting.createKey(coffer);
    byte[] data = random(50_000, 6);
    v1.putObject(BUCKET, "destroyed/obj", in(data), kmsMeta(cmk, false));
    v1.putObject(BUCKET, "destroyed/survivor", in(data), kmsMeta(survivor, false));
    kms(coffer).scheduleKeyDeletion(root(coffer), cmk, 7);
    coffer.kmsClock().advance(Duration.ofDays(8));
    assertThat(coffer.server().kms().maintain().destroyed()).isEqualTo(1);

    assertThatThrownBy(() -> kms(coffer).describeKey(root(coffer), cmk))
        .isInstanceOf(CofferException.KmsKeyNotFound.class);
    // The blob names a key version the KMS no longer has: an unknown key, for good.
    assertReadRefused("destroyed/obj", 400, "InvalidArgument", null);
    assertPutRefused("destroyed/new", cmk, 400, "InvalidArgument");
    assertThatThrownBy(() -> kms(coffer).cancelKeyDeletion(root(coffer), cmk))
        .isInstanceOf(CofferException.KmsKeyNotFound.class);
    assertReadRefused("destroyed/obj", 400, "InvalidArgument", null);
    assertThat(read(v4, BUCKET, "destroyed/survivor")).isEqualTo(data);
  }

  @Test
  void importedCmk_withoutMaterialRefuses409PendingImport_reimportOfTheSameMaterialRestores() throws Exception {
    String ext = KmsTesting.createExternalKey(coffer);
    assertPutRefused("byok/before-import", ext, 409, "Rejected.PendingImport");
    byte[] material = random(32, 7);
    KmsTesting.importMaterial(coffer, ext, material, null);
    byte[] data = random(90_000, 8);
    v1.putObject(BUCKET, "byok/obj", in(data), kmsMeta(ext, true));
    assertKms(v4.getObjectMetadata(BUCKET, "byok/obj"), ext, true);
    assertThat(read(v4, BUCKET, "byok/obj")).isEqualTo(data);

    kms(coffer).imports().deleteKeyMaterial(root(coffer), ext);
    assertReadRefused("byok/obj", 409, "Rejected.PendingImport", null);
    assertPutRefused("byok/after-delete", ext, 409, "Rejected.PendingImport");
    // The key is bound to its first material: other bytes are refused, the same bytes bring the objects back.
    assertThatThrownBy(() -> KmsTesting.importMaterial(coffer, ext, random(32, 9), null))
        .isInstanceOf(CofferException.KmsInvalidKeyMaterial.class);
    assertReadRefused("byok/obj", 409, "Rejected.PendingImport", null);
    KmsTesting.importMaterial(coffer, ext, material, null);
    assertThat(read(v1, BUCKET, "byok/obj")).isEqualTo(data);
    v4.putObject(BUCKET, "byok/after-delete", in(data), kmsMeta(ext, false));
    assertThat(read(v1, BUCKET, "byok/after-delete")).isEqualTo(data);
  }

  @Test
  void importedMaterialExpired_refuses409PendingImport_untilImportedAgain() throws Exception {
    String ext = KmsTesting.createExternalKey(coffer);
    byte[] material = random(32, 10);
    KmsTesting.importMaterial(coffer, ext, material, coffer.kmsClock().instant().plus(Duration.ofHours(1)));
    byte[] data = random(20_000, 11);
    v1.putObject(BUCKET, "expiring/obj", in(data), kmsMeta(ext, false));
    assertThat(read(v1, BUCKET, "expiring/obj")).isEqualTo(data);

    coffer.kmsClock().advance(Duration.ofHours(2));
    // Refused at once, before any maintenance pass has wiped the material.
    assertReadRefused("expiring/obj", 409, "Rejected.PendingImport", null);
    assertPutRefused("expiring/new", ext, 409, "Rejected.PendingImport");
    assertThat(coffer.server().kms().maintain().materialExpired()).isEqualTo(1);
    assertReadRefused("expiring/obj", 409, "Rejected.PendingImport", null);

    KmsTesting.importMaterial(coffer, ext, material, null);
    assertThat(read(v4, BUCKET, "expiring/obj")).isEqualTo(data);
  }

  @Test
  void rotation_newObjectsUseTheNewPrimaryVersion_oldObjectsAndOpenUploadsKeepTheirsAndRead() throws Exception {
    String cmk = KmsTesting.createKey(coffer);
    String first = KmsTesting.primaryVersion(coffer, cmk);
    byte[] data = random(120_000, 12);
    v1.putObject(BUCKET, "rotation/old", in(data), kmsMeta(cmk, false));
    String uploadId = v1.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, "rotation/mp",
        kmsMeta(cmk, true))).getUploadId();
    assertThat(KmsTesting.blobVersion(coffer, BUCKET, "rotation/old")).isEqualTo(first);

    KeyVersion second = kms(coffer).createKeyVersion(root(coffer), cmk);
    assertThat(second.versionId()).isNotEqualTo(first);
    assertThat(KmsTesting.primaryVersion(coffer, cmk)).isEqualTo(second.versionId());
    v4.putObject(BUCKET, "rotation/new", in(data), kmsMeta(cmk, false));
    v1.copyObject(BUCKET, "rotation/old", BUCKET, "rotation/copied");
    CopyObjectRequest reSealed = new CopyObjectRequest(BUCKET, "rotation/old", BUCKET, "rotation/re-sealed");
    reSealed.setServerSideEncryption("KMS");
    reSealed.setServerSideEncryptionKeyId(cmk);
    v1.copyObject(reSealed);
    PartETag part = v1.uploadPart(new UploadPartRequest(BUCKET, "rotation/mp", uploadId, 1, in(data), data.length))
        .getPartETag();
    v1.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, "rotation/mp", uploadId,
        new ArrayList<>(List.of(part))));

    assertThat(KmsTesting.blobVersion(coffer, BUCKET, "rotation/old")).isEqualTo(first);
    assertThat(KmsTesting.blobVersion(coffer, BUCKET, "rotation/mp")).isEqualTo(first);
    assertThat(KmsTesting.blobVersion(coffer, BUCKET, "rotation/new")).isEqualTo(second.versionId());
    assertThat(KmsTesting.blobVersion(coffer, BUCKET, "rotation/re-sealed")).isEqualTo(second.versionId());
    for (String k : List.of("rotation/old", "rotation/new", "rotation/re-sealed", "rotation/mp", "rotation/copied")) {
      assertThat(read(v4, BUCKET, k)).as(k).isEqualTo(data);
    }
    assertKms(v1.getObjectMetadata(BUCKET, "rotation/mp"), cmk, true);
  }

  @Test
  void uploadStartedUnderACmkThatIsThenDisabled_uploadPartAndCompleteFail409_enableAndFinish() throws Exception {
    String cmk = KmsTesting.createKey(coffer);
    String key = "mp-disabled";
    String id = v1.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key, kmsMeta(cmk, false)))
        .getUploadId();
    byte[] p1 = random(102_400, 13);
    byte[] p2 = random(5000, 14);
    PartETag e1 = v1.uploadPart(new UploadPartRequest(BUCKET, key, id, 1, in(p1), p1.length)).getPartETag();
    v1.putObject(BUCKET, "mp-disabled-src", in(p2));

    kms(coffer).disableKey(root(coffer), cmk);
    assertThat(ossError(() -> v4.uploadPart(new UploadPartRequest(BUCKET, key, id, 2, in(p2), p2.length)))
        .getErrorCode()).isEqualTo("Rejected.Disabled");
    assertError(SignedRawRequest.of(coffer, "PUT", BUCKET, key).query("partNumber=2&uploadId=" + id).body(p2).send(),
        409, "Rejected.Disabled");
    assertThat(ossError(() -> v1.uploadPartCopy(new UploadPartCopyRequest(BUCKET, "mp-disabled-src", BUCKET, key, id,
        2, 0L, (long) p2.length))).getErrorCode()).isEqualTo("Rejected.Disabled");
    assertThat(ossError(() -> v1.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, id,
        new ArrayList<>(List.of(e1))))).getErrorCode()).isEqualTo("Rejected.Disabled");
    assertThat(v1.doesObjectExist(BUCKET, key)).isFalse();
    assertThat(v1.listParts(new ListPartsRequest(BUCKET, key, id)).getParts()).extracting(p -> p.getPartNumber())
        .containsExactly(1);

    kms(coffer).enableKey(root(coffer), cmk);
    PartETag e2 = v1.uploadPartCopy(new UploadPartCopyRequest(BUCKET, "mp-disabled-src", BUCKET, key, id, 2, 0L,
        (long) p2.length)).getPartETag();
    v4.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, id, new ArrayList<>(List.of(e1, e2))));
    assertKms(v1.getObjectMetadata(BUCKET, key), cmk, false);
    assertThat(read(v1, BUCKET, key)).isEqualTo(SseTesting.concat(p1, p2));
  }

  @Test
  void theDefaultCmk_isManagedByOss_andCannotBeDisabledOrScheduledForDeletion() {
    v1.putObject(BUCKET, "default", in(random(10, 15)), kmsMeta(null, false));
    String dflt = KmsTesting.defaultKeyId(coffer);
    assertThatThrownBy(() -> kms(coffer).disableKey(root(coffer), dflt))
        .isInstanceOf(CofferException.KmsUnsupportedOperation.class);
    assertThatThrownBy(() -> kms(coffer).scheduleKeyDeletion(root(coffer), dflt, 7))
        .isInstanceOf(CofferException.KmsUnsupportedOperation.class);
    assertThat(read(v4, BUCKET, "default")).isEqualTo(random(10, 15));
  }
}
