package io.coffer.server.oss.auth;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.core.error.CofferException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The policy of a PostObject form: when it expires and the conditions the form must meet. Pure
 * logic over values; the caller supplies the time and the form fields.
 *
 * <p>Conditions, as OSS documents them: {@code {"field":"v"}} and {@code ["eq","$field","v"]}
 * (exact match), {@code ["starts-with","$field","prefix"]}, {@code ["in","$field",[...]]},
 * {@code ["not-in","$field",[...]]} and {@code ["content-length-range",min,max]} (bounds of the
 * file size, inclusive). Field names compare case-insensitively, as form field names do; a field
 * absent from the form has the value "". Conditions see the form's values as sent, so a {@code key}
 * of {@code user/${filename}} is matched before the file name is substituted (the Java SDK's own
 * example policy pins {@code user/eric/${filename}} this way).
 *
 * <p>Everything here is unverified input until the form's signature over the policy checked out.
 */
public final class PostPolicy {
  /**
   * The Java SDK writes {@code \$} in policies (its {@code PolicyConditions} tells callers to escape
   * {@code $}); strict JSON has no such escape, so any escaped character is taken literally.
   */
  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
      .build();

  private static final String FAILED = "Invalid according to Policy: Policy Condition failed: ";

  /** The file sizes a policy allows, inclusive. */
  public record LengthRange(long min, long max, String condition) {
    /** Every size: what a policy without content-length-range allows. */
    public static final LengthRange ANY = new LengthRange(0, Long.MAX_VALUE, null);

    public boolean contains(long size) {
      return size >= min && size <= max;
    }

    /** The AccessDenied a file of a size outside the range gets. */
    public CofferException violation() {
      return new CofferException.AccessDenied(FAILED + condition);
    }
  }

  private enum Op { EQ, STARTS_WITH, IN, NOT_IN }

  /** One field condition; {@code text} is how it read in the policy, for the error message. */
  private record Condition(Op op, String field, List<String> values, String text) {
    boolean holds(String value) {
      return switch (op) {
        case EQ -> value.equals(values.get(0));
        case STARTS_WITH -> value.startsWith(values.get(0));
        case IN -> values.contains(value);
        case NOT_IN -> !values.contains(value);
      };
    }
  }

  private final Instant expiration;
  private final List<Condition> conditions;
  private final LengthRange length;

  private PostPolicy(Instant expiration, List<Condition> conditions, LengthRange length) {
    this.expiration = expiration;
    this.conditions = List.copyOf(conditions);
    this.length = length;
  }

