package io.coffer.bench;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * End-to-end load driver: starts {@code coffer serve} as its own process on loopback, warms up the
 * real request paths, then runs each workload through the official OSS Java SDK in interleaved
 * rounds (A B C … A B C …), with the physical references re-measured at the start of every round.
 * Reports medians with min–max, latency percentiles, and server CPU per operation and per GiB
 * (read from the server process, so it includes its JIT and GC). Method: performance-limits.md §5.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Measure Coffer's PUT/GET throughput and small-object ops/s through the OSS SDK.")
public final class LoadDriver implements Callable<Integer> {
  private static final long KIB = 1024;
  private static final long MIB = 1024 * KIB;

  @Option(names = "--seconds", description = "Length of each measured phase (default: ${DEFAULT-VALUE}).")
  int seconds = 6;

  @Option(names = "--rounds", description = "Interleaved rounds over all phases (default: ${DEFAULT-VALUE}).")
  int rounds = 3;

  @Option(names = "--warmup-seconds", description = "Mixed warm-up before measuring (default: ${DEFAULT-VALUE}).")
  int warmupSeconds = 20;

  @Option(names = "--large-mib", description = "Size of the large objects in MiB (default: ${DEFAULT-VALUE}).")
  int largeMib = 256;

  @Option(names = "--data-dir", description = "Scratch data directory, deleted afterwards (default: ${DEFAULT-VALUE}).")
  Path dataDir = Path.of("bench", "target", "bench-data");

  @Option(names = "--server-jvm-option", description = "Extra JVM option for the server process (repeatable).")
  List<String> serverJvmOptions = new ArrayList<>();

  @Option(names = "--out", description = "Also write the Markdown report to this file.")
  Path out;

