package io.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.UploadPartRequest;
import io.coffer.core.hash.Crc64;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.CofferProcess;
import io.coffer.server.testing.DataDir;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL in the middle of concurrent uploads, overwrites and multipart uploads, then a restart on
 * the same data directory: every object is exactly one of the contents written to it, whole, and no
 * blob is left that nothing refers to (nor a reference to a missing blob).
 *
 * <p>Contents are a pure function of (key, attempt), so the test keeps only attempt numbers. Keys
 * are owned by one writer each, which makes the legal outcomes exact (the last acknowledged write
 * or the one in flight), except for a few keys every writer overwrites at once.
 */
class CrashSafetyIT {
  private static final String BUCKET = "crash";
  private static final int WRITERS = 4;
  private static final int OWNED_KEYS_PER_WRITER = 4;
  private static final int SHARED_KEYS = 2;
  private static final int ROUNDS = 3;
  private static final int MIN_BYTES = 1024;
  private static final int MAX_BYTES = 2 * 1024 * 1024;
  private static final int MIN_PART_BYTES = 100 * 1024;

  /** The kills make in-flight SDK calls fail by design; their warnings would only bury real output. */
  private static final java.util.logging.Logger SDK_LOG = java.util.logging.Logger.getLogger("com.aliyun.oss");

  static {
    SDK_LOG.setLevel(java.util.logging.Level.OFF);
  }

  private Path dataDir;
  private CofferProcess coffer;

  @BeforeEach
  void createDataDir() throws Exception {
    dataDir = Files.createTempDirectory("coffer-crash-");
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (coffer != null) coffer.close();
    CofferExtension.deleteTree(dataDir);
  }

  /** What may be stored under one key: attempts whose content is a legal current value. */
  private static final class KeyState {
    final String key;
    final boolean shared;
    final AtomicInteger nextAttempt = new AtomicInteger(1);
    final Set<Integer> candidates = ConcurrentHashMap.newKeySet();

    KeyState(String key, boolean shared) {
      this.key = key;
      this.shared = shared;
      candidates.add(0);
    }
  }

  @Test
  void sigkillDuringConcurrentWrites_restart_everyObjectOldOrNewAndNoOrphanBlobs() throws Exception {
    long seed = System.nanoTime();
    System.out.println("CrashSafetyIT seed " + seed);
    SplittableRandom random = new SplittableRandom(seed);
    List<KeyState> keys = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      for (int k = 0; k < OWNED_KEYS_PER_WRITER; k++) keys.add(new KeyState("w" + w + "/key-" + k, false));
    }
    for (int k = 0; k < SHARED_KEYS; k++) keys.add(new KeyState("shared/key-" + k, true));

    coffer = CofferProcess.start(dataDir);
    OSS seeder = coffer.client();
    seeder.createBucket(BUCKET);
    for (KeyState k : keys) write(seeder, k.key, 0);

