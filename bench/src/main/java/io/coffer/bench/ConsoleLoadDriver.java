package io.coffer.bench;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.UploadPartRequest;
import com.fasterxml.jackson.databind.JsonNode;
import io.coffer.bench.SseLoadDriver.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What the web console's object path costs against the OSS API for the same work, in one server
 * process (performance-limits.md §5a rule 1): a large object PUT through the console's JSON API
 * (one streamed PUT, and the multipart upload the page makes above 16 MiB) against PutObject
 * through the official OSS SDK, and a console download against GetObject, on an SSE-KMS bucket
 * (default CMK) and a plaintext one. Each round runs the routes of a workload back to back in an
 * order that alternates per round, so each round gives one console/SDK pair under the same JIT
 * state, disk and neighbour. Then a memory check: concurrent large console uploads and downloads
 * with the server's live heap (after a forced full GC) and resident set sampled while they run.
 */
@Command(name = "console", mixinStandardHelpOptions = true,
    description = "Compare the web console's upload/download API with the OSS API (SDK) in one Coffer process.")
public final class ConsoleLoadDriver implements Callable<Integer> {
  private static final long MIB = 1024 * 1024;

  /** How the bytes travel. */
  enum Route {
    SDK("OSS SDK"), CONSOLE("console"),
    /**
     * GetObject on the OSS port by a pre-signed URL, read by the same java.net.http client as the
     * console's downloads: separates what the route costs the server from what the client does.
     */
    PRESIGNED("OSS presigned URL"),
    /** The SDK doing what the console page does above 16 MiB: the yardstick for the console's multipart. */
    SDK_MULTIPART("OSS SDK multipart"),
    /** As objects.js uploads a file over 16 MiB: 8 MiB parts, two in flight, then complete. */
    CONSOLE_MULTIPART("console multipart");

    final String label;

    Route(String label) {
      this.label = label;
    }
  }

  /** objects.js: PART_SIZE. */
  static final long PART_BYTES = 8 * MIB;

  /**
   * A workload, its routes in the order of an odd round, and the comparisons {A, B} reported as
   * A ÷ B per pair.
   */
  record Workload(Phase.Op op, List<Route> routes, List<List<Route>> comparisons) {
    String name(long size) {
      return op.name().toLowerCase() + "-" + LoadDriver.label(size);
    }
  }

  @Option(names = "--seconds", description = "Length of each measured phase (default: ${DEFAULT-VALUE}).")
  int seconds = 4;

  @Option(names = "--rounds",
      description = "Rounds, i.e. console/SDK pairs per workload and bucket (default: ${DEFAULT-VALUE}).")
  int rounds = 5;

  @Option(names = "--warmup-seconds",
      description = "Mixed warm-up over all routes and buckets (default: ${DEFAULT-VALUE}).")
  int warmupSeconds = 20;

  @Option(names = "--object-mib", description = "Object size in MiB (default: ${DEFAULT-VALUE}).")
  int objectMib = 64;

  @Option(names = "--variants", split = ",", description = "Buckets: KMS (SSE-KMS, default CMK), PLAIN, AES256 "
      + "(default: ${DEFAULT-VALUE}).")
  List<Variant> variants = new ArrayList<>(List.of(Variant.KMS, Variant.PLAIN));

  @Option(names = "--no-multipart", description = "Leave out the two multipart upload routes.")
  boolean noMultipart;

  @Option(names = "--parts-in-flight", description = "Parts sent at a time by the multipart routes; the console "
      + "page sends 2 (default: ${DEFAULT-VALUE}).")
  int partsInFlight = 2;

  @Option(names = "--memory-clients", description = "Concurrent transfers in the memory check, 0 for none "
      + "(default: ${DEFAULT-VALUE}).")
  int memoryClients = 8;

  @Option(names = "--memory-seconds", description = "Length of each memory-check phase (default: ${DEFAULT-VALUE}).")
  int memorySeconds = 8;

  @Option(names = "--data-dir", description = "Scratch data directory, deleted afterwards (default: ${DEFAULT-VALUE}).")
  Path dataDir = Path.of("bench", "target", "bench-data");

  @Option(names = "--server-jvm-option", description = "Extra JVM option for the server process (repeatable).")
  List<String> serverJvmOptions = new ArrayList<>();