  /**
   * Decodes the {@code policy} form field.
   *
   * @throws CofferException.InvalidPolicyDocument when it is not base64 of a policy document
   */
  public static PostPolicy parse(String policyBase64) {
    byte[] json;
    try {
      json = java.util.Base64.getMimeDecoder().decode(policyBase64.trim());
    } catch (IllegalArgumentException e) {
      throw new CofferException.InvalidPolicyDocument("Invalid Policy: Invalid Base64 Encoding.");
    }
    JsonNode root;
    try {
      root = JSON.readTree(new String(json, StandardCharsets.UTF_8));
    } catch (JacksonException e) {
      throw new CofferException.InvalidPolicyDocument("Invalid Policy: Invalid JSON.");
    }
    if (root == null || !root.isObject()) throw new CofferException.InvalidPolicyDocument("Invalid Policy: Invalid JSON.");
    JsonNode exp = root.get("expiration");
    if (exp == null || !exp.isTextual()) {
      throw new CofferException.InvalidPolicyDocument("Invalid Policy: Missing or invalid expiration.");
    }
    Instant expiration = parseTime(exp.asText());
    JsonNode conds = root.get("conditions");
    if (conds == null || !conds.isArray()) {
      throw new CofferException.InvalidPolicyDocument("Invalid Policy: Missing or invalid conditions.");
    }
    List<Condition> out = new ArrayList<>();
    LengthRange length = LengthRange.ANY;
    for (JsonNode c : conds) {
      if (c.isObject()) {
        for (Map.Entry<String, JsonNode> e : c.properties()) {
          ObjectNode single = JsonNodeFactory.instance.objectNode().set(e.getKey(), e.getValue());
          out.add(new Condition(Op.EQ, fieldName(e.getKey()), List.of(scalar(e.getValue(), single)), single.toString()));
        }
      } else if (c.isArray() && c.size() > 0 && c.get(0).isTextual()) {
        String op = c.get(0).asText().toLowerCase(Locale.ROOT);
        if (op.equals("content-length-range")) {
          if (c.size() != 3) throw invalidCondition(c);
          long min = bound(c.get(1), c);
          long max = bound(c.get(2), c);
          // Two ranges: the file must fit both.
          length = new LengthRange(Math.max(length.min(), min), Math.min(length.max(), max), c.toString());
          continue;
        }
        if (c.size() != 3 || !c.get(1).isTextual() || !c.get(1).asText().startsWith("$")) throw invalidCondition(c);
        String field = fieldName(c.get(1).asText().substring(1));
        switch (op) {
          case "eq" -> out.add(new Condition(Op.EQ, field, List.of(scalar(c.get(2), c)), c.toString()));
          case "starts-with" -> out.add(new Condition(Op.STARTS_WITH, field, List.of(scalar(c.get(2), c)), c.toString()));
          case "in", "not-in" -> {
            if (!c.get(2).isArray()) throw invalidCondition(c);
            List<String> values = new ArrayList<>();
            for (JsonNode v : c.get(2)) values.add(scalar(v, c));
            out.add(new Condition(op.equals("in") ? Op.IN : Op.NOT_IN, field, values, c.toString()));
          }
          default -> throw invalidCondition(c);
        }
      } else {
        throw invalidCondition(c);
      }
    }
    return new PostPolicy(expiration, out, length);
  }

  public Instant expiration() {
    return expiration;
  }

  /** The file sizes the policy allows (0 to unbounded without a content-length-range). */
  public LengthRange contentLength() {
    return length;
  }

  /** @throws CofferException.AccessDenied once {@code now} is past the expiration */
  public void checkNotExpired(Instant now) {
    if (now.isAfter(expiration)) throw new CofferException.AccessDenied("Invalid according to Policy: Policy expired.");
  }

  /**
   * Checks every field condition against the form.
   *
   * @param fields form values by lower-case field name, with {@code bucket} set to the request's
   *     bucket and {@code content-type} to the one the object will get
   * @throws CofferException.AccessDenied naming the first condition that fails
   */
  public void checkFields(Map<String, String> fields) {
    for (Condition c : conditions) {
      String v = fields.getOrDefault(c.field(), "");
      if (!c.holds(v)) throw new CofferException.AccessDenied(FAILED + c.text());
    }
  }

  private static String fieldName(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private static String scalar(JsonNode v, JsonNode condition) {
    if (v.isTextual() || v.isNumber() || v.isBoolean()) return v.asText();
    throw invalidCondition(condition);
  }

  private static long bound(JsonNode v, JsonNode condition) {
    long n;
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      n = v.asLong();
    } else if (v.isTextual()) {
      try {
        n = Long.parseLong(v.asText().trim());
      } catch (NumberFormatException e) {
        throw invalidCondition(condition);
      }
    } else {
      throw invalidCondition(condition);
    }
    if (n < 0) throw invalidCondition(condition);
    return n;
  }

  private static Instant parseTime(String s) {
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e2) {
        throw new CofferException.InvalidPolicyDocument("Invalid Policy: Invalid expiration: " + s);
      }
    }
  }

  private static CofferException invalidCondition(JsonNode c) {
    return new CofferException.InvalidPolicyDocument("Invalid Policy: Invalid condition: " + c);
  }
}
