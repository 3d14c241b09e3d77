package io.coffer.server.sse;

import static io.coffer.server.sse.KmsTesting.kmsMeta;
import static io.coffer.server.sse.SseTesting.SSE;
import static io.coffer.server.sse.SseTesting.SSE_DATA;
import static io.coffer.server.sse.SseTesting.SSE_KEY_ID;
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
import com.aliyun.oss.model.ListPartsRequest;
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
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No plaintext of an SSE-KMS object reaches the data directory, whichever way it was written
 * (default CMK, named CMK, SM4 data encryption, bucket rule, multipart with UploadPartCopy,
 * append, PostObject, copy, in-place encryption): each flow's content is built from its own
 * random marker and every file under the data directory is scanned for it. The same scan finds
 * a plaintext object's marker, so it can fail. After a restart every object still reads back.
 */
class SseKmsAtRestIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "sse-kms-at-rest";
  static final String RULED = "sse-kms-at-rest-ruled";

  /** Bucket/key → content, for the encrypted objects; bucket/key → marker. */
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
  void everyKmsFlow_leavesNoPlaintextUnderTheDataDir_andReadsBackAfterARestart() throws Exception {
    OSS oss = coffer.client();
    OSS v4 = coffer.clientV4();
    oss.createBucket(BUCKET);
    oss.createBucket(RULED);
    String cmk = KmsTesting.createKey(coffer);
    ServerSideEncryptionByDefault rule = new ServerSideEncryptionByDefault(SSEAlgorithm.KMS);
    rule.setKMSMasterKeyID(cmk);
    rule.setKMSDataEncryption("SM4");
    ServerSideEncryptionConfiguration c = new ServerSideEncryptionConfiguration();
    c.setApplyServerSideEncryptionByDefault(rule);
    oss.setBucketEncryption(new SetBucketEncryptionRequest(RULED, c));

    String plainMarker = marker();
    oss.putObject(BUCKET, "plain", in(markerContent(plainMarker, 100_000)));

    String[][] kinds = {{null, "false"}, {null, "true"}, {cmk, "false"}, {cmk, "true"}};
    for (String[] k : kinds) {
      String cmkRef = k[0];
      boolean sm4 = Boolean.parseBoolean(k[1]);
      String tag = (cmkRef == null ? "default" : "cmk") + (sm4 ? "-sm4" : "");
      oss.putObject(BUCKET, "put/" + tag, in(content("put/" + tag, 300_000)), kmsMeta(cmkRef, sm4));
      multipart(v4, "multipart/" + tag, kmsMeta(cmkRef, sm4));
      append(oss, "append/" + tag, kmsMeta(cmkRef, sm4));
      post(oss, "post/" + tag, cmkRef, sm4);

      byte[] src = content("copy-source/" + tag, 150_000);
      oss.putObject(BUCKET, "copy-source/" + tag, in(src));
      CopyObjectRequest copy = new CopyObjectRequest(BUCKET, "copy-source/" + tag, BUCKET, "copied/" + tag);
      copy.setNewObjectMetadata(kmsMeta(cmkRef, sm4));
      oss.copyObject(copy);
      encrypted.put("copied/" + tag, src);
      // The plaintext source is then encrypted in place, so its marker must vanish too.
      CopyObjectRequest inPlace = new CopyObjectRequest(BUCKET, "copy-source/" + tag, BUCKET, "copy-source/" + tag);
      inPlace.setNewObjectMetadata(kmsMeta(cmkRef, sm4));
      v4.copyObject(inPlace);
    }
    oss.putObject(RULED, "by-rule", in(content(RULED + "/by-rule", 120_000)));
    String openUpload = startUploadLeftOpen(oss, cmk);

    assertNoMarkerOnDisk();
    assertThat(filesContaining(coffer.dataDir(), plainMarker)).as("the scan finds a plaintext object")
        .hasSize(1).allSatisfy(p -> assertThat(p.startsWith(coffer.dataDir().resolve("blobs"))).isTrue());
    assertThat(blobFiles(coffer.dataDir())).filteredOn(p -> !isSealed(p)).hasSize(1);

    coffer.stop();
    coffer.start();
    OSS after = coffer.client();
    completeOpenUpload(after, openUpload);
    for (Map.Entry<String, byte[]> e : encrypted.entrySet()) {
      String bucket = e.getKey().startsWith(RULED + "/") ? RULED : BUCKET;
      String key = bucket.equals(RULED) ? e.getKey().substring(RULED.length() + 1) : e.getKey();
      assertThat(read(after, bucket, key)).as(e.getKey()).isEqualTo(e.getValue());
      ObjectMetadata m = after.getObjectMetadata(bucket, key);
      assertThat(m.getServerSideEncryption()).as(e.getKey()).isEqualTo("KMS");
      assertThat(m.getServerSideEncryptionKeyId()).as(e.getKey()).isNotNull();
    }
    assertNoMarkerOnDisk();
    assertThat(filesContaining(coffer.dataDir(), plainMarker)).hasSize(1);
  }

  void assertNoMarkerOnDisk() {
    Map<String, List<Path>> hits = filesContaining(coffer.dataDir(), List.copyOf(markers.values()));
    for (Map.Entry<String, String> m : markers.entrySet()) {
      assertThat(hits.get(m.getValue())).as("plaintext of %s on disk", m.getKey()).isEmpty();
    }
  }

  void multipart(OSS oss, String key, ObjectMetadata sse) {
    String id = oss.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key, sse)).getUploadId();
    byte[] data = content(key, 350_000);
    List<PartETag> parts = new ArrayList<>();
    parts.add(oss.uploadPart(new UploadPartRequest(BUCKET, key, id, 1, in(Arrays.copyOfRange(data, 0, 150_000)),
        150_000)).getPartETag());
    // Part 2 is copied from another SSE-KMS object holding the same bytes, so it carries the same marker.
    String helper = key + "-part-source";
    oss.putObject(BUCKET, helper, in(data), kmsMeta(null, true));
    encrypted.put(helper, data);
    parts.add(oss.uploadPartCopy(new UploadPartCopyRequest(BUCKET, helper, BUCKET, key, id, 2, 150_000L, 200_000L))
        .getPartETag());
    oss.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, id, parts));
  }

  void append(OSS oss, String key, ObjectMetadata sse) {
    byte[] data = content(key, 200_000);
    long position = 0;
    for (int[] piece : new int[][] {{0, 1}, {1, 70_000}, {70_000, 200_000}}) {
      AppendObjectRequest a = new AppendObjectRequest(BUCKET, key, in(Arrays.copyOfRange(data, piece[0], piece[1])));
      a.setPosition(position);
      if (position == 0) a.setMetadata(sse);
      position = oss.appendObject(a).getNextPosition();
    }
  }

  void post(OSS oss, String key, String cmk, boolean sm4) throws Exception {
    String policy = oss.generatePostPolicy(new Date(System.currentTimeMillis() + 3_600_000), new PolicyConditions());
    Form f = new Form()
        .field("OSSAccessKeyId", CofferExtension.ACCESS_KEY_ID)
        .field("policy", Base64.getEncoder().encodeToString(policy.getBytes(StandardCharsets.UTF_8)))
        .field("Signature", oss.calculatePostSignature(policy))
        .field("key", key)
        .field(SSE, "KMS");
    if (cmk != null) f.field(SSE_KEY_ID, cmk);
    if (sm4) f.field(SSE_DATA, "SM4");
    HttpResponse<String> r = f.file("f", null, content(key, 180_000)).postTo(coffer.endpoint(), BUCKET);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
  }

  /** An SSE-KMS upload with one part, left open across the restart. */
  String startUploadLeftOpen(OSS oss, String cmk) {
    String id = oss.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, "open-upload",
        kmsMeta(cmk, false))).getUploadId();
    byte[] first = content("open-upload", 102_400);
    oss.uploadPart(new UploadPartRequest(BUCKET, "open-upload", id, 1, in(first), first.length));
    return id;
  }

  void completeOpenUpload(OSS oss, String id) {
    byte[] first = encrypted.get("open-upload");
    byte[] last = markerContent(markers.get("open-upload"), 1000);
    PartETag p2 = oss.uploadPart(new UploadPartRequest(BUCKET, "open-upload", id, 2, in(last), last.length))
        .getPartETag();
    PartETag p1 = oss.listParts(new ListPartsRequest(BUCKET, "open-upload", id)).getParts().stream()
        .filter(p -> p.getPartNumber() == 1).map(p -> new PartETag(1, p.getETag())).findFirst().orElseThrow();
    oss.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, "open-upload", id,
        new ArrayList<>(List.of(p1, p2))));
    encrypted.put("open-upload", SseTesting.concat(first, last));
  }
}
