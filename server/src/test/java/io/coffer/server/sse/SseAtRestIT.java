package io.coffer.server.sse;

import static io.coffer.server.sse.SseTesting.SSE;
import static io.coffer.server.sse.SseTesting.blobFiles;
import static io.coffer.server.sse.SseTesting.filesContaining;
import static io.coffer.server.sse.SseTesting.in;
import static io.coffer.server.sse.SseTesting.isSealed;
import static io.coffer.server.sse.SseTesting.marker;
import static io.coffer.server.sse.SseTesting.markerContent;
import static io.coffer.server.sse.SseTesting.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.AppendObjectRequest;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.CopyObjectRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.PolicyConditions;
import com.aliyun.oss.model.SSEAlgorithm;
import com.aliyun.oss.model.ServerSideEncryptionByDefault;
import com.aliyun.oss.model.ServerSideEncryptionConfiguration;
import com.aliyun.oss.model.SetBucketEncryptionRequest;
import com.aliyun.oss.model.UploadPartCopyRequest;
import com.aliyun.oss.model.UploadPartRequest;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.RawHttp.Form;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No plaintext of an encrypted object reaches the data directory, whichever way it was written:
 * each flow uploads content built from its own random marker, and every file under the data
 * directory is scanned for it. The same scan finds a plaintext object's marker, so it can fail.
 */
class SseAtRestIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "sse-at-rest";
  static final String DEFAULT_SM4 = "sse-at-rest-default";

  /** Key → the marker its content is built from and its content, for the encrypted objects. */
  final Map<String, byte[]> encrypted = new LinkedHashMap<>();
  final Map<String, String> markers = new LinkedHashMap<>();

  byte[] content(String key, int size) {
    String m = marker();
    markers.put(key, m);
    byte[] data = markerContent(m, size);
    encrypted.put(key, data);
    return data;
  }

  @Test
  void everyEncryptedFlow_leavesNoPlaintextUnderTheDataDir_evenAfterARestart() throws Exception {
    OSS oss = coffer.client();
    OSS v4 = coffer.clientV4();
    oss.createBucket(BUCKET);
    oss.createBucket(DEFAULT_SM4);
    ServerSideEncryptionConfiguration rule = new ServerSideEncryptionConfiguration();
    rule.setApplyServerSideEncryptionByDefault(new ServerSideEncryptionByDefault(SSEAlgorithm.SM4));
    oss.setBucketEncryption(new SetBucketEncryptionRequest(DEFAULT_SM4, rule));

    String plainMarker = marker();
    byte[] plain = markerContent(plainMarker, 100_000);
    oss.putObject(BUCKET, "plain", in(plain));

    for (String alg : List.of("AES256", "SM4")) {
      oss.putObject(BUCKET, "put/" + alg, in(content("put/" + alg, 300_000)), SseTesting.sse(alg));
      multipart(v4, "multipart/" + alg, alg);
      append(oss, "append/" + alg, alg);
      post(oss, "post/" + alg, alg);

      byte[] src = content("copy-source/" + alg, 150_000);
      oss.putObject(BUCKET, "copy-source/" + alg, in(src));
      CopyObjectRequest copy = new CopyObjectRequest(BUCKET, "copy-source/" + alg, BUCKET, "copied/" + alg);
      copy.setServerSideEncryption(alg);
      oss.copyObject(copy);
      // The plaintext source is then encrypted in place (seed 004), so its marker must vanish too.
      CopyObjectRequest inPlace = new CopyObjectRequest(BUCKET, "copy-source/" + alg, BUCKET, "copy-source/" + alg);
      inPlace.setNewObjectMetadata(new ObjectMetadata());
      inPlace.setServerSideEncryption(alg);
      v4.copyObject(inPlace);
      encrypted.put("copied/" + alg, src);
    }
    oss.putObject(DEFAULT_SM4, "by-default", in(content("by-default", 120_000)));
    String openUpload = startUploadLeftOpen(oss);

    assertNoMarkerOnDisk();
    assertThat(filesContaining(coffer.dataDir(), plainMarker)).as("the scan finds a plaintext object")
        .hasSize(1).allSatisfy(p -> assertThat(p.startsWith(coffer.dataDir().resolve("blobs"))).isTrue());
    long sealedBlobs = blobFiles(coffer.dataDir()).stream().filter(SseTesting::isSealed).count();
    assertThat(sealedBlobs).isGreaterThanOrEqualTo(encrypted.size());

    coffer.stop();
    coffer.start();
    OSS after = coffer.client();
    byte[] last = content("open-upload-tail", 1000);
    encrypted.remove("open-upload-tail");
    completeOpenUpload(after, openUpload, last);
    for (Map.Entry<String, byte[]> e : encrypted.entrySet()) {
      String bucket = e.getKey().equals("by-default") ? DEFAULT_SM4 : BUCKET;
      assertThat(read(after, bucket, e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
      assertThat(after.getObjectMetadata(bucket, e.getKey()).getServerSideEncryption()).as(e.getKey()).isNotNull();
    }
    assertNoMarkerOnDisk();
    assertThat(filesContaining(coffer.dataDir(), plainMarker)).hasSize(1);
    assertThat(blobFiles(coffer.dataDir())).filteredOn(p -> !isSealed(p)).hasSize(1);
  }

  void assertNoMarkerOnDisk() {
    Map<String, List<Path>> hits = filesContaining(coffer.dataDir(), List.copyOf(markers.values()));
    for (Map.Entry<String, String> m : markers.entrySet()) {
      assertThat(hits.get(m.getValue())).as("plaintext of %s on disk", m.getKey()).isEmpty();
    }
  }

  void multipart(OSS oss, String key, String alg) {
    String id = oss.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key, SseTesting.sse(alg)))
        .getUploadId();
    byte[] data = content(key, 350_000);
    List<PartETag> parts = new ArrayList<>();
    parts.add(oss.uploadPart(new UploadPartRequest(BUCKET, key, id, 1, in(java.util.Arrays.copyOfRange(data, 0,
        150_000)), 150_000)).getPartETag());
    // Part 2 is copied from an encrypted object holding the same bytes, so it carries the same marker.
    String helper = key + "-part-source";
    oss.putObject(BUCKET, helper, in(data), SseTesting.sse(alg.equals("SM4") ? "AES256" : "SM4"));
    encrypted.put(helper, data);
    UploadPartCopyRequest copy = new UploadPartCopyRequest(BUCKET, helper, BUCKET, key, id, 2, 150_000L, 200_000L);
    parts.add(oss.uploadPartCopy(copy).getPartETag());
    oss.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, id, parts));
  }

  void append(OSS oss, String key, String alg) {
    byte[] data = content(key, 200_000);
    long position = 0;
    for (int[] piece : new int[][] {{0, 1}, {1, 70_000}, {70_000, 140_000}, {140_000, 200_000}}) {
      AppendObjectRequest a = new AppendObjectRequest(BUCKET, key,
          in(java.util.Arrays.copyOfRange(data, piece[0], piece[1])));
      a.setPosition(position);
      if (position == 0) a.setMetadata(SseTesting.sse(alg));
      position = oss.appendObject(a).getNextPosition();
    }
  }

  void post(OSS oss, String key, String alg) throws Exception {
    String policy = oss.generatePostPolicy(new Date(System.currentTimeMillis() + 3_600_000), new PolicyConditions());
    HttpResponse<String> r = new Form()
        .field("OSSAccessKeyId", CofferExtension.ACCESS_KEY_ID)
        .field("policy", Base64.getEncoder().encodeToString(policy.getBytes(StandardCharsets.UTF_8)))
        .field("Signature", oss.calculatePostSignature(policy))
        .field("key", key)
        .field(SSE, alg)
        .file("f", null, content(key, 180_000))
        .postTo(coffer.endpoint(), BUCKET);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
  }

  /** An encrypted upload with one part, left open across the restart. */
  String startUploadLeftOpen(OSS oss) {
    String key = "open-upload";
    String id = oss.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key, SseTesting.sse("SM4")))
        .getUploadId();
    byte[] first = content(key, 102_400);
    oss.uploadPart(new UploadPartRequest(BUCKET, key, id, 1, in(first), first.length));
    return id;
  }

  void completeOpenUpload(OSS oss, String id, byte[] last) {
    String key = "open-upload";
    byte[] first = encrypted.get(key);
    PartETag p2 = oss.uploadPart(new UploadPartRequest(BUCKET, key, id, 2, in(last), last.length)).getPartETag();
    PartETag p1 = oss.listParts(new com.aliyun.oss.model.ListPartsRequest(BUCKET, key, id)).getParts().stream()
        .filter(p -> p.getPartNumber() == 1).map(p -> new PartETag(1, p.getETag())).findFirst().orElseThrow();
    oss.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, id, new ArrayList<>(List.of(p1, p2))));
    encrypted.put(key, SseTesting.concat(first, last));
  }
}
