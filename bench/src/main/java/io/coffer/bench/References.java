package io.coffer.bench;

import io.coffer.core.hash.Crc64;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The physical references re-measured in the same run, right before the phases they bound
 * (performance-limits.md §5a rule 1): the per-byte hashing a PUT must do, and the durable
 * small-file write rate of the disk under the data directory.
 */
final class References {
  private References() {}

  /**
   * CPU seconds per GiB of MD5 + CRC-64 over 64 KiB buffers (the write path's chunk), one thread,
   * measured as that thread's CPU time, so a busy neighbour inflates it less than wall time.
   */
  static double hashCpuSecondsPerGib(long millis) throws Exception {
    byte[] buf = new byte[64 * 1024];
    new SplittableRandom(1).nextBytes(buf);
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long crc = 0;
    long bytes = 0;
    long cpu0 = threads.getCurrentThreadCpuTime();
    long end = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 64; i++) {
        md5.update(buf, 0, buf.length);
        crc = Crc64.update(crc, buf, 0, buf.length);
      }
      bytes += 64L * buf.length;
    }
    long cpu = threads.getCurrentThreadCpuTime() - cpu0;
    if (crc == 42) System.out.print(""); // keeps the loop's result alive
    return cpu / 1e9 / (bytes / (double) (1L << 30));
  }

  /**
   * Durable 4 KiB file writes per second with {@code threads} writers: write, fsync, rename into a
   * directory, fsync that directory — what a crash-safe blob commit costs the disk.
   */
  static double durableSmallWritesPerSecond(Path scratch, int threads, long millis) throws Exception {
    Path tmp = Files.createDirectories(scratch.resolve("tmp"));
    Path dst = Files.createDirectories(scratch.resolve("dst"));
    AtomicLong ops = new AtomicLong();
    long end = System.nanoTime() + millis * 1_000_000;
    List<Thread> workers = new ArrayList<>();
    List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      workers.add(Thread.ofPlatform().start(() -> {
        ByteBuffer data = ByteBuffer.allocate(4096);
        try {
          for (long i = 0; System.nanoTime() < end; i++) {
            Path f = tmp.resolve(id + "-" + i);
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
              ch.write(data.clear());
              ch.force(true);
            }
            Path target = dst.resolve(id + "-" + i);
            Files.move(f, target, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel d = FileChannel.open(dst, StandardOpenOption.READ)) {
              d.force(true);
            }
            ops.incrementAndGet();
          }
        } catch (IOException e) {
          failures.add(e);
        }
      }));
    }
    long t0 = System.nanoTime();
    for (Thread w : workers) w.join();
    long elapsed = System.nanoTime() - t0;
    LoadDriver.deleteTree(scratch);
    if (!failures.isEmpty()) throw failures.get(0);
    return ops.get() / (elapsed / 1e9);
  }
}
