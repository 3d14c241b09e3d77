package io.coffer.cli.cp;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a cp run has done, shown as it goes and summed up at the end as ossutil does
 * ({@code Succeed: Total num: N, size: S. OK num: ...}, average speed, elapsed time).
 *
 * <p>On a terminal one line is redrawn in place a few times a second; otherwise a plain line is
 * printed each time another tenth of the bytes is done, so logs stay short and readable.
 * Thread-safe: transfers report from many threads.
 */
public final class Progress implements AutoCloseable {
  /** The kind of run, worded as ossutil words it. */
  public enum Op {
    UPLOAD("upload", "files"), DOWNLOAD("download", "objects"), COPY("copy", "objects");

    final String verb;
    final String noun;

    Op(String verb, String noun) {
      this.verb = verb;
      this.noun = noun;
    }
  }

  private static final long TICK_MILLIS = 200;

  private final PrintWriter out;
  private final boolean terminal;
  private final Op op;
  private final long startNanos = System.nanoTime();
  private final AtomicLong moved = new AtomicLong();
  private final AtomicLong resumed = new AtomicLong();
  private final AtomicLong okBytes = new AtomicLong();
  private final AtomicLong skipBytes = new AtomicLong();
  private final AtomicInteger ok = new AtomicInteger();
  private final AtomicInteger skipped = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger lastTenth = new AtomicInteger();
  private volatile int totalFiles;
  private volatile long totalBytes;
  private int drawnWidth;
  private ScheduledExecutorService ticker;

  public Progress(PrintWriter out, boolean terminal, Op op) {
    this.out = out;
    this.terminal = terminal;
    this.op = op;
  }

  /** Sets what the run will do and starts redrawing on a terminal. */
  public void planned(int files, long bytes) {
    totalFiles = files;
    totalBytes = bytes;
    if (terminal && ticker == null) {
      ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cp-progress");
        t.setDaemon(true);
        return t;
      });
      ticker.scheduleAtFixedRate(this::redraw, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /** Bytes sent or received in this run. */
  public void transferred(long bytes) {
    moved.addAndGet(bytes);
    if (!terminal) maybePrintTenth();
  }

  /** Bytes already done by an earlier, interrupted run (parts found in the checkpoint). */
  public void resumed(long bytes) {
    resumed.addAndGet(bytes);
  }

  /** Takes back bytes counted for an attempt that failed, so the count never exceeds the total. */
  public void untransferred(long bytes) {
    moved.addAndGet(-bytes);
  }

  public void succeeded(long size) {
    ok.incrementAndGet();
    okBytes.addAndGet(size);
  }

  public void skipped(long size) {
    skipped.incrementAndGet();
    skipBytes.addAndGet(size);
    if (!terminal) maybePrintTenth();
  }

  public void failed() {
    failed.incrementAndGet();
  }

  public int failures() {
    return failed.get();
  }

  /** Prints a line of its own (a question, a notice) without mangling the progress line. */
  public synchronized void println(String line) {
    clearLine();
    out.println(line);
    out.flush();
  }

  /** Prints a line to {@code err} (a failure) without mangling the progress line. */
  public synchronized void printErr(PrintWriter err, String line) {
    clearLine();
    out.flush();
    err.println(line);
    err.flush();
  }

  /** Stops redrawing without a summary: the run ends with an error of its own. */
  public synchronized void abandon() {
    if (ticker != null) ticker.shutdownNow();
    ticker = null;
    clearLine();
    out.flush();
  }

  /** Prints a prompt without a newline (the answer is typed after it). */
  public synchronized void prompt(String text) {
    clearLine();
    out.print(text);
    out.flush();
  }

  /** Stops redrawing and prints the summary. */
  @Override
  public synchronized void close() {
    if (ticker != null) ticker.shutdownNow();
    ticker = null;
    clearLine();
    double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    StringBuilder detail = new StringBuilder();
    if (ok.get() > 0) detail.append(op.verb).append(' ').append(ok.get()).append(' ').append(op.noun);
    if (skipped.get() > 0) {
      if (!detail.isEmpty()) detail.append(", ");
      detail.append("skip ").append(skipped.get()).append(' ').append(op.noun);
    }
    String okPart = ok.get() + skipped.get() + (detail.isEmpty() ? "" : "(" + detail + ")");
    if (failed.get() == 0) {
      out.printf(Locale.ROOT, "Succeed: Total num: %d, size: %s. OK num: %s%s.%n", totalFiles, grouped(totalBytes),
          okPart, skipBytes.get() > 0 ? ", Skip size: " + grouped(skipBytes.get()) : "");
    } else {
      out.printf(Locale.ROOT, "FinishWithError: Total num: %d, size: %s. Error num: %d. OK num: %s, Transfer size: %s.%n",
          totalFiles, grouped(totalBytes), failed.get(), okPart, grouped(moved.get()));
    }
    out.printf(Locale.ROOT, "%naverage speed %d(byte/s)%n%n%.6f(s) elapsed%n", (long) (moved.get() / seconds), seconds);
    out.flush();
  }

  /** The progress line: percentage, bytes, files, rate and time left. */
  String line() {
    long done = Math.min(totalBytes, moved.get() + resumed.get() + skipBytes.get());
    double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
    double rate = moved.get() / seconds;
    int percent = totalBytes == 0 ? 100 : (int) (done * 100 / totalBytes);
    String eta = rate <= 0 ? "-" : duration((long) Math.ceil((totalBytes - done) / rate));
    return String.format(Locale.ROOT, "Progress: %d%%, %s of %s, %d of %d %s, %s/s, ETA %s", percent, human(done),
        human(totalBytes), ok.get() + skipped.get() + failed.get(), totalFiles, op.noun, human((long) rate), eta);
  }

  private void maybePrintTenth() {
    long total = totalBytes;
    if (total <= 0) return;
    long done = Math.min(total, moved.get() + resumed.get() + skipBytes.get());
    int tenth = (int) (done * 10 / total);
    int last = lastTenth.get();
    if (tenth > last && lastTenth.compareAndSet(last, tenth)) {
      synchronized (this) {
        out.println(line());
        out.flush();
      }
    }
  }

  private synchronized void redraw() {
    String text = line();
    int pad = Math.max(0, drawnWidth - text.length());
    out.print("\r" + text + " ".repeat(pad));
    out.flush();
    drawnWidth = text.length();
  }

  private void clearLine() {
    if (terminal && drawnWidth > 0) {
      out.print("\r" + " ".repeat(drawnWidth) + "\r");
      drawnWidth = 0;
    }
  }

  /** Bytes with thousands separators, as ossutil prints sizes. */
  static String grouped(long bytes) {
    return String.format(Locale.ROOT, "%,d", bytes);
  }

  static String human(long bytes) {
    if (bytes < 1024) return bytes + " B";
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.2f %s", v, units[u]);
  }

  private static String duration(long seconds) {
    if (seconds < 60) return seconds + "s";
    if (seconds < 3600) return seconds / 60 + "m" + seconds % 60 + "s";
    return seconds / 3600 + "h" + (seconds % 3600) / 60 + "m";
  }
}
