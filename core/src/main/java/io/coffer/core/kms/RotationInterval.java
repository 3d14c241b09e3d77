package io.coffer.core.kms;

import io.coffer.core.error.CofferException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The KMS {@code RotationInterval} parameter: {@code <integer>[d|h|m|s]}, 7 to 730 days. */
public final class RotationInterval {
  public static final Duration MIN = Duration.ofDays(7);
  public static final Duration MAX = Duration.ofDays(730);
  private static final Pattern FORM = Pattern.compile("([0-9]{1,12})([dhms]?)");

  private RotationInterval() {}

  public static Duration parse(String text) {
    Matcher m = text == null ? null : FORM.matcher(text);
    if (m == null || !m.matches()) throw new CofferException.InvalidParameter("RotationInterval");
    long n = Long.parseLong(m.group(1));
    Duration d = switch (m.group(2)) {
      case "d" -> Duration.ofDays(n);
      case "h" -> Duration.ofHours(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofSeconds(n);
    };
    if (d.compareTo(MIN) < 0 || d.compareTo(MAX) > 0) throw new CofferException.InvalidParameter("RotationInterval");
    return d;
  }

  /** The wire form, seconds with an {@code s} suffix ({@code 604800s}). */
  public static String format(Duration d) {
    return d.getSeconds() + "s";
  }
}
