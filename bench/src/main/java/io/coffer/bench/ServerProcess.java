package io.coffer.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Coffer server in its own JVM on free loopback ports, started exactly as {@code coffer serve},
 * whose CPU time the driver reads between phases (utime + stime from /proc via ProcessHandle).
 * Its output goes to a log file next to the data directory.
 */
final class ServerProcess implements AutoCloseable {
  static final String ACCESS_KEY_ID = "LTAIbenchrootkey0001";
  static final String ACCESS_KEY_SECRET = "bench-root-secret-0123456789abcdef";

  private final Process process;
  private final int ossPort;
  private final int consolePort;
  private final int rpcPort;

  private ServerProcess(Process process, int ossPort, int consolePort, int rpcPort) {
    this.process = process;
    this.ossPort = ossPort;
    this.consolePort = consolePort;
    this.rpcPort = rpcPort;
  }

  static ServerProcess start(Path dataDir, Path log, List<String> jvmOptions) throws IOException, InterruptedException {
    int[] ports = new int[3];
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < ports.length; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(s);
        ports[i] = s.getLocalPort();
      }
    } finally {
      for (ServerSocket s : held) s.close();
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchServer.class.getName(),
        "--data-dir", dataDir.toString(), "--oss-port", Integer.toString(ports[0]),
        "--console-port", Integer.toString(ports[1]), "--rpc-port", Integer.toString(ports[2])));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("COFFER_ROOT_ACCESS_KEY_ID", ACCESS_KEY_ID);
    pb.environment().put("COFFER_ROOT_ACCESS_KEY_SECRET", ACCESS_KEY_SECRET);
    ServerProcess s = new ServerProcess(pb.start(), ports[0], ports[1], ports[2]);
    s.awaitReady();
    return s;
  }

  private void awaitReady() throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + consolePort + "/health")).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IllegalStateException("the server exited with " + process.exitValue());
      try {
        if (http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
      } catch (IOException notYet) {
        // not listening yet
      }
      process.waitFor(50, TimeUnit.MILLISECONDS);
    }
    throw new IllegalStateException("the server was not ready within 60 s");
  }

  String endpoint() {
    return "http://127.0.0.1:" + ossPort;
  }

  int consolePort() {
    return consolePort;
  }

  /** The KMS/RAM RPC port as the POP SDK's {@code setSysEndpoint} takes it: host:port, no scheme. */
  String rpcEndpoint() {
    return "127.0.0.1:" + rpcPort;
  }

  long pid() {
    return process.pid();
  }

  /** CPU time the server process has used so far (all its threads: requests, JIT, GC). */
  long cpuNanos() {
    return process.toHandle().info().totalCpuDuration().map(Duration::toNanos)
        .orElseThrow(() -> new IllegalStateException("this platform does not report process CPU time"));
  }

  /**
   * Of that, the time spent in the kernel (stime from /proc/&lt;pid&gt;/stat, in 10 ms ticks), which
   * shows how much of a PUT's cost is file-system work; -1 where /proc is missing.
   */
  long systemCpuNanos() {
    try {
      String stat = java.nio.file.Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[12]) * 10_000_000L; // field 15; USER_HZ is 100 on Linux
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * The server's resident set size now and its peak so far (VmRSS and VmHWM from
   * /proc/&lt;pid&gt;/status), in bytes: heap, metaspace, thread stacks and Jetty's direct buffers.
   */
  long[] residentBytes() {
    long rss = -1;
    long hwm = -1;
    try {
      for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith("VmRSS:")) rss = kib(line);
        if (line.startsWith("VmHWM:")) hwm = kib(line);
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: unknown
    }
    return new long[] {rss, hwm};
  }

  private static long kib(String statusLine) {
    return Long.parseLong(statusLine.replaceAll("[^0-9]", "")) * 1024;
  }

  /**
   * The heap the server's live objects take: a full GC in the server ({@code jcmd GC.run}), then the
   * used heap {@code jcmd GC.heap_info} reports, in bytes. Requests in flight keep their buffers
   * alive through the GC, so a request that held its body in memory would show here.
   */
  long heapAfterGcBytes() throws IOException, InterruptedException {
    jcmd("GC.run");
    String info = jcmd("GC.heap_info");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
    if (!m.find()) throw new IllegalStateException("jcmd GC.heap_info: no used size in " + info);
    return Long.parseLong(m.group(1)) * 1024;
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(process.pid()), command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (p.waitFor() != 0) throw new IllegalStateException("jcmd " + command + " failed: " + out);
    return out;
  }

  /** SIGTERM, then waits for the drain and exit. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
  }
}
