package io.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PutObjectResult;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.CofferProcess;
import io.coffer.server.testing.DataDir;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code coffer serve} as a process: first start, the data-directory lock, health, and SIGTERM. */
class ServeLifecycleIT {
  private static final Pattern KEY_ID = Pattern.compile("AccessKeyId:\\s+(\\S+)");
  private static final Pattern KEY_SECRET = Pattern.compile("AccessKeySecret:\\s+(\\S+)");
  private static final String READY_LINE = "Coffer OSS endpoint:";

  private Path dataDir;
  private final List<CofferProcess> processes = new ArrayList<>();

  @BeforeEach
  void createDataDir() throws IOException {
    dataDir = Files.createTempDirectory("coffer-life-");
  }

  @AfterEach
  void cleanUp() throws IOException {
    for (CofferProcess p : processes) p.close();
    CofferExtension.deleteTree(dataDir);
  }

  private CofferProcess track(CofferProcess p) {
    processes.add(p);
    return p;
  }

  private static Map<String, String> envKey() {
    return Map.of("COFFER_ROOT_ACCESS_KEY_ID", CofferExtension.ACCESS_KEY_ID, "COFFER_ROOT_ACCESS_KEY_SECRET",
        CofferExtension.ACCESS_KEY_SECRET);
  }

  @Test
  void firstStart_withEnvironmentKey_writesCredentials0600AndNeverEchoesTheGivenSecret() throws Exception {
    CofferProcess first = track(CofferProcess.launch(dataDir, envKey()));
    first.awaitReady();
    String out = first.awaitStdout(READY_LINE);
    assertThat(out).contains("AccessKeyId:     " + CofferExtension.ACCESS_KEY_ID)
        .contains("AccessKeySecret: (as given in COFFER_ROOT_ACCESS_KEY_SECRET)")
        .doesNotContain(CofferExtension.ACCESS_KEY_SECRET);
    Path file = dataDir.resolve(RootCredentials.FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(Files.readString(file)).contains("accessKeyId=" + CofferExtension.ACCESS_KEY_ID)
        .contains("accessKeySecret=" + CofferExtension.ACCESS_KEY_SECRET);
    first.client().createBucket("life");
    assertThat(first.terminate()).isIn(0, 143);

    // Later starts take the key from the file, and never print the secret again.
    CofferProcess second = track(CofferProcess.launch(dataDir, Map.of()));
    second.awaitReady();
    String again = second.awaitStdout(READY_LINE);
    assertThat(again).doesNotContain(CofferExtension.ACCESS_KEY_SECRET).doesNotContain("AccessKeySecret");
    assertThat(second.client().doesBucketExist("life")).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void firstStart_withoutEnvironmentKey_generatesKeyAndPrintsIt() throws Exception {
    Map<String, String> none = new HashMap<>();
    none.put("COFFER_ROOT_ACCESS_KEY_ID", null);
    none.put("COFFER_ROOT_ACCESS_KEY_SECRET", null);
    CofferProcess p = track(CofferProcess.launch(dataDir, none));
    p.awaitReady();
    String out = p.awaitStdout(READY_LINE);
    Matcher id = KEY_ID.matcher(out);
    Matcher secret = KEY_SECRET.matcher(out);
    assertThat(id.find()).as("printed AccessKeyId in:%n%s", out).isTrue();
    assertThat(secret.find()).as("printed AccessKeySecret").isTrue();
    assertThat(id.group(1)).startsWith("LTAI").isNotEqualTo(CofferExtension.ACCESS_KEY_ID);
    assertThat(Files.readString(dataDir.resolve(RootCredentials.FILE)))
        .contains("accessKeyId=" + id.group(1)).contains("accessKeySecret=" + secret.group(1));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(RootCredentials.FILE))))
        .isEqualTo("rw-------");

