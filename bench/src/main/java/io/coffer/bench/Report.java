package io.coffer.bench;

import static io.coffer.bench.LoadDriver.each;
import static io.coffer.bench.LoadDriver.median;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Renders a load-driver run as Markdown: medians with min–max, percentiles, CPU cost, and ratios. */
final class Report {
  private Report() {}

  static String render(List<Phase> phases, Map<String, List<Phase.Result>> results, List<double[]> refs, int rounds,
      int seconds, int warmupSeconds) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Method: %d s mixed warm-up, then %d interleaved rounds of %d s phases; "
        + "figures are the median of the rounds with min–max; latency percentiles pool all rounds; server CPU "
        + "is the server process's utime+stime over the phase.%n%n", warmupSeconds, rounds, seconds));
    sb.append("| workload | clients | ops/s | MiB/s | p50 ms | p99 ms | server CPU ms/op | server CPU-s/GiB "
        + "| of which kernel | client CPU ms/op | load avg |\n");
    sb.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Phase p : phases) {
      List<Phase.Result> rs = results.get(p.name());
      long[] lat = rs.stream().flatMapToLong(r -> Arrays.stream(r.latencies())).sorted().toArray();
      double loadMin = rs.stream().mapToDouble(Phase.Result::loadBefore).min().orElse(Double.NaN);
      double loadMax = rs.stream().mapToDouble(Phase.Result::loadAfter).max().orElse(Double.NaN);
      sb.append(String.format(Locale.ROOT, "| %s %s | %d | %s | %s | %.2f | %.2f | %.3f | %.2f | %.0f %% | %.3f "
          + "| %.1f–%.1f |%n",
          p.op(), LoadDriver.label(p.sizeBytes()), p.clients(), spread(each(rs, Phase.Result::opsPerSecond), 1),
          spread(each(rs, Phase.Result::mibPerSecond), 1), percentile(lat, 50) / 1e6, percentile(lat, 99) / 1e6,
          median(each(rs, Phase.Result::serverCpuMillisPerOp)), median(each(rs, Phase.Result::serverCpuSecondsPerGib)),
          100 * median(each(rs, Phase.Result::serverSystemShare)), median(each(rs, Phase.Result::clientCpuMillisPerOp)),
          loadMin, loadMax));
    }
    double[] hash = refs.stream().mapToDouble(r -> r[0]).toArray();
    double[] d1 = refs.stream().mapToDouble(r -> r[1]).toArray();
    double[] d8 = refs.stream().mapToDouble(r -> r[2]).toArray();
    sb.append("\nPhysical references, re-measured at the start of each round:\n\n");
    sb.append("| reference | median (min–max) |\n| --- | ---: |\n");
    sb.append("| MD5 + CRC-64 over 64 KiB buffers, one thread, CPU-s/GiB | ").append(spread(hash, 2)).append(" |\n");
    sb.append("| durable 4 KiB file writes (write, fsync, rename, fsync dir), 1 writer, ops/s | ")
        .append(spread(d1, 0)).append(" |\n");
    sb.append("| same, 8 writers, ops/s | ").append(spread(d8, 0)).append(" |\n");

    sb.append("\nRatios, computed per round against that round's reference, then median (min–max):\n\n");
    sb.append("| ratio | median (min–max) |\n| --- | ---: |\n");
    for (Phase p : phases) {
      List<Phase.Result> rs = results.get(p.name());
      if (p.op() == Phase.Op.PUT && p.sizeBytes() >= 1024 * 1024) {
        double[] r = new double[rs.size()];
        for (int i = 0; i < r.length; i++) r[i] = rs.get(i).serverCpuSecondsPerGib() / hash[i];
        sb.append("| ").append(p.name()).append(": server CPU per GiB ÷ bare MD5 + CRC-64 | ")
            .append(spread(r, 2)).append(" |\n");
      } else if (p.op() == Phase.Op.PUT) {
        double[] ref = p.clients() == 1 ? d1 : p.clients() == 8 ? d8 : null;
        if (ref == null) continue;
        double[] r = new double[rs.size()];
        for (int i = 0; i < r.length; i++) r[i] = rs.get(i).opsPerSecond() / ref[i];
        sb.append("| ").append(p.name()).append(": ops/s ÷ durable file writes with as many writers | ")
            .append(spread(r, 2)).append(" |\n");
      }
    }
    return sb.toString();
  }

  static String spread(double[] v, int decimals) {
    double min = Arrays.stream(v).min().orElse(Double.NaN);
    double max = Arrays.stream(v).max().orElse(Double.NaN);
    String f = "%." + decimals + "f";
    return String.format(Locale.ROOT, f + " (" + f + "–" + f + ")", median(v), min, max);
  }

  /** {@code f(a[i]) ÷ f(b[i])} for each round i both have. */
  static double[] ratio(List<Phase.Result> a, List<Phase.Result> b, ToDoubleFunction<Phase.Result> f) {
    double[] r = new double[Math.min(a.size(), b.size())];
    for (int i = 0; i < r.length; i++) r[i] = f.applyAsDouble(a.get(i)) / f.applyAsDouble(b.get(i));
    return r;
  }

  /** {@code f(a[i]) − f(b[i])} for each round i both have. */
  static double[] diff(List<Phase.Result> a, List<Phase.Result> b, ToDoubleFunction<Phase.Result> f) {
    double[] r = new double[Math.min(a.size(), b.size())];
    for (int i = 0; i < r.length; i++) r[i] = f.applyAsDouble(a.get(i)) - f.applyAsDouble(b.get(i));
    return r;
  }

  static double percentile(long[] sorted, int pct) {
    if (sorted.length == 0) return Double.NaN;
    int i = (int) Math.ceil(pct / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
