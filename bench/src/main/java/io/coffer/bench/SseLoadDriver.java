package io.coffer.bench;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.model.ServerSideEncryptionByDefault;
import com.aliyun.oss.model.ServerSideEncryptionConfiguration;
import com.aliyun.oss.model.SetBucketEncryptionRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The cost of server-side encryption, measured as one A/B comparison inside one server process
 * (performance-limits.md §5a rule 1, "SSE cost"): one bucket without encryption and one (or two)
 * whose default encryption is AES256 (and SM4, or KMS: SSE-KMS under the default CMK), set with
 * PutBucketEncryption through the SDK.
 * Every workload runs once per bucket back to back, in an order that alternates each round
 * (plain, SSE, then SSE, plain), so each round gives one pair per workload under the same JIT
 * state, disk and neighbour; the report leads with the per-pair ratio SSE ÷ plain.
 */
@Command(name = "sse", mixinStandardHelpOptions = true,
    description = "Compare encrypted (SSE-OSS) and plaintext buckets in one Coffer process through the OSS SDK.")
public final class SseLoadDriver implements Callable<Integer> {
  private static final long KIB = 1024;
  private static final long MIB = 1024 * KIB;

  /** A bucket of the comparison: its default encryption ({@code null} for none). */
  enum Variant {
    PLAIN(null), AES256("AES256"), SM4("SM4"),
    /** SSE-KMS under the account's default CMK (alias/acs/oss): a KMS data key per object, opened per read. */
    KMS("KMS");

    final String algorithm;

    Variant(String algorithm) {
      this.algorithm = algorithm;
    }

    String bucket() {
      return "sse-bench-" + name().toLowerCase();
    }

    String label() {
      return algorithm == null ? "plain" : algorithm;
    }
  }

  /** A workload, measured once per variant in every round. */
  record Workload(String name, Phase.Op op, long sizeBytes, int clients, long objectBytes, boolean large) {
    Phase phase(Variant v) {
      return new Phase(name, op, sizeBytes, clients, v.bucket(), objectBytes);
    }
  }

  @Option(names = "--seconds", description = "Length of each small-object and range phase (default: ${DEFAULT-VALUE}).")
  int seconds = 6;

  @Option(names = "--large-seconds", description = "Length of each large-object phase (default: ${DEFAULT-VALUE}).")
  int largeSeconds = 10;

  @Option(names = "--rounds", description = "Rounds, i.e. A/B pairs per workload (default: ${DEFAULT-VALUE}).")
  int rounds = 5;

  @Option(names = "--warmup-seconds", description = "Mixed warm-up over all buckets (default: ${DEFAULT-VALUE}).")
  int warmupSeconds = 30;

  @Option(names = "--large-mib", description = "Size of the large PUT/GET objects in MiB (default: ${DEFAULT-VALUE}).")
  int largeMib = 256;

  @Option(names = "--range-object-mib", split = ",",
      description = "Sizes in MiB of the objects read by 1 MiB ranged GETs (default: ${DEFAULT-VALUE}).")
  List<Integer> rangeObjectMib = new ArrayList<>(List.of(16, 1024));

  @Option(names = "--variants", split = ",",
      description = "Buckets to compare, plain first: PLAIN, AES256, SM4, KMS (default: ${DEFAULT-VALUE}).")
  List<Variant> variants = new ArrayList<>(List.of(Variant.PLAIN, Variant.AES256));

  @Option(names = "--only", split = ",", description = "Run only the workloads whose names start with these "
      + "(names: put-<large>MiB-c1, get-<large>MiB-c1, {put,get}-4KiB-c{1,8}, range-1MiB-in-<n>MiB-c1).")
  List<String> only = new ArrayList<>();

  @Option(names = "--data-dir", description = "Scratch data directory, deleted afterwards (default: ${DEFAULT-VALUE}).")
  Path dataDir = Path.of("bench", "target", "bench-data");

  @Option(names = "--server-jvm-option", description = "Extra JVM option for the server process (repeatable).")
  List<String> serverJvmOptions = new ArrayList<>();

