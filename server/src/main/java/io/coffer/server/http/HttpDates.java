package io.coffer.server.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The two date forms OSS clients parse: RFC 1123 in headers, ISO-8601 with {@code .000Z} in XML. */
public final class HttpDates {
  private static final DateTimeFormatter RFC_1123 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'.000Z'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private HttpDates() {}

  public static String rfc1123(Instant t) {
    return RFC_1123.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  /** ISO-8601 with milliseconds, which Java's clock-correction parses from RequestTimeTooSkewed. */
  public static String isoMillis(Instant t) {
    return ISO_MILLIS.format(t.truncatedTo(ChronoUnit.MILLIS));
  }

  public static String iso(Instant t) {
    return ISO.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  /** Parses an RFC 1123 date (also the RFC 850 and asctime forms); null if it is not one. */
  public static Instant parseHttpDate(String s) {
    if (s == null) return null;
    try {
      return Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(s.trim()));
    } catch (RuntimeException e) {
      return null;
    }
  }
}
