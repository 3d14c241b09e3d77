package io.coffer.cli.oss;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;

/** How ossutil (a Go program) prints times and header names, so our output reads the same. */
public final class Formats {
  // Go's time.Time.String() for a whole second: 2018-10-24 20:41:54 +0800 CST.
  private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z z", Locale.ROOT);

  private Formats() {}

  /** A time in the local zone, as ossutil's {@code ls} and {@code stat} show it. */
  public static String localTime(Date date) {
    return date == null ? "" : localTime(date.toInstant());
  }

  public static String localTime(Instant instant) {
    return instant == null ? "" : GO_TIME.format(instant.atZone(ZoneId.systemDefault()));
  }

  /**
   * Go's canonical MIME header key: upper-case the first letter and every letter after '-',
   * lower-case the rest ({@code x-oss-hash-crc64ecma} → {@code X-Oss-Hash-Crc64ecma}).
   */
  public static String canonicalHeader(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    boolean upper = true;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      sb.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
      upper = c == '-';
    }
    return sb.toString();
  }
}