  @Option(names = "--out", description = "Also write the Markdown report to this file.")
  Path out;

  public static void main(String[] args) {
    System.exit(new CommandLine(new SseLoadDriver()).execute(args));
  }

  List<Workload> workloads() {
    long large = largeMib * MIB;
    List<Workload> w = new ArrayList<>();
    w.add(new Workload("put-" + LoadDriver.label(large) + "-c1", Phase.Op.PUT, large, 1, large, true));
    w.add(new Workload("get-" + LoadDriver.label(large) + "-c1", Phase.Op.GET, large, 1, large, true));
    for (Phase.Op op : new Phase.Op[] {Phase.Op.PUT, Phase.Op.GET}) {
      for (int c : new int[] {1, 8}) {
        w.add(new Workload(op.name().toLowerCase() + "-4KiB-c" + c, op, 4 * KIB, c, 4 * KIB, false));
      }
    }
    for (int mib : rangeObjectMib) {
      w.add(new Workload("range-1MiB-in-" + mib + "MiB-c1", Phase.Op.RANGE, MIB, 1, mib * MIB, false));
    }
    if (!only.isEmpty()) w.removeIf(x -> only.stream().noneMatch(o -> x.name().startsWith(o)));
    if (w.isEmpty()) throw new CommandLine.ParameterException(new CommandLine(this), "--only matches no workload");
    return w;
  }

