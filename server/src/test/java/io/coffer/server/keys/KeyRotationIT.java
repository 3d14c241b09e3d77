package io.coffer.server.keys;

import static io.coffer.server.keys.KeyTesting.adminInProcess;
import static io.coffer.server.keys.KeyTesting.random;
import static io.coffer.server.keys.KeyTesting.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.UploadPartRequest;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.CofferProcess;
import io.coffer.server.testing.DataDir;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SSE-OSS master key rotation and re-wrapping across real server processes (docs/crypto/key-hierarchy.md):
 * data written under every version stays readable, a re-wrap changes only the wrapped keys in the
 * metadata, and an unfinished upload survives both. The on-disk metadata is read straight from
 * coffer.db as the oracle for which version wraps what.
 */
class KeyRotationIT {
  private static final String BUCKET = "rotation";

  private Path dataDir;
  private final List<CofferProcess> processes = new ArrayList<>();

  @BeforeEach
  void createDataDir() throws IOException {
    dataDir = Files.createTempDirectory("coffer-rotation-");
  }

  @AfterEach
  void cleanUp() throws IOException {
    for (CofferProcess p : processes) p.close();
    CofferExtension.deleteTree(dataDir);
  }

  private CofferProcess start(String... serveOptions) throws IOException {
    CofferProcess p = CofferProcess.start(dataDir, Map.of(), List.of(serveOptions));
    processes.add(p);
    return p;
  }

  private static void stop(CofferProcess p) {
    assertThat(p.terminate()).isIn(0, 143);
  }

  private String dir() {
    return dataDir.toString();
  }

