package io.coffer.server.testing;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code coffer serve} as a separate JVM, for tests of what only a process shows: SIGKILL, SIGTERM,
 * exit codes, what it prints, the data-directory lock. Each instance gets fresh loopback ports;
 * stdout and stderr go to files next to (never inside) the data directory.
 */
public final class CofferProcess implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final int ossPort;
  private final int consolePort;
  private final List<OSS> clients = new ArrayList<>();

  private CofferProcess(Process process, Path stdout, Path stderr, int ossPort, int consolePort) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.ossPort = ossPort;
    this.consolePort = consolePort;
  }

  /**
   * Launches {@code serve --data-dir dataDir} with the given environment additions (a null value
   * removes a variable) and extra JVM options. Does not wait for readiness.
   */
  public static CofferProcess launch(Path dataDir, Map<String, String> env, String... jvmOptions) throws IOException {
    return launch(dataDir, env, freePorts(1)[0], jvmOptions);
  }

  /** As {@link #launch(Path, Map, String...)}, with the OSS API on the given port. */
  public static CofferProcess launch(Path dataDir, Map<String, String> env, int ossPort, String... jvmOptions)
      throws IOException {
    return launch(dataDir, env, ossPort, List.of(), jvmOptions);
  }

  /** As {@link #launch(Path, Map, String...)}, with more {@code serve} options (e.g. the HSM ones). */
  public static CofferProcess launch(Path dataDir, Map<String, String> env, List<String> serveOptions,
      String... jvmOptions) throws IOException {
    return launch(dataDir, env, freePorts(1)[0], serveOptions, jvmOptions);
  }

  private static CofferProcess launch(Path dataDir, Map<String, String> env, int ossPort, List<String> serveOptions,
      String... jvmOptions) throws IOException {
    int[] ports = freePorts(3);
    ports[0] = ossPort;
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-XX:+UseSerialGC");
    cmd.addAll(List.of(jvmOptions));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ServeMain.class.getName(),
        "--data-dir", dataDir.toString(), "--address", "127.0.0.1", "--oss-port", Integer.toString(ports[0]),
        "--console-port", Integer.toString(ports[1]), "--rpc-port", Integer.toString(ports[2])));
    cmd.addAll(serveOptions);
    ProcessBuilder pb = processBuilder(cmd, env);
    Path out = Files.createTempFile("coffer-proc-", ".out");
    Path err = Files.createTempFile("coffer-proc-", ".err");
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    return new CofferProcess(pb.start(), out, err, ports[0], ports[1]);
  }

  /** Launches with the test root key and {@code serve} options and waits until {@code /health} answers 200. */
  public static CofferProcess start(Path dataDir, Map<String, String> env, List<String> serveOptions)
      throws IOException {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.putIfAbsent("COFFER_ROOT_ACCESS_KEY_ID", CofferExtension.ACCESS_KEY_ID);
    all.putIfAbsent("COFFER_ROOT_ACCESS_KEY_SECRET", CofferExtension.ACCESS_KEY_SECRET);
    CofferProcess p = launch(dataDir, all, serveOptions);
    p.awaitReady();
    return p;
  }

  private static ProcessBuilder processBuilder(List<String> cmd, Map<String, String> env) {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("COFFER_ROOT_ACCESS_KEY_ID");
    pb.environment().remove("COFFER_ROOT_ACCESS_KEY_SECRET");
    pb.environment().remove("COFFER_HSM_PIN");
    env.forEach((k, v) -> {
      if (v == null) pb.environment().remove(k);
      else pb.environment().put(k, v);
    });
    return pb;
  }

  /** What a command that ran to its end printed, and its exit code. */
  public record Finished(int exitCode, String stdout, String stderr) {}

  /**
   * Runs {@code coffer admin args…} as a separate JVM (so it gets its own environment, e.g. the HSM
   * PIN and SOFTHSM2_CONF) and waits for it to end.
   */
  public static Finished admin(Map<String, String> env, String... args) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        AdminMain.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = processBuilder(cmd, env);
    Path out = Files.createTempFile("coffer-admin-", ".out");
    Path err = Files.createTempFile("coffer-admin-", ".err");
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    Process p = pb.start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        throw new IllegalStateException("coffer admin " + String.join(" ", args) + " did not end within 60 s");
      }
      return new Finished(p.exitValue(), read(out), read(err));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Launches with the test root key and waits until {@code /health} answers 200. */
  public static CofferProcess start(Path dataDir, String... jvmOptions) throws IOException {
    CofferProcess p = launch(dataDir, Map.of("COFFER_ROOT_ACCESS_KEY_ID", CofferExtension.ACCESS_KEY_ID,
        "COFFER_ROOT_ACCESS_KEY_SECRET", CofferExtension.ACCESS_KEY_SECRET), jvmOptions);
    p.awaitReady();
    return p;
  }

  private static int[] freePorts(int n) throws IOException {
    ServerSocket[] sockets = new ServerSocket[n];
    int[] ports = new int[n];
    try {
      for (int i = 0; i < n; i++) {
        sockets[i] = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        ports[i] = sockets[i].getLocalPort();
      }
    } finally {
      for (ServerSocket s : sockets) if (s != null) s.close();
    }
    return ports;
  }

  /** Polls {@code GET /health} until it answers 200; fails early if the process exits. */
  public void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + consolePort + "/health"))
        .timeout(Duration.ofSeconds(5)).GET().build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("coffer exited with " + process.exitValue() + " before it was ready:\n" + stderr());
      }
      try {
        if (http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      waitForExit(Duration.ofMillis(50));
    }
    throw new IllegalStateException("coffer was not ready within " + READY_TIMEOUT + ":\n" + stderr());
  }

  /** Polls the captured stdout until it contains {@code text}; returns all of it. */
  public String awaitStdout(String text) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      String out = stdout();
      if (out.contains(text)) return out;
      if (waitForExit(Duration.ofMillis(20)) && !stdout().contains(text)) {
        throw new IllegalStateException("coffer exited without printing \"" + text + "\":\n" + stdout() + stderr());
      }
    }
    throw new IllegalStateException("coffer did not print \"" + text + "\" within " + READY_TIMEOUT);
  }

  /** True once the OSS port refuses connections (the listener is closed). */
  public boolean ossPortClosed() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", ossPort), 1_000);
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private boolean waitForExit(Duration d) {
    try {
      return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits for the process to exit by itself and returns its exit code. */
  public int awaitExit(Duration timeout) {
    if (!waitForExit(timeout)) throw new IllegalStateException("coffer did not exit within " + timeout);
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook, no drain; returns once the process is gone. */
  public void kill() {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(30));
    shutdownClients();
  }

  /** SIGTERM (the process drains and stops); returns the exit code. */
  public int terminate() {
    process.destroy();
    int code = awaitExit(Duration.ofSeconds(60));
    shutdownClients();
    return code;
  }

  /** Sends SIGTERM and returns at once. */
  public void signalTerminate() {
    process.destroy();
  }

  public Process process() {
    return process;
  }

  public int ossPort() {
    return ossPort;
  }

  public int consolePort() {
    return consolePort;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + ossPort;
  }

  public String stdout() {
    return read(stdout);
  }

  public String stderr() {
    return read(stderr);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A V1 SDK client with the test root key, no retries, CRC checks on. */
  public OSS client() {
    return client(CofferExtension.ACCESS_KEY_ID, CofferExtension.ACCESS_KEY_SECRET);
  }

  public OSS client(String accessKeyId, String secret) {
    ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
    conf.setMaxErrorRetry(0);
    conf.setConnectionTimeout(5_000);
    conf.setSocketTimeout(120_000);
    conf.setMaxConnections(64);
    OSS c = new OSSClientBuilder().build(endpoint(), accessKeyId, secret, conf);
    synchronized (clients) {
      clients.add(c);
    }
    return c;
  }

  private void shutdownClients() {
    synchronized (clients) {
      for (OSS c : clients) c.shutdown();
      clients.clear();
    }
  }

  /** Kills the process if it still runs and removes the captured output. */
  @Override
  public void close() throws IOException {
    shutdownClients();
    if (process.isAlive()) {
      process.destroyForcibly();
      waitForExit(Duration.ofSeconds(30));
    }
    Files.deleteIfExists(stdout);
    Files.deleteIfExists(stderr);
  }
}
