package io.coffer.bench;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.ObjectMetadata;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * One measured workload: {@code clients} threads each doing PUTs, GETs or ranged GETs of
 * {@code sizeBytes} in {@code bucket} back to back until the phase's time is up; an operation
 * running at the deadline finishes and counts, and the phase's time runs until the last one ends.
 * A ranged GET reads {@code sizeBytes} at a random odd offset (so never block- or segment-aligned)
 * of one object of {@code objectBytes}. Every object body is the payload repeated, so each client
 * checks the bytes of its first GET in every run, and of every ranged read.
 */
record Phase(String name, Op op, long sizeBytes, int clients, String bucket, long objectBytes) {
  enum Op { PUT, GET, RANGE }

  static final String BUCKET = "bench";

  Phase(String name, Op op, long sizeBytes, int clients) {
    this(name, op, sizeBytes, clients, BUCKET, sizeBytes);
  }

  /** How many distinct keys a GET phase reads (seeded beforehand) and a PUT phase overwrites. */
  int keys() {
    if (op == Op.RANGE) return 1;
    if (sizeBytes <= 64 * 1024) return 100;
    if (sizeBytes <= 8 * 1024 * 1024) return 16;
    return Math.max(2, clients);
  }

  String seedKey(int i) {
    return "seed/" + objectBytes + "/" + (i % keys());
  }

  /** Small PUTs write new keys (the durable-create case); larger ones overwrite a bounded set. */
  private String putKey(int round, int client, long i) {
    if (sizeBytes <= 64 * 1024) return "new/" + name + "/" + round + "/" + client + "/" + i;
    return "put/" + sizeBytes + "/" + client + "/" + (i % Math.max(1, keys() / clients));
  }

  /** What one run of the phase did. Latencies are per operation, in nanoseconds. */
  record Result(long ops, long bytes, long elapsedNanos, long serverCpuNanos, long serverSystemNanos,
      long clientCpuNanos, long[] latencies,
      double loadBefore, double loadAfter) {
    double opsPerSecond() {
      return ops / (elapsedNanos / 1e9);
    }

    double mibPerSecond() {
      return bytes / 1048576.0 / (elapsedNanos / 1e9);
    }

    double serverCpuMillisPerOp() {
      return serverCpuNanos / 1e6 / ops;
    }

    double serverCpuSecondsPerGib() {
      return serverCpuNanos / 1e9 / (bytes / (double) (1L << 30));
    }

    double serverSystemShare() {
      return serverSystemNanos < 0 ? Double.NaN : serverSystemNanos / (double) serverCpuNanos;
    }

    double clientCpuMillisPerOp() {
      return clientCpuNanos / 1e6 / ops;
    }

    /** Latency percentile of this run alone, in milliseconds. */
    double latencyMillis(int pct) {
      long[] sorted = latencies.clone();
      Arrays.sort(sorted);
      return Report.percentile(sorted, pct) / 1e6;
    }
  }

  Result run(OSS oss, ServerProcess server, int round, long millis, byte[] payload) throws Exception {
    return measure(server, clients, sizeBytes, millis, (client, deadline) -> {
      byte[] sink = new byte[op == Op.RANGE ? (int) sizeBytes : 256 * 1024];
      SplittableRandom offsets = new SplittableRandom(31L * round + client);
      return timed(deadline, i -> {
        switch (op) {
          case PUT -> put(oss, putKey(round, client, i), payload);
          case GET -> get(oss, seedKey((int) (client + i * clients)), sink, i == 0 ? payload : null);
          case RANGE -> range(oss, offsets.nextLong(objectBytes - sizeBytes) | 1, sink, payload);
        }
      });
    });
  }

  /** What one client thread does in a phase: its operations until {@code deadline}, as latencies. */
  @FunctionalInterface
  interface ClientLoop {
    long[] run(int client, long deadline) throws Exception;
  }

  /** One operation of a client; {@code i} counts that client's operations in the phase from 0. */
  @FunctionalInterface
  interface Operation {
    void run(long i) throws Exception;
  }

