package io.coffer.core.config;

import java.nio.file.Path;

/**
 * Where the audit log goes and how it rotates (see {@code docs/audit-log.md}).
 *
 * @param file the live log file, or null for {@code <data-dir>/audit/audit.log}
 *     ({@link CofferConfig#auditLogFile()} resolves it)
 * @param maxBytes rotate when the live file would grow past this many bytes; a single line
 *     longer than this still goes whole into a fresh file
 * @param files how many rotated files to keep ({@code audit.log.1} newest … {@code audit.log.N}
 *     oldest) besides the live one; the oldest is deleted when another rotation needs its place
 */
public record AuditConfig(Path file, long maxBytes, int files) {
  /** 100 MiB: a few hundred thousand events per file at ~300 bytes each. */
  public static final long DEFAULT_MAX_BYTES = 100L * 1024 * 1024;
  public static final int DEFAULT_FILES = 10;
  /** Below this a rotation every few lines would make the log useless to read. */
  public static final long MIN_MAX_BYTES = 1024;
  public static final int MAX_FILES = 1000;

  public AuditConfig {
    if (maxBytes < MIN_MAX_BYTES) throw new IllegalArgumentException("audit log max bytes must be at least " + MIN_MAX_BYTES);
    if (files < 1 || files > MAX_FILES) {
      throw new IllegalArgumentException("audit log files must be between 1 and " + MAX_FILES);
    }
  }

  public static AuditConfig defaults() {
    return new AuditConfig(null, DEFAULT_MAX_BYTES, DEFAULT_FILES);
  }
}
