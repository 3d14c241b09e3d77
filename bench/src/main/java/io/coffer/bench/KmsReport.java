package io.coffer.bench;

import static io.coffer.bench.LoadDriver.each;
import static io.coffer.bench.LoadDriver.median;
import static io.coffer.bench.Report.diff;
import static io.coffer.bench.Report.percentile;
import static io.coffer.bench.Report.ratio;
import static io.coffer.bench.Report.spread;

import io.coffer.bench.KmsLoadDriver.Action;
import io.coffer.bench.KmsLoadDriver.Workload;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link KmsLoadDriver} run as Markdown: absolute figures per workload, then each KMS
 * action against the DescribeRegions baseline with as many clients, per round.
 */
final class KmsReport {
  private KmsReport() {}

  static String render(List<Workload> workloads, Map<Workload, List<Phase.Result>> results, KmsLoadDriver opts) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Method: one server process, one customer CMK (CreateKey); the official "
        + "KMS SDK (aliyun-java-sdk-kms 2.16.6 on aliyun-java-sdk-core 4.7.10, signature V1, HTTP keep-alive, one "
        + "client shared by the threads); GenerateDataKey of 32 bytes and Decrypt of %d such blobs, both with a "
        + "two-entry EncryptionContext; %d s warm-up over all workloads, then %d rounds of phases of %d s or of "
        + "their share of the %,d-request budget (the server holds 250,000 signature nonces), order reversed every "
        + "other round. Figures are the median of the rounds (min–max); latency percentiles pool "
        + "the rounds; server CPU is the server process's utime+stime over the phase.%n%n",
        opts.blobs, opts.warmupSeconds, opts.rounds, opts.seconds, opts.requestBudget));

    sb.append("| workload | clients | ops/s | p50 ms | p99 ms | server CPU ms/op | of which kernel "
        + "| client CPU ms/op | phase s | load avg |\n");
    sb.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Workload w : workloads) {
      List<Phase.Result> rs = results.get(w);
      long[] lat = rs.stream().flatMapToLong(r -> Arrays.stream(r.latencies())).sorted().toArray();
      sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %.2f | %.2f | %s | %.0f %% | %.3f | %s | %s |%n",
          w.action().wireName, w.clients(), spread(each(rs, Phase.Result::opsPerSecond), 0),
          percentile(lat, 50) / 1e6, percentile(lat, 99) / 1e6, spread(each(rs, Phase.Result::serverCpuMillisPerOp), 3),
          100 * median(each(rs, Phase.Result::serverSystemShare)), median(each(rs, Phase.Result::clientCpuMillisPerOp)),
          spread(each(rs, r -> r.elapsedNanos() / 1e9), 1), loadRange(rs)));
    }

    StringBuilder vs = new StringBuilder();
    for (Workload w : workloads) {
      if (w.action() == Action.DESCRIBE_REGIONS) continue;
      List<Phase.Result> base = results.get(new Workload(Action.DESCRIBE_REGIONS, w.clients()));
      if (base == null) continue;
      List<Phase.Result> rs = results.get(w);
      vs.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", w.action().wireName, w.clients(),
          spread(ratio(rs, base, Phase.Result::opsPerSecond), 2),
          spread(diff(rs, base, Phase.Result::serverCpuMillisPerOp), 3),
          spread(diff(rs, base, r -> r.latencyMillis(50)), 3)));
    }
    if (!vs.isEmpty()) {
      sb.append("\nAgainst DescribeRegions with as many clients (the protocol, signature and JSON cost), per round, "
          + "then median (min–max):\n\n");
      sb.append("| action | clients | ops/s ÷ baseline | extra server CPU ms/op | extra p50 ms |\n");
      sb.append("| --- | ---: | ---: | ---: | ---: |\n").append(vs);
    }
    return sb.toString();
  }


  private static String loadRange(List<Phase.Result> rs) {
    double min = rs.stream().mapToDouble(r -> Math.min(r.loadBefore(), r.loadAfter())).min().orElse(Double.NaN);
    double max = rs.stream().mapToDouble(r -> Math.max(r.loadBefore(), r.loadAfter())).max().orElse(Double.NaN);
    return String.format(Locale.ROOT, "%.1f–%.1f", min, max);
  }
}