  @Option(names = "--out", description = "Also write the Markdown report to this file.")
  Path out;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ConsoleLoadDriver()).execute(args));
  }

  long size() {
    return objectMib * MIB;
  }

  List<Workload> workloads() {
    Workload put = !noMultipart
        ? new Workload(Phase.Op.PUT, List.of(Route.SDK, Route.CONSOLE, Route.SDK_MULTIPART, Route.CONSOLE_MULTIPART),
            List.of(List.of(Route.CONSOLE, Route.SDK), List.of(Route.CONSOLE_MULTIPART, Route.SDK),
                List.of(Route.CONSOLE_MULTIPART, Route.SDK_MULTIPART), List.of(Route.SDK_MULTIPART, Route.SDK)))
        : new Workload(Phase.Op.PUT, List.of(Route.SDK, Route.CONSOLE), List.of(List.of(Route.CONSOLE, Route.SDK)));
    Workload get = new Workload(Phase.Op.GET, List.of(Route.SDK, Route.PRESIGNED, Route.CONSOLE),
        List.of(List.of(Route.CONSOLE, Route.SDK), List.of(Route.CONSOLE, Route.PRESIGNED),
            List.of(Route.PRESIGNED, Route.SDK)));
    return List.of(put, get);
  }

  @Override
  public Integer call() throws Exception {
    if (variants.isEmpty() || variants.stream().distinct().count() != variants.size()
        || variants.contains(Variant.SM4)) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--variants: distinct, of KMS, PLAIN, AES256");
    }
    LoadDriver.deleteTree(dataDir);
    Files.createDirectories(dataDir);
    String header = LoadDriver.machine("Coffer web console vs OSS API, one server process");
    StringBuilder report = new StringBuilder(header);
    System.out.print(header);
    try (ServerProcess server = ServerProcess.start(dataDir.resolve("coffer"), dataDir.resolve("server.log"),
        serverJvmOptions)) {
      OSS oss = SseLoadDriver.client(server);
      try {
        ConsoleClient console = new ConsoleClient(server.consolePort());
        console.signIn(ServerProcess.ACCESS_KEY_ID, ServerProcess.ACCESS_KEY_SECRET);
        byte[] payload = new byte[(int) MIB];
        new SplittableRandom(2026_11_24L).nextBytes(payload);
        for (Variant v : variants) SseLoadDriver.createBucket(oss, v);
        seed(oss, console, payload);
        warmUp(oss, console, server, payload);
        Map<String, Map<Variant, Map<Route, List<Phase.Result>>>> results = measure(oss, console, server, payload);
        List<Memory> memory = memoryClients > 0 ? memory(oss, console, server, payload) : List.of();
        report.append(ConsoleReport.render(workloads(), variants, results, memory, this));
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

  private Phase sdkPhase(Phase.Op op, Variant v, int clients) {
    return new Phase(op.name().toLowerCase() + "-" + LoadDriver.label(size()), op, size(), clients, v.bucket(), size());
  }

  /**
   * Seeds what the GETs read (through the SDK), then checks the console stores the same thing: an
   * upload by each console route must come back with the SDK object's ETag and its bucket's encryption.
   */
  private void seed(OSS oss, ConsoleClient console, byte[] payload) throws Exception {
    for (Variant v : variants) {
      Phase p = sdkPhase(Phase.Op.GET, v, 1);
      for (int i = 0; i < p.keys(); i++) p.put(oss, p.seedKey(i), payload, size());
      ObjectMetadata seeded = oss.getObjectMetadata(v.bucket(), p.seedKey(0));
      if (!Objects.equals(seeded.getServerSideEncryption(), v.algorithm)) {
        throw new IllegalStateException(v.bucket() + ": x-oss-server-side-encryption "
            + seeded.getServerSideEncryption());
      }
      JsonNode single = console.put(v.bucket(), "check/single", payload, size());
      JsonNode parts = console.putMultipart(v.bucket(), "check/multipart", payload, size(), PART_BYTES,
          partsInFlight);
      for (JsonNode o : List.of(single, parts)) {
        String key = o.get("key").asText();
        ObjectMetadata m = oss.getObjectMetadata(v.bucket(), key);
        if (!Objects.equals(m.getServerSideEncryption(), v.algorithm)) {
          throw new IllegalStateException(v.bucket() + "/" + key + ": console upload not encrypted as the bucket says");
        }
        if (o == single && !m.getETag().equals(seeded.getETag())) {
          throw new IllegalStateException(v.bucket() + "/" + key + ": console upload ETag " + m.getETag()
              + " differs from the SDK's " + seeded.getETag());
        }
        if (!Objects.equals(m.getServerCRC(), seeded.getServerCRC())) {
          throw new IllegalStateException(v.bucket() + "/" + key + ": console upload CRC-64 differs from the SDK's");
        }
      }
      console.download(v.bucket(), "check/multipart", new byte[256 * 1024], payload, size());
      System.out.printf("seeded %s (%s): %d × %s; console uploads match the SDK's%n", v.bucket(), v.label(), p.keys(),
          LoadDriver.label(size()));
    }
  }

  /** One phase of {@code op} by {@code route} with {@code clients} transfers at a time. */
  private Phase.Result run(OSS oss, ConsoleClient console, ServerProcess server, Variant v, Phase.Op op, Route route,
      int clients, int round, long millis, byte[] payload) throws Exception {
    Phase sdk = sdkPhase(op, v, clients);
    Phase seeds = sdkPhase(Phase.Op.GET, v, 1);
    String bucket = v.bucket();
    long size = size();
    if (route == Route.SDK) return sdk.run(oss, server, round, millis, payload);
    return Phase.measure(server, clients, size, millis, (client, deadline) -> {
      byte[] sink = new byte[256 * 1024];
      ExecutorService parts = route == Route.SDK_MULTIPART ? Executors.newFixedThreadPool(partsInFlight) : null;
      try {
        return Phase.timed(deadline, i -> {
          String key = "multi/" + route.name().toLowerCase() + "/" + client + "/" + (i % 2);
          switch (route) {
            case CONSOLE -> {
              if (op == Phase.Op.PUT) console.put(bucket, key, payload, size);
              else console.download(bucket, seeds.seedKey((int) (client + i * clients)), sink, i == 0 ? payload : null,
                  size);
            }
            case PRESIGNED -> {
              String k = seeds.seedKey((int) (client + i * clients));
              java.net.URL url = oss.generatePresignedUrl(bucket, k, new java.util.Date(System.currentTimeMillis()
                  + 3_600_000));
              console.fetch(url.toURI(), sink, i == 0 ? payload : null, size);
            }
            case CONSOLE_MULTIPART -> console.putMultipart(bucket, key, payload, size, PART_BYTES, partsInFlight);
            case SDK_MULTIPART -> sdkMultipart(oss, parts, bucket, key, payload, size);
            default -> throw new IllegalArgumentException(route.name());
          }
        });
      } finally {
        if (parts != null) parts.shutdownNow();
      }
    });
  }

  /** The console page's multipart upload done with the SDK: same part size, as many parts in flight. */
  private void sdkMultipart(OSS oss, ExecutorService parts, String bucket, String key, byte[] payload,
      long size) throws Exception {
    String uploadId = oss.initiateMultipartUpload(new InitiateMultipartUploadRequest(bucket, key)).getUploadId();
    List<Future<PartETag>> etags = new ArrayList<>();
    for (long off = 0; off < size; off += PART_BYTES) {
      long start = off;
      long n = Math.min(PART_BYTES, size - off);
      etags.add(parts.submit(() -> oss.uploadPart(new UploadPartRequest(bucket, key, uploadId,
          (int) (start / PART_BYTES) + 1, new Phase.RepeatingStream(payload, start, start + n), n)).getPartETag()));
    }
    List<PartETag> done = new ArrayList<>();
    for (Future<PartETag> f : etags) done.add(f.get());
    oss.completeMultipartUpload(new CompleteMultipartUploadRequest(bucket, key, uploadId, done));
  }

  private void warmUp(OSS oss, ConsoleClient console, ServerProcess server, byte[] payload) throws Exception {
    System.out.println("warming up for " + warmupSeconds + " s ...");
    int phases = variants.size() * workloads().stream().mapToInt(w -> w.routes().size()).sum();
    long slice = Math.max(500, warmupSeconds * 1000L / phases);
    long end = System.nanoTime() + warmupSeconds * 1_000_000_000L;
    do {
      for (Variant v : variants) {
        for (Workload w : workloads()) {
          for (Route r : w.routes()) run(oss, console, server, v, w.op(), r, 1, 0, slice, payload);
        }
      }
    } while (System.nanoTime() < end);
  }

  private Map<String, Map<Variant, Map<Route, List<Phase.Result>>>> measure(OSS oss, ConsoleClient console,
      ServerProcess server, byte[] payload) throws Exception {
    Map<String, Map<Variant, Map<Route, List<Phase.Result>>>> results = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      for (Variant v : variants) {
        for (Workload w : workloads()) {
          List<Route> order = new ArrayList<>(w.routes());
          if (round % 2 == 0) java.util.Collections.reverse(order);
          for (Route r : order) {
            Phase.Result res = run(oss, console, server, v, w.op(), r, 1, round, seconds * 1000L, payload);
            results.computeIfAbsent(w.name(size()), k -> new LinkedHashMap<>())
                .computeIfAbsent(v, k -> new LinkedHashMap<>()).computeIfAbsent(r, k -> new ArrayList<>()).add(res);
            System.out.printf("round %d %-10s %-6s %-18s %7.1f MiB/s  p50 %7.1f ms  server %.2f CPU-s/GiB "
                + "(%.0f%% kernel)  client %.2f CPU-s/GiB  load %.1f→%.1f%n", round, w.name(size()), v.label(),
                r.label, res.mibPerSecond(), res.latencyMillis(50), res.serverCpuSecondsPerGib(),
                100 * res.serverSystemShare(), ConsoleReport.clientCpuSecondsPerGib(res), res.loadBefore(),
                res.loadAfter());
          }
        }
      }
    }
    return results;
  }

  /** A memory-check phase: the transfers' figures and the server's memory before and while they ran. */
  record Memory(String name, Variant variant, int clients, Phase.Result result, long heapBefore, long heapMax,
      int heapSamples, long rssBefore, long rssMax, long hwmAfter) {}

  /**
   * Concurrent transfers on the first bucket, console uploads, SDK uploads (the yardstick) and console
   * downloads, while a sampler forces a full GC in the server every second or so and reads the live
   * heap, and reads the resident set every 100 ms. Forced GCs slow the transfers: these phases give
   * memory figures, not throughput.
   */
  private List<Memory> memory(OSS oss, ConsoleClient console, ServerProcess server, byte[] payload) throws Exception {
    Variant v = variants.get(0);
    List<Memory> out = new ArrayList<>();
    Object[][] phases = {{"PUT console", Phase.Op.PUT, Route.CONSOLE}, {"PUT OSS SDK", Phase.Op.PUT, Route.SDK},
        {"GET console", Phase.Op.GET, Route.CONSOLE}};
    for (Object[] ph : phases) {
      long heapBefore = server.heapAfterGcBytes();
      long rssBefore = server.residentBytes()[0];
      AtomicLong heapMax = new AtomicLong();
      AtomicLong samples = new AtomicLong();
      AtomicLong rssMax = new AtomicLong(rssBefore);
      AtomicBoolean running = new AtomicBoolean(true);
      Thread sampler = Thread.ofPlatform().daemon().start(() -> {
        long nextGc = System.nanoTime() + 1_000_000_000L;
        try {
          while (running.get()) {
            rssMax.accumulateAndGet(server.residentBytes()[0], Math::max);
            if (System.nanoTime() >= nextGc) {
              heapMax.accumulateAndGet(server.heapAfterGcBytes(), Math::max);
              samples.incrementAndGet();
              nextGc = System.nanoTime() + 1_000_000_000L;
            }
            Thread.sleep(100);
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      Phase.Result r;
      try {
        r = run(oss, console, server, v, (Phase.Op) ph[1], (Route) ph[2], memoryClients, 0, memorySeconds * 1000L,
            payload);
      } finally {
        running.set(false);
        sampler.join();
      }
      Memory m = new Memory((String) ph[0], v, memoryClients, r, heapBefore, heapMax.get(), (int) samples.get(),
          rssBefore, rssMax.get(), server.residentBytes()[1]);
      out.add(m);
      System.out.printf("memory %-12s ×%d %7.1f MiB/s  live heap %d → max %d MiB (%d samples)  "
          + "RSS %d → max %d MiB  "
          + "peak RSS %d MiB%n", m.name(), memoryClients, r.mibPerSecond(), heapBefore / MIB, m.heapMax() / MIB,
          m.heapSamples(), rssBefore / MIB, m.rssMax() / MIB, m.hwmAfter() / MIB);
    }
    return out;
  }
}
