package io.coffer.server.oss;

import static io.coffer.server.oss.MultipartTesting.MIN_PART;
import static io.coffer.server.oss.MultipartTesting.blobFiles;
import static io.coffer.server.oss.MultipartTesting.complete;
import static io.coffer.server.oss.MultipartTesting.concat;
import static io.coffer.server.oss.MultipartTesting.initiate;
import static io.coffer.server.oss.MultipartTesting.md5Hex;
import static io.coffer.server.oss.MultipartTesting.multipartEtag;
import static io.coffer.server.oss.MultipartTesting.randomBytes;
import static io.coffer.server.oss.MultipartTesting.slice;
import static io.coffer.server.oss.MultipartTesting.uploadPart;
import static io.coffer.server.testing.SignedRawRequest.xmlElement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.AbortMultipartUploadRequest;
import com.aliyun.oss.model.CompleteMultipartUploadResult;
import com.aliyun.oss.model.ListPartsRequest;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.PartSummary;
import com.aliyun.oss.model.UploadPartCopyRequest;
import com.aliyun.oss.model.UploadPartCopyResult;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.SignedRawRequest;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UploadPartCopyIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "copy-target";
  static final String SOURCE_BUCKET = "copy-source";
  static final byte[] SOURCE = randomBytes(250_000, 1);
  static final String SOURCE_KEY = "src/source object.bin";
  static OSS oss;

  @BeforeAll
  static void setUp() {
    oss = coffer.client();
    oss.createBucket(BUCKET);
    oss.createBucket(SOURCE_BUCKET);
    oss.putObject(SOURCE_BUCKET, SOURCE_KEY, new ByteArrayInputStream(SOURCE));
  }

  private static UploadPartCopyResult copyPart(String key, String uploadId, int number, Long begin, Long size) {
    UploadPartCopyRequest r = begin == null
        ? new UploadPartCopyRequest(SOURCE_BUCKET, SOURCE_KEY, BUCKET, key, uploadId)
        : new UploadPartCopyRequest(SOURCE_BUCKET, SOURCE_KEY, BUCKET, key, uploadId, number, begin, size);
    r.setPartNumber(number);
    return oss.uploadPartCopy(r);
  }

  private static List<PartSummary> parts(String key, String uploadId) {
    return oss.listParts(new ListPartsRequest(BUCKET, key, uploadId)).getParts();
  }

  private static byte[] get(String bucket, String key) throws Exception {
    try (OSSObject o = oss.getObject(bucket, key)) {
      return o.getObjectContent().readAllBytes();
    }
  }

  private static HttpResponse<String> rawCopy(String key, String uploadId, String source, String range)
      throws Exception {
    SignedRawRequest r = SignedRawRequest.of(coffer, "PUT", BUCKET, key).query("partNumber=1&uploadId=" + uploadId)
        .header("x-oss-copy-source", source);
    if (range != null) r.header("x-oss-copy-source-range", range);
    return r.send();
  }

  private static void assertError(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(xmlElement(r.body(), "Code")).isEqualTo(code);
  }

  @Test
  void copyWholeSource_partEtagIsTheSourceMd5_andCompletes() throws Exception {
    String key = "whole";
    String id = initiate(oss, BUCKET, key);
    UploadPartCopyResult r = copyPart(key, id, 1, null, null);
    assertThat(r.getETag()).isEqualTo(md5Hex(SOURCE));
    assertThat(r.getPartNumber()).isEqualTo(1);
    PartSummary listed = parts(key, id).get(0);
    assertThat(listed.getSize()).isEqualTo(SOURCE.length);
    assertThat(listed.getETag()).isEqualTo(md5Hex(SOURCE));

    byte[] tail = randomBytes(777, 2);
    PartETag uploaded = uploadPart(oss, BUCKET, key, id, 2, tail);
    CompleteMultipartUploadResult done = complete(oss, BUCKET, key, id, List.of(r.getPartETag(), uploaded));
    assertThat(done.getETag()).isEqualTo(multipartEtag(List.of(md5Hex(SOURCE), md5Hex(tail))));
    assertThat(get(BUCKET, key)).isEqualTo(concat(List.of(SOURCE, tail)));
    // The source is untouched and independent of the new object.
    oss.deleteObject(BUCKET, key);
    assertThat(get(SOURCE_BUCKET, SOURCE_KEY)).isEqualTo(SOURCE);
  }

  @Test
  void copyRanges_partEtagIsTheMd5OfTheRange_andTheObjectIsTheirConcatenation() throws Exception {
    String key = "ranges";
    String id = initiate(oss, BUCKET, key);
    long[][] ranges = {{0, MIN_PART}, {MIN_PART, MIN_PART + 5_000}, {SOURCE.length - 1, 1}};
    List<byte[]> pieces = new ArrayList<>();
    List<PartETag> etags = new ArrayList<>();
    for (int i = 0; i < ranges.length; i++) {
      long begin = ranges[i][0];
      long size = ranges[i][1];
      byte[] expected = slice(SOURCE, begin, begin + size - 1);
      UploadPartCopyResult r = copyPart(key, id, i + 1, begin, size);
      assertThat(r.getETag()).as("part %d", i + 1).isEqualTo(md5Hex(expected));
      pieces.add(expected);
      etags.add(r.getPartETag());
    }
    assertThat(parts(key, id)).extracting(PartSummary::getSize).containsExactly((long) MIN_PART, (long) MIN_PART + 5_000,
        1L);
    complete(oss, BUCKET, key, id, etags);
    assertThat(get(BUCKET, key)).isEqualTo(concat(pieces));
  }

  @Test
  void copyFromMultipartSource_rangeSpanningItsParts_copiesTheRightBytes() throws Exception {
    String srcKey = "multipart-source";
    byte[] a = randomBytes(MIN_PART, 11);
    byte[] b = randomBytes(MIN_PART, 12);
    String srcId = initiate(oss, SOURCE_BUCKET, srcKey);
    complete(oss, SOURCE_BUCKET, srcKey, srcId, List.of(uploadPart(oss, SOURCE_BUCKET, srcKey, srcId, 1, a),
        uploadPart(oss, SOURCE_BUCKET, srcKey, srcId, 2, b)));
    byte[] source = concat(List.of(a, b));

    String key = "from-multipart";
    String id = initiate(oss, BUCKET, key);
    UploadPartCopyRequest req = new UploadPartCopyRequest(SOURCE_BUCKET, srcKey, BUCKET, key, id, 1, 100L,
        (long) MIN_PART);
    UploadPartCopyResult r = oss.uploadPartCopy(req);
    byte[] expected = slice(source, 100, 100 + MIN_PART - 1);
    assertThat(r.getETag()).isEqualTo(md5Hex(expected));
    complete(oss, BUCKET, key, id, List.of(r.getPartETag()));
    assertThat(get(BUCKET, key)).isEqualTo(expected);
  }

  @Test
  void copyResponse_carriesEtagHeaderAndCopyPartResult() throws Exception {
    String key = "raw-copy";
    String id = initiate(oss, BUCKET, key);
    HttpResponse<String> r = rawCopy(key, id, "/" + SOURCE_BUCKET + "/src/source%20object.bin", "bytes=10-19");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String etag = md5Hex(slice(SOURCE, 10, 19));
    assertThat(r.headers().firstValue("ETag")).hasValue("\"" + etag + "\"");
    assertThat(r.body()).contains("<CopyPartResult>");
    assertThat(xmlElement(r.body(), "ETag").replace("&quot;", "\"")).isEqualTo("\"" + etag + "\"");
    assertThat(xmlElement(r.body(), "LastModified")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.000Z");
  }

  @Test
  void copyFromMissingSource_isNotFound_andStoresNothing() throws Exception {
    String key = "missing-source";
    String id = initiate(oss, BUCKET, key);
    long blobsBefore = blobFiles(coffer.dataDir());
    assertError(rawCopy(key, id, "/" + SOURCE_BUCKET + "/no-such-key", null), 404, "NoSuchKey");
    assertError(rawCopy(key, id, "/no-such-bucket/" + "k", null), 404, "NoSuchBucket");
    UploadPartCopyRequest missing = new UploadPartCopyRequest(SOURCE_BUCKET, "nope", BUCKET, key, id);
    missing.setPartNumber(1);
    assertThatThrownBy(() -> oss.uploadPartCopy(missing))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchKey"));
    assertThat(parts(key, id)).isEmpty();
    assertThat(blobFiles(coffer.dataDir())).isEqualTo(blobsBefore);
  }

  @Test
  void copyRangePastTheSource_isInvalidArgument_andStoresNothing() throws Exception {
    String key = "bad-range";
    String id = initiate(oss, BUCKET, key);
    long blobsBefore = blobFiles(coffer.dataDir());
    String source = "/" + SOURCE_BUCKET + "/src/source%20object.bin";
    assertError(rawCopy(key, id, source, "bytes=0-" + SOURCE.length), 400, "InvalidArgument");
    assertError(rawCopy(key, id, source, "bytes=10-5"), 400, "InvalidArgument");
    assertError(rawCopy(key, id, source, "bytes=abc"), 400, "InvalidArgument");
    assertThat(parts(key, id)).isEmpty();
    assertThat(blobFiles(coffer.dataDir())).isEqualTo(blobsBefore);
  }

  @Test
  void copyToGoneUpload_isNoSuchUpload_andStoresNothing() throws Exception {
    String key = "gone-upload";
    String id = initiate(oss, BUCKET, key);
    oss.abortMultipartUpload(new AbortMultipartUploadRequest(BUCKET, key, id));
    long blobsBefore = blobFiles(coffer.dataDir());
    assertError(rawCopy(key, id, "/" + SOURCE_BUCKET + "/src/source%20object.bin", null), 404, "NoSuchUpload");
    assertThat(blobFiles(coffer.dataDir())).isEqualTo(blobsBefore);
  }

  @Test
  void copySourceCondition_failing_isPreconditionFailed() throws Exception {
    String key = "conditional";
    String id = initiate(oss, BUCKET, key);
    UploadPartCopyRequest r = new UploadPartCopyRequest(SOURCE_BUCKET, SOURCE_KEY, BUCKET, key, id);
    r.setPartNumber(1);
    r.setMatchingETagConstraints(List.of("\"" + "0".repeat(32) + "\""));
    assertThatThrownBy(() -> oss.uploadPartCopy(r))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("PreconditionFailed"));
    assertThat(parts(key, id)).isEmpty();
    r.setMatchingETagConstraints(List.of("\"" + md5Hex(SOURCE) + "\""));
    assertThat(oss.uploadPartCopy(r).getETag()).isEqualTo(md5Hex(SOURCE));
  }
}
