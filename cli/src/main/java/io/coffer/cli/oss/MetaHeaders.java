package io.coffer.cli.oss;

import io.coffer.cli.client.UsageFailure;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ossutil's {@code header:value#header:value} metadata strings and the headers they may name
 * (case-insensitive): the standard ones below and any {@code x-oss-meta-*}. ossutil also accepts
 * the three SSE-C headers; Coffer does not offer SSE-C, so they are refused here.
 */
public final class MetaHeaders {
  public static final String META_PREFIX = "x-oss-meta-";
  public static final String SSE = "x-oss-server-side-encryption";
  public static final String SSE_KEY_ID = "x-oss-server-side-encryption-key-id";
  public static final String SSE_DATA = "x-oss-server-side-data-encryption";
  public static final String OBJECT_ACL = "x-oss-object-acl";

  /** The settable standard headers, spelled as help shows them. */
  public static final List<String> SUPPORTED = List.of("Content-Type", "Cache-Control", "Content-Disposition",
      "Content-Encoding", "Expires", "Accept-Encoding", "Origin", OBJECT_ACL, "x-oss-storage-class", SSE, SSE_KEY_ID,
      SSE_DATA);

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

  private MetaHeaders() {}

  /** True for a header set-meta (and cp's --meta) may set: a standard one or x-oss-meta-*. */
  public static boolean settable(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.startsWith(META_PREFIX) && n.length() > META_PREFIX.length()) return true;
    return SUPPORTED.stream().anyMatch(s -> s.equalsIgnoreCase(n));
  }

  /**
   * Parses {@code h:v#h:v} into lower-cased names → values, in order. With {@code namesOnly}
   * (set-meta --delete) values must be empty.
   *
   * @throws UsageFailure on an unsupported header, or a value where none belongs
   */
  public static Map<String, String> parse(String text, boolean namesOnly, String command) {
    Map<String, String> out = new LinkedHashMap<>();
    if (text == null || text.strip().isEmpty()) return out;
    for (String pair : text.strip().split("#")) {
      int colon = pair.indexOf(':');
      String name = (colon < 0 ? pair : pair.substring(0, colon)).strip();
      String value = colon < 0 ? "" : pair.substring(colon + 1);
      if (name.isEmpty()) throw new UsageFailure("empty header name in \"" + text + "\"");
      if (namesOnly && !value.isEmpty()) {
        throw new UsageFailure("delete meta for object do no support value for header:" + name
            + ", please set value:" + value + " to empty");
      }
      if (!settable(name)) {
        throw new UsageFailure("unsupported header:" + name + ", please try \"coffer " + command
            + " --help\" to see supported headers");
      }
      String n = name.toLowerCase(Locale.ROOT);
      out.put(n, n.equals("expires") ? httpDate(value) : value);
    }
    return out;
  }

  /** ossutil takes Expires as an HTTP date or RFC 3339; the wire wants the HTTP date. */
  private static String httpDate(String value) {
    try {
      return HTTP_DATE.format(OffsetDateTime.parse(value.strip()).atZoneSameInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return value;
    }
  }
}