    for (int round = 1; round <= ROUNDS; round++) {
      int killAfter = 4 + random.nextInt(30);
      int completed = writeUntilKilled(keys, killAfter, random.split());
      assertThat(completed).as("writes acknowledged in round %d", round).isGreaterThanOrEqualTo(killAfter);
      coffer.close();

      coffer = CofferProcess.start(dataDir);
      System.out.printf("round %d: killed after %d acknowledged writes; %s%n", round, completed,
          coffer.stderr().lines().filter(l -> l.contains("orphan")).findFirst().orElse("no orphans to sweep"));
      verifyObjects(coffer.client(), keys);
      assertBlobsMatchMetadata();
    }
    assertThat(coffer.terminate()).isIn(0, 143);
    assertBlobsMatchMetadata();
    assertThat(DataDir.integrityCheck(dataDir)).isEqualTo("ok");
  }

  @Test
  void concurrentOverwritesOfOneKey_endWithOneCompleteWinner() throws Exception {
    coffer = CofferProcess.start(dataDir);
    OSS oss = coffer.client();
    oss.createBucket(BUCKET);
    String key = "contended";
    int writers = 6;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int a = 1; a <= writers; a++) {
        int attempt = a;
        done.add(pool.submit(() -> {
          go.await();
          write(oss, key, attempt);
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    KeyState state = new KeyState(key, true);
    for (int a = 1; a <= writers; a++) state.candidates.add(a);
    state.candidates.remove(0);
    verifyObjects(oss, List.of(state));
    assertBlobsMatchMetadata();
    int winner = state.candidates.iterator().next();
    assertThat(DataDir.referencedBlobs(dataDir)).hasSize(blobsOf(key, winner));
  }

  /** A GET racing overwrites of its key once failed with InternalError: the blob went before it opened. */
  @Test
  void readsDuringOverwrites_returnOneWholeVersion() throws Exception {
    coffer = CofferProcess.start(dataDir);
    OSS oss = coffer.client();
    oss.createBucket(BUCKET);
    String key = "hot";
    write(oss, key, 2);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger written = new AtomicInteger(2);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<?> writer = pool.submit(() -> {
        for (int a = 3; !stop.get(); a++) {
          write(oss, key, a);
          written.set(a);
        }
        return null;
      });
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(pool.submit(() -> {
          int reads = 0;
          for (; reads < 60; reads++) {
            int before = written.get();
            byte[] got;
            try (OSSObject o = oss.getObject(BUCKET, key)) {
              got = o.getObjectContent().readAllBytes();
            }
            int after = written.get() + 1;
            boolean whole = false;
            for (int a = before - 1; a <= after && !whole; a++) whole = Arrays.equals(got, content(key, a));
            assertThat(whole).as("read %d: %d bytes, one of attempts %d..%d", reads, got.length, before - 1, after)
                .isTrue();
          }
          return reads;
        }));
      }
      for (Future<Integer> f : readers) assertThat(f.get(120, TimeUnit.SECONDS)).isEqualTo(60);
      stop.set(true);
      writer.get(60, TimeUnit.SECONDS);
    } finally {
      stop.set(true);
      pool.shutdownNow();
    }
    // Blobs replaced under a read were kept for it, and deleted once it ended.
    assertBlobsMatchMetadata();
  }

  /**
   * Runs the writers until {@code killAfter} writes were acknowledged, then SIGKILLs the server
   * while the others are mid-request. Returns how many writes were acknowledged.
   */
  private int writeUntilKilled(List<KeyState> keys, int killAfter, SplittableRandom random) throws Exception {
    OSS oss = coffer.client();
    AtomicInteger acknowledged = new AtomicInteger();
    CountDownLatch enough = new CountDownLatch(killAfter);
    AtomicBoolean killed = new AtomicBoolean();
    List<Throwable> earlyFailures = Collections.synchronizedList(new ArrayList<>());
    List<KeyState> shared = keys.stream().filter(k -> k.shared).toList();
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    List<Future<?>> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      String prefix = "w" + w + "/";
      List<KeyState> own = keys.stream().filter(k -> k.key.startsWith(prefix)).toList();
      SplittableRandom r = random.split();
      writers.add(pool.submit(() -> {
        while (true) {
          KeyState k = r.nextInt(5) == 0 ? shared.get(r.nextInt(shared.size())) : own.get(r.nextInt(own.size()));
          int attempt = k.nextAttempt.getAndIncrement();
          k.candidates.add(attempt);
          try {
            write(oss, k.key, attempt);
          } catch (RuntimeException e) {
            if (!killed.get()) earlyFailures.add(e);
            return;
          }
          if (!k.shared) k.candidates.removeIf(a -> a != attempt);
          acknowledged.incrementAndGet();
          enough.countDown();
        }
      }));
    }
    try {
      assertThat(enough.await(120, TimeUnit.SECONDS)).as("writers made progress").isTrue();
      killed.set(true);
      coffer.kill();
      for (Future<?> f : writers) f.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(earlyFailures).as("writes that failed before the kill").isEmpty();
    return acknowledged.get();
  }

  /** Reads every key back whole, checks its CRC-64, and narrows its candidates to what is stored. */
  private static void verifyObjects(OSS oss, List<KeyState> keys) throws Exception {
    for (KeyState k : keys) {
      byte[] stored;
      String serverCrc;
      try (OSSObject o = oss.getObject(BUCKET, k.key)) {
        stored = o.getObjectContent().readAllBytes();
        serverCrc = o.getObjectMetadata().getServerCRC() == null ? null
            : Long.toUnsignedString(o.getObjectMetadata().getServerCRC());
      }
      assertThat(serverCrc).as("x-oss-hash-crc64ecma of %s", k.key)
          .isEqualTo(Long.toUnsignedString(Crc64.update(0, stored, 0, stored.length)));
      Integer match = null;
      for (int a : k.candidates) {
        if (Arrays.equals(stored, content(k.key, a))) {
          match = a;
          break;
        }
      }
      assertThat(match).as("%s (%d bytes) is exactly one of attempts %s", k.key, stored.length, k.candidates)
          .isNotNull();
      int found = match;
      k.candidates.removeIf(a -> a != found);
    }
  }

  private void assertBlobsMatchMetadata() throws Exception {
    Set<String> files = DataDir.blobFiles(dataDir);
    Set<String> referenced = DataDir.referencedBlobs(dataDir);
    assertThat(files).as("blob files nothing refers to").containsAll(referenced);
    assertThat(referenced).as("referenced blobs that are missing").containsAll(files);
    assertThat(DataDir.tmpFiles(dataDir)).as("files left in tmp/").isEmpty();
  }

  private static boolean multipart(int attempt) {
    return attempt % 3 == 2;
  }

  private static int partBytes(int length) {
    return Math.max(MIN_PART_BYTES, (length + 2) / 3);
  }

  /** How many blobs attempt {@code attempt} of {@code key} is stored in (one per part). */
  private static int blobsOf(String key, int attempt) {
    int length = content(key, attempt).length;
    return multipart(attempt) ? (length + partBytes(length) - 1) / partBytes(length) : 1;
  }

  /** Writes attempt {@code attempt} of {@code key}: a PutObject, or for some attempts a multipart upload. */
  private static void write(OSS oss, String key, int attempt) {
    byte[] data = content(key, attempt);
    if (!multipart(attempt)) {
      oss.putObject(BUCKET, key, new ByteArrayInputStream(data), new ObjectMetadata());
      return;
    }
    String uploadId = oss.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key)).getUploadId();
    int partBytes = partBytes(data.length);
    List<PartETag> etags = new ArrayList<>();
    for (int off = 0, n = 1; off < data.length; off += partBytes, n++) {
      int len = Math.min(partBytes, data.length - off);
      UploadPartRequest part = new UploadPartRequest(BUCKET, key, uploadId, n,
          new ByteArrayInputStream(data, off, len), len);
      etags.add(oss.uploadPart(part).getPartETag());
    }
    oss.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, uploadId, etags));
  }

  /** The bytes of attempt {@code attempt} at {@code key}: deterministic, 1 KB to 2 MB. */
  static byte[] content(String key, int attempt) {
    SplittableRandom r = new SplittableRandom(key.hashCode() * 0x9E3779B97F4A7C15L + attempt);
    byte[] b = new byte[MIN_BYTES + r.nextInt(MAX_BYTES - MIN_BYTES + 1)];
    r.nextBytes(b);
    return b;
  }
}