  /**
   * Runs {@code clients} threads of {@code loop} for {@code millis} and reads the server's and this
   * process's CPU time and the load average around them. The phase lasts until the last client's
   * last operation ends; {@code bytesPerOp} (0 for none) gives the MiB/s and CPU per GiB figures.
   */
  static Result measure(ServerProcess server, int clients, long bytesPerOp, long millis, ClientLoop loop)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      double load0 = LoadDriver.loadAverage();
      long server0 = server.cpuNanos();
      long system0 = server.systemCpuNanos();
      long client0 = LoadDriver.processCpuNanos();
      long t0 = System.nanoTime();
      long deadline = t0 + millis * 1_000_000;
      List<Future<long[]>> futures = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        futures.add(pool.submit((Callable<long[]>) () -> loop.run(client, deadline)));
      }
      List<long[]> perClient = new ArrayList<>();
      for (Future<long[]> f : futures) perClient.add(f.get());
      long elapsed = System.nanoTime() - t0;
      long serverCpu = server.cpuNanos() - server0;
      long system1 = server.systemCpuNanos();
      long serverSystem = system0 < 0 || system1 < 0 ? -1 : system1 - system0;
      long clientCpu = LoadDriver.processCpuNanos() - client0;
      long[] all = perClient.stream().flatMapToLong(Arrays::stream).toArray();
      return new Result(all.length, all.length * bytesPerOp, elapsed, serverCpu, serverSystem, clientCpu, all, load0,
          LoadDriver.loadAverage());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Runs {@code op} back to back until {@code deadline} (at least once) and returns each one's latency. */
  static long[] timed(long deadline, Operation op) throws Exception {
    return timed(deadline, () -> true, op);
  }

  /** As {@link #timed(long, Operation)}, stopping early once {@code more} says no. */
  static long[] timed(long deadline, BooleanSupplier more, Operation op) throws Exception {
    long[] lat = new long[1024];
    int n = 0;
    for (long i = 0; n == 0 || System.nanoTime() < deadline && more.getAsBoolean(); i++) {
      long s = System.nanoTime();
      op.run(i);
      if (n == lat.length) lat = Arrays.copyOf(lat, n * 2);
      lat[n++] = System.nanoTime() - s;
    }
    return Arrays.copyOf(lat, n);
  }

  void put(OSS oss, String key, byte[] payload) {
    put(oss, key, payload, sizeBytes);
  }

  /** PUTs {@code length} bytes of {@code payload} repeated. */
  void put(OSS oss, String key, byte[] payload, long length) {
    ObjectMetadata meta = new ObjectMetadata();
    meta.setContentLength(length);
    InputStream body = length == payload.length ? new ByteArrayInputStream(payload)
        : new RepeatingStream(payload, length);
    oss.putObject(bucket, key, body, meta);
  }

  /** Reads a whole object; checks its bytes against {@code expect} (the repeated payload) unless null. */
  private void get(OSS oss, String key, byte[] sink, byte[] expect) {
    try (OSSObject o = oss.getObject(bucket, key); InputStream in = o.getObjectContent()) {
      long total = 0;
      int r;
      while ((r = in.read(sink)) > 0) {
        if (expect != null && !RepeatingStream.matches(expect, total, sink, r)) {
          throw new IllegalStateException(bucket + "/" + key + ": wrong bytes at " + total);
        }
        total += r;
      }
      if (total != sizeBytes) throw new IllegalStateException(key + ": read " + total + " of " + sizeBytes + " bytes");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One ranged GET of {@code sizeBytes} from {@code offset} into {@code sink}, checked byte for byte. */
  private void range(OSS oss, long offset, byte[] sink, byte[] expect) {
    GetObjectRequest req = new GetObjectRequest(bucket, seedKey(0));
    req.setRange(offset, offset + sizeBytes - 1);
    try (OSSObject o = oss.getObject(req); InputStream in = o.getObjectContent()) {
      int total = in.readNBytes(sink, 0, sink.length);
      if (total != sizeBytes || in.read() >= 0) {
        throw new IllegalStateException(bucket + ": range at " + offset + " did not return " + sizeBytes + " bytes");
      }
      if (!RepeatingStream.matches(expect, offset, sink, total)) {
        throw new IllegalStateException(bucket + ": range at " + offset + " returned wrong bytes");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A body of {@code length} bytes cycling over one buffer, so 256 MiB bodies need no 256 MiB array. */
  static final class RepeatingStream extends InputStream {
    private final byte[] pattern;
    private final long length;
    private long pos;

    RepeatingStream(byte[] pattern, long length) {
      this(pattern, 0, length);
    }

    /** The bytes from {@code start} to {@code end} of the pattern repeated (a part of a larger body). */
    RepeatingStream(byte[] pattern, long start, long end) {
      this.pattern = pattern;
      this.pos = start;
      this.length = end;
    }

    /** Whether {@code b[0, n)} equals the bytes at {@code position} of {@code pattern} repeated. */
    static boolean matches(byte[] pattern, long position, byte[] b, int n) {
      int done = 0;
      while (done < n) {
        int at = (int) ((position + done) % pattern.length);
        int k = Math.min(n - done, pattern.length - at);
        if (!Arrays.equals(pattern, at, at + k, b, done, done + k)) return false;
        done += k;
      }
      return true;
    }

    @Override
    public int read() {
      return pos < length ? pattern[(int) (pos++ % pattern.length)] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) return 0;
      if (pos >= length) return -1;
      int at = (int) (pos % pattern.length);
      int n = (int) Math.min(Math.min(len, pattern.length - at), length - pos);
      System.arraycopy(pattern, at, b, off, n);
      pos += n;
      return n;
    }
  }
}
