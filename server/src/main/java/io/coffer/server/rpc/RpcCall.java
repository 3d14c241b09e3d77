package io.coffer.server.rpc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.coffer.core.error.CofferException;
import io.coffer.core.iam.Principal;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an {@link RpcAction} gets: the authenticated caller, the request id, the server's region,
 * and typed access to the parameters. Names are case-sensitive ({@code KeyId}, not {@code keyid}).
 * A missing required parameter throws {@link CofferException.MissingParameter}, a value of the
 * wrong shape {@link CofferException.InvalidParameter}; an empty value counts as absent for every
 * accessor except {@link #optional(String)}.
 *
 * @param params query and form parameters, protocol ones ({@code AccessKeyId}, {@code Signature},
 *     ...) included; may hold plaintext, so never log them
 */
public record RpcCall(Principal principal, String requestId, String region, String version, String action,
    Map<String, String> params) {
  /** Longest JSON-object parameter (KMS's EncryptionContext limit). */
  public static final int MAX_JSON_CHARS = 8192;

  private static final ObjectReader JSON = RpcJson.mapper().reader()
      .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  public RpcCall {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /** The value; absent or empty → MissingParameter. */
  public String required(String name) {
    String v = params.get(name);
    if (v == null || v.isEmpty()) throw new CofferException.MissingParameter(name);
    return v;
  }

  /** The value exactly as sent, {@code ""} included, or empty when absent. */
  public Optional<String> optional(String name) {
    return Optional.ofNullable(params.get(name));
  }

  /** The value, or {@code defaultValue} when absent or empty. */
  public String optional(String name, String defaultValue) {
    String v = params.get(name);
    return v == null || v.isEmpty() ? defaultValue : v;
  }

  /**
   * One of {@code allowed} (case-sensitive), or {@code defaultValue} when absent or empty; any
   * other value → InvalidParameter.
   */
  public String optionalOneOf(String name, String defaultValue, String... allowed) {
    String v = params.get(name);
    if (v == null || v.isEmpty()) return defaultValue;
    for (String a : allowed) {
      if (a.equals(v)) return v;
    }
    throw new CofferException.InvalidParameter(name);
  }

  /**
   * A decimal integer in {@code [min, max]}, or {@code defaultValue} when absent or empty;
   * anything else → InvalidParameter.
   */
  public int optionalInt(String name, int min, int max, int defaultValue) {
    String v = params.get(name);
    if (v == null || v.isEmpty()) return defaultValue;
    if (!v.matches("[+-]?[0-9]{1,10}")) throw new CofferException.InvalidParameter(name);
    long n = Long.parseLong(v);
    if (n < min || n > max) throw new CofferException.InvalidParameter(name);
    return (int) n;
  }

  /** {@code true} or {@code false} (exactly), or empty when absent or empty; else InvalidParameter. */
  public Optional<Boolean> optionalBoolean(String name) {
    String v = params.get(name);
    if (v == null || v.isEmpty()) return Optional.empty();
    return switch (v) {
      case "true" -> Optional.of(true);
      case "false" -> Optional.of(false);
      default -> throw new CofferException.InvalidParameter(name);
    };
  }

  public boolean optionalBoolean(String name, boolean defaultValue) {
    return optionalBoolean(name).orElse(defaultValue);
  }

  /**
   * A JSON object of string values, sent as one string parameter (EncryptionContext), in the
   * order sent; an empty map when absent or empty. Anything else — not JSON, not an object, a
   * non-string value, a duplicate name, more than {@link #MAX_JSON_CHARS} characters — is
   * InvalidParameter.
   */
  public Map<String, String> optionalStringMap(String name) {
    String v = params.get(name);
    if (v == null || v.isEmpty()) return Map.of();
    if (v.length() > MAX_JSON_CHARS) throw new CofferException.InvalidParameter(name);
    JsonNode tree;
    try {
      tree = JSON.readTree(v);
    } catch (IOException e) {
      throw new CofferException.InvalidParameter(name);
    }
    if (tree == null || !tree.isObject()) throw new CofferException.InvalidParameter(name);
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> f : tree.properties()) {
      if (!f.getValue().isTextual()) throw new CofferException.InvalidParameter(name);
      out.put(f.getKey(), f.getValue().textValue());
    }
    return Collections.unmodifiableMap(out);
  }

  @Override
  public String toString() {
    // Parameters may hold plaintext: never print them.
    return "RpcCall[" + version + " " + action + " by " + principal.accessKeyId() + ", request " + requestId + "]";
  }
}
