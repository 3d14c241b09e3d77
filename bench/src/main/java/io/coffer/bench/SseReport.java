package io.coffer.bench;

import static io.coffer.bench.LoadDriver.each;
import static io.coffer.bench.LoadDriver.median;
import static io.coffer.bench.Report.diff;
import static io.coffer.bench.Report.percentile;
import static io.coffer.bench.Report.ratio;
import static io.coffer.bench.Report.spread;

import io.coffer.bench.SseLoadDriver.Variant;
import io.coffer.bench.SseLoadDriver.Workload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders an {@link SseLoadDriver} run as Markdown: per-pair ratios SSE ÷ plain first, then the
 * absolute figures, the range-latency size check, and the bare AES-GCM cost the extra CPU is
 * compared with.
 */
final class SseReport {
  /** Encrypted large-object throughput must keep this share of plaintext throughput. */
  static final double LARGE_RATIO_TARGET = 0.90;

  private SseReport() {}

  static String render(List<Workload> workloads, List<Variant> variants,
      Map<String, Map<Variant, List<Phase.Result>>> results, List<double[]> refs, SseLoadDriver opts) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Method: one server process, buckets %s (default encryption set with "
        + "PutBucketEncryption); %d s mixed warm-up over all buckets; then %d rounds, each running every workload "
        + "once per bucket back to back, order alternating per round (plain first in odd rounds); phases of %d s "
        + "(%d s for large objects). A pair is one round of one workload. Ratios are per pair, then median "
        + "(min–max); absolute figures are the median of the rounds (min–max); latency percentiles pool all rounds. "
        + "Server CPU is the server process's utime+stime over the phase.%n%n",
        String.join(", ", variants.stream().map(v -> v.bucket() + " (" + v.label() + ")").toList()),
        opts.warmupSeconds, opts.rounds, opts.seconds, opts.largeSeconds));

    // Every encrypted bucket against plain, and SSE-KMS against SSE-OSS (AES256) when both ran: the
    // KMS's own cost. The alternating order keeps each compared pair of buckets adjacent in a round.
    List<Variant[]> comparisons = new ArrayList<>();
    for (Variant v : variants.subList(1, variants.size())) comparisons.add(new Variant[] {v, Variant.PLAIN});
    if (variants.contains(Variant.KMS) && variants.contains(Variant.AES256)) {
      comparisons.add(new Variant[] {Variant.KMS, Variant.AES256});
    }
    sb.append("A ÷ B, per pair:\n\n");
    sb.append("| workload | A ÷ B | throughput | server CPU per op | p50 latency | p99 latency "
        + "| extra server CPU (A − B) | load avg over the pairs |\n");
    sb.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Workload w : workloads) {
      for (Variant[] c : comparisons) {
        List<Phase.Result> a = results.get(w.name()).get(c[0]);
        List<Phase.Result> b = results.get(w.name()).get(c[1]);
        String extra = w.large()
            ? spread(diff(a, b, Phase.Result::serverCpuSecondsPerGib), 2) + " CPU-s/GiB"
            : spread(diff(a, b, Phase.Result::serverCpuMillisPerOp), 3) + " ms/op";
        sb.append(String.format(Locale.ROOT, "| %s | %s ÷ %s | %s | %s | %s | %s | %s | %s |%n", w.name(),
            c[0].label(), c[1].label(),
            spread(ratio(a, b, Phase.Result::opsPerSecond), 2),
            spread(ratio(a, b, Phase.Result::serverCpuMillisPerOp), 2),
            spread(ratio(a, b, r -> r.latencyMillis(50)), 2),
            w.large() ? "–" : spread(ratio(a, b, r -> r.latencyMillis(99)), 2), extra,
            loadRange(b, a)));
      }
    }

    sb.append("\nAbsolute figures:\n\n");
    sb.append("| workload | bucket | ops/s | MiB/s | p50 ms | p99 ms | server CPU ms/op | server CPU-s/GiB "
        + "| of which kernel | client CPU ms/op |\n");
    sb.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Workload w : workloads) {
      for (Variant v : variants) {
        List<Phase.Result> rs = results.get(w.name()).get(v);
        long[] lat = rs.stream().flatMapToLong(r -> Arrays.stream(r.latencies())).sorted().toArray();
        sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f | %.2f | %.3f | %.2f | %.0f %% | %.3f |%n",
            w.name(), v.label(), spread(each(rs, Phase.Result::opsPerSecond), 1),
            spread(each(rs, Phase.Result::mibPerSecond), 1), percentile(lat, 50) / 1e6, percentile(lat, 99) / 1e6,
            median(each(rs, Phase.Result::serverCpuMillisPerOp)), median(each(rs, Phase.Result::serverCpuSecondsPerGib)),
            100 * median(each(rs, Phase.Result::serverSystemShare)), median(each(rs, Phase.Result::clientCpuMillisPerOp))));
      }
    }

    List<Workload> ranges = workloads.stream().filter(w -> w.op() == Phase.Op.RANGE).toList();
    if (ranges.size() >= 2) {
      Workload small = ranges.get(0);
      Workload big = ranges.get(ranges.size() - 1);
      sb.append(String.format(Locale.ROOT, "%nRanged-GET latency against object size, per round: %s ÷ %s, same "
          + "bucket:%n%n| bucket | p50 ratio | p99 ratio |%n| --- | ---: | ---: |%n", big.name(), small.name()));
      for (Variant v : variants) {
        List<Phase.Result> b = results.get(big.name()).get(v);
        List<Phase.Result> s = results.get(small.name()).get(v);
        sb.append(String.format(Locale.ROOT, "| %s | %s | %s |%n", v.label(), spread(ratio(b, s, r -> r.latencyMillis(50)), 2),
            spread(ratio(b, s, r -> r.latencyMillis(99)), 2)));
      }
    }

    double[] hash = refs.stream().mapToDouble(r -> r[0]).toArray();
    double[] seal = refs.stream().mapToDouble(r -> r[1]).toArray();
    double[] open = refs.stream().mapToDouble(r -> r[2]).toArray();
    sb.append("\nReferences, re-measured at the start of each round (one thread, thread CPU time):\n\n");
    sb.append("| reference | CPU-s/GiB, median (min–max) |\n| --- | ---: |\n");
    sb.append("| MD5 + CRC-64, 64 KiB buffers | ").append(spread(hash, 2)).append(" |\n");
    sb.append("| AES-256-GCM seal, JCE, 64 KiB segments | ").append(spread(seal, 3)).append(" |\n");
    sb.append("| AES-256-GCM open, JCE, 64 KiB segments | ").append(spread(open, 3)).append(" |\n");

    StringBuilder vs = new StringBuilder();
    for (Workload w : workloads) {
      if (!w.large()) continue;
      double[] bare = w.op() == Phase.Op.PUT ? seal : open;
      List<Phase.Result> plain = results.get(w.name()).get(Variant.PLAIN);
      List<Phase.Result> sse = results.get(w.name()).get(Variant.AES256);
      if (sse == null) continue;
      double[] d = diff(sse, plain, Phase.Result::serverCpuSecondsPerGib);
      double[] r = new double[d.length];
      for (int i = 0; i < r.length; i++) r[i] = d[i] / bare[i];
      vs.append("| ").append(w.name()).append(": extra server CPU per GiB ÷ bare AES-GCM ")
          .append(w.op() == Phase.Op.PUT ? "seal" : "open").append(" | ").append(spread(r, 2)).append(" |\n");
    }
    if (!vs.isEmpty()) {
      sb.append("\nWhat encryption adds, against the bare cipher (per round, then median):\n\n");
      sb.append("| ratio | median (min–max) |\n| --- | ---: |\n").append(vs);
    }

    if (workloads.stream().anyMatch(Workload::large)) sb.append("\nTargets:\n\n");
    for (Workload w : workloads) {
      if (!w.large()) continue;
      for (Variant v : variants.subList(1, variants.size())) {
        double m = median(ratio(results.get(w.name()).get(v), results.get(w.name()).get(Variant.PLAIN),
            Phase.Result::opsPerSecond));
        sb.append(String.format(Locale.ROOT, "- %s %s ÷ plain throughput ≥ %.2f: median %.2f — %s%n", w.name(),
            v.label(), LARGE_RATIO_TARGET, m, m >= LARGE_RATIO_TARGET ? "met" : "NOT met"));
      }
    }
    return sb.toString();
  }


  /** The lowest and highest load average seen around the phases of two lists. */
  static String loadRange(List<Phase.Result> a, List<Phase.Result> b) {
    double min = Double.MAX_VALUE;
    double max = 0;
    for (List<Phase.Result> rs : List.of(a, b)) {
      for (Phase.Result r : rs) {
        min = Math.min(min, Math.min(r.loadBefore(), r.loadAfter()));
        max = Math.max(max, Math.max(r.loadBefore(), r.loadAfter()));
      }
    }
    return String.format(Locale.ROOT, "%.1f–%.1f", min, max);
  }
}
