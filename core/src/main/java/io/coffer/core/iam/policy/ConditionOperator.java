package io.coffer.core.iam.policy;

/**
 * The condition operators of the RAM policy language, by their JSON names (case-sensitive). Each
 * compares the request's values for a key with the statement's values as one {@link Type}; the
 * {@code Not*} forms are the negation of their positive form, so they hold when the request
 * lacks the key.
 */
public enum ConditionOperator {
  STRING_EQUALS("StringEquals", Type.STRING, Comparison.EQUAL, false),
  STRING_NOT_EQUALS("StringNotEquals", Type.STRING, Comparison.EQUAL, true),
  STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", Type.STRING_IGNORE_CASE, Comparison.EQUAL, false),
  STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", Type.STRING_IGNORE_CASE, Comparison.EQUAL, true),
  STRING_LIKE("StringLike", Type.STRING_LIKE, Comparison.EQUAL, false),
  STRING_NOT_LIKE("StringNotLike", Type.STRING_LIKE, Comparison.EQUAL, true),
  NUMERIC_EQUALS("NumericEquals", Type.NUMERIC, Comparison.EQUAL, false),
  NUMERIC_NOT_EQUALS("NumericNotEquals", Type.NUMERIC, Comparison.EQUAL, true),
  NUMERIC_LESS_THAN("NumericLessThan", Type.NUMERIC, Comparison.LESS, false),
  NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", Type.NUMERIC, Comparison.LESS_OR_EQUAL, false),
  NUMERIC_GREATER_THAN("NumericGreaterThan", Type.NUMERIC, Comparison.GREATER, false),
  NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", Type.NUMERIC, Comparison.GREATER_OR_EQUAL, false),
  DATE_EQUALS("DateEquals", Type.DATE, Comparison.EQUAL, false),
  DATE_NOT_EQUALS("DateNotEquals", Type.DATE, Comparison.EQUAL, true),
  DATE_LESS_THAN("DateLessThan", Type.DATE, Comparison.LESS, false),
  DATE_LESS_THAN_EQUALS("DateLessThanEquals", Type.DATE, Comparison.LESS_OR_EQUAL, false),
  DATE_GREATER_THAN("DateGreaterThan", Type.DATE, Comparison.GREATER, false),
  DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", Type.DATE, Comparison.GREATER_OR_EQUAL, false),
  BOOL("Bool", Type.BOOL, Comparison.EQUAL, false),
  IP_ADDRESS("IpAddress", Type.IP, Comparison.EQUAL, false),
  NOT_IP_ADDRESS("NotIpAddress", Type.IP, Comparison.EQUAL, true);

  /** How values are read and compared. */
  public enum Type { STRING, STRING_IGNORE_CASE, STRING_LIKE, NUMERIC, DATE, BOOL, IP }

  /** Request value versus statement value; ordering comparisons exist for numbers and dates only. */
  public enum Comparison { EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL }

  private final String jsonName;
  private final Type type;
  private final Comparison comparison;
  private final boolean negated;

  ConditionOperator(String jsonName, Type type, Comparison comparison, boolean negated) {
    this.jsonName = jsonName;
    this.type = type;
    this.comparison = comparison;
    this.negated = negated;
  }

  public String jsonName() {
    return jsonName;
  }

  public Type type() {
    return type;
  }

  public Comparison comparison() {
    return comparison;
  }

  /** True for the {@code Not*} forms, which hold where their positive form does not. */
  public boolean negated() {
    return negated;
  }

  /** The operator named {@code name} (case-sensitive), or null when there is none. */
  public static ConditionOperator fromJson(String name) {
    for (ConditionOperator op : values()) if (op.jsonName.equals(name)) return op;
    return null;
  }
}
