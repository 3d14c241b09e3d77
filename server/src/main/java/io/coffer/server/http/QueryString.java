package io.coffer.server.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request's query parameters, decoded (UTF-8, {@code +} as space as browsers and SDKs encode
 * query strings), in wire order. {@code ?acl} and {@code ?acl=} both give {@code acl → ""}. The
 * first occurrence of a repeated name wins.
 */
public final class QueryString {
  private final Map<String, String> params;
  private final List<String[]> raw;

  private QueryString(Map<String, String> params, List<String[]> raw) {
    this.params = params;
    this.raw = raw;
  }

  public static QueryString parse(String query) {
    Map<String, String> params = new LinkedHashMap<>();
    List<String[]> raw = new ArrayList<>();
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) continue;
        int eq = pair.indexOf('=');
        String rk = eq < 0 ? pair : pair.substring(0, eq);
        String rv = eq < 0 ? null : pair.substring(eq + 1);
        String k = decodeComponent(rk);
        String v = rv == null ? "" : decodeComponent(rv);
        params.putIfAbsent(k, v);
        raw.add(new String[] {k, v, rv == null ? "" : "="});
      }
    }
    return new QueryString(Collections.unmodifiableMap(params), Collections.unmodifiableList(raw));
  }

  static String decodeComponent(String s) {
    return RawPath.decode(s.replace('+', ' ').replace(" ", "%20"));
  }

  public boolean has(String name) {
    return params.containsKey(name);
  }

  /** The value, {@code ""} for a name without value, or null when absent. */
  public String get(String name) {
    return params.get(name);
  }

  /** Null when absent or empty: list parameters treat the two alike. */
  public String nonEmpty(String name) {
    String v = params.get(name);
    return v == null || v.isEmpty() ? null : v;
  }

  public Map<String, String> asMap() {
    return params;
  }

  /** Every decoded (name, value) pair in wire order, repeats included. */
  public List<Map.Entry<String, String>> entries() {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (String[] r : raw) out.add(Map.entry(r[0], r[1]));
    return out;
  }
}