    p.client(id.group(1), secret.group(1)).createBucket("generated");
    OSS stranger = p.client(CofferExtension.ACCESS_KEY_ID, CofferExtension.ACCESS_KEY_SECRET);
    assertThatThrownBy(() -> stranger.createBucket("other"))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("InvalidAccessKeyId"));
    assertThat(p.client(id.group(1), secret.group(1)).doesBucketExist("other")).isFalse();
  }

  @Test
  void health_onceReady_answers200Up() throws Exception {
    CofferProcess p = track(CofferProcess.start(dataDir));
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.consolePort() + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"UP\"");
  }

  @Test
  void secondServer_onALockedDataDir_exitsNonZeroWithClearMessage() throws Exception {
    CofferProcess first = track(CofferProcess.start(dataDir));
    first.client().createBucket("locked");

    CofferProcess second = track(CofferProcess.launch(dataDir, envKey()));
    int code = second.awaitExit(Duration.ofSeconds(60));
    assertThat(code).isNotZero();
    assertThat(second.stderr()).contains("another Coffer server is already using the data directory")
        .contains(dataDir.toAbsolutePath().toString());

    // The first server is untouched and still serves.
    first.awaitReady();
    OSS oss = first.client();
    oss.putObject("locked", "k", new ByteArrayInputStream(new byte[] {1, 2, 3}));
    assertThat(oss.doesObjectExist("locked", "k")).isTrue();
  }

  @Test
  void portInUse_exitsNonZeroWithClearMessage_andTheUnshownKeyIsNotKept() throws Exception {
    Map<String, String> none = new HashMap<>();
    none.put("COFFER_ROOT_ACCESS_KEY_ID", null);
    none.put("COFFER_ROOT_ACCESS_KEY_SECRET", null);
    int busyPort;
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      busyPort = busy.getLocalPort();
      CofferProcess p = track(CofferProcess.launch(dataDir, none, busyPort));
      assertThat(p.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
      assertThat(p.stderr()).contains("coffer: Failed to bind to /127.0.0.1:" + busyPort)
          .contains("--oss-port").doesNotContain("\tat ");
      assertThat(p.stdout()).doesNotContain("AccessKeySecret");
    }
    assertThat(dataDir.resolve(RootCredentials.FILE)).doesNotExist();

    // The next start that succeeds generates the key and shows it.
    CofferProcess ok = track(CofferProcess.launch(dataDir, none));
    ok.awaitReady();
    String out = ok.awaitStdout(READY_LINE);
    Matcher id = KEY_ID.matcher(out);
    Matcher secret = KEY_SECRET.matcher(out);
    assertThat(id.find() && secret.find()).as("key printed in:%n%s", out).isTrue();
    assertThat(Files.readString(dataDir.resolve(RootCredentials.FILE))).contains("accessKeySecret=" + secret.group(1));
  }

  @Test
  void sigterm_duringSlowUpload_finishesThatUploadThenExitsCleanly() throws Exception {
    CofferProcess p = track(CofferProcess.start(dataDir));
    OSS oss = p.client();
    oss.createBucket("drain");
    byte[] data = new byte[3 * 1024 * 1024];
    new Random(7).nextBytes(data);
    int head = 256 * 1024;
    GatedStream body = new GatedStream(data, head);
    ObjectMetadata meta = new ObjectMetadata();
    meta.setContentLength(data.length);
    CompletableFuture<PutObjectResult> upload = CompletableFuture.supplyAsync(
        () -> oss.putObject("drain", "slow", body, meta));

    // The request is inside the handler once its blob exists in tmp/.
    awaitUntil(() -> !DataDir.tmpFiles(dataDir).isEmpty() || upload.isDone(), "the upload reached the server");
    assertThat(upload).isNotDone();
    p.signalTerminate();
    awaitUntil(p::ossPortClosed, "the server stopped accepting connections");
    assertThat(p.process().isAlive()).as("still draining").isTrue();
    body.release();

    PutObjectResult r = upload.get(60, TimeUnit.SECONDS);
    assertThat(r.getETag()).hasSize(32);
    int code = p.awaitExit(Duration.ofSeconds(60));
    assertThat(code).isIn(0, 143);
    assertThat(p.stderr()).contains("Coffer stopped");
    assertThat(DataDir.integrityCheck(dataDir)).isEqualTo("ok");

    CofferProcess again = track(CofferProcess.start(dataDir));
    try (OSSObject o = again.client().getObject("drain", "slow")) {
      assertThat(o.getObjectContent().readAllBytes()).isEqualTo(data);
    }
    assertThat(again.terminate()).isIn(0, 143);
    assertThat(DataDir.integrityCheck(dataDir)).isEqualTo("ok");
    assertThat(DataDir.tmpFiles(dataDir)).isEmpty();
  }

  @FunctionalInterface
  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void awaitUntil(Condition c, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!c.holds()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // poll interval
    }
  }

  /** Hands out its first {@code head} bytes at once and the rest only after {@link #release()}. */
  private static final class GatedStream extends InputStream {
    private final byte[] data;
    private final int head;
    private final CountDownLatch gate = new CountDownLatch(1);
    private int pos;

    GatedStream(byte[] data, int head) {
      this.data = data;
      this.head = head;
    }

    void release() {
      gate.countDown();
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (pos >= data.length) return -1;
      if (pos >= head) {
        try {
          gate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
      int limit = pos < head ? head : data.length;
      int n = Math.min(len, limit - pos);
      System.arraycopy(data, pos, b, off, n);
      pos += n;
      return n;
    }
  }
}
