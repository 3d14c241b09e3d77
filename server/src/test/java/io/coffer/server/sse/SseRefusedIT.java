package io.coffer.server.sse;

import static io.coffer.server.sse.SseTesting.SSE;
import static io.coffer.server.sse.SseTesting.SSE_KEY_ID;
import static io.coffer.server.sse.SseTesting.assertError;
import static io.coffer.server.sse.SseTesting.in;
import static io.coffer.server.sse.SseTesting.ossError;
import static io.coffer.server.sse.SseTesting.random;
import static io.coffer.server.sse.SseTesting.read;
import static io.coffer.server.testing.SignedRawRequest.xmlElement;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.AbortMultipartUploadRequest;
import com.aliyun.oss.model.CannedAccessControlList;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.DeleteObjectsRequest;
import com.aliyun.oss.model.GenericRequest;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ListMultipartUploadsRequest;
import com.aliyun.oss.model.ListObjectsRequest;
import com.aliyun.oss.model.ListObjectsV2Request;
import com.aliyun.oss.model.ListPartsRequest;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.SSEAlgorithm;
import com.aliyun.oss.model.ServerSideEncryptionByDefault;
import com.aliyun.oss.model.ServerSideEncryptionConfiguration;
import com.aliyun.oss.model.SetBucketAclRequest;
import com.aliyun.oss.model.SetBucketEncryptionRequest;
import com.aliyun.oss.model.SetObjectAclRequest;
import com.aliyun.oss.model.UploadPartCopyRequest;
import com.aliyun.oss.model.UploadPartRequest;
import com.aliyun.oss.model.WebServiceRequest;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.SignedRawRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SSE request headers on operations that do not take them: 400 InvalidArgument (oss-api.md §10.2,
 * seed 003), and the request has no effect at all.
 */
class SseRefusedIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "sse-refused";
  static final String EMPTY_BUCKET = "sse-refused-empty";
  static final byte[] DATA = random(150_000, 1);
  static final byte[] PART = random(120_000, 2);
  static OSS oss;
  static String uploadId;
  static PartETag part1;

  @BeforeAll
  static void setUp() {
    oss = coffer.client();
    oss.createBucket(BUCKET);
    oss.createBucket(EMPTY_BUCKET);
    oss.putObject(BUCKET, "victim", in(DATA));
    oss.putObject(BUCKET, "sealed", in(DATA), SseTesting.sse("SM4"));
    uploadId = oss.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, "upload")).getUploadId();
    part1 = oss.uploadPart(new UploadPartRequest(BUCKET, "upload", uploadId, 1, in(PART), PART.length)).getPartETag();
  }

  /** Every operation below, as the SDK sends it, with {@code header} added to the request. */
  static Map<String, Runnable> sdkOperations(String name, String value) {
    Map<String, Runnable> ops = new LinkedHashMap<>();
    Consumer<WebServiceRequest> h = r -> r.addHeader(name, value);
    ops.put("GetObject", () -> {
      GetObjectRequest r = new GetObjectRequest(BUCKET, "victim");
      h.accept(r);
      close(oss.getObject(r));
    });
    ops.put("GetObject (encrypted)", () -> {
      GetObjectRequest r = new GetObjectRequest(BUCKET, "sealed");
      h.accept(r);
      close(oss.getObject(r));
    });
    ops.put("HeadObject", () -> oss.getObjectMetadata(with(new GenericRequest(BUCKET, "victim"), h)));
    ops.put("GetObjectMeta", () -> oss.getSimplifiedObjectMeta(with(new GenericRequest(BUCKET, "victim"), h)));
    ops.put("DeleteObject", () -> oss.deleteObject(with(new GenericRequest(BUCKET, "victim"), h)));
    ops.put("DeleteMultipleObjects", () -> oss.deleteObjects(with(new DeleteObjectsRequest(BUCKET)
        .withKeys(List.of("victim", "sealed")), h)));
    ops.put("PutObjectACL", () -> oss.setObjectAcl(with(new SetObjectAclRequest(BUCKET, "victim",
        CannedAccessControlList.PublicRead), h)));
    ops.put("GetObjectACL", () -> oss.getObjectAcl(with(new GenericRequest(BUCKET, "victim"), h)));
    ops.put("UploadPart", () -> oss.uploadPart(with(new UploadPartRequest(BUCKET, "upload", uploadId, 2, in(PART),
        PART.length), h)));
    ops.put("UploadPartCopy", () -> oss.uploadPartCopy(with(new UploadPartCopyRequest(BUCKET, "victim", BUCKET,
        "upload", uploadId, 3, 0L, (long) DATA.length), h)));
    ops.put("CompleteMultipartUpload", () -> oss.completeMultipartUpload(with(new CompleteMultipartUploadRequest(
        BUCKET, "upload", uploadId, new ArrayList<>(List.of(part1))), h)));
    ops.put("ListParts", () -> oss.listParts(with(new ListPartsRequest(BUCKET, "upload", uploadId), h)));
    ops.put("AbortMultipartUpload", () -> oss.abortMultipartUpload(with(new AbortMultipartUploadRequest(BUCKET,
        "upload", uploadId), h)));
    ops.put("ListMultipartUploads", () -> oss.listMultipartUploads(with(new ListMultipartUploadsRequest(BUCKET), h)));
    ops.put("ListObjects", () -> oss.listObjects(with(new ListObjectsRequest(BUCKET), h)));
    ops.put("ListObjectsV2", () -> oss.listObjectsV2(with(new ListObjectsV2Request(BUCKET), h)));
    ops.put("PutBucketAcl", () -> oss.setBucketAcl(with(new SetBucketAclRequest(BUCKET,
        CannedAccessControlList.PublicReadWrite), h)));
    ops.put("GetBucketAcl", () -> oss.getBucketAcl(with(new GenericRequest(BUCKET), h)));
    ops.put("GetBucketInfo", () -> oss.getBucketInfo(with(new GenericRequest(BUCKET), h)));
    ops.put("GetBucketLocation", () -> oss.getBucketLocation(with(new GenericRequest(BUCKET), h)));
    ops.put("PutBucketEncryption", () -> {
      ServerSideEncryptionConfiguration c = new ServerSideEncryptionConfiguration();
      c.setApplyServerSideEncryptionByDefault(new ServerSideEncryptionByDefault(SSEAlgorithm.SM4));
      SetBucketEncryptionRequest r = new SetBucketEncryptionRequest(BUCKET, c);
      oss.setBucketEncryption(with(r, h));
    });
    ops.put("GetBucketEncryption", () -> oss.getBucketEncryption(with(new GenericRequest(BUCKET), h)));
    ops.put("DeleteBucketEncryption", () -> oss.deleteBucketEncryption(with(new GenericRequest(BUCKET), h)));
    ops.put("DeleteBucket", () -> oss.deleteBucket(with(new GenericRequest(EMPTY_BUCKET), h)));
    return ops;
  }

  static void close(com.aliyun.oss.model.OSSObject o) {
    try {
      o.close();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static <T extends WebServiceRequest> T with(T r, Consumer<WebServiceRequest> h) {
    h.accept(r);
    return r;
  }

  /** The state every refused request must leave exactly as it was. */
  static void assertNothingChanged() {
    assertThat(read(oss, BUCKET, "victim")).isEqualTo(DATA);
    assertThat(read(oss, BUCKET, "sealed")).isEqualTo(DATA);
    assertThat(oss.getObjectMetadata(BUCKET, "victim").getServerSideEncryption()).isNull();
    assertThat(oss.getObjectMetadata(BUCKET, "sealed").getServerSideEncryption()).isEqualTo("SM4");
    assertThat(oss.getObjectAcl(BUCKET, "victim").getPermission().toString()).isEqualTo("default");
    assertThat(oss.getBucketAcl(BUCKET).getCannedACL()).isEqualTo(CannedAccessControlList.Private);
    assertThat(oss.listParts(new ListPartsRequest(BUCKET, "upload", uploadId)).getParts())
        .extracting(p -> p.getPartNumber()).containsExactly(1);
    assertThat(oss.doesObjectExist(BUCKET, "upload")).isFalse();
    assertThat(oss.doesBucketExist(EMPTY_BUCKET)).isTrue();
    assertThat(ossError(() -> oss.getBucketEncryption(BUCKET)).getErrorCode())
        .isEqualTo("NoSuchServerSideEncryptionRule");
    assertThat(oss.listObjects(BUCKET).getObjectSummaries()).extracting(s -> s.getKey())
        .containsExactly("sealed", "victim");
  }

  @Test
  void sseHeaderOnOperationsThatDoNotTakeIt_sdkGets400InvalidArgument_andNothingChanges() {
    for (String[] header : List.of(new String[] {SSE, "AES256"}, new String[] {SSE, "SM4"},
        new String[] {SSE, "KMS"}, new String[] {SSE, "bogus"}, new String[] {SSE_KEY_ID, "cmk-1"})) {
      for (Map.Entry<String, Runnable> op : sdkOperations(header[0], header[1]).entrySet()) {
        assertThat(ossError(op.getValue()).getErrorCode()).as("%s with %s: %s", op.getKey(), header[0], header[1])
            .isEqualTo("InvalidArgument");
      }
      assertNothingChanged();
    }
  }

  @Test
  void sseHeaderOnOperationsThatDoNotTakeIt_rawStatusIs400WithInvalidArgumentDocument() throws Exception {
    String partQuery = "partNumber=2&uploadId=" + uploadId;
    List<SignedRawRequest> requests = List.of(
        SignedRawRequest.of(coffer, "GET", BUCKET, "victim"),
        SignedRawRequest.of(coffer, "DELETE", BUCKET, "victim"),
        SignedRawRequest.of(coffer, "PUT", BUCKET, "upload").query(partQuery).body(PART),
        SignedRawRequest.of(coffer, "PUT", BUCKET, "upload").query(partQuery)
            .header("x-oss-copy-source", "/" + BUCKET + "/victim"),
        SignedRawRequest.of(coffer, "POST", BUCKET, "upload").query("uploadId=" + uploadId)
            .body("<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>" + part1.getETag()
                + "</ETag></Part></CompleteMultipartUpload>"),
        SignedRawRequest.of(coffer, "GET", BUCKET, null),
        SignedRawRequest.of(coffer, "PUT", BUCKET, null).query("acl").header("x-oss-acl", "public-read"),
        SignedRawRequest.of(coffer, "PUT", BUCKET, "victim").query("acl").header("x-oss-object-acl", "public-read"));
    for (SignedRawRequest r : requests) {
      HttpResponse<String> resp = r.header(SSE, "AES256").send();
      assertError(resp, 400, "InvalidArgument");
      assertThat(xmlElement(resp.body(), "Message")).contains(SSE);
    }
    for (String head : List.of("", "objectMeta")) {
      HttpResponse<String> resp = SignedRawRequest.of(coffer, "HEAD", BUCKET, "victim").query(head).header(SSE, "SM4")
          .send();
      assertThat(resp.statusCode()).isEqualTo(400);
      String xml = new String(Base64.getDecoder().decode(resp.headers().firstValue("x-oss-err").orElseThrow()),
          StandardCharsets.UTF_8);
      assertThat(xmlElement(xml, "Code")).isEqualTo("InvalidArgument");
    }
    assertNothingChanged();
  }

  @Test
  void dataEncryptionHeaderAloneOnAReadOrList_isIgnored() {
    GetObjectRequest r = new GetObjectRequest(BUCKET, "victim");
    r.addHeader(SseTesting.SSE_DATA, "SM4");
    try (var o = oss.getObject(r)) {
      assertThat(o.getObjectMetadata().getContentLength()).isEqualTo(DATA.length);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(oss.listObjects(with(new ListObjectsRequest(BUCKET), x -> x.addHeader(SseTesting.SSE_DATA, "SM4")))
        .getObjectSummaries()).hasSize(2);
  }
}
