package io.coffer.core.iam.policy;

import io.coffer.core.error.CofferException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One test of a statement's {@code Condition} block: an operator, a context key and the values it
 * allows. The statement values are checked and pre-parsed at construction, so a malformed number,
 * date, boolean or address fails when the policy is parsed, never when a request is evaluated.
 *
 * <p>The condition holds when any request value for the key compares true with any of the
 * statement's values (values OR); a {@code Not*} operator holds when that is not so, and in
 * particular when the request lacks the key. A request value that cannot be read as the
 * operator's type (a date that is not ISO-8601, say) compares true with nothing. Keys are matched
 * case-insensitively. Instances are immutable.
 */
public final class Condition {
  private final ConditionOperator operator;
  private final String key;
  private final List<String> values;
  /** The values parsed for the operator's type: BigDecimal, Instant, Boolean, IpRange or Wildcard. */
  private final List<Object> parsed;

  /**
   * @throws CofferException.MalformedPolicyDocument when the key or a value does not suit the operator
   */
  public Condition(ConditionOperator operator, String key, List<String> values) {
    if (operator == null || key == null || values == null) throw new IllegalArgumentException("null condition part");
    if (!validKey(key)) {
      throw new CofferException.MalformedPolicyDocument(
          "Condition key \"" + key + "\" under " + operator.jsonName() + " is not of the form <prefix>:<name>.");
    }
    if (values.isEmpty()) {
      throw new CofferException.MalformedPolicyDocument(
          "Condition " + operator.jsonName() + " gives no value for key \"" + key + "\".");
    }
    this.operator = operator;
    this.key = key;
    this.values = List.copyOf(values);
    List<Object> out = new ArrayList<>(values.size());
    for (String v : this.values) {
      Object p = parse(operator.type(), v, true);
      if (p == null) {
        throw new CofferException.MalformedPolicyDocument("Condition " + operator.jsonName() + " on key \"" + key
            + "\" has value \"" + v + "\", which is not " + describe(operator.type()) + ".");
      }
      out.add(p);
    }
    this.parsed = List.copyOf(out);
  }

  public ConditionOperator operator() {
    return operator;
  }

  public String key() {
    return key;
  }

  public List<String> values() {
    return values;
  }

  /** Whether this condition holds for the request's context values. */
  public boolean holds(AccessRequest request) {
    boolean positive = false;
    for (String requestValue : request.contextValues(key)) {
      if (anyMatches(requestValue)) {
        positive = true;
        break;
      }
    }
    return positive != operator.negated();
  }

  private boolean anyMatches(String requestValue) {
    ConditionOperator.Type type = operator.type();
    Object actual = type == ConditionOperator.Type.IP || type == ConditionOperator.Type.STRING_LIKE
        ? requestValue : parse(type, requestValue, false);
    if (actual == null) return false;
    for (Object expected : parsed) {
      if (compares(actual, expected)) return true;
    }
    return false;
  }

  private boolean compares(Object actual, Object expected) {
    return switch (operator.type()) {
      case STRING -> actual.equals(expected);
      case STRING_IGNORE_CASE -> ((String) actual).equalsIgnoreCase((String) expected);
      case STRING_LIKE -> ((Wildcard) expected).matches((String) actual);
      case BOOL -> actual.equals(expected);
      case IP -> ((IpRange) expected).contains((String) actual);
      case NUMERIC -> ordered(((BigDecimal) actual).compareTo((BigDecimal) expected));
      case DATE -> ordered(((Instant) actual).compareTo((Instant) expected));
    };
  }

  private boolean ordered(int cmp) {
    return switch (operator.comparison()) {
      case EQUAL -> cmp == 0;
      case LESS -> cmp < 0;
      case LESS_OR_EQUAL -> cmp <= 0;
      case GREATER -> cmp > 0;
      case GREATER_OR_EQUAL -> cmp >= 0;
    };
  }

  /**
   * One value read as {@code type}; null when it is not one. Statement-side IP values may be
   * blocks or {@code *}; request-side ones are checked by {@link IpRange#contains}.
   */
  private static Object parse(ConditionOperator.Type type, String v, boolean statementSide) {
    return switch (type) {
      case STRING, STRING_IGNORE_CASE -> v;
      case STRING_LIKE -> Wildcard.caseSensitive(v);
      case BOOL -> v.equalsIgnoreCase("true") ? Boolean.TRUE : v.equalsIgnoreCase("false") ? Boolean.FALSE : null;
      case IP -> statementSide ? IpRange.parse(v) : v;
      case NUMERIC -> number(v);
      case DATE -> date(v);
    };
  }

  private static BigDecimal number(String v) {
    // Long digit strings would only cost time in comparisons; no condition needs them.
    if (v.length() > 64) return null;
    try {
      return new BigDecimal(v);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Instant date(String v) {
    try {
      return OffsetDateTime.parse(v, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static boolean validKey(String key) {
    int colon = key.indexOf(':');
    if (colon <= 0 || colon == key.length() - 1) return false;
    for (int i = 0; i < key.length(); i++) {
      if (Character.isWhitespace(key.charAt(i)) || Character.isISOControl(key.charAt(i))) return false;
    }
    return true;
  }

  private static String describe(ConditionOperator.Type type) {
    return switch (type) {
      case NUMERIC -> "a number";
      case DATE -> "an ISO-8601 date-time with offset (e.g. 2012-11-11T23:59:59Z)";
      case BOOL -> "true or false";
      case IP -> "an IPv4 or IPv6 address or CIDR block";
      default -> "a string";
    };
  }

  /** The key folded for case-insensitive lookup. */
  static String foldKey(String key) {
    return key.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return operator.jsonName() + "{" + key + "=" + values + "}";
  }
}