  @Test
  void rotateAndRewrap_objectsAndAnUnfinishedUpload_allReadBackAndRewrapTouchesNoObjectData() throws Exception {
    KeyTesting.Written written = new KeyTesting.Written(BUCKET);
    String uploadKey = "upload/sm4";
    List<PartETag> parts = new ArrayList<>();
    ByteArrayOutputStream uploaded = new ByteArrayOutputStream();

    CofferProcess first = start();
    OSS oss = first.client();
    oss.createBucket(BUCKET);
    written.put(oss, "v1/aes", "AES256", 200_000);
    written.put(oss, "v1/sm4", "SM4", 70_000);
    written.put(oss, "v1/plain", null, 5_000);
    ObjectMetadata sm4 = new ObjectMetadata();
    sm4.setServerSideEncryption("SM4");
    String uploadId = oss.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, uploadKey, sm4))
        .getUploadId();
    parts.add(uploadPart(oss, uploadKey, uploadId, 1, random(150_000, 1), uploaded));
    stop(first);
    assertThat(DataDir.masterKeyVersions(dataDir)).containsExactly(1);
    assertThat(DataDir.objectKeyVersions(dataDir))
        .containsExactlyInAnyOrderEntriesOf(Map.of(BUCKET + "/v1/aes", 1, BUCKET + "/v1/sm4", 1));
    assertThat(DataDir.uploadKeyVersions(dataDir)).containsExactlyEntriesOf(Map.of(uploadId, 1));

    // Rotation with the server stopped: new objects use version 2, the old ones keep version 1.
    CofferProcess.Finished rotated = adminInProcess("rotate-master-key", "--data-dir", dir());
    assertThat(rotated.exitCode()).as(rotated.stderr()).isZero();
    assertThat(rotated.stdout()).contains("version 2 is now current");
    assertThat(DataDir.masterKeyVersions(dataDir)).containsExactly(1, 2);

    CofferProcess second = start();
    oss = second.client();
    written.assertAllReadBack(oss);
    written.put(oss, "v2/aes", "AES256", 100_000);
    written.put(oss, "v2/sm4", "SM4", 66_000);
    parts.add(uploadPart(oss, uploadKey, uploadId, 2, random(120_000, 2), uploaded));

    // Rotation while the server runs: it keeps serving; it adopts version 3 within a minute.
    rotated = adminInProcess("rotate-master-key", "--data-dir", dir());
    assertThat(rotated.exitCode()).as(rotated.stderr()).isZero();
    assertThat(rotated.stdout()).contains("version 3 is now current");
    written.put(oss, "v2-or-v3/aes", "AES256", 80_000);
    written.assertAllReadBack(oss);
    stop(second);
    Map<String, Integer> versions = DataDir.objectKeyVersions(dataDir);
    assertThat(versions).containsEntry(BUCKET + "/v2/aes", 2).containsEntry(BUCKET + "/v2/sm4", 2)
        .containsEntry(BUCKET + "/v1/aes", 1);
    assertThat(versions.get(BUCKET + "/v2-or-v3/aes")).isIn(2, 3);

    CofferProcess third = start();
    oss = third.client();
    written.assertAllReadBack(oss);
    written.put(oss, "v3/aes", "AES256", 300_000);
    written.put(oss, "v3/sm4", "SM4", 1);
    versions = DataDir.objectKeyVersions(dataDir);
    assertThat(versions).containsEntry(BUCKET + "/v3/aes", 3).containsEntry(BUCKET + "/v3/sm4", 3);
    assertThat(new HashSet<>(versions.values())).containsExactlyInAnyOrder(1, 2, 3);
    long encrypted = versions.size();

    // Rotate and re-wrap while this server runs with version 3 current: it must load version 4 on
    // demand to read what the re-wrap moved there. No blob may change.
    rotated = adminInProcess("rotate-master-key", "--data-dir", dir());
    assertThat(rotated.stdout()).contains("version 4 is now current");
    Map<String, String> blobsBefore = DataDir.fileDigests(dataDir.resolve("blobs"));
    CofferProcess.Finished rewrapped = adminInProcess("rewrap", "--data-dir", dir());
    assertThat(rewrapped.exitCode()).as(rewrapped.stderr()).isZero();
    assertThat(rewrapped.stdout())
        .contains("re-wrapped " + encrypted + " object(s) and 1 unfinished upload(s) to master key version 4");
    written.assertAllReadBack(oss);
    stop(third);
    assertThat(DataDir.fileDigests(dataDir.resolve("blobs"))).isEqualTo(blobsBefore);
    versions = DataDir.objectKeyVersions(dataDir);
    assertThat(versions.keySet()).isEqualTo(withoutPlain(written));
    assertThat(versions).allSatisfy((name, v) -> assertThat(v).as(name).isEqualTo(4));
    assertThat(DataDir.uploadKeyVersions(dataDir)).containsExactlyEntriesOf(Map.of(uploadId, 4));

    // A second re-wrap finds nothing left to do.
    rewrapped = adminInProcess("rewrap", "--data-dir", dir());
    assertThat(rewrapped.stdout()).contains("re-wrapped 0 object(s) and 0 unfinished upload(s)");

    // After a restart (rotation due only after a day: none now), the upload completes under its re-wrapped key.
    CofferProcess fourth = start("--master-key-rotation-days", "1");
    oss = fourth.client();
    assertThat(DataDir.masterKeyVersions(dataDir)).containsExactly(1, 2, 3, 4);
    written.assertAllReadBack(oss);
    parts.add(uploadPart(oss, uploadKey, uploadId, 3, random(10_000, 3), uploaded));
    oss.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, uploadKey, uploadId, parts));
    written.record(uploadKey, uploaded.toByteArray());
    assertThat(read(oss, BUCKET, uploadKey)).isEqualTo(uploaded.toByteArray());
    stop(fourth);
    assertThat(DataDir.objectKeyVersions(dataDir)).containsEntry(BUCKET + "/" + uploadKey, 4);
    assertThat(DataDir.uploadKeyVersions(dataDir)).isEmpty();

    // Scheduled rotation: a current key older than --master-key-rotation-days is replaced at start.
    ageMasterKey(4, Duration.ofDays(2));
    CofferProcess fifth = start("--master-key-rotation-days", "1");
    oss = fifth.client();
    assertThat(DataDir.masterKeyVersions(dataDir)).containsExactly(1, 2, 3, 4, 5);
    written.put(oss, "v5/sm4", "SM4", 90_000);
    written.assertAllReadBack(oss);
    stop(fifth);
    assertThat(DataDir.objectKeyVersions(dataDir)).containsEntry(BUCKET + "/v5/sm4", 5)
        .containsEntry(BUCKET + "/v1/aes", 4);
  }

  private static java.util.Set<String> withoutPlain(KeyTesting.Written written) {
    java.util.Set<String> names = new java.util.TreeSet<>(written.names());
    names.remove(BUCKET + "/v1/plain");
    return names;
  }

  private static PartETag uploadPart(OSS oss, String key, String uploadId, int number, byte[] data,
      ByteArrayOutputStream uploaded) {
    uploaded.writeBytes(data);
    return oss.uploadPart(new UploadPartRequest(BUCKET, key, uploadId, number, new ByteArrayInputStream(data),
        data.length)).getPartETag();
  }

  /**
   * Makes master key {@code version} look {@code age} old, as if the data directory had been in use
   * that long: the creation time is plain metadata (the wrapped key's context is only the version).
   */
  private void ageMasterKey(int version, Duration age) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("coffer.db").toAbsolutePath());
        PreparedStatement ps = c.prepareStatement("UPDATE master_keys SET created = ? WHERE version = ?")) {
      ps.setLong(1, Instant.now().minus(age).toEpochMilli());
      ps.setInt(2, version);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }
}