  @Option(names = "--only", split = ",", description = "Run only the workloads whose names start with these, "
      + "e.g. put-4KiB,get-1MiB-c8 (names: {put,get}-{4KiB,1MiB,<large>MiB}-c<clients>).")
  List<String> only = new ArrayList<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadDriver()).execute(args));
  }

  private List<Phase> phases() {
    long large = largeMib * MIB;
    List<Phase> p = new ArrayList<>();
    for (long size : new long[] {4 * KIB, MIB, large}) {
      int[] clients = size == large ? new int[] {1, 2} : new int[] {1, 8};
      for (Phase.Op op : Phase.Op.values()) {
        for (int c : clients) p.add(new Phase(op.name().toLowerCase() + "-" + label(size) + "-c" + c, op, size, c));
      }
    }
    if (!only.isEmpty()) p.removeIf(ph -> only.stream().noneMatch(o -> ph.name().startsWith(o)));
    if (p.isEmpty()) throw new CommandLine.ParameterException(new CommandLine(this), "--only matches no workload");
    return p;
  }

  @Override
  public Integer call() throws Exception {
    deleteTree(dataDir);
    Files.createDirectories(dataDir);
    Path data = dataDir.resolve("coffer");
    Path log = dataDir.resolve("server.log");
    String header = machine("Coffer load driver");
    StringBuilder report = new StringBuilder(header);
    System.out.print(header);
    try (ServerProcess server = ServerProcess.start(data, log, serverJvmOptions)) {
      OSS oss = client(server);
      try {
        oss.createBucket(Phase.BUCKET);
        Map<Long, byte[]> payloads = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(2026_11_22L);
        for (long size : new long[] {4 * KIB, MIB}) {
          byte[] b = new byte[(int) size];
          random.nextBytes(b);
          payloads.put(size, b);
        }
        List<Phase> phases = phases();
        seed(oss, phases, payloads);
        warmUp(oss, server, phases, payloads);
        report.append(measure(oss, server, phases, payloads));
      } finally {
        oss.shutdown();
      }
    } finally {
      deleteTree(dataDir);
    }
    System.out.println();
    System.out.print(report.substring(header.length()));
    if (out != null) Files.writeString(out, report.toString());
    return 0;
  }

  private static OSS client(ServerProcess server) {
    ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
    // Checksums are the server's cost; the client skips its own so it steals less of the shared CPU.
    conf.setCrcCheckEnabled(false);
    conf.setMaxErrorRetry(0);
    conf.setMaxConnections(32);
    conf.setSocketTimeout(300_000);
    return new OSSClientBuilder().build(server.endpoint(), ServerProcess.ACCESS_KEY_ID,
        ServerProcess.ACCESS_KEY_SECRET, conf);
  }

  private static byte[] payloadFor(Phase p, Map<Long, byte[]> payloads) {
    return payloads.getOrDefault(p.sizeBytes(), payloads.get(MIB));
  }

  private static void seed(OSS oss, List<Phase> phases, Map<Long, byte[]> payloads) {
    Set<String> done = new HashSet<>();
    for (Phase p : phases) {
      if (p.op() != Phase.Op.GET) continue;
      for (int i = 0; i < p.keys(); i++) {
        if (done.add(p.seedKey(i))) p.put(oss, p.seedKey(i), payloadFor(p, payloads));
      }
    }
  }

  /** Runs every workload, unmeasured, until the warm-up time is spent (at least once each). */
  private void warmUp(OSS oss, ServerProcess server, List<Phase> phases, Map<Long, byte[]> payloads) throws Exception {
    System.out.println("warming up for " + warmupSeconds + " s ...");
    long end = System.nanoTime() + warmupSeconds * 1_000_000_000L;
    long slice = Math.max(500, warmupSeconds * 1000L / phases.size());
    do {
      for (Phase p : phases) p.run(oss, server, 0, slice, payloadFor(p, payloads));
    } while (System.nanoTime() < end);
  }

  private String measure(OSS oss, ServerProcess server, List<Phase> phases, Map<Long, byte[]> payloads)
      throws Exception {
    Map<String, List<Phase.Result>> results = new LinkedHashMap<>();
    List<double[]> refs = new ArrayList<>(); // hash CPU-s/GiB, durable writes/s with 1 and 8 writers
    for (int round = 1; round <= rounds; round++) {
      double hash = References.hashCpuSecondsPerGib(2_000);
      double d1 = References.durableSmallWritesPerSecond(dataDir.resolve("ref"), 1, 2_000);
      double d8 = References.durableSmallWritesPerSecond(dataDir.resolve("ref"), 8, 2_000);
      refs.add(new double[] {hash, d1, d8});
      System.out.printf("round %d: reference MD5+CRC-64 %.2f CPU-s/GiB, durable 4 KiB writes %.0f/s (1), %.0f/s (8)%n",
          round, hash, d1, d8);
      for (Phase p : phases) {
        Phase.Result r = p.run(oss, server, round, seconds * 1000L, payloadFor(p, payloads));
        results.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(r);
        System.out.printf("round %d %-16s %9.1f ops/s %8.1f MiB/s  server %.3f ms/op %.2f CPU-s/GiB (%.0f%% kernel)"
            + "  load %.1f→%.1f%n", round, p.name(), r.opsPerSecond(), r.mibPerSecond(), r.serverCpuMillisPerOp(),
            r.serverCpuSecondsPerGib(), 100 * r.serverSystemShare(), r.loadBefore(), r.loadAfter());
      }
    }
    return Report.render(phases, results, refs, rounds, seconds, warmupSeconds);
  }

  static String machine(String title) {
    String cpu = "unknown";
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      cpu = lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst().orElse(cpu);
    } catch (IOException ignored) {
      // not Linux: leave it unknown
    }
    return "# " + title + "\n\n"
        + "- date: " + LocalDate.now() + "\n"
        + "- CPUs: " + Runtime.getRuntime().availableProcessors() + " × " + cpu + "\n"
        + "- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + "\n"
        + "- load average at start: " + loadAverage() + "\n\n";
  }

  static String label(long size) {
    return size >= MIB ? size / MIB + "MiB" : size / KIB + "KiB";
  }

  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  static double[] each(List<Phase.Result> rs, ToDoubleFunction<Phase.Result> f) {
    return rs.stream().mapToDouble(f).toArray();
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
