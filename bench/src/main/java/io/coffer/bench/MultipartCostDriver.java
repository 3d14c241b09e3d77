package io.coffer.bench;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.AbortMultipartUploadRequest;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.UploadPartRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Where a multipart upload's extra server CPU goes: one request type at a time, sequentially
 * through the SDK, server CPU (utime + stime, and stime alone) per request. Comparing a 64 MiB
 * PutObject with 8 × 8 MiB parts, 8 MiB PutObjects, 128 KiB parts and bare Initiate/Abort separates
 * the per-byte cost from the fixed cost of each request (docs/performance.md, "Multipart").
 */
@Command(name = "multipart", mixinStandardHelpOptions = true,
    description = "Server CPU per request of multipart uploads vs PutObject.")
public final class MultipartCostDriver implements Callable<Integer> {
  private static final long MIB = 1024 * 1024;
  private static final long SMALL_PART = 128 * 1024;

  @Option(names = "--rounds", description = "Rounds; the first two are warm-up (default: ${DEFAULT-VALUE}).")
  int rounds = 13;

  @Option(names = "--variant", description = "Bucket: PLAIN, AES256 or KMS (default: ${DEFAULT-VALUE}).")
  SseLoadDriver.Variant variant = SseLoadDriver.Variant.PLAIN;

  @Option(names = "--data-dir", description = "Scratch data directory, deleted afterwards (default: ${DEFAULT-VALUE}).")
  Path dataDir = Path.of("bench", "target", "bench-data");

  private final byte[] payload = new byte[(int) MIB];

  public static void main(String[] args) {
    System.exit(new CommandLine(new MultipartCostDriver()).execute(args));
  }

  private interface Op {
    void run() throws Exception;
  }

  private record Work(String name, int requests, Op op) {}

  @Override
  public Integer call() throws Exception {
    if (rounds < 3) throw new CommandLine.ParameterException(new CommandLine(this), "--rounds: at least 3");
    new SplittableRandom(2026_11_23L).nextBytes(payload);
    LoadDriver.deleteTree(dataDir);
    Files.createDirectories(dataDir);
    System.out.print(LoadDriver.machine("Multipart upload cost per request, one server process"));
    try (ServerProcess server = ServerProcess.start(dataDir.resolve("coffer"), dataDir.resolve("server.log"), List.of())) {
      OSS oss = SseLoadDriver.client(server);
      try {
        SseLoadDriver.createBucket(oss, variant);
        String b = variant.bucket();
        String open = oss.initiateMultipartUpload(new InitiateMultipartUploadRequest(b, "parts-only")).getUploadId();
        List<Work> works = List.of(
            new Work("PutObject 64 MiB", 2, () -> put(oss, b, "single", 64 * MIB)),
            new Work("multipart 64 MiB (8 × 8 MiB, 1 in flight)", 2, () -> multipart(oss, b, "mp", 8, 8 * MIB, true)),
            new Work("PutObject 8 MiB", 8, () -> put(oss, b, "p8", 8 * MIB)),
            new Work("UploadPart 8 MiB (same upload)", 8, new Op() {
              int part;

              @Override
              public void run() {
                part = part % 8 + 1;
                oss.uploadPart(new UploadPartRequest(b, "parts-only", open, part, stream(8 * MIB), 8 * MIB));
              }
            }),
            new Work("multipart 1 MiB (8 × 128 KiB) + Complete", 4, () -> multipart(oss, b, "sc", 8, SMALL_PART, true)),
            new Work("multipart 1 MiB (8 × 128 KiB) + Abort", 4, () -> multipart(oss, b, "sa", 8, SMALL_PART, false)),
            new Work("Initiate + Abort", 20, () -> multipart(oss, b, "ia", 0, 0, false)),
            new Work("HeadObject", 20, () -> oss.getObjectMetadata(b, "single")));
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
          List<Work> order = new ArrayList<>(works);
          if (round % 2 == 1) Collections.reverse(order);
          for (Work w : order) {
            long cpu = server.cpuNanos();
            long sys = server.systemCpuNanos();
            for (int i = 0; i < w.requests(); i++) w.op().run();
            double n = w.requests() * 1e6;
            double[] r = {(server.cpuNanos() - cpu) / n, (server.systemCpuNanos() - sys) / n};
            if (round >= 2) results.computeIfAbsent(w.name(), k -> new ArrayList<>()).add(r);
          }
        }
        System.out.printf("%nvariant %s, %d measured rounds; load average after: %s%n%n", variant, rounds - 2,
            Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println("| request (sequential, SDK) | server CPU ms, mean | of which kernel | median (min–max) |");
        System.out.println("| --- | ---: | ---: | ---: |");
        for (Map.Entry<String, List<double[]>> e : results.entrySet()) {
          List<Double> total = new ArrayList<>();
          double sum = 0;
          double kernel = 0;
          for (double[] r : e.getValue()) {
            total.add(r[0]);
            sum += r[0];
            kernel += r[1];
          }
          Collections.sort(total);
          int n = total.size();
          System.out.printf("| %s | %.1f | %.1f | %.1f (%.1f–%.1f) |%n", e.getKey(), sum / n, kernel / n,
              total.get(n / 2), total.get(0), total.get(n - 1));
        }
      } finally {
        oss.shutdown();
      }
    } finally {
      LoadDriver.deleteTree(dataDir);
    }
    return 0;
  }

  private Phase.RepeatingStream stream(long n) {
    return new Phase.RepeatingStream(payload, 0, n);
  }

  private void put(OSS oss, String bucket, String key, long size) {
    ObjectMetadata m = new ObjectMetadata();
    m.setContentLength(size);
    oss.putObject(bucket, key, stream(size), m);
  }

  private void multipart(OSS oss, String bucket, String key, int parts, long partSize, boolean complete) {
    String id = oss.initiateMultipartUpload(new InitiateMultipartUploadRequest(bucket, key)).getUploadId();
    List<PartETag> tags = new ArrayList<>();
    for (int p = 1; p <= parts; p++) {
      tags.add(oss.uploadPart(new UploadPartRequest(bucket, key, id, p, stream(partSize), partSize)).getPartETag());
    }
    if (complete) {
      oss.completeMultipartUpload(new CompleteMultipartUploadRequest(bucket, key, id, tags));
    } else {
      oss.abortMultipartUpload(new AbortMultipartUploadRequest(bucket, key, id));
    }
  }
}
