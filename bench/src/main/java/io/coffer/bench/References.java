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
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

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
   * CPU seconds per GiB of bare AES-256-GCM through the JCE over 64 KiB segments (one
   * {@code Cipher.init} and {@code doFinal} per segment, as the sealed-blob format does), sealing
   * or opening, on one thread: the floor under what encryption can add to a PUT or a GET.
   */
  static double aesGcmCpuSecondsPerGib(boolean seal, long millis) throws Exception {
    byte[] plain = new byte[64 * 1024];
    new SplittableRandom(2).nextBytes(plain);
    byte[] key = new byte[32];
    new SplittableRandom(3).nextBytes(key);
    SecretKeySpec k = new SecretKeySpec(key, "AES");
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    byte[] nonce = new byte[12];
    c.init(Cipher.ENCRYPT_MODE, k, new GCMParameterSpec(128, nonce));
    byte[] sealed = c.doFinal(plain);
    byte[] out = new byte[sealed.length];
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long bytes = 0;
    long counter = 0;
    long cpu0 = threads.getCurrentThreadCpuTime();
    long end = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 16; i++) {
        if (seal) {
          nonce[4] = (byte) ++counter; // a fresh nonce per segment, as a real sealer uses
          nonce[5] = (byte) (counter >>> 8);
          nonce[6] = (byte) (counter >>> 16);
          c.init(Cipher.ENCRYPT_MODE, k, new GCMParameterSpec(128, nonce));
          c.doFinal(plain, 0, plain.length, out, 0);
        } else {
          c.init(Cipher.DECRYPT_MODE, k, new GCMParameterSpec(128, new byte[12]));
          c.doFinal(sealed, 0, sealed.length, out, 0);
        }
      }
      bytes += 16L * plain.length;
    }
    long cpu = threads.getCurrentThreadCpuTime() - cpu0;
    if (out[0] == 42 && out[1] == 42) System.out.print(""); // keeps the output alive
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
