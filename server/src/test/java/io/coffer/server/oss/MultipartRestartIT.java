package io.coffer.server.oss;

import static io.coffer.server.oss.MultipartTesting.MIN_PART;
import static io.coffer.server.oss.MultipartTesting.blobFiles;
import static io.coffer.server.oss.MultipartTesting.complete;
import static io.coffer.server.oss.MultipartTesting.concat;
import static io.coffer.server.oss.MultipartTesting.initiate;
import static io.coffer.server.oss.MultipartTesting.md5Hex;
import static io.coffer.server.oss.MultipartTesting.multipartEtag;
import static io.coffer.server.oss.MultipartTesting.randomBytes;
import static io.coffer.server.oss.MultipartTesting.uploadPart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.common.utils.CRC64;
import com.aliyun.oss.event.ProgressEventType;
import com.aliyun.oss.model.AbortMultipartUploadRequest;
import com.aliyun.oss.model.CompleteMultipartUploadResult;
import com.aliyun.oss.model.ListMultipartUploadsRequest;
import com.aliyun.oss.model.ListPartsRequest;
import com.aliyun.oss.model.MultipartUpload;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.UploadFileRequest;
import com.aliyun.oss.model.UploadFileResult;
import io.coffer.server.testing.CofferExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Unfinished uploads are durable: clients resume them from their own checkpoints after a restart. */
class MultipartRestartIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "restart";
  static final int FILE_PART = 200 * 1024;
  static OSS oss;
  @TempDir Path tmp;

  @BeforeAll
  static void setUp() {
    oss = coffer.client();
    oss.createBucket(BUCKET);
  }

  private static void restart() throws Exception {
    coffer.stop();
    coffer.start();
    oss = coffer.client();
  }

  private static long crc64(byte[] data) {
    CRC64 crc = new CRC64();
    crc.update(data, data.length);
    return crc.getValue();
  }

  private static List<MultipartUpload> uploadsOf(String key) {
    ListMultipartUploadsRequest r = new ListMultipartUploadsRequest(BUCKET);
    r.setPrefix(key);
    return oss.listMultipartUploads(r).getMultipartUploads().stream().filter(u -> u.getKey().equals(key)).toList();
  }

  private static byte[] get(String key) throws Exception {
    try (OSSObject o = oss.getObject(BUCKET, key)) {
      return o.getObjectContent().readAllBytes();
    }
  }

  @Test
  void unfinishedUpload_survivesRestart_andCompletesFromTheClientsOwnRecord() throws Exception {
    String key = "resume/manual.bin";
    String id = initiate(oss, BUCKET, key);
    List<byte[]> chunks = new ArrayList<>();
    for (int n = 1; n <= 5; n++) chunks.add(randomBytes(n == 5 ? 12_345 : MIN_PART, 100 + n));
    List<PartETag> record = new ArrayList<>();
    for (int n = 1; n <= 3; n++) record.add(uploadPart(oss, BUCKET, key, id, n, chunks.get(n - 1)));
    Date initiated = uploadsOf(key).get(0).getInitiated();

    restart();

    List<MultipartUpload> after = uploadsOf(key);
    assertThat(after).extracting(MultipartUpload::getUploadId).containsExactly(id);
    assertThat(after.get(0).getInitiated()).isEqualTo(initiated);
    for (int n = 4; n <= 5; n++) record.add(uploadPart(oss, BUCKET, key, id, n, chunks.get(n - 1)));
    // Like ossutil's checkpoint resume: complete straight from the recorded ETags, no ListParts.
    CompleteMultipartUploadResult r = complete(oss, BUCKET, key, id, record);
    byte[] whole = concat(chunks);
    assertThat(r.getETag()).isEqualTo(multipartEtag(record.stream().map(PartETag::getETag).toList()));
    assertThat(r.getServerCRC()).isEqualTo(crc64(whole));
    assertThat(get(key)).isEqualTo(whole);
    assertThat(uploadsOf(key)).isEmpty();
  }

  @Test
  void restart_sweepsOrphanBlobsButKeepsThePartsOfOpenUploads() throws Exception {
    String key = "resume/swept";
    String id = initiate(oss, BUCKET, key);
    byte[] first = randomBytes(MIN_PART, 7);
    PartETag p1 = uploadPart(oss, BUCKET, key, id, 1, first);
    long blobsWithPart = blobFiles(coffer.dataDir());
    Path orphan = coffer.dataDir().resolve("blobs/ab/cd/abcd" + "0".repeat(28));
    Files.createDirectories(orphan.getParent());
    Files.write(orphan, randomBytes(10, 1));
    Path leftover = coffer.dataDir().resolve("tmp").resolve("0123456789abcdef0123456789abcdef.tmp");
    Files.write(leftover, randomBytes(10, 2));

    restart();

    assertThat(orphan).doesNotExist();
    assertThat(leftover).doesNotExist();
    assertThat(blobFiles(coffer.dataDir())).isEqualTo(blobsWithPart);
    assertThat(oss.listParts(new ListPartsRequest(BUCKET, key, id)).getParts()).hasSize(1);
    byte[] second = randomBytes(99, 8);
    complete(oss, BUCKET, key, id, List.of(p1, uploadPart(oss, BUCKET, key, id, 2, second)));
    assertThat(get(key)).isEqualTo(concat(List.of(first, second)));
  }

  @Test
  void abort_afterRestart_removesTheUploadAndItsBlobs() throws Exception {
    String key = "resume/aborted";
    long before = blobFiles(coffer.dataDir());
    String id = initiate(oss, BUCKET, key);
    uploadPart(oss, BUCKET, key, id, 1, randomBytes(1_000, 3));
    uploadPart(oss, BUCKET, key, id, 2, randomBytes(1_000, 4));

    restart();

    oss.abortMultipartUpload(new AbortMultipartUploadRequest(BUCKET, key, id));
    assertThat(blobFiles(coffer.dataDir())).isEqualTo(before);
    assertThat(uploadsOf(key)).isEmpty();
    assertThatThrownBy(() -> oss.listParts(new ListPartsRequest(BUCKET, key, id)))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchUpload"));
  }

  private UploadFileRequest uploadFileRequest(String key, Path file, Path checkpoint) {
    UploadFileRequest r = new UploadFileRequest(BUCKET, key);
    r.setUploadFile(file.toString());
    r.setPartSize(FILE_PART);
    r.setTaskNum(3);
    r.setEnableCheckpoint(true);
    r.setCheckpointFile(checkpoint.toString());
    return r;
  }

  private static int partsOf(long size) {
    return (int) ((size + FILE_PART - 1) / FILE_PART);
  }

  @Test
  void uploadFile_withCheckpointAndThreads_uploadsTheWholeFile() throws Throwable {
    String key = "files/three-mib.bin";
    byte[] data = randomBytes(3 * 1024 * 1024 + 4_567, 200);
    Path file = Files.write(tmp.resolve("three-mib.bin"), data);
    Path checkpoint = tmp.resolve("three-mib.ucp");
    long before = blobFiles(coffer.dataDir());

    UploadFileResult r = oss.uploadFile(uploadFileRequest(key, file, checkpoint));

    int parts = partsOf(data.length);
    assertThat(r.getMultipartUploadResult().getETag()).endsWith("-" + parts).hasSize(32 + 1 + String.valueOf(parts).length());
    assertThat(r.getMultipartUploadResult().getServerCRC()).isEqualTo(crc64(data));
    assertThat(checkpoint).doesNotExist();
    try (OSSObject o = oss.getObject(BUCKET, key)) {
      assertThat(o.getObjectContent().readAllBytes()).isEqualTo(data);
      assertThat(o.getObjectMetadata().getObjectType()).isEqualTo("Multipart");
    }
    List<String> partEtags = new ArrayList<>();
    for (int i = 0; i < parts; i++) {
      partEtags.add(md5Hex(MultipartTesting.slice(data, (long) i * FILE_PART,
          Math.min((long) (i + 1) * FILE_PART, data.length) - 1)));
    }
    assertThat(r.getMultipartUploadResult().getETag()).isEqualTo(multipartEtag(partEtags));
    assertThat(blobFiles(coffer.dataDir()) - before).isEqualTo(parts);
  }

  @Test
  void uploadFile_interruptedByARestart_resumesFromItsCheckpoint() throws Throwable {
    String key = "files/interrupted.bin";
    byte[] data = randomBytes(3 * 1024 * 1024 + 1_000, 300);
    Path file = Files.write(tmp.resolve("interrupted.bin"), data);
    Path checkpoint = tmp.resolve("interrupted.ucp");
    int parts = partsOf(data.length);
    long before = blobFiles(coffer.dataDir());

    // Each of the SDK's three workers parks after finishing a part once four parts are done, so
    // the server goes down with no request in flight and parts still to upload.
    AtomicInteger done = new AtomicInteger();
    CountDownLatch allParked = new CountDownLatch(3);
    CountDownLatch gate = new CountDownLatch(1);
    UploadFileRequest first = uploadFileRequest(key, file, checkpoint);
    first.setProgressListener(event -> {
      if (event.getEventType() != ProgressEventType.REQUEST_BYTE_TRANSFER_EVENT) return;
      if (done.incrementAndGet() < 4) return;
      allParked.countDown();
      try {
        gate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    // Its own client, so the restart does not shut it down: its remaining parts must fail against
    // the old address, as a client's would when the server went away.
    ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
    conf.setMaxErrorRetry(0);
    conf.setConnectionTimeout(5_000);
    conf.setSocketTimeout(30_000);
    OSS firstClient = new OSSClientBuilder().build(coffer.endpoint(), CofferExtension.ACCESS_KEY_ID,
        CofferExtension.ACCESS_KEY_SECRET, conf);
    String oldEndpoint = coffer.endpoint();
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try {
      Future<UploadFileResult> attempt = runner.submit(() -> {
        try {
          return firstClient.uploadFile(first);
        } catch (Throwable t) {
          throw new Exception(t);
        }
      });
      assertThat(allParked.await(30, TimeUnit.SECONDS)).isTrue();
      restart();
      while (coffer.endpoint().equals(oldEndpoint)) restart();
      gate.countDown();
      assertThatThrownBy(() -> attempt.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    } finally {
      gate.countDown();
      runner.shutdownNow();
      firstClient.shutdown();
    }
    int uploadedBeforeRestart = done.get();
    assertThat(uploadedBeforeRestart).isLessThan(parts);
    assertThat(checkpoint).exists();
    List<MultipartUpload> open = uploadsOf(key);
    assertThat(open).hasSize(1);
    assertThat(oss.listParts(new ListPartsRequest(BUCKET, key, open.get(0).getUploadId())).getParts())
        .hasSize(uploadedBeforeRestart);

    UploadFileResult r = oss.uploadFile(uploadFileRequest(key, file, checkpoint));

    assertThat(r.getMultipartUploadResult().getServerCRC()).isEqualTo(crc64(data));
    assertThat(r.getMultipartUploadResult().getETag()).endsWith("-" + parts);
    assertThat(get(key)).isEqualTo(data);
    assertThat(uploadsOf(key)).isEmpty();
    assertThat(checkpoint).doesNotExist();
    assertThat(blobFiles(coffer.dataDir()) - before).isEqualTo(parts);
  }
}
