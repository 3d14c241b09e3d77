package io.coffer.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.core.audit.AuditEvent.Caller;
import io.coffer.core.audit.AuditEvent.Decision;
import io.coffer.core.iam.Principal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON-lines file writer: shape of a line, rotation, concurrency, close and reopen. */
class FileAuditLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T = Instant.parse("2026-11-23T10:15:30.123456Z");

  @TempDir Path dir;

  private static AuditEvent event(String requestId) {
    return new AuditEvent(T, requestId, Caller.of(new Principal("1234567890", "LTAIroot")), "kms:Decrypt",
        "acs:kms:cn-hangzhou:1234567890:key/key-1", Decision.ALLOW, null, 200, "127.0.0.1");
  }

  private static List<JsonNode> lines(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) out.add(JSON.readTree(line));
    return out;
  }

  @Test
  void record_allowedCall_writesOneJsonLineWithEveryField() throws IOException {
    Path file = dir.resolve("audit/audit.log");
    try (FileAuditLog log = FileAuditLog.open(file, 1 << 20, 3)) {
      log.record(new AuditEvent(T, "REQ-1", Caller.of(new Principal("1234567890", "LTAIuser", "u-1", "alice")),
          "kms:Encrypt", "acs:kms:cn-hangzhou:1234567890:key/key-1", Decision.ALLOW, null, 200, "10.0.0.7"));
    }
    String text = Files.readString(file);
    assertThat(text).endsWith("\n").doesNotContain("\r");
    assertThat(text.lines()).hasSize(1);
    JsonNode n = JSON.readTree(text);
    assertThat(n.get("time").asText()).isEqualTo("2026-11-23T10:15:30.123Z");
    assertThat(n.get("requestId").asText()).isEqualTo("REQ-1");
    assertThat(n.get("principal").get("type").asText()).isEqualTo("ramUser");
    assertThat(n.get("principal").get("accountId").asText()).isEqualTo("1234567890");
    assertThat(n.get("principal").get("accessKeyId").asText()).isEqualTo("LTAIuser");
    assertThat(n.get("principal").get("userName").asText()).isEqualTo("alice");
    assertThat(n.get("action").asText()).isEqualTo("kms:Encrypt");
    assertThat(n.get("resource").asText()).isEqualTo("acs:kms:cn-hangzhou:1234567890:key/key-1");
    assertThat(n.get("decision").asText()).isEqualTo("allow");
    assertThat(n.has("errorCode")).isFalse();
    assertThat(n.get("status").asInt()).isEqualTo(200);
    assertThat(n.get("sourceAddress").asText()).isEqualTo("10.0.0.7");
  }

  @Test
  void record_deniedCalls_carryErrorCodeAndCallerKind() throws IOException {
    Path file = dir.resolve("audit.log");
    try (FileAuditLog log = FileAuditLog.open(file, 1 << 20, 3)) {
      log.record(new AuditEvent(T, "R1", Caller.unverified("LTAIwrong"), "oss:GetObject", null, Decision.DENY,
          "SignatureDoesNotMatch", 403, "::1"));
      log.record(new AuditEvent(T, "R2", Caller.unverified(null), "oss:GetObject", "acs:oss:*:*:b/k", Decision.DENY,
          "AccessDenied", 403, null));
      log.record(new AuditEvent(T, "R3", Caller.of(new Principal("1234567890", "LTAIroot")), "kms:Decrypt", null,
          Decision.ALLOW, "InvalidParameter", 400, "127.0.0.1"));
    }
    List<JsonNode> l = lines(file);
    assertThat(l).hasSize(3);
    assertThat(l.get(0).get("principal").get("type").asText()).isEqualTo("unverified");
    assertThat(l.get(0).get("principal").get("accessKeyId").asText()).isEqualTo("LTAIwrong");
    assertThat(l.get(0).get("principal").has("accountId")).isFalse();
    assertThat(l.get(0).has("resource")).isFalse();
    assertThat(l.get(0).get("decision").asText()).isEqualTo("deny");
    assertThat(l.get(0).get("errorCode").asText()).isEqualTo("SignatureDoesNotMatch");
    assertThat(l.get(1).get("principal").get("type").asText()).isEqualTo("anonymous");
    assertThat(l.get(1).get("principal").size()).isEqualTo(1);
    assertThat(l.get(1).has("sourceAddress")).isFalse();
    assertThat(l.get(2).get("principal").get("type").asText()).isEqualTo("root");
    assertThat(l.get(2).get("principal").has("userName")).isFalse();
    assertThat(l.get(2).get("decision").asText()).isEqualTo("allow");
    assertThat(l.get(2).get("errorCode").asText()).isEqualTo("InvalidParameter");
  }

  @Test
  void record_valuesWithNewlinesQuotesAndNonAscii_stayOneParseableLine() throws IOException {
    Path file = dir.resolve("audit.log");
    String key = "dir/line1\nline2\r\"quoted\"\t\u0000 ключ 🔑";
    try (FileAuditLog log = FileAuditLog.open(file, 1 << 20, 3)) {
      log.record(new AuditEvent(T, "R\n1", Caller.unverified("AK\u2028x"), "oss:GetObject", "acs:oss:*:*:b/" + key,
          Decision.DENY, "AccessDenied", 403, "127.0.0.1"));
    }
    List<String> raw = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(raw).hasSize(1);
    JsonNode n = JSON.readTree(raw.get(0));
    assertThat(n.get("resource").asText()).isEqualTo("acs:oss:*:*:b/" + key);
    assertThat(n.get("requestId").asText()).isEqualTo("R\n1");
  }

  @Test
  void event_overlongValues_areCutWithoutSplittingCharacters() {
    String longKey = "k".repeat(AuditEvent.MAX_RESOURCE_CHARS - 1) + "🔑" + "tail";
    AuditEvent e = new AuditEvent(T, "x".repeat(10_000), Caller.unverified("A".repeat(10_000)), "oss:GetObject",
        longKey, Decision.DENY, "C".repeat(10_000), 403, "1".repeat(10_000));
    assertThat(e.requestId()).hasSize(AuditEvent.MAX_FIELD_CHARS);
    assertThat(e.caller().accessKeyId()).hasSize(AuditEvent.MAX_FIELD_CHARS);
    assertThat(e.errorCode()).hasSize(AuditEvent.MAX_FIELD_CHARS);
    assertThat(e.resource()).hasSize(AuditEvent.MAX_RESOURCE_CHARS - 1).doesNotContain("\uD83D");
  }

  @Test
  void rotation_keepsTheConfiguredNumberOfFilesAndTheNewestLinesWhole() throws IOException {
    Path file = dir.resolve("audit.log");
    long maxBytes = 2_000;
    int total = 300;
    try (FileAuditLog log = FileAuditLog.open(file, maxBytes, 3)) {
      for (int i = 0; i < total; i++) log.record(event(Integer.toString(i)));
    }
    assertThat(file.resolveSibling("audit.log.1")).exists();
    assertThat(file.resolveSibling("audit.log.2")).exists();
    assertThat(file.resolveSibling("audit.log.3")).exists();
    assertThat(file.resolveSibling("audit.log.4")).doesNotExist();
    List<Integer> seen = new ArrayList<>();
    for (String name : List.of("audit.log.3", "audit.log.2", "audit.log.1", "audit.log")) {
      Path p = file.resolveSibling(name);
      assertThat(Files.size(p)).isLessThanOrEqualTo(maxBytes);
      assertThat(Files.readString(p)).endsWith("\n");
      for (JsonNode n : lines(p)) seen.add(n.get("requestId").asInt());
    }
    // What is kept is the newest stretch, without a gap: rotation drops whole old files only.
    assertThat(seen).isNotEmpty();
    assertThat(seen.getLast()).isEqualTo(total - 1);
    for (int i = 1; i < seen.size(); i++) assertThat(seen.get(i)).isEqualTo(seen.get(i - 1) + 1);
  }

  @Test
  void rotation_withRoomForEveryFile_losesNoLine() throws IOException {
    Path file = dir.resolve("audit.log");
    int total = 1_000;
    try (FileAuditLog log = FileAuditLog.open(file, 4_096, 1_000)) {
      for (int i = 0; i < total; i++) log.record(event(Integer.toString(i)));
      log.close();
      assertThat(log.written()).isEqualTo(total);
      assertThat(log.lost()).isZero();
    }
    List<Integer> seen = new ArrayList<>();
    int files = 0;
    for (int i = 1000; i >= 1; i--) {
      Path p = file.resolveSibling("audit.log." + i);
      if (!Files.exists(p)) continue;
      files++;
      for (JsonNode n : lines(p)) seen.add(n.get("requestId").asInt());
    }
    for (JsonNode n : lines(file)) seen.add(n.get("requestId").asInt());
    assertThat(files).isGreaterThan(10);
    assertThat(seen).hasSize(total);
    for (int i = 0; i < total; i++) assertThat(seen.get(i)).isEqualTo(i);
  }

  @Test
  void record_fromManyThreadsThroughATinyQueue_writesEveryEventOnceWithoutInterleaving() throws Exception {
    Path file = dir.resolve("audit.log");
    int threads = 16;
    int perThread = 2_000;
    FileAuditLog log = FileAuditLog.open(file, 256 * 1024, 1_000, 8);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      done.add(pool.submit(() -> {
        go.await();
        for (int i = 0; i < perThread; i++) log.record(event(thread + "-" + i));
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : done) f.get();
    pool.shutdown();
    log.close();
    assertThat(log.written()).isEqualTo((long) threads * perThread);
    assertThat(log.lost()).isZero();

    Map<Integer, Integer> next = new HashMap<>();
    List<Path> files = new ArrayList<>();
    for (int i = 1000; i >= 1; i--) {
      Path p = file.resolveSibling("audit.log." + i);
      if (Files.exists(p)) files.add(p);
    }
    files.add(file);
    long count = 0;
    for (Path p : files) {
      for (JsonNode n : lines(p)) {
        String[] id = n.get("requestId").asText().split("-");
        int thread = Integer.parseInt(id[0]);
        int seq = Integer.parseInt(id[1]);
        // Each thread's events arrive in its own order, each exactly once.
        assertThat(seq).isEqualTo(next.getOrDefault(thread, 0));
        next.put(thread, seq + 1);
        count++;
      }
    }
    assertThat(count).isEqualTo((long) threads * perThread);
  }

  @Test
  void record_afterClose_isCountedLostAndNotWritten() throws IOException {
    Path file = dir.resolve("audit.log");
    FileAuditLog log = FileAuditLog.open(file, 1 << 20, 3);
    log.record(event("before"));
    log.close();
    log.record(event("after"));
    log.close();
    assertThat(log.written()).isEqualTo(1);
    assertThat(log.lost()).isEqualTo(1);
    assertThat(lines(file)).extracting(n -> n.get("requestId").asText()).containsExactly("before");
  }

  @Test
  void open_existingLog_appendsAndEndsABrokenLastLine() throws IOException {
    Path file = dir.resolve("audit.log");
    try (FileAuditLog log = FileAuditLog.open(file, 1 << 20, 3)) {
      log.record(event("first"));
    }
    Files.writeString(file, "{\"cut off", java.nio.file.StandardOpenOption.APPEND);
    try (FileAuditLog log = FileAuditLog.open(file, 1 << 20, 3)) {
      log.record(event("second"));
    }
    List<String> raw = Files.readAllLines(file);
    assertThat(raw).hasSize(3);
    assertThat(JSON.readTree(raw.get(0)).get("requestId").asText()).isEqualTo("first");
    assertThat(raw.get(1)).isEqualTo("{\"cut off");
    assertThat(JSON.readTree(raw.get(2)).get("requestId").asText()).isEqualTo("second");
  }

  @Test
  void open_pathUnderARegularFile_fails() throws IOException {
    Path notADir = Files.writeString(dir.resolve("plain"), "x");
    assertThatThrownBy(() -> FileAuditLog.open(notADir.resolve("audit.log"), 1 << 20, 3))
        .isInstanceOf(IOException.class);
  }

  @Test
  void open_newFile_isReadableByItsOwnerOnly() throws IOException {
    Path file = dir.resolve("sub/audit.log");
    try (FileAuditLog log = FileAuditLog.open(file, 1 << 20, 3)) {
      log.record(event("x"));
    }
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
  }

  /**
   * What {@link FileAuditLog#record} costs, printed for a reader, not asserted (timings on a shared
   * machine prove nothing): a burst that fits the queue (what a request thread pays normally),
   * then sustained load from one and from eight threads (the writer's throughput, blocking
   * included).
   */
  @Test
  void record_costPerCall_isReportedAndEveryEventWritten() throws Exception {
    Path file = dir.resolve("bench.log");
    int burst = FileAuditLog.DEFAULT_QUEUE_CAPACITY / 2;
    int rounds = 20;
    int sustained = 200_000;
    try (FileAuditLog log = FileAuditLog.open(file, 64L << 20, 2)) {
      AuditEvent e = event("bench");
      long recorded = 0;
      long burstNanos = 0;
      for (int r = 0; r < rounds; r++) {
        awaitWritten(log, recorded);
        long t0 = System.nanoTime();
        for (int i = 0; i < burst; i++) log.record(e);
        if (r >= rounds / 2) burstNanos += System.nanoTime() - t0; // first half warms up
        recorded += burst;
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < sustained; i++) log.record(e);
      long single = System.nanoTime() - t0;
      recorded += sustained;
      int threads = 8;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<Long>> times = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        times.add(pool.submit(() -> {
          long s = System.nanoTime();
          for (int i = 0; i < sustained / threads; i++) log.record(e);
          return System.nanoTime() - s;
        }));
      }
      long sum = 0;
      for (Future<Long> f : times) sum += f.get();
      pool.shutdown();
      recorded += sustained;
      log.close();
      System.out.printf("FileAuditLog.record: %d ns/call in bursts the queue holds; sustained (writer-bound) "
          + "%d ns/call from one thread, %d ns/call per call from %d threads%n",
          burstNanos / ((long) burst * (rounds - rounds / 2)), single / sustained, sum / sustained, threads);
      assertThat(log.written()).isEqualTo(recorded);
      assertThat(log.lost()).isZero();
    }
  }

  /** Polls until the writer has caught up (a deadline, not a sleep, bounds it). */
  private static void awaitWritten(FileAuditLog log, long n) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (log.written() < n) {
      if (System.nanoTime() > deadline) throw new AssertionError("writer did not catch up");
      Thread.onSpinWait();
      Thread.yield();
    }
  }
}
