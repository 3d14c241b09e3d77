package io.coffer.core.audit;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log as JSON lines in a file ({@link AuditJson}), appended, rotated by size:
 * {@code audit.log} → {@code audit.log.1} → … → {@code audit.log.N}, the oldest deleted.
 *
 * <p><b>Threading.</b> {@link #record} only puts the event on a bounded queue; one writer thread
 * renders, writes and flushes. It takes whatever has queued up (up to {@link #MAX_BATCH} events),
 * writes it and flushes once, so under load a flush covers many events and when idle each event
 * is flushed as soon as it is written: there is no timer and no delay beyond the write itself.
 * A full queue blocks the caller until the writer catches up (back-pressure): an event is never
 * dropped to keep a request fast. Lines never interleave (one writer) and never span two files
 * (rotation happens between lines).
 *
 * <p><b>Durability.</b> A flush hands the bytes to the operating system: they survive the
 * process dying, not the machine losing power (no fsync per event). {@link #close()} writes and
 * flushes everything recorded before it was called.
 *
 * <p><b>Failures.</b> An event that cannot be written (disk full, file removed, permissions
 * changed) or that arrives after {@link #close()} is counted in {@link #lost()} and reported in the
 * server log (at most once a minute); the writer reopens the file for the next event. A write that
 * broke off mid-line is followed by a newline before the next event, so every later line parses.
 *
 * <p>New files are created readable by the owner only where the file system has POSIX permissions.
 */
public final class FileAuditLog implements AuditLog, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FileAuditLog.class);
  /** Events that may wait for the writer: ~2 MB at worst; a disk slower than this fills blocks callers. */
  public static final int DEFAULT_QUEUE_CAPACITY = 8192;
  /** Most events written per flush, bounding how long the first of a busy stretch waits for its flush. */
  static final int MAX_BATCH = 512;
  private static final long CLOSE_WAIT_MILLIS = 60_000;
  private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final int WRITE_BUFFER_BYTES = 64 * 1024;
  /** Tells the writer that nothing follows; compared by identity. */
  private static final AuditEvent STOP = new AuditEvent(Instant.EPOCH, "", AuditEvent.Caller.anonymous(), "stop",
      null, AuditEvent.Decision.DENY, null, 0, null);

  private final Path file;
  private final long maxBytes;
  private final int keepFiles;
  private final BlockingQueue<AuditEvent> queue;
  /** Callers inside {@link #record}: close waits for them so none can enqueue behind STOP. */
  private final AtomicInteger entering = new AtomicInteger();
  private volatile boolean closing;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
  private final Thread writer;

  // Writer-thread state.
  private final AuditJson json = new AuditJson();
  private OutputStream out;
  private long size;
  private int unflushed;
  private long lastFailureLogNanos;
  private boolean failureLogged;

  private FileAuditLog(Path file, long maxBytes, int keepFiles, int queueCapacity) throws IOException {
    if (maxBytes < 1) throw new IllegalArgumentException("maxBytes must be positive");
    if (keepFiles < 1) throw new IllegalArgumentException("keepFiles must be at least 1");
    this.file = file.toAbsolutePath();
    this.maxBytes = maxBytes;
    this.keepFiles = keepFiles;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    openOut(); // here, not lazily: a log that cannot be written must stop the server from starting
    this.writer = new Thread(this::run, "coffer-audit");
    writer.setDaemon(true);
  }

  /**
   * Opens (creating it and its directories if needed) the log for appending and starts its writer.
   *
   * @param maxBytes rotate before a line would take the file past this size
   * @param keepFiles rotated files kept besides the live one
   * @throws IOException when the file cannot be created or opened for appending
   */
  public static FileAuditLog open(Path file, long maxBytes, int keepFiles) throws IOException {
    return open(file, maxBytes, keepFiles, DEFAULT_QUEUE_CAPACITY);
  }

  static FileAuditLog open(Path file, long maxBytes, int keepFiles, int queueCapacity) throws IOException {
    FileAuditLog l = new FileAuditLog(file, maxBytes, keepFiles, queueCapacity);
    l.writer.start();
    return l;
  }

  /** Queues the event; blocks while the queue is full. Never throws for I/O trouble. */
  @Override
  public void record(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    entering.incrementAndGet();
    try {
      if (closing) {
        lost.incrementAndGet();
        log.warn("audit event for request {} arrived after the audit log closed; not written", event.requestId());
        return;
      }
      if (!queue.offer(event)) putUninterruptibly(event);
    } finally {
      entering.decrementAndGet();
    }
  }

  /** Events written and flushed since open. */
  public long written() {
    return written.get();
  }

  /** Events that were recorded but could not be written, or arrived after close. */
  public long lost() {
    return lost.get();
  }

  /** The live file. */
  public Path file() {
    return file;
  }

  /**
   * Stops taking events, writes and flushes every event recorded before, and closes the file.
   * Waits up to a minute for a stuck disk, then counts what is left as lost. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    closing = true;
    // A caller that saw closing == false is counted in entering; wait until its event is queued.
    while (entering.get() != 0) LockSupport.parkNanos(100_000);
    putUninterruptibly(STOP);
    boolean interrupted = false;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
    while (writer.isAlive()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) break;
      try {
        writer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (writer.isAlive()) {
      int left = queue.size();
      lost.addAndGet(left);
      log.error("audit log {} did not finish writing within {} ms; {} event(s) not written", file, CLOSE_WAIT_MILLIS,
          left);
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  private void putUninterruptibly(AuditEvent e) {
    boolean interrupted = false;
    while (true) {
      try {
        queue.put(e);
        break;
      } catch (InterruptedException x) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  // ---- writer thread ----

  private void run() {
    List<AuditEvent> batch = new ArrayList<>(MAX_BATCH);
    boolean stop = false;
    while (!stop) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        continue; // only close() ends the writer, through STOP
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      for (AuditEvent e : batch) {
        if (e == STOP) {
          stop = true;
        } else {
          write(e);
        }
      }
      batch.clear();
      try {
        flushOut();
      } catch (IOException | RuntimeException x) {
        failed(x, 0);
      }
    }
    try {
      if (out != null) out.close();
    } catch (IOException x) {
      log.warn("closing audit log {} failed: {}", file, x.toString());
    }
    out = null;
  }

  private void write(AuditEvent e) {
    try {
      if (out == null) openOut();
      AuditJson.Buffer line = json.render(e);
      if (size > 0 && size + line.length() > maxBytes) rotate();
      out.write(line.bytes(), 0, line.length());
      size += line.length();
      unflushed++;
    } catch (IOException | RuntimeException x) {
      failed(x, 1);
    }
  }

  /** Counts {@code current} plus every unflushed event as lost, drops the stream, reports. */
  private void failed(Exception x, int current) {
    lost.addAndGet(current + unflushed);
    unflushed = 0;
    if (out != null) {
      try {
        out.close();
      } catch (IOException | RuntimeException ignored) {
        // The stream is broken already; the next write reopens the file.
      }
      out = null;
    }
    long now = System.nanoTime();
    if (!failureLogged || now - lastFailureLogNanos >= FAILURE_LOG_INTERVAL_NANOS) {
      failureLogged = true;
      lastFailureLogNanos = now;
      log.error("writing audit log {} failed ({} event(s) lost so far): {}", file, lost.get(), x.toString());
    }
  }

  private void flushOut() throws IOException {
    if (out == null || unflushed == 0) return;
    out.flush();
    written.addAndGet(unflushed);
    unflushed = 0;
  }

  private void openOut() throws IOException {
    Path dir = file.getParent();
    if (dir != null && !Files.isDirectory(dir)) Files.createDirectories(dir, ownerOnly(dir, "rwx------"));
    try {
      Files.createFile(file, ownerOnly(file, "rw-------"));
    } catch (FileAlreadyExistsException e) {
      // Appending to the existing log.
    }
    boolean brokenLine = !endsWithNewline(file);
    FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    try {
      size = ch.size();
      if (brokenLine && size > 0) {
        // An earlier write broke off mid-line: end that line so the next one parses.
        ch.write(ByteBuffer.wrap(new byte[] {'\n'}));
        size++;
      }
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    out = new BufferedOutputStream(Channels.newOutputStream(ch), WRITE_BUFFER_BYTES);
  }

  /** True for an empty file or one whose last byte is a newline. */
  private static boolean endsWithNewline(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size == 0) return true;
      ByteBuffer last = ByteBuffer.allocate(1);
      return ch.read(last, size - 1) == 1 && last.get(0) == '\n';
    }
  }

  private void rotate() throws IOException {
    flushOut();
    out.close();
    out = null;
    Files.deleteIfExists(rotated(keepFiles));
    for (int i = keepFiles - 1; i >= 1; i--) {
      Path from = rotated(i);
      if (Files.exists(from)) Files.move(from, rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
    }
    Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
    openOut();
  }

  private Path rotated(int index) {
    return file.resolveSibling(file.getFileName() + "." + index);
  }

  private static FileAttribute<?>[] ownerOnly(Path p, String perms) {
    if (!p.getFileSystem().supportedFileAttributeViews().contains("posix")) return new FileAttribute<?>[0];
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(perms))};
  }
}
