package io.coffer.core.audit;

import io.coffer.core.audit.AuditEvent.Decision;
import io.coffer.core.error.CofferException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Which audit events to read: every filter given must match; null or empty means "any".
 *
 * @param action an exact action ({@code oss:GetObject}), or a prefix ending in {@code :} or
 *     {@code *} ({@code kms:}, {@code ram:Create*}); a bare product name ({@code kms}) means its
 *     prefix. Compared without regard to case, as RAM compares action names.
 * @param caller an access key id or a RAM user name, exactly
 * @param decision allow or deny
 * @param from the earliest time, inclusive
 * @param to the latest time, inclusive
 * @param errorCode the error code the client got, exactly (without regard to case)
 * @param limit the most events to return, 1 to {@link #MAX_LIMIT}
 */
public record AuditQuery(String action, String caller, Decision decision, Instant from, Instant to, String errorCode,
    int limit) {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  public AuditQuery {
    action = blankToNull(action);
    caller = blankToNull(caller);
    errorCode = blankToNull(errorCode);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new CofferException.InvalidArgument("The limit must be 1 to " + MAX_LIMIT + ", not " + limit + ".", "limit",
          Integer.toString(limit));
    }
    if (from != null && to != null && from.isAfter(to)) {
      throw new CofferException.InvalidArgument("The start of the time range is after its end.", "from",
          from.toString());
    }
  }

  /** Every event, newest first, up to the default limit. */
  public static AuditQuery all() {
    return new AuditQuery(null, null, null, null, null, null, DEFAULT_LIMIT);
  }

  /**
   * A query from text as a form or URL sends it (empty or null: no filter).
   *
   * @param decision {@code allow} or {@code deny}, any case
   * @param from an ISO-8601 instant ({@code 2026-11-23T10:15:30Z})
   * @param limit a whole number; the default when empty
   * @throws CofferException.InvalidArgument naming the value that is wrong
   */
  public static AuditQuery parse(String action, String caller, String decision, String from, String to,
      String errorCode, String limit) {
    return new AuditQuery(action, caller, decision(decision), instant("from", from), instant("to", to), errorCode,
        limit(limit));
  }

  /** Whether {@code e} passes every filter. */
  public boolean matches(AuditEvent e) {
    if (decision != null && e.decision() != decision) return false;
    if (from != null && e.time().isBefore(from)) return false;
    if (to != null && e.time().isAfter(to)) return false;
    if (errorCode != null && !errorCode.equalsIgnoreCase(e.errorCode() == null ? "" : e.errorCode())) return false;
    if (caller != null && !caller.equals(e.caller().accessKeyId()) && !caller.equals(e.caller().userName())) {
      return false;
    }
    return action == null || actionMatches(e.action());
  }

  private boolean actionMatches(String a) {
    String want = action.toLowerCase(Locale.ROOT);
    String have = a.toLowerCase(Locale.ROOT);
    if (want.endsWith("*")) return have.startsWith(want.substring(0, want.length() - 1));
    if (want.endsWith(":")) return have.startsWith(want);
    if (want.indexOf(':') < 0) return have.startsWith(want + ":");
    return have.equals(want);
  }

  private static Decision decision(String s) {
    if (s == null || s.isBlank()) return null;
    for (Decision d : Decision.values()) {
      if (d.wire().equalsIgnoreCase(s.strip())) return d;
    }
    throw new CofferException.InvalidArgument("The decision must be allow or deny.", "decision", s);
  }

  private static Instant instant(String name, String s) {
    if (s == null || s.isBlank()) return null;
    try {
      return Instant.parse(s.strip());
    } catch (DateTimeParseException e) {
      throw new CofferException.InvalidArgument("The " + name + " time must be an ISO-8601 instant such as "
          + "2026-11-23T10:15:30Z.", name, s);
    }
  }

  private static int limit(String s) {
    if (s == null || s.isBlank()) return DEFAULT_LIMIT;
    try {
      return Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      throw new CofferException.InvalidArgument("The limit must be a whole number from 1 to " + MAX_LIMIT + ".",
          "limit", s);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
