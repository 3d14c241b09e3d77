package io.coffer.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.ListMultipartUploadsRequest;
import com.aliyun.oss.model.ListPartsRequest;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyuncs.kms.model.v20160120.CreateKeyRequest;
import com.aliyuncs.kms.model.v20160120.CreateKeyResponse;
import io.coffer.server.testing.CofferExtension;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console's object API over plain HTTP: bad keys, part numbers and part lists, unknown
 * encryption and missing CSRF tokens answer the OSS error (or the console's own) and change
 * nothing, checked with the OSS SDK; what does succeed matches what the SDK sees.
 */
class ConsoleObjectApiIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static OSS oss;
  static ConsoleHttp c;

  @BeforeAll
  static void setUp() throws Exception {
    oss = coffer.client();
    for (String b : List.of("api-keys", "api-parts", "api-csrf", "api-list", "api-sse", "api-details", "api-deny", "api-acl")) oss.createBucket(b);
    c = new ConsoleHttp(coffer);
    assertThat(c.signIn(CofferExtension.ACCESS_KEY_ID, CofferExtension.ACCESS_KEY_SECRET).status()).isEqualTo(200);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static void assertError(ConsoleHttp.Answer a, int status, String code) {
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    assertThat(a.json().get("Code").asText()).isEqualTo(code);
    assertThat(a.json().get("RequestId").asText()).isNotEmpty();
  }

  @Test
  void objectRoutes_badOrMissingKey_answerTheOssErrorAndStoreNothing() throws Exception {
    assertError(c.send("PUT", "/api/buckets/api-keys/object?key=" + enc("/leading-slash"), "x"), 400,
        "InvalidObjectName");
    assertError(c.send("PUT", "/api/buckets/api-keys/object?key=" + enc("\\back"), "x"), 400, "InvalidObjectName");
    assertError(c.send("PUT", "/api/buckets/api-keys/object?key=" + "a".repeat(1024), "x"), 400, "InvalidObjectName");
    assertError(c.send("PUT", "/api/buckets/api-keys/object", "x"), 400, "MissingArgument");
    assertError(c.send("PUT", "/api/buckets/api-keys/object?key=", "x"), 400, "InvalidObjectName");
    assertError(c.send("POST", "/api/buckets/api-keys/uploads?key=" + enc("/x"), "{}"), 400, "InvalidObjectName");
    assertError(c.get("/api/buckets/api-keys/object"), 400, "MissingArgument");
    assertError(c.get("/api/buckets/api-keys/object/download"), 400, "MissingArgument");
    assertError(c.get("/api/buckets/api-keys/object?key=absent"), 404, "NoSuchKey");
    assertError(c.get("/api/buckets/api-keys/object/download?key=absent"), 404, "NoSuchKey");
    assertError(c.send("PUT", "/api/buckets/Bad_Bucket/object?key=k", "x"), 400, "InvalidBucketName");
    assertError(c.send("PUT", "/api/buckets/no-such-bucket/object?key=k", "x"), 404, "NoSuchBucket");
    assertError(c.send("POST", "/api/buckets/api-keys/objects/delete", "{\"keys\":[]}"), 400, "MalformedJson");
    assertError(c.send("POST", "/api/buckets/api-keys/objects/delete", "{\"keys\":[\"/x\"]}"), 400,
        "InvalidObjectName");
    assertThat(oss.listObjects("api-keys").getObjectSummaries()).isEmpty();
    assertThat(oss.listMultipartUploads(new ListMultipartUploadsRequest("api-keys")).getMultipartUploads()).isEmpty();
  }

  @Test
  void uploadPart_partNumberOutOfRange_isInvalidArgumentAndStoresNoPart() throws Exception {
    String id = c.send("POST", "/api/buckets/api-parts/uploads?key=big", "{}").json().get("uploadId").asText();
    String base = "/api/buckets/api-parts/uploads/" + id + "?key=big&partNumber=";
    for (String n : List.of("0", "10001", "-1", "x", "")) {
      assertError(c.send("PUT", base + n, "part-bytes"), 400, "InvalidArgument");
    }
    assertError(c.send("PUT", "/api/buckets/api-parts/uploads/" + id + "?key=big", "part-bytes"), 400,
        "InvalidArgument");
    assertError(c.send("PUT", "/api/buckets/api-parts/uploads/NOSUCHUPLOAD?key=big&partNumber=1", "p"), 404,
        "NoSuchUpload");
    assertError(c.send("PUT", "/api/buckets/api-parts/uploads/" + id + "?key=other&partNumber=1", "p"), 404,
        "NoSuchUpload");
    assertThat(oss.listParts(new ListPartsRequest("api-parts", "big", id)).getParts()).isEmpty();
    assertThat(c.send("DELETE", "/api/buckets/api-parts/uploads/" + id + "?key=big", null).status()).isEqualTo(204);
    assertThat(oss.listMultipartUploads(new ListMultipartUploadsRequest("api-parts")).getMultipartUploads()).isEmpty();
  }

  @Test
  void complete_withWrongParts_isRefusedAndTheUploadStaysOpenUntilCompletedRight() throws Exception {
    String id = c.send("POST", "/api/buckets/api-parts/uploads?key=done&sse=AES256", "{}").json().get("uploadId")
        .asText();
    String part = "/api/buckets/api-parts/uploads/" + id + "?key=done&partNumber=";
    String etag1 = c.send("PUT", part + "1", "first-part").json().get("etag").asText();
    String complete = "/api/buckets/api-parts/uploads/" + id + "/complete?key=done";
    assertError(c.send("POST", complete, "{\"parts\":[{\"partNumber\":1,\"etag\":\"0000\"}]}"), 400, "InvalidPart");
    assertError(c.send("POST", complete, "{\"parts\":[{\"partNumber\":1,\"etag\":\"" + etag1
        + "\"},{\"partNumber\":2,\"etag\":\"" + etag1 + "\"}]}"), 400, "InvalidPart");
    assertError(c.send("POST", complete, "{\"parts\":[{\"partNumber\":1,\"etag\":\"" + etag1
        + "\"},{\"partNumber\":1,\"etag\":\"" + etag1 + "\"}]}"), 400, "InvalidPartOrder");
    for (String bad : List.of("{\"parts\":\"1\"}", "{\"parts\":[]}", "{\"parts\":[{\"partNumber\":\"1\",\"etag\":\"x\"}]}",
        "{\"parts\":[{\"partNumber\":1.5,\"etag\":\"x\"}]}", "[1]", "{")) {
      assertError(c.send("POST", complete, bad), 400, "MalformedJson");
    }
    // A list of 10,000 parts is larger than other console bodies may be; it reaches the part check.
    StringBuilder full = new StringBuilder("{\"parts\":[");
    for (int i = 1; i <= 10_000; i++) {
      full.append(i == 1 ? "" : ",").append("{\"partNumber\":").append(i).append(",\"etag\":\"\\\"")
          .append("0123456789ABCDEF0123456789ABCDEF\\\"\"}");
    }
    assertError(c.send("POST", complete, full.append("]}").toString()), 400, "InvalidPart");
    assertThat(oss.doesObjectExist("api-parts", "done")).isFalse();
    assertThat(oss.listMultipartUploads(new ListMultipartUploadsRequest("api-parts")).getMultipartUploads())
        .extracting(u -> u.getUploadId()).containsExactly(id);

    ConsoleHttp.Answer ok = c.send("POST", complete, "{\"parts\":[{\"partNumber\":1,\"etag\":\"" + etag1 + "\"}]}");
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    ObjectMetadata head = oss.getObjectMetadata("api-parts", "done");
    assertThat(head.getETag()).endsWith("-1").isEqualTo(ok.json().get("etag").asText());
    assertThat(head.getServerSideEncryption()).isEqualTo("AES256").isEqualTo(ok.json().get("encryptionMethod").asText());
    assertThat(new String(oss.getObject("api-parts", "done").getObjectContent().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("first-part");
  }

  @Test
  void changes_withoutTheCsrfToken_areRefusedAndChangeNothing() throws Exception {
    oss.putObject("api-csrf", "kept", new ByteArrayInputStream("kept".getBytes(StandardCharsets.UTF_8)));
    Map<String, String> none = Map.of();
    assertError(c.send("PUT", "/api/buckets/api-csrf/object?key=new", "x", none), 403, "InvalidCsrfToken");
    assertError(c.send("DELETE", "/api/buckets/api-csrf/object?key=kept", null, none), 403, "InvalidCsrfToken");
    assertError(c.send("POST", "/api/buckets/api-csrf/objects/delete", "{\"keys\":[\"kept\"]}", none), 403,
        "InvalidCsrfToken");
    assertError(c.send("POST", "/api/buckets/api-csrf/object/encryption?key=kept", "{\"sse\":\"AES256\"}", none), 403,
        "InvalidCsrfToken");
    assertError(c.send("POST", "/api/buckets/api-csrf/uploads?key=new", "{}", none), 403, "InvalidCsrfToken");
    assertThat(oss.doesObjectExist("api-csrf", "new")).isFalse();
    assertThat(oss.getObjectMetadata("api-csrf", "kept").getServerSideEncryption()).isNull();
    assertThat(oss.listMultipartUploads(new ListMultipartUploadsRequest("api-csrf")).getMultipartUploads()).isEmpty();
  }

  @Test
  void put_withAnEncryptionOssDoesNotKnow_isRefusedAndStoresNothing() throws Exception {
    assertError(c.send("PUT", "/api/buckets/api-sse/object?key=a&sse=AES128", "x"), 400,
        "InvalidEncryptionAlgorithmError");
    assertError(c.send("PUT", "/api/buckets/api-sse/object?key=a&sse=AES256&kmsKeyId=k", "x"), 400, "InvalidArgument");
    assertError(c.send("PUT", "/api/buckets/api-sse/object?key=a&sse=KMS&dataEncryption=DES", "x"), 400,
        "InvalidArgument");
    assertError(c.send("PUT", "/api/buckets/api-sse/object?key=a&sse=KMS&kmsKeyId=no-such-cmk", "x"), 400,
        "InvalidArgument");
    assertError(c.send("POST", "/api/buckets/api-sse/uploads?key=a&sse=SM2", "{}"), 400,
        "InvalidEncryptionAlgorithmError");
    assertThat(oss.listObjects("api-sse").getObjectSummaries()).isEmpty();
  }

  @Test
  void put_withForbidOverwrite_refusesAnExistingNameAndKeepsIt() throws Exception {
    assertThat(c.send("PUT", "/api/buckets/api-sse/object?key=dir/&forbidOverwrite=true", "").status()).isEqualTo(200);
    oss.putObject("api-sse", "kept.txt", new java.io.ByteArrayInputStream("original".getBytes(StandardCharsets.UTF_8)));
    assertError(c.send("PUT", "/api/buckets/api-sse/object?key=kept.txt&forbidOverwrite=true", "replaced"), 409,
        "FileAlreadyExists");
    assertError(c.send("PUT", "/api/buckets/api-sse/object?key=dir/&forbidOverwrite=true", ""), 409,
        "FileAlreadyExists");
    assertThat(new String(oss.getObject("api-sse", "kept.txt").getObjectContent().readAllBytes(),
        StandardCharsets.UTF_8)).isEqualTo("original");
    oss.deleteObject("api-sse", "kept.txt");
    oss.deleteObject("api-sse", "dir/");
  }

  @Test
  void put_thenDetailsAndDownload_matchWhatTheSdkSees() throws Exception {
    String keyId = coffer.kms().call(new CreateKeyRequest()).getKeyMetadata().getKeyId();
    String key = "dir/ünï code.txt";
    ConsoleHttp.Answer put = c.send("PUT", "/api/buckets/api-details/object?key=" + enc(key) + "&sse=KMS&kmsKeyId="
        + keyId + "&dataEncryption=SM4&contentType=text%2Fplain", "hello, console");
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    ObjectMetadata head = oss.getObjectMetadata("api-details", key);
    ConsoleHttp.Answer d = c.get("/api/buckets/api-details/object?key=" + enc(key));
    assertThat(d.status()).isEqualTo(200);
    var j = d.json();
    assertThat(j.get("etag").asText()).isEqualTo(head.getETag());
    assertThat(j.get("contentMd5").asText()).isEqualTo(head.getContentMD5());
    assertThat(j.get("crc64").asText()).isEqualTo(head.getRawMetadata().get("x-oss-hash-crc64ecma"));
    assertThat(j.get("contentType").asText()).isEqualTo("text/plain").isEqualTo(head.getContentType());
    assertThat(j.get("encryptionMethod").asText()).isEqualTo("KMS").isEqualTo(head.getServerSideEncryption());
    assertThat(j.get("kmsKeyId").asText()).isEqualTo(keyId).isEqualTo(head.getServerSideEncryptionKeyId());
    assertThat(j.get("dataEncryption").asText()).isEqualTo("SM4").isEqualTo(head.getServerSideDataEncryption());
    assertThat(j.get("size").asLong()).isEqualTo(head.getContentLength());
    assertThat(j.get("headers").get("ETag").asText()).as("as HEAD sends it").isEqualTo("\"" + head.getETag() + "\"");
    for (String h : List.of("Content-MD5", "x-oss-hash-crc64ecma", "x-oss-server-side-encryption",
        "x-oss-server-side-encryption-key-id", "x-oss-server-side-data-encryption", "x-oss-object-type",
        "x-oss-storage-class", "Content-Length")) {
      assertThat(j.get("headers").get(h).asText()).as(h).isEqualTo(String.valueOf(head.getRawMetadata().get(h)));
    }
    assertThat(java.time.Instant.parse(j.get("lastModified").asText()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
        .isEqualTo(head.getLastModified().toInstant());
    ConsoleHttp.Answer dl = c.get("/api/buckets/api-details/object/download?key=" + enc(key));
    assertThat(dl.status()).isEqualTo(200);
    assertThat(dl.body()).isEqualTo("hello, console");
    assertThat(dl.header("Content-Disposition")).isEqualTo("attachment; filename*=UTF-8''%C3%BCn%C3%AF%20code.txt");
    assertThat(dl.header("Content-Type")).isEqualTo("application/octet-stream");
  }

  @Test
  void listing_showsFoldersAndObjectsOfOnePrefix_pageByPage() throws Exception {
    for (String k : List.of("a/1", "a/2", "a/deeper/3", "b/1", "c", "d")) {
      oss.putObject("api-list", k, new ByteArrayInputStream(k.getBytes(StandardCharsets.UTF_8)));
    }
    var first = c.get("/api/buckets/api-list/objects?maxKeys=3").json();
    assertThat(first.get("folders").toString()).isEqualTo("[\"a/\",\"b/\"]");
    assertThat(first.get("objects").get(0).get("key").asText()).isEqualTo("c");
    assertThat(first.get("truncated").asBoolean()).isTrue();
    var second = c.get("/api/buckets/api-list/objects?maxKeys=3&marker=" + first.get("nextMarker").asText()).json();
    assertThat(second.get("folders")).isEmpty();
    assertThat(second.get("objects")).extracting(o -> o.get("key").asText()).containsExactly("d");
    assertThat(second.get("truncated").asBoolean()).isFalse();
    var inA = c.get("/api/buckets/api-list/objects?prefix=a%2F").json();
    assertThat(inA.get("folders").toString()).isEqualTo("[\"a/deeper/\"]");
    assertThat(inA.get("objects")).extracting(o -> o.get("key").asText()).containsExactly("a/1", "a/2");
    assertThat(inA.get("objects").get(0).get("encryptionMethod").isNull()).isTrue();
    for (String bad : List.of("0", "1001", "x")) {
      assertError(c.get("/api/buckets/api-list/objects?maxKeys=" + bad), 400, "InvalidArgument");
    }
  }

  @Test
  void download_ofACmkObjectWithoutKmsDecrypt_isRefusedBeforeAnyByte() throws Exception {
    CreateKeyResponse.KeyMetadata km = coffer.kms().call(new CreateKeyRequest()).getKeyMetadata();
    ObjectMetadata m = new ObjectMetadata();
    m.setServerSideEncryption("KMS");
    m.setServerSideEncryptionKeyId(km.getKeyId());
    oss.putObject("api-deny", "secret", new ByteArrayInputStream("plaintext-secret".getBytes(StandardCharsets.UTF_8)), m);
    ConsoleFixtures.Key k = ConsoleFixtures.ramUser(coffer, "api-oss-only", "System:AliyunOSSFullAccess");
    ConsoleHttp user = new ConsoleHttp(coffer);
    user.signIn(k.id(), k.secret());
    assertThat(user.get("/api/buckets/api-deny/object?key=secret").json().get("kmsKeyId").asText())
        .as("HEAD needs no key").isEqualTo(km.getKeyId());
    ConsoleHttp.Answer a = user.get("/api/buckets/api-deny/object/download?key=secret");
    assertError(a, 403, "AccessDenied");
    assertThat(a.json().get("Message").asText()).contains("forbidden by kms").contains("kms:Decrypt");
    assertThat(a.header("Content-Disposition")).isNull();
    assertThat(a.body()).doesNotContain("plaintext-secret");
    assertError(user.send("POST", "/api/buckets/api-deny/object/encryption?key=secret", "{\"sse\":\"AES256\"}"), 403,
        "AccessDenied");
    assertThat(oss.getObjectMetadata("api-deny", "secret").getServerSideEncryption()).isEqualTo("KMS");
  }

  @Test
  void encryptInPlace_keepsAclStorageClassAndMetadata_andBucketDefaultDecryptsWithoutARule() throws Exception {
    ObjectMetadata m = new ObjectMetadata();
    m.setContentType("image/png");
    m.addUserMetadata("owner", "ops");
    m.setHeader("x-oss-storage-class", "IA");
    m.setHeader("x-oss-object-acl", "public-read");
    oss.putObject("api-acl", "pic.png", new ByteArrayInputStream(new byte[] {9, 8, 7}), m);
    ConsoleHttp.Answer a = c.send("POST", "/api/buckets/api-acl/object/encryption?key=pic.png",
        "{\"sse\":\"KMS\",\"dataEncryption\":\"SM4\"}");
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    ObjectMetadata head = oss.getObjectMetadata("api-acl", "pic.png");
    assertThat(head.getServerSideEncryption()).isEqualTo("KMS");
    assertThat(head.getServerSideDataEncryption()).isEqualTo("SM4");
    assertThat(head.getContentType()).isEqualTo("image/png");
    assertThat(head.getUserMetadata()).containsEntry("owner", "ops");
    assertThat(head.getObjectStorageClass().toString()).isEqualTo("IA");
    assertThat(oss.getObjectAcl("api-acl", "pic.png").getPermission().toString()).isEqualTo("public-read");
    assertError(c.send("POST", "/api/buckets/api-acl/object/encryption?key=pic.png", "{\"sse\":7}"), 400,
        "MalformedJson");
    assertError(c.send("POST", "/api/buckets/api-acl/object/encryption?key=pic.png", "{\"sse\":\"DES\"}"), 400,
        "InvalidEncryptionAlgorithmError");
    assertThat(oss.getObjectMetadata("api-acl", "pic.png").getServerSideEncryption()).isEqualTo("KMS");
    assertThat(c.send("POST", "/api/buckets/api-acl/object/encryption?key=pic.png", "{}").status()).isEqualTo(200);
    assertThat(oss.getObjectMetadata("api-acl", "pic.png").getServerSideEncryption()).isNull();
    assertThat(oss.getObject("api-acl", "pic.png").getObjectContent().readAllBytes()).containsExactly(9, 8, 7);
  }
}
