package io.coffer.server.sse;

import static io.coffer.server.sse.SseTesting.INVALID_ALGORITHM_MESSAGE;
import static io.coffer.server.sse.SseTesting.SSE;
import static io.coffer.server.sse.SseTesting.SSE_DATA;
import static io.coffer.server.sse.SseTesting.SSE_KEY_ID;
import static io.coffer.server.sse.SseTesting.assertError;
import static io.coffer.server.sse.SseTesting.assertSse;
import static io.coffer.server.sse.SseTesting.in;
import static io.coffer.server.sse.SseTesting.ossError;
import static io.coffer.server.sse.SseTesting.random;
import static io.coffer.server.sse.SseTesting.read;
import static io.coffer.server.testing.SignedRawRequest.xmlElement;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PutObjectRequest;
import com.aliyun.oss.model.PutObjectResult;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.SignedRawRequest;
import io.coffer.server.testing.TestData;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PutObject, GetObject and HeadObject with {@code x-oss-server-side-encryption} (oss-api.md §10):
 * what each answers with, and the values and companions it refuses.
 */
class SseObjectIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "sse-objects";
  static OSS v1;
  static OSS v4;

  @BeforeAll
  static void setUp() {
    v1 = coffer.client();
    v4 = coffer.clientV4();
    v1.createBucket(BUCKET);
  }

  static OSS client(String signature) {
    return signature.equals("V4") ? v4 : v1;
  }

  static Stream<Arguments> signaturesAndAlgorithms() {
    return Stream.of("V1", "V4").flatMap(s -> SseTesting.algorithms().map(a -> Arguments.of(s, a)));
  }

  static HttpResponse<String> rawGet(String key) throws Exception {
    return SignedRawRequest.of(coffer, "GET", BUCKET, key).send();
  }

  static HttpResponse<String> rawHead(String key) throws Exception {
    return SignedRawRequest.of(coffer, "HEAD", BUCKET, key).send();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("signaturesAndAlgorithms")
  void putWithSse_putGetAndHeadAnswerTheAlgorithm_andBytesDigestsArePlaintexts(String signature, String alg)
      throws Exception {
    OSS oss = client(signature);
    String key = "typed/" + signature + "/" + alg;
    byte[] data = random(200_001, key.hashCode());
    PutObjectRequest request = new PutObjectRequest(BUCKET, key, in(data), SseTesting.sse(alg));
    request.setProcess(""); // makes the SDK keep the response headers
    assertSse(oss.putObject(request), alg);
    // Without a process the SDK drops the headers but checks the CRC-64 the server answered with.
    PutObjectResult put = oss.putObject(BUCKET, key, in(data), SseTesting.sse(alg));
    assertThat(put.getETag()).isEqualTo(TestData.etag(data));
    assertThat(put.getServerCRC()).isEqualTo(TestData.crc64Value(data));

    try (OSSObject o = oss.getObject(BUCKET, key)) {
      assertThat(o.getObjectContent().readAllBytes()).isEqualTo(data);
      assertSse(o, alg);
      ObjectMetadata m = o.getObjectMetadata();
      assertThat(m.getServerSideEncryption()).isEqualTo(alg);
      assertThat(m.getServerSideEncryptionKeyId()).isNull();
      assertThat(m.getServerSideDataEncryption()).isNull();
      assertThat(m.getContentLength()).isEqualTo(data.length);
      assertThat(m.getETag()).isEqualTo(TestData.etag(data));
      assertThat(m.getContentMD5()).isEqualTo(TestData.md5Base64(data));
      assertThat(m.getServerCRC()).isEqualTo(TestData.crc64Value(data));
    }
    ObjectMetadata head = oss.getObjectMetadata(BUCKET, key);
    assertThat(head.getServerSideEncryption()).isEqualTo(alg);
    assertThat(head.getContentLength()).isEqualTo(data.length);
    assertSse(head.getRawMetadata().entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(e -> e.getKey(), e -> String.valueOf(e.getValue()))), alg);

    assertSse(rawGet(key), alg);
    assertSse(rawHead(key), alg);
    HttpResponse<String> rawPut = SignedRawRequest.of(coffer, "PUT", BUCKET, key + "/raw").header(SSE, alg)
        .body(data).send();
    assertThat(rawPut.statusCode()).isEqualTo(200);
    assertSse(rawPut, alg);
    assertThat(rawPut.headers().firstValue("ETag")).hasValue("\"" + TestData.etag(data) + "\"");
    assertThat(rawPut.headers().firstValue("x-oss-hash-crc64ecma")).hasValue(TestData.crc64(data));
    assertThat(read(oss, BUCKET, key + "/raw")).isEqualTo(data);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.coffer.server.sse.SseTesting#algorithms")
  void putWithSseAsRawHeader_sameAsTypedSetter(String alg) throws Exception {
    ObjectMetadata m = new ObjectMetadata();
    m.setHeader(SSE, alg);
    byte[] data = random(1000, 7);
    v1.putObject(new PutObjectRequest(BUCKET, "raw-header/" + alg, in(data), m));
    assertSse(rawHead("raw-header/" + alg), alg);
    assertThat(read(v1, BUCKET, "raw-header/" + alg)).isEqualTo(data);
    assertThat(v1.getObjectMetadata(BUCKET, "raw-header/" + alg).getServerSideEncryption()).isEqualTo(alg);
  }

  @Test
  void plaintextObject_carriesNoSseHeaderOnPutGetOrHead() throws Exception {
    for (OSS oss : List.of(v1, v4)) {
      byte[] data = random(5000, 3);
      PutObjectRequest request = new PutObjectRequest(BUCKET, "plain", in(data));
      request.setProcess("");
      assertSse(oss.putObject(request), null);
      try (OSSObject o = oss.getObject(BUCKET, "plain")) {
        assertSse(o, null);
      }
      ObjectMetadata head = oss.getObjectMetadata(BUCKET, "plain");
      assertThat(head.getServerSideEncryption()).isNull();
      assertThat(head.getRawMetadata().keySet()).noneMatch(k -> k.toLowerCase().startsWith("x-oss-server-side"));
      assertThat(read(oss, BUCKET, "plain")).isEqualTo(data);
    }
    HttpResponse<String> put = SignedRawRequest.of(coffer, "PUT", BUCKET, "plain-raw").body("hello").send();
    assertThat(put.statusCode()).isEqualTo(200);
    assertSse(put, null);
    assertSse(rawGet("plain-raw"), null);
    assertSse(rawHead("plain-raw"), null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"AES", "aes256", "SM3", "sm4", "kms", "NONE"})
  void putWithInvalidAlgorithm_400InvalidEncryptionAlgorithmError_storesNothing(String value) throws Exception {
    String key = "invalid/" + value;
    HttpResponse<String> raw = SignedRawRequest.of(coffer, "PUT", BUCKET, key).header(SSE, value).body("data").send();
    assertError(raw, 400, "InvalidEncryptionAlgorithmError");
    assertThat(xmlElement(raw.body(), "Message")).startsWith(INVALID_ALGORITHM_MESSAGE);
    assertThat(v1.doesObjectExist(BUCKET, key)).isFalse();

    ObjectMetadata m = new ObjectMetadata();
    m.setHeader(SSE, value);
    OSSException e = ossError(() -> v4.putObject(BUCKET, key, in(new byte[10]), m));
    assertThat(e.getErrorCode()).isEqualTo("InvalidEncryptionAlgorithmError");
    assertThat(e.getErrorMessage()).startsWith(INVALID_ALGORITHM_MESSAGE);
    assertThat(v1.doesObjectExist(BUCKET, key)).isFalse();
  }

  @Test
  void putWithInvalidAlgorithmOverExistingObject_leavesItUnchanged() throws Exception {
    byte[] data = random(3000, 11);
    v1.putObject(BUCKET, "kept", in(data), SseTesting.sse("SM4"));
    String etag = v1.getObjectMetadata(BUCKET, "kept").getETag();
    ObjectMetadata m = new ObjectMetadata();
    m.setHeader(SSE, "AES");
    OSSException e = ossError(() -> v1.putObject(BUCKET, "kept", in(new byte[10]), m));
    assertThat(e.getErrorCode()).isEqualTo("InvalidEncryptionAlgorithmError");
    ObjectMetadata after = v1.getObjectMetadata(BUCKET, "kept");
    assertThat(after.getETag()).isEqualTo(etag);
    assertThat(after.getServerSideEncryption()).isEqualTo("SM4");
    assertThat(read(v1, BUCKET, "kept")).isEqualTo(data);
  }

  @Test
  void putWithDataEncryptionSm4WithoutKms_isIgnored() throws Exception {
    byte[] data = random(777, 13);
    ObjectMetadata alone = new ObjectMetadata();
    alone.setServerSideDataEncryption("SM4");
    v1.putObject(BUCKET, "data-enc/alone", in(data), alone);
    HttpResponse<String> rawAlone = SignedRawRequest.of(coffer, "PUT", BUCKET, "data-enc/raw").header(SSE_DATA, "SM4")
        .body(data).send();
    assertThat(rawAlone.statusCode()).isEqualTo(200);
    assertSse(rawAlone, null);
    assertSse(rawHead("data-enc/alone"), null);
    assertThat(read(v1, BUCKET, "data-enc/alone")).isEqualTo(data);

    for (String alg : List.of("AES256", "SM4")) {
      ObjectMetadata m = SseTesting.sse(alg);
      m.setServerSideDataEncryption("SM4");
      v4.putObject(BUCKET, "data-enc/" + alg, in(data), m);
      HttpResponse<String> raw = SignedRawRequest.of(coffer, "PUT", BUCKET, "data-enc/raw-" + alg).header(SSE, alg)
          .header(SSE_DATA, "SM4").body(data).send();
      assertThat(raw.statusCode()).isEqualTo(200);
      assertSse(raw, alg);
      assertSse(rawGet("data-enc/" + alg), alg);
      assertThat(read(v4, BUCKET, "data-enc/" + alg)).isEqualTo(data);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.coffer.server.sse.SseTesting#algorithms")
  void putWithKeyIdAndOssAlgorithm_400InvalidArgument_storesNothing(String alg) throws Exception {
    String key = "key-id/" + alg;
    ObjectMetadata m = SseTesting.sse(alg);
    m.setServerSideEncryptionKeyId("some-cmk");
    OSSException e = ossError(() -> v1.putObject(BUCKET, key, in(new byte[100]), m));
    assertThat(e.getErrorCode()).isEqualTo("InvalidArgument");
    assertThat(v1.doesObjectExist(BUCKET, key)).isFalse();

    HttpResponse<String> raw = SignedRawRequest.of(coffer, "PUT", BUCKET, key).header(SSE, alg)
        .header(SSE_KEY_ID, "some-cmk").body("x").send();
    assertError(raw, 400, "InvalidArgument");
    HttpResponse<String> alone = SignedRawRequest.of(coffer, "PUT", BUCKET, key).header(SSE_KEY_ID, "some-cmk")
        .body("x").send();
    assertError(alone, 400, "InvalidArgument");
    assertThat(v1.doesObjectExist(BUCKET, key)).isFalse();
  }

  @Test
  void putWithKmsAndUnknownCmk_400InvalidArgument_storesNothingAndKeepsTheOldObject() throws Exception {
    String unknown = java.util.UUID.randomUUID().toString();
    HttpResponse<String> raw = SignedRawRequest.of(coffer, "PUT", BUCKET, "kms/new").header(SSE, "KMS")
        .header(SSE_KEY_ID, unknown).body("x").send();
    assertError(raw, 400, "InvalidArgument");
    assertThat(xmlElement(raw.body(), "EC")).isEqualTo(KmsTesting.EC_UNKNOWN_CMK);
    ObjectMetadata m = KmsTesting.kmsMeta("alias/no-such-alias", true);
    assertThat(ossError(() -> v4.putObject(BUCKET, "kms/new", in(new byte[10]), m)).getErrorCode())
        .isEqualTo("InvalidArgument");
    assertThat(v1.doesObjectExist(BUCKET, "kms/new")).isFalse();

    byte[] data = random(500, 17);
    v1.putObject(BUCKET, "kms/old", in(data));
    ObjectMetadata withKey = KmsTesting.kmsMeta("cmk-1", false);
    assertThat(ossError(() -> v1.putObject(BUCKET, "kms/old", in(new byte[10]), withKey)).getErrorCode())
        .isEqualTo("InvalidArgument");
    assertThat(read(v1, BUCKET, "kms/old")).isEqualTo(data);
    assertThat(v1.getObjectMetadata(BUCKET, "kms/old").getServerSideEncryption()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.coffer.server.sse.SseTesting#algorithms")
  void chunkedPutOfUnknownLength_isSealedAndReadsBack(String alg) throws Exception {
    byte[] data = random(333_333, 19);
    // A stream the SDK cannot size goes out with Transfer-Encoding: chunked.
    java.io.InputStream unsized = new java.io.FilterInputStream(in(data)) {
      @Override
      public int available() {
        return 0;
      }

      @Override
      public boolean markSupported() {
        return false;
      }
    };
    v4.putObject(BUCKET, "chunked/" + alg, unsized, SseTesting.sse(alg));
    ObjectMetadata m = v1.getObjectMetadata(BUCKET, "chunked/" + alg);
    assertThat(m.getServerSideEncryption()).isEqualTo(alg);
    assertThat(m.getContentLength()).isEqualTo(data.length);
    assertThat(read(v1, BUCKET, "chunked/" + alg)).isEqualTo(data);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.coffer.server.sse.SseTesting#algorithms")
  void listingsAndObjectMeta_reportThePlaintextSizeAndEtag(String alg) {
    byte[] data = random(100_000, 23);
    String key = "listed/" + alg;
    v1.putObject(BUCKET, key, in(data), SseTesting.sse(alg));
    var summary = v1.listObjects(BUCKET, key).getObjectSummaries();
    assertThat(summary).hasSize(1);
    assertThat(summary.get(0).getSize()).isEqualTo(data.length);
    assertThat(summary.get(0).getETag()).isEqualTo(TestData.etag(data));
    var meta = v4.getSimplifiedObjectMeta(BUCKET, key);
    assertThat(meta.getSize()).isEqualTo(data.length);
    assertThat(meta.getETag()).isEqualTo(TestData.etag(data));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("signaturesAndAlgorithms")
  void presignedPutWithSseHeader_storesEncrypted_andPresignedGetAnswersTheAlgorithm(String signature, String alg)
      throws Exception {
    OSS oss = client(signature);
    String key = "presigned/" + signature + "/" + alg;
    byte[] data = random(70_000, 29);
    com.aliyun.oss.model.GeneratePresignedUrlRequest put = new com.aliyun.oss.model.GeneratePresignedUrlRequest(
        BUCKET, key, com.aliyun.oss.HttpMethod.PUT);
    put.setExpiration(new java.util.Date(System.currentTimeMillis() + 600_000));
    put.addHeader(SSE, alg);
    java.net.URL url = oss.generatePresignedUrl(put);
    oss.putObject(url, in(data), data.length, new java.util.HashMap<>(java.util.Map.of(SSE, alg)));
    assertThat(v1.getObjectMetadata(BUCKET, key).getServerSideEncryption()).isEqualTo(alg);

    java.net.URL get = oss.generatePresignedUrl(BUCKET, key, new java.util.Date(System.currentTimeMillis() + 600_000));
    HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(get.toURI()).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(data);
    assertSse(r, alg);
  }

  @Test
  void refusedPutWithAMegabytesBody_stillReachesTheSdkAsTheOssError() {
    // The server drains up to 4 MiB of a refused body so the SDK, which writes the whole body before
    // reading, sees the error document; past that it closes the connection (OssHandler).
    byte[] big = random(3 * 1024 * 1024, 37);
    ObjectMetadata kms = KmsTesting.kmsMeta(java.util.UUID.randomUUID().toString(), false);
    assertThat(ossError(() -> v1.putObject(BUCKET, "big/kms", in(big), kms)).getErrorCode())
        .isEqualTo("InvalidArgument");
    ObjectMetadata bad = SseTesting.sse("AES");
    assertThat(ossError(() -> v4.putObject(BUCKET, "big/bad", in(big), bad)).getErrorCode())
        .isEqualTo("InvalidEncryptionAlgorithmError");
    assertThat(v1.doesObjectExist(BUCKET, "big/kms")).isFalse();
    assertThat(v1.doesObjectExist(BUCKET, "big/bad")).isFalse();
  }

  @Test
  void anonymousReadersAndWriters_getPlaintextAndEncryptedWritesAsAuthorisedByAcls() {
    OSS anonymous = coffer.anonymousClient();
    byte[] data = random(90_000, 41);
    v1.putObject(BUCKET, "public/sm4", in(data), SseTesting.sse("SM4"));
    v1.setObjectAcl(BUCKET, "public/sm4", com.aliyun.oss.model.CannedAccessControlList.PublicRead);
    try (OSSObject o = anonymous.getObject(BUCKET, "public/sm4")) {
      assertThat(o.getObjectContent().readAllBytes()).isEqualTo(data);
      assertSse(o, "SM4");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    v1.createBucket("sse-objects-open");
    v1.setBucketAcl("sse-objects-open", com.aliyun.oss.model.CannedAccessControlList.PublicReadWrite);
    anonymous.putObject("sse-objects-open", "dropped", in(data), SseTesting.sse("AES256"));
    assertThat(v1.getObjectMetadata("sse-objects-open", "dropped").getServerSideEncryption()).isEqualTo("AES256");
    assertThat(read(v4, "sse-objects-open", "dropped")).isEqualTo(data);
  }

  @Test
  void emptyObjectWithSse_roundTripsEmpty() throws Exception {
    for (String alg : List.of("AES256", "SM4")) {
      v1.putObject(BUCKET, "empty/" + alg, in(new byte[0]), SseTesting.sse(alg));
      ObjectMetadata head = v1.getObjectMetadata(BUCKET, "empty/" + alg);
      assertThat(head.getContentLength()).isZero();
      assertThat(head.getETag()).isEqualTo(TestData.etag(new byte[0]));
      assertThat(read(v4, BUCKET, "empty/" + alg)).isEmpty();
      assertSse(rawGet("empty/" + alg), alg);
    }
  }
}
