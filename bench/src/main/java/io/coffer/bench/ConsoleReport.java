package io.coffer.bench;

import static io.coffer.bench.LoadDriver.each;
import static io.coffer.bench.LoadDriver.median;
import static io.coffer.bench.Report.diff;
import static io.coffer.bench.Report.percentile;
import static io.coffer.bench.Report.ratio;
import static io.coffer.bench.Report.spread;

import io.coffer.bench.ConsoleLoadDriver.Memory;
import io.coffer.bench.ConsoleLoadDriver.Route;
import io.coffer.bench.ConsoleLoadDriver.Workload;
import io.coffer.bench.SseLoadDriver.Variant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link ConsoleLoadDriver} run as Markdown: per-pair ratios of the routes first (console
 * ÷ OSS SDK, and the controls that separate route from client), then the absolute figures, then the
 * memory check.
 */
final class ConsoleReport {
  private static final double MIB = 1024 * 1024;

  private ConsoleReport() {}

  static double clientCpuSecondsPerGib(Phase.Result r) {
    return r.clientCpuNanos() / 1e9 / (r.bytes() / (double) (1L << 30));
  }

  static String render(List<Workload> workloads, List<Variant> variants,
      Map<String, Map<Variant, Map<Route, List<Phase.Result>>>> results, List<Memory> memory, ConsoleLoadDriver opts) {
    long size = opts.size();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Method: one server process, buckets %s; %s objects, one transfer at a "
        + "time; %d s warm-up over every route and bucket, then %d rounds, each running every route of a workload "
        + "back to back in an order reversed every other round (OSS SDK first in odd rounds); phases of %d s. A pair "
        + "is one round of one workload on one bucket. Ratios are per pair, then median (min–max); absolute figures "
        + "are the median of the rounds (min–max); latency percentiles pool the rounds. Server CPU is the server "
        + "process's utime+stime over the phase; client CPU the driver's (OSS SDK: Apache HttpClient; console: "
        + "java.net.http, HTTP/1.1).%n%n",
        String.join(", ", variants.stream().map(v -> v.bucket() + " (" + v.label() + ")").toList()),
        LoadDriver.label(size), opts.warmupSeconds, opts.rounds, opts.seconds));

    sb.append("A ÷ B, per pair:\n\n");
    sb.append("| workload | bucket | route | MiB/s | server CPU per GiB | extra server CPU-s/GiB | p50 latency "
        + "| client CPU per GiB | load avg over the pairs |\n");
    sb.append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Workload w : workloads) {
      for (Variant v : variants) {
        Map<Route, List<Phase.Result>> byRoute = results.get(w.name(size)).get(v);
        for (List<Route> c : w.comparisons()) {
          Route r = c.get(0);
          List<Phase.Result> a = byRoute.get(r);
          List<Phase.Result> base = byRoute.get(c.get(1));
          sb.append(String.format(Locale.ROOT, "| %s | %s | %s ÷ %s | %s | %s | %s | %s | %s | %s |%n", w.name(size),
              v.label(), r.label, c.get(1).label, spread(ratio(a, base, Phase.Result::mibPerSecond), 2),
              spread(ratio(a, base, Phase.Result::serverCpuSecondsPerGib), 2),
              spread(diff(a, base, Phase.Result::serverCpuSecondsPerGib), 2),
              spread(ratio(a, base, x -> x.latencyMillis(50)), 2),
              spread(ratio(a, base, ConsoleReport::clientCpuSecondsPerGib), 2), SseReport.loadRange(a, base)));
        }
      }
    }

    sb.append("\nAbsolute figures:\n\n");
    sb.append("| workload | bucket | route | MiB/s | p50 ms | p99 ms | server CPU-s/GiB | of which kernel "
        + "| client CPU-s/GiB |\n");
    sb.append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Workload w : workloads) {
      for (Variant v : variants) {
        for (Route r : w.routes()) {
          List<Phase.Result> rs = results.get(w.name(size)).get(v).get(r);
          long[] lat = rs.stream().flatMapToLong(x -> Arrays.stream(x.latencies())).sorted().toArray();
          sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.0f | %.0f | %s | %.0f %% | %.2f |%n",
              w.name(size), v.label(), r.label, spread(each(rs, Phase.Result::mibPerSecond), 1),
              percentile(lat, 50) / 1e6, percentile(lat, 99) / 1e6,
              spread(each(rs, Phase.Result::serverCpuSecondsPerGib), 2),
              100 * median(each(rs, Phase.Result::serverSystemShare)),
              median(each(rs, ConsoleReport::clientCpuSecondsPerGib))));
        }
      }
    }

    if (!memory.isEmpty()) {
      sb.append(String.format(Locale.ROOT, "%nMemory: %d concurrent %s transfers on %s for %d s each; the server's "
          + "live heap is read after a full GC forced (jcmd GC.run) about every second while they run, its resident "
          + "set every 100 ms. The forced GCs slow the transfers: the MiB/s here are not throughput figures.%n%n",
          opts.memoryClients, LoadDriver.label(size), memory.get(0).variant().bucket(), opts.memorySeconds));
      sb.append("| transfers | MiB/s | objects | live heap before, MiB | live heap while running, max MiB (samples) "
          + "| RSS before, MiB | RSS while running, max MiB | peak RSS after (VmHWM), MiB |\n");
      sb.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
      for (Memory m : memory) {
        sb.append(String.format(Locale.ROOT, "| %s ×%d | %.0f | %d | %.0f | %.0f (%d) | %.0f | %.0f | %.0f |%n",
            m.name(), m.clients(), m.result().mibPerSecond(), m.result().ops(), m.heapBefore() / MIB,
            m.heapMax() / MIB, m.heapSamples(), m.rssBefore() / MIB, m.rssMax() / MIB, m.hwmAfter() / MIB));
      }
    }
    return sb.toString();
  }
}
