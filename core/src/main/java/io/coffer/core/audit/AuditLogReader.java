package io.coffer.core.audit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.coffer.core.audit.AuditEvent.Caller;
import io.coffer.core.audit.AuditEvent.Decision;
import io.coffer.core.error.CofferException;
import io.coffer.core.iam.Principal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads what {@link FileAuditLog} wrote, newest first: the live file from its end, then
 * {@code .1}, {@code .2}, ... (docs/audit-log.md). Stops as soon as it has one match more than the
 * query's limit, so a recent event is found without reading old files; memory holds at most the
 * limit's events and one line. Lines that do not parse as an audit event (a line cut off by a
 * failed write, a line still being written, foreign text) are skipped and counted.
 *
 * <p>Only the account's root identity may read the log: it records every caller's requests, so
 * no RAM policy grants it (docs/iam/authorization.md).
 *
 * <p>A rotation while a query runs shifts the files by one; a file already read is recognised by
 * its file key (where the file system has one) and not read twice. Thread-safe.
 */
public final class AuditLogReader {
  /** Longer lines are not audit events (fields are capped; docs/audit-log.md) and are skipped unread. */
  static final int MAX_LINE_BYTES = 64 * 1024;
  private static final ObjectReader JSON = new ObjectMapper().reader()
      .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final Path live;

  /** @param liveFile the live file ({@code audit.log}); rotated files sit next to it */
  public AuditLogReader(Path liveFile) {
    this.live = Objects.requireNonNull(liveFile, "liveFile");
  }

  /**
   * What a query found.
   *
   * @param events the matching events, newest first, at most the query's limit
   * @param more whether older events match too (beyond the limit)
   * @param skippedLines lines read that were not audit events
   */
  public record Result(List<AuditEvent> events, boolean more, long skippedLines) {
    public Result {
      events = List.copyOf(events);
    }
  }

  /**
   * The events matching {@code q}, newest first.
   *
   * @throws CofferException.AccessDenied unless {@code caller} is the account's root identity
   * @throws UncheckedIOException when a file cannot be read
   */
  public Result read(Principal caller, AuditQuery q) {
    if (!caller.isRoot()) {
      throw new CofferException.AccessDenied("Only the account (its root access key) may read the audit log; "
          + "no policy grants it to a RAM user.");
    }
    List<AuditEvent> found = new ArrayList<>();
    long[] skipped = {0};
    Set<Object> seen = new HashSet<>();
    try {
      for (int i = 0; ; i++) {
        Path p = i == 0 ? live : live.resolveSibling(live.getFileName() + "." + i);
        Opened o = open(p);
        if (o == null) {
          if (i == 0) continue; // no live file yet: rotated ones may still exist
          break;
        }
        if (o.key != null && !seen.add(o.key)) {
          o.lines.close();
          continue;
        }
        try (ReverseLines lines = o.lines) {
          if (scan(lines, q, found, skipped)) return new Result(found.subList(0, q.limit()), true, skipped[0]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the audit log failed", e);
    }
    return new Result(found, false, skipped[0]);
  }

  /** Adds matches from one file; true when one more than the limit has been found. */
  private static boolean scan(ReverseLines lines, AuditQuery q, List<AuditEvent> found, long[] skipped)
      throws IOException {
    for (byte[] line = lines.previous(); line != null; line = lines.previous()) {
      if (line.length == 0 && line != ReverseLines.OVERLONG) continue;
      AuditEvent e = parse(line);
      if (e == null) {
        skipped[0]++;
        continue;
      }
      if (!q.matches(e)) continue;
      found.add(e);
      if (found.size() > q.limit()) return true;
    }
    return false;
  }

  private record Opened(ReverseLines lines, Object key) {}

  /** Opens {@code p} and names it by its file key, checked on both sides of the open against a rotation. */
  private static Opened open(Path p) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Object before = fileKey(p);
      FileChannel ch;
      try {
        ch = FileChannel.open(p, StandardOpenOption.READ);
      } catch (NoSuchFileException e) {
        return null;
      }
      Object after = fileKey(p);
      if (Objects.equals(before, after) || attempt == 2) {
        try {
          return new Opened(new ReverseLines(ch, MAX_LINE_BYTES), after);
        } catch (IOException | RuntimeException e) {
          ch.close();
          throw e;
        }
      }
      ch.close();
    }
  }

  private static Object fileKey(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /** One line as {@link AuditJson} writes it, or null when it is not one. */
  static AuditEvent parse(byte[] line) {
    if (line == ReverseLines.OVERLONG) return null;
    try {
      JsonNode n = JSON.readTree(line);
      if (n == null || !n.isObject()) return null;
      JsonNode principal = n.get("principal");
      if (principal == null || !principal.isObject()) return null;
      Caller.Kind kind = kind(text(principal, "type"));
      Decision decision = decision(text(n, "decision"));
      String time = text(n, "time");
      String action = text(n, "action");
      JsonNode status = n.get("status");
      if (kind == null || decision == null || time == null || action == null || status == null || !status.isInt()) {
        return null;
      }
      return new AuditEvent(Instant.parse(time), text(n, "requestId"),
          new Caller(kind, text(principal, "accountId"), text(principal, "accessKeyId"), text(principal, "userName")),
          action, text(n, "resource"), decision, text(n, "errorCode"), status.intValue(), text(n, "sourceAddress"));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isTextual() ? v.textValue() : null;
  }

  private static Caller.Kind kind(String wire) {
    for (Caller.Kind k : Caller.Kind.values()) {
      if (k.wire().equals(wire)) return k;
    }
    return null;
  }

  private static Decision decision(String wire) {
    for (Decision d : Decision.values()) {
      if (d.wire().equals(wire)) return d;
    }
    return null;
  }
}
