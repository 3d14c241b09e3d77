package io.coffer.cli.cp;

import java.io.Closeable;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The local journal of one resumable transfer (ossutil's {@code --checkpoint-dir} file): a header
 * naming what is transferred, its fingerprint and the upload id, then one line per finished part,
 * appended and forced to disk as each part completes. Appending keeps the cost per part constant
 * (ossutil rewrites a JSON file each time); a line torn by a crash has no newline yet and is
 * ignored, so at worst that part is sent again.
 *
 * <p>Format (UTF-8): {@code # coffer cp checkpoint v1}, then {@code key=value} lines (value
 * URL-encoded), then {@code part=number,etag,size,crc64} lines. Thread-safe.
 */
final class Checkpoint implements Closeable {
  private static final String MAGIC = "# coffer cp checkpoint v1";
  private static final String PART = "part";

  /** A finished part: its ETag (uploads, copies; "-" for downloads), size and CRC-64 of its bytes. */
  record Part(int number, String etag, long size, long crc64) {}

  private final Path file;
  private final Map<String, String> header;
  private final SortedMap<Integer, Part> parts;
  private FileChannel journal;

  private Checkpoint(Path file, Map<String, String> header, SortedMap<Integer, Part> parts) {
    this.file = file;
    this.header = header;
    this.parts = parts;
  }

  /** The file for a transfer from {@code source} to {@code destination} in {@code dir}. */
  static Path fileFor(Path dir, String kind, String source, String destination) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256")
          .digest((kind + "\n" + source + "\n" + destination).getBytes(StandardCharsets.UTF_8));
      return dir.resolve(HexFormat.of().formatHex(h, 0, 16) + ".cp");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A digest for header values that must match but not be stored (headers may carry an SSE-C key). */
  static String digest(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The checkpoint in {@code file}, or empty when there is none or it is not one of ours. */
  static Optional<Checkpoint> load(Path file) throws IOException {
    if (!Files.isRegularFile(file)) return Optional.empty();
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    if (end < 0) return Optional.empty();
    String[] lines = text.substring(0, end).split("\n", -1);
    if (!lines[0].equals(MAGIC)) return Optional.empty();
    Map<String, String> header = new LinkedHashMap<>();
    SortedMap<Integer, Part> parts = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int eq = lines[i].indexOf('=');
      if (eq <= 0) return Optional.empty();
      String key = lines[i].substring(0, eq);
      String value = lines[i].substring(eq + 1);
      if (key.equals(PART)) {
        String[] f = value.split(",");
        if (f.length != 4) return Optional.empty();
        try {
          Part p = new Part(Integer.parseInt(f[0]), f[1], Long.parseLong(f[2]), Long.parseUnsignedLong(f[3]));
          parts.put(p.number(), p);
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      } else {
        header.put(key, URLDecoder.decode(value, StandardCharsets.UTF_8));
      }
    }
    return Optional.of(new Checkpoint(file, header, parts));
  }

  /** Writes a new checkpoint with no finished parts, replacing any old file atomically. */
  static Checkpoint create(Path file, Map<String, String> header) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    StringBuilder sb = new StringBuilder(MAGIC).append('\n');
    header.forEach((k, v) -> sb.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('\n'));
    Path tmp = Files.createTempFile(dir, ".cp", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8)));
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return new Checkpoint(file, new LinkedHashMap<>(header), new TreeMap<>());
  }

  Path file() {
    return file;
  }

  String get(String key) {
    return header.get(key);
  }

  /** True when every expected header entry is present with the same value. */
  boolean matches(Map<String, String> expected) {
    return expected.entrySet().stream().allMatch(e -> e.getValue().equals(header.get(e.getKey())));
  }

  synchronized SortedMap<Integer, Part> parts() {
    return Collections.unmodifiableSortedMap(new TreeMap<>(parts));
  }

  /**
   * The parts still to transfer between {@code file} and the service: those not recorded, and those
   * whose recorded size or CRC-64 no longer matches the file's bytes (forgotten here). The bytes of
   * each part kept are reported to {@code resumed}.
   */
  java.util.List<Integer> remainingParts(PartPlan plan, FileChannel file, java.util.function.LongConsumer resumed)
      throws IOException {
    java.util.List<Integer> remaining = new java.util.ArrayList<>();
    Map<Integer, Part> done = parts();
    for (int n = 1; n <= plan.partCount(); n++) {
      Part p = done.get(n);
      if (p != null && p.size() == plan.length(n) && p.crc64() == FileRegion.crc64(file, plan.offset(n), p.size())) {
        resumed.accept(p.size());
      } else {
        if (p != null) forget(n);
        remaining.add(n);
      }
    }
    return remaining;
  }

  synchronized void forget(int number) {
    parts.remove(number);
  }

  /** Records a finished part durably before returning. */
  synchronized void record(Part p) throws IOException {
    if (journal == null) journal = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    String line = PART + "=" + p.number() + "," + p.etag() + "," + p.size() + "," + Long.toUnsignedString(p.crc64())
        + "\n";
    ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
    while (buf.hasRemaining()) journal.write(buf);
    journal.force(false);
    parts.put(p.number(), p);
  }

  @Override
  public synchronized void close() throws IOException {
    if (journal != null) journal.close();
    journal = null;
  }

  /** Removes the file, and the checkpoint directory when nothing else is left in it (as ossutil does). */
  void delete() throws IOException {
    close();
    Files.deleteIfExists(file);
    try {
      Files.deleteIfExists(file.toAbsolutePath().getParent());
    } catch (DirectoryNotEmptyException e) {
      // other transfers' checkpoints are still there
    }
  }
}