  @Override
  public Integer call() throws Exception {
    if (variants.isEmpty() || variants.get(0) != Variant.PLAIN || variants.size() < 2
        || variants.stream().distinct().count() != variants.size()) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--variants: PLAIN first, then any of AES256, SM4, KMS");
    }
    List<Workload> workloads = workloads();
    LoadDriver.deleteTree(dataDir);
    Files.createDirectories(dataDir);
    String header = LoadDriver.machine("Coffer SSE vs plaintext, one server process");
    StringBuilder report = new StringBuilder(header);
    System.out.print(header);
    try (ServerProcess server = ServerProcess.start(dataDir.resolve("coffer"), dataDir.resolve("server.log"),
        serverJvmOptions)) {
      OSS oss = client(server);
      try {
        byte[] payload = new byte[(int) MIB];
        new SplittableRandom(2026_11_23L).nextBytes(payload);
        for (Variant v : variants) createBucket(oss, v);
        seed(oss, workloads, payload);
        warmUp(oss, server, workloads, payload);
        report.append(measure(oss, server, workloads, payload));
      } finally {
        oss.shutdown();
      }
    } finally {
      LoadDriver.deleteTree(dataDir);
    }
    System.out.println();
    System.out.print(report.substring(header.length()));
    if (out != null) Files.writeString(out, report.toString());
    return 0;
  }

  static OSS client(ServerProcess server) {
    ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
    // Checksums are the server's cost; the client skips its own so it steals less of the shared CPU.
    conf.setCrcCheckEnabled(false);
    conf.setMaxErrorRetry(0);
    conf.setMaxConnections(32);
    conf.setSocketTimeout(600_000);
    return new OSSClientBuilder().build(server.endpoint(), ServerProcess.ACCESS_KEY_ID,
        ServerProcess.ACCESS_KEY_SECRET, conf);
  }

  /** Creates the variant's bucket and sets its default encryption the way an application would. */
  static void createBucket(OSS oss, Variant v) {
    oss.createBucket(v.bucket());
    if (v.algorithm == null) return;
    ServerSideEncryptionByDefault rule = new ServerSideEncryptionByDefault().withSSEAlgorithm(v.algorithm);
    ServerSideEncryptionConfiguration conf = new ServerSideEncryptionConfiguration().withApplyServerSideEncryptionByDefault(rule);
    oss.setBucketEncryption(new SetBucketEncryptionRequest(v.bucket(), conf));
    String got = oss.getBucketEncryption(v.bucket()).getApplyServerSideEncryptionByDefault().getSSEAlgorithm();
    if (!v.algorithm.equals(got)) throw new IllegalStateException(v.bucket() + ": default encryption is " + got);
  }

  /** Seeds what GETs and ranges read, and checks each object came back encrypted as its bucket says. */
  private void seed(OSS oss, List<Workload> workloads, byte[] payload) {
    for (Workload w : workloads) {
      if (w.op() == Phase.Op.PUT) continue;
      for (Variant v : variants) {
        Phase p = w.phase(v);
        long t0 = System.nanoTime();
        for (int i = 0; i < p.keys(); i++) p.put(oss, p.seedKey(i), payload, p.objectBytes());
        String sse = oss.getObjectMetadata(v.bucket(), p.seedKey(0)).getServerSideEncryption();
        if (!Objects.equals(sse, v.algorithm)) {
          throw new IllegalStateException(v.bucket() + "/" + p.seedKey(0) + ": x-oss-server-side-encryption " + sse);
        }
        System.out.printf("seeded %s for %s: %d × %s in %.1f s%n", v.bucket(), w.name(), p.keys(),
            LoadDriver.label(p.objectBytes()), (System.nanoTime() - t0) / 1e9);
      }
    }
  }

  /** Every workload on every bucket, unmeasured, until the warm-up time is spent (at least once each). */
  private void warmUp(OSS oss, ServerProcess server, List<Workload> workloads, byte[] payload) throws Exception {
    System.out.println("warming up for " + warmupSeconds + " s ...");
    // The references run in this JVM: unwarmed, JCE's GCM encrypt sits in the interpreter at
    // tens of CPU-s/GiB for the first second (performance-limits.md, finding 2).
    References.aesGcmCpuSecondsPerGib(true, 2_000);
    References.aesGcmCpuSecondsPerGib(false, 2_000);
    References.hashCpuSecondsPerGib(1_000);
    long end = System.nanoTime() + warmupSeconds * 1_000_000_000L;
    long slice = Math.max(500, warmupSeconds * 1000L / (workloads.size() * variants.size()));
    do {
      for (Workload w : workloads) {
        for (Variant v : variants) w.phase(v).run(oss, server, 0, slice, payload);
      }
    } while (System.nanoTime() < end);
  }

  private String measure(OSS oss, ServerProcess server, List<Workload> workloads, byte[] payload) throws Exception {
    Map<String, Map<Variant, List<Phase.Result>>> results = new LinkedHashMap<>();
    List<double[]> refs = new ArrayList<>(); // MD5+CRC-64, AES-GCM seal, AES-GCM open: CPU-s/GiB
    for (int round = 1; round <= rounds; round++) {
      double hash = References.hashCpuSecondsPerGib(1_000);
      double seal = References.aesGcmCpuSecondsPerGib(true, 1_000);
      double open = References.aesGcmCpuSecondsPerGib(false, 1_000);
      refs.add(new double[] {hash, seal, open});
      System.out.printf("round %d: reference CPU-s/GiB: MD5+CRC-64 %.2f, AES-GCM seal %.3f, open %.3f%n",
          round, hash, seal, open);
      List<Variant> order = new ArrayList<>(variants);
      if (round % 2 == 0) java.util.Collections.reverse(order);
      for (Workload w : workloads) {
        for (Variant v : order) {
          long millis = (w.large() ? largeSeconds : seconds) * 1000L;
          Phase.Result r = w.phase(v).run(oss, server, round, millis, payload);
          results.computeIfAbsent(w.name(), k -> new LinkedHashMap<>()).computeIfAbsent(v, k -> new ArrayList<>())
              .add(r);
          System.out.printf("round %d %-22s %-6s %9.1f ops/s %8.1f MiB/s  p50 %8.2f ms  server %.3f ms/op "
              + "%.2f CPU-s/GiB  load %.1f→%.1f%n", round, w.name(), v.label(), r.opsPerSecond(), r.mibPerSecond(),
              r.latencyMillis(50), r.serverCpuMillisPerOp(), r.serverCpuSecondsPerGib(), r.loadBefore(),
              r.loadAfter());
        }
      }
    }
    return SseReport.render(workloads, variants, results, refs, this);
  }
}
