package io.coffer.server.oss;

import static io.coffer.server.oss.MultipartTesting.MIN_PART;
import static io.coffer.server.oss.MultipartTesting.blobFiles;
import static io.coffer.server.oss.MultipartTesting.complete;
import static io.coffer.server.oss.MultipartTesting.completeXml;
import static io.coffer.server.oss.MultipartTesting.concat;
import static io.coffer.server.oss.MultipartTesting.initiate;
import static io.coffer.server.oss.MultipartTesting.md5Base64;
import static io.coffer.server.oss.MultipartTesting.md5Hex;
import static io.coffer.server.oss.MultipartTesting.multipartEtag;
import static io.coffer.server.oss.MultipartTesting.randomBytes;
import static io.coffer.server.oss.MultipartTesting.uploadPart;
import static io.coffer.server.testing.SignedRawRequest.xmlElement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.common.utils.CRC64;
import com.aliyun.oss.model.AbortMultipartUploadRequest;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.CompleteMultipartUploadResult;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ListPartsRequest;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.PartSummary;
import com.aliyun.oss.model.UploadPartRequest;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.SignedRawRequest;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MultipartUploadIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "mpu";
  static OSS oss;

  @BeforeAll
  static void setUp() {
    oss = coffer.client();
    oss.createBucket(BUCKET);
  }

  private static byte[] get(String key) throws Exception {
    try (OSSObject o = oss.getObject(BUCKET, key)) {
      return o.getObjectContent().readAllBytes();
    }
  }

  private static long crc64(byte[] data) {
    CRC64 crc = new CRC64();
    crc.update(data, data.length);
    return crc.getValue();
  }

  private static List<PartSummary> parts(String key, String uploadId) {
    return oss.listParts(new ListPartsRequest(BUCKET, key, uploadId)).getParts();
  }

  private static HttpResponse<String> rawComplete(String key, String uploadId, String xml) throws Exception {
    return SignedRawRequest.of(coffer, "POST", BUCKET, key).query("uploadId=" + uploadId).body(xml).send();
  }

  private static void assertError(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(xmlElement(r.body(), "Code")).isEqualTo(code);
    assertThat(r.headers().firstValue("x-oss-request-id")).hasValueSatisfying(id -> assertThat(id).hasSize(24));
  }

  @Test
  void manyParts_uploadedOutOfOrderInParallel_completeToTheConcatenation() throws Exception {
    String key = "big/sixty-one parts.bin";
    int count = 61;
    List<byte[]> chunks = new ArrayList<>();
    for (int i = 1; i <= count; i++) chunks.add(randomBytes(i == count ? 4_321 : MIN_PART, i));
    long blobsBefore = blobFiles(coffer.dataDir());
    ObjectMetadata meta = new ObjectMetadata();
    meta.setContentType("application/x-test");
    meta.addUserMetadata("origin", "parallel");
    String uploadId = oss.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key, meta)).getUploadId();
    assertThat(uploadId).matches("[0-9A-F]{32}");

    List<Integer> order = new ArrayList<>();
    for (int i = 1; i <= count; i++) order.add(i);
    Collections.shuffle(order, new Random(7));
    Map<Integer, PartETag> etags = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int n : order) {
        done.add(pool.submit(() -> etags.put(n, uploadPart(oss, BUCKET, key, uploadId, n, chunks.get(n - 1)))));
      }
      for (Future<?> f : done) f.get();
    } finally {
      pool.shutdownNow();
    }
    List<PartETag> listed = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      PartETag p = etags.get(i);
      assertThat(p.getETag()).isEqualTo(md5Hex(chunks.get(i - 1)));
      assertThat(p.getPartCRC()).isEqualTo(crc64(chunks.get(i - 1)));
      listed.add(p);
    }

    // The SDK recomputes the combined CRC from the part CRCs and fails on a mismatch.
    CompleteMultipartUploadResult r = complete(oss, BUCKET, key, uploadId, listed);
    byte[] whole = concat(chunks);
    String expectedEtag = multipartEtag(listed.stream().map(PartETag::getETag).toList());
    assertThat(r.getETag()).isEqualTo(expectedEtag);
    assertThat(r.getServerCRC()).isEqualTo(crc64(whole));
    assertThat(r.getLocation()).isEqualTo(coffer.endpoint() + "/" + BUCKET + "/" + key);
    assertThat(r.getBucketName()).isEqualTo(BUCKET);
    assertThat(r.getKey()).isEqualTo(key);

    try (OSSObject o = oss.getObject(BUCKET, key)) {
      assertThat(o.getObjectContent().readAllBytes()).isEqualTo(whole);
      ObjectMetadata m = o.getObjectMetadata();
      assertThat(m.getObjectType()).isEqualTo("Multipart");
      assertThat(m.getETag()).isEqualTo(expectedEtag);
      assertThat(m.getContentMD5()).isNull();
      assertThat(m.getContentLength()).isEqualTo(whole.length);
      assertThat(m.getServerCRC()).isEqualTo(crc64(whole));
      assertThat(m.getContentType()).isEqualTo("application/x-test");
      assertThat(m.getUserMetadata()).containsEntry("origin", "parallel");
    }
    assertThat(blobFiles(coffer.dataDir()) - blobsBefore).isEqualTo(count);
    assertThatThrownBy(() -> parts(key, uploadId))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchUpload"));
  }

  @Test
  void rangedGet_acrossPartBoundaries_returnsTheRightBytes() throws Exception {
    String key = "ranged";
    byte[] a = randomBytes(MIN_PART, 31);
    byte[] b = randomBytes(MIN_PART, 32);
    byte[] c = randomBytes(10, 33);
    String id = initiate(oss, BUCKET, key);
    complete(oss, BUCKET, key, id, List.of(uploadPart(oss, BUCKET, key, id, 1, a),
        uploadPart(oss, BUCKET, key, id, 2, b), uploadPart(oss, BUCKET, key, id, 3, c)));
    byte[] whole = concat(List.of(a, b, c));
    GetObjectRequest g = new GetObjectRequest(BUCKET, key);
    g.setRange(MIN_PART - 5, 2L * MIN_PART + 4);
    try (OSSObject o = oss.getObject(g)) {
      assertThat(o.getObjectContent().readAllBytes())
          .isEqualTo(MultipartTesting.slice(whole, MIN_PART - 5, 2L * MIN_PART + 4));
    }
  }

  @Test
  void partUploadedAgain_replacesTheOldPartAndLeavesNoOrphanBlob() throws Exception {
    String key = "reupload";
    long blobsBefore = blobFiles(coffer.dataDir());
    byte[] first = randomBytes(MIN_PART, 1);
    byte[] oldSecond = randomBytes(5_000, 2);
    byte[] newSecond = randomBytes(7_000, 3);
    String id = initiate(oss, BUCKET, key);
    PartETag p1 = uploadPart(oss, BUCKET, key, id, 1, first);
    PartETag old2 = uploadPart(oss, BUCKET, key, id, 2, oldSecond);
    PartETag new2 = uploadPart(oss, BUCKET, key, id, 2, newSecond);
    assertThat(blobFiles(coffer.dataDir()) - blobsBefore).isEqualTo(2);

    List<PartSummary> listed = parts(key, id);
    assertThat(listed).extracting(PartSummary::getPartNumber).containsExactly(1, 2);
    assertThat(listed.get(1).getETag()).isEqualTo(md5Hex(newSecond));
    assertThat(listed.get(1).getSize()).isEqualTo(newSecond.length);

    HttpResponse<String> stale = rawComplete(key, id, completeXml(1, p1.getETag(), 2, old2.getETag()));
    assertError(stale, 400, "InvalidPart");

    complete(oss, BUCKET, key, id, List.of(p1, new2));
    assertThat(get(key)).isEqualTo(concat(List.of(first, newSecond)));
    assertThat(blobFiles(coffer.dataDir()) - blobsBefore).isEqualTo(2);
  }

  @Test
  void complete_withSubsetOfParts_discardsTheUnlistedPartsAndTheirBlobs() throws Exception {
    String key = "subset";
    long blobsBefore = blobFiles(coffer.dataDir());
    String id = initiate(oss, BUCKET, key);
    List<byte[]> chunks = new ArrayList<>();
    List<PartETag> all = new ArrayList<>();
    for (int n = 1; n <= 5; n++) {
      chunks.add(randomBytes(n == 5 ? 333 : MIN_PART + n, 40 + n));
      all.add(uploadPart(oss, BUCKET, key, id, n, chunks.get(n - 1)));
    }
    assertThat(blobFiles(coffer.dataDir()) - blobsBefore).isEqualTo(5);
    List<PartETag> chosen = List.of(all.get(0), all.get(2), all.get(4));
    CompleteMultipartUploadResult r = complete(oss, BUCKET, key, id, chosen);
    assertThat(r.getETag()).isEqualTo(multipartEtag(chosen.stream().map(PartETag::getETag).toList()));
    assertThat(get(key)).isEqualTo(concat(List.of(chunks.get(0), chunks.get(2), chunks.get(4))));
    assertThat(blobFiles(coffer.dataDir()) - blobsBefore).isEqualTo(3);
  }

  @Test
  void complete_overAnExistingObject_replacesItAndFreesItsBlob() throws Exception {
    String key = "replaced";
    oss.putObject(BUCKET, key, new ByteArrayInputStream(randomBytes(2_000, 50)));
    long blobsBefore = blobFiles(coffer.dataDir());
    String id = initiate(oss, BUCKET, key);
    byte[] data = randomBytes(3_000, 51);
    complete(oss, BUCKET, key, id, List.of(uploadPart(oss, BUCKET, key, id, 1, data)));
    assertThat(get(key)).isEqualTo(data);
    assertThat(blobFiles(coffer.dataDir())).isEqualTo(blobsBefore);
  }

  @Test
  void completeAll_header_usesEveryUploadedPartInNumberOrder() throws Exception {
    String key = "complete-all";
    String id = initiate(oss, BUCKET, key);
    byte[] p1 = randomBytes(MIN_PART, 61);
    byte[] p2 = randomBytes(MIN_PART + 1, 62);
    byte[] p3 = randomBytes(99, 63);
    PartETag e3 = uploadPart(oss, BUCKET, key, id, 3, p3);
    PartETag e1 = uploadPart(oss, BUCKET, key, id, 1, p1);
    PartETag e2 = uploadPart(oss, BUCKET, key, id, 2, p2);

    HttpResponse<String> both = SignedRawRequest.of(coffer, "POST", BUCKET, key).query("uploadId=" + id)
        .header("x-oss-complete-all", "yes").body(completeXml(1, e1.getETag())).send();
    assertError(both, 400, "InvalidArgument");
    assertThat(parts(key, id)).hasSize(3);

    CompleteMultipartUploadRequest req = new CompleteMultipartUploadRequest(BUCKET, key, id, null);
    req.setPartETags(null);
    req.addHeader("x-oss-complete-all", "yes");
    CompleteMultipartUploadResult r = oss.completeMultipartUpload(req);
    byte[] whole = concat(List.of(p1, p2, p3));
    assertThat(r.getETag()).isEqualTo(multipartEtag(List.of(e1.getETag(), e2.getETag(), e3.getETag())));
    assertThat(r.getServerCRC()).isEqualTo(crc64(whole));
    assertThat(get(key)).isEqualTo(whole);
  }

  @Test
  void sequentialUpload_refusesOutOfOrderPartsAndGivesTheObjectAContentMd5() throws Exception {
    String key = "sequential";
    InitiateMultipartUploadRequest init = new InitiateMultipartUploadRequest(BUCKET, key);
    init.setSequentialMode(true);
    String id = oss.initiateMultipartUpload(init).getUploadId();
    byte[] p1 = randomBytes(MIN_PART, 71);
    byte[] p2 = randomBytes(MIN_PART, 72);
    byte[] p3 = randomBytes(1_234, 73);
    long blobsBefore = blobFiles(coffer.dataDir());

    HttpResponse<String> early = SignedRawRequest.of(coffer, "PUT", BUCKET, key)
        .query("partNumber=2&uploadId=" + id).body(p2).send();
    assertError(early, 400, "PartNotSequential");
    assertThat(blobFiles(coffer.dataDir())).isEqualTo(blobsBefore);

    PartETag e1 = uploadPart(oss, BUCKET, key, id, 1, p1);
    PartETag e2 = uploadPart(oss, BUCKET, key, id, 2, p2);
    assertThatThrownBy(() -> uploadPart(oss, BUCKET, key, id, 4, p3))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("PartNotSequential"));
    PartETag e3 = uploadPart(oss, BUCKET, key, id, 3, p3);
    assertThat(parts(key, id)).extracting(PartSummary::getPartNumber).containsExactly(1, 2, 3);

    CompleteMultipartUploadResult r = complete(oss, BUCKET, key, id, List.of(e1, e2, e3));
    byte[] whole = concat(List.of(p1, p2, p3));
    assertThat(r.getETag()).isEqualTo(multipartEtag(List.of(e1.getETag(), e2.getETag(), e3.getETag())));
    try (OSSObject o = oss.getObject(BUCKET, key)) {
      assertThat(o.getObjectContent().readAllBytes()).isEqualTo(whole);
      assertThat(o.getObjectMetadata().getContentMD5()).isEqualTo(md5Base64(whole));
      assertThat(o.getObjectMetadata().getObjectType()).isEqualTo("Multipart");
    }
  }

  @Test
  void invalidCompletions_fail_andLeaveTheUploadOpenAndCompletable() throws Exception {
    String key = "errors";
    String id = initiate(oss, BUCKET, key);
    byte[] p1 = randomBytes(MIN_PART, 81);
    byte[] p2 = randomBytes(MIN_PART - 1, 82);
    byte[] p3 = randomBytes(500, 83);
    PartETag e1 = uploadPart(oss, BUCKET, key, id, 1, p1);
    PartETag e2 = uploadPart(oss, BUCKET, key, id, 2, p2);
    PartETag e3 = uploadPart(oss, BUCKET, key, id, 3, p3);
    long blobsBefore = blobFiles(coffer.dataDir());

    assertError(rawComplete(key, id, completeXml(1, e1.getETag(), 4, e3.getETag())), 400, "InvalidPart");
    assertError(rawComplete(key, id, completeXml(1, e1.getETag(), 3, e2.getETag())), 400, "InvalidPart");
    assertError(rawComplete(key, id, completeXml(1, "0".repeat(32))), 400, "InvalidPart");
    assertError(rawComplete(key, id, completeXml(3, e3.getETag(), 1, e1.getETag())), 400, "InvalidPartOrder");
    assertError(rawComplete(key, id, completeXml(1, e1.getETag(), 1, e1.getETag())), 400, "InvalidPartOrder");
    assertError(rawComplete(key, id, completeXml(1, e1.getETag(), 2, e2.getETag(), 3, e3.getETag())), 400,
        "EntityTooSmall");
    assertError(rawComplete(key, id, "<CompleteMultipartUpload><Part>"), 400, "MalformedXML");
    assertThatThrownBy(() -> complete(oss, BUCKET, key, id, List.of(e2, e3)))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("EntityTooSmall"));

    assertThat(parts(key, id)).extracting(PartSummary::getETag)
        .containsExactly(e1.getETag(), e2.getETag(), e3.getETag());
    assertThatThrownBy(() -> oss.getObjectMetadata(BUCKET, key))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchKey"));
    assertThat(blobFiles(coffer.dataDir())).isEqualTo(blobsBefore);

    // A too-small part may still be the last one.
    complete(oss, BUCKET, key, id, List.of(e1, e2));
    assertThat(get(key)).isEqualTo(concat(List.of(p1, p2)));
    assertThat(blobFiles(coffer.dataDir())).isEqualTo(blobsBefore - 1);
  }

  @Test
  void uploadPart_numberOutOfRange_isInvalidArgumentAndStoresNothing() throws Exception {
    String key = "part-numbers";
    String id = initiate(oss, BUCKET, key);
    long blobsBefore = blobFiles(coffer.dataDir());
    for (String n : List.of("0", "10001", "-1", "abc")) {
      HttpResponse<String> r = SignedRawRequest.of(coffer, "PUT", BUCKET, key)
          .query("partNumber=" + n + "&uploadId=" + id).body(randomBytes(100, 1)).send();
      assertError(r, 400, "InvalidArgument");
    }
    assertThat(parts(key, id)).isEmpty();
    assertThat(blobFiles(coffer.dataDir())).isEqualTo(blobsBefore);
    PartETag last = uploadPart(oss, BUCKET, key, id, 10_000, randomBytes(10, 2));
    assertThat(parts(key, id)).extracting(PartSummary::getPartNumber).containsExactly(10_000);
    complete(oss, BUCKET, key, id, List.of(last));
    assertThat(get(key)).isEqualTo(randomBytes(10, 2));
  }

  @Test
  void abort_answers204_thenTheUploadIsGoneEverywhere() throws Exception {
    String key = "aborted";
    long blobsBefore = blobFiles(coffer.dataDir());
    String id = initiate(oss, BUCKET, key);
    PartETag e1 = uploadPart(oss, BUCKET, key, id, 1, randomBytes(MIN_PART, 91));
    uploadPart(oss, BUCKET, key, id, 2, randomBytes(10, 92));
    assertThat(blobFiles(coffer.dataDir()) - blobsBefore).isEqualTo(2);

    HttpResponse<String> abort = SignedRawRequest.of(coffer, "DELETE", BUCKET, key).query("uploadId=" + id).send();
    assertThat(abort.statusCode()).isEqualTo(204);
    assertThat(blobFiles(coffer.dataDir())).isEqualTo(blobsBefore);

    assertError(SignedRawRequest.of(coffer, "PUT", BUCKET, key).query("partNumber=3&uploadId=" + id)
        .body(randomBytes(10, 93)).send(), 404, "NoSuchUpload");
    assertError(rawComplete(key, id, completeXml(1, e1.getETag())), 404, "NoSuchUpload");
    assertError(SignedRawRequest.of(coffer, "GET", BUCKET, key).query("uploadId=" + id).send(), 404, "NoSuchUpload");
    assertError(SignedRawRequest.of(coffer, "DELETE", BUCKET, key).query("uploadId=" + id).send(), 404,
        "NoSuchUpload");
    assertThatThrownBy(() -> uploadPart(oss, BUCKET, key, id, 1, randomBytes(10, 94)))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchUpload"));
    assertThat(blobFiles(coffer.dataDir())).isEqualTo(blobsBefore);
    assertThatThrownBy(() -> oss.getObjectMetadata(BUCKET, key))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchKey"));
  }

  @Test
  void uploadId_usedWithAnotherKey_isNoSuchUpload() throws Exception {
    String id = initiate(oss, BUCKET, "owner-key");
    long blobsBefore = blobFiles(coffer.dataDir());
    assertThatThrownBy(() -> uploadPart(oss, BUCKET, "other-key", id, 1, randomBytes(10, 1)))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchUpload"));
    assertThat(blobFiles(coffer.dataDir())).isEqualTo(blobsBefore);
    assertThat(parts("owner-key", id)).isEmpty();
    assertError(SignedRawRequest.of(coffer, "GET", BUCKET, "other-key").query("uploadId=" + id).send(), 404,
        "NoSuchUpload");
  }

  @Test
  void singleEmptyPart_makesAZeroByteMultipartObject() throws Exception {
    String key = "empty";
    String id = initiate(oss, BUCKET, key);
    PartETag e = uploadPart(oss, BUCKET, key, id, 1, new byte[0]);
    assertThat(e.getETag()).isEqualTo(md5Hex(new byte[0]));
    CompleteMultipartUploadResult r = complete(oss, BUCKET, key, id, List.of(e));
    assertThat(r.getETag()).isEqualTo(multipartEtag(List.of(e.getETag())));
    try (OSSObject o = oss.getObject(BUCKET, key)) {
      assertThat(o.getObjectContent().readAllBytes()).isEmpty();
      assertThat(o.getObjectMetadata().getObjectType()).isEqualTo("Multipart");
      assertThat(o.getObjectMetadata().getServerCRC()).isZero();
    }
  }

  @Test
  void completeResponse_carriesEtagAndCrcHeaders() throws Exception {
    String key = "headers/a b";
    String id = initiate(oss, BUCKET, key);
    byte[] data = randomBytes(1_000, 5);
    PartETag e = uploadPart(oss, BUCKET, key, id, 1, data);
    HttpResponse<String> r = rawComplete(key, id, completeXml(1, e.getETag()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String etag = multipartEtag(List.of(e.getETag()));
    assertThat(r.headers().firstValue("ETag")).hasValue("\"" + etag + "\"");
    assertThat(r.headers().firstValue("x-oss-hash-crc64ecma")).hasValue(Long.toUnsignedString(crc64(data)));
    assertThat(xmlElement(r.body(), "ETag").replace("&quot;", "\"")).isEqualTo("\"" + etag + "\"");
    assertThat(xmlElement(r.body(), "Key")).isEqualTo(key);
  }

  @Test
  void uploadPart_wrongContentMd5_isInvalidDigestAndStoresNothing() throws Exception {
    String key = "digest";
    String id = initiate(oss, BUCKET, key);
    long blobsBefore = blobFiles(coffer.dataDir());
    byte[] data = randomBytes(2_000, 3);
    UploadPartRequest r = new UploadPartRequest(BUCKET, key, id, 1,
        new ByteArrayInputStream(data), data.length);
    r.setMd5Digest(md5Base64(randomBytes(10, 4)));
    assertThatThrownBy(() -> oss.uploadPart(r))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("InvalidDigest"));
    assertThat(parts(key, id)).isEmpty();
    assertThat(blobFiles(coffer.dataDir())).isEqualTo(blobsBefore);

    UploadPartRequest good = new UploadPartRequest(BUCKET, key, id, 1,
        new ByteArrayInputStream(data), data.length);
    good.setMd5Digest(md5Base64(data));
    assertThat(oss.uploadPart(good).getETag()).isEqualTo(md5Hex(data));
  }

  @Test
  void initiate_missingBucket_isNoSuchBucket() {
    assertThatThrownBy(() -> initiate(oss, "no-such-bucket", "k"))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchBucket"));
  }

  @Test
  void deleteBucket_withAnUnfinishedUpload_isBucketNotEmptyUntilAborted() {
    String bucket = "mpu-pending";
    oss.createBucket(bucket);
    String id = initiate(oss, bucket, "k");
    assertThatThrownBy(() -> oss.deleteBucket(bucket))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("BucketNotEmpty"));
    assertThat(oss.doesBucketExist(bucket)).isTrue();
    oss.abortMultipartUpload(new AbortMultipartUploadRequest(bucket, "k", id));
    oss.deleteBucket(bucket);
    assertThat(oss.doesBucketExist(bucket)).isFalse();
  }
}
