package io.coffer.server.oss.auth;

import io.coffer.server.http.QueryString;
import java.util.List;
import java.util.Map;

/**
 * What a signature covers, taken from the request as received: the method, the decoded bucket and
 * key, the decoded query, and the headers (names lower-cased, values as sent).
 *
 * @param bucket null for service-level requests
 * @param key null for service- and bucket-level requests
 * @param headers lower-cased name → values in arrival order
 */
public record SignedRequest(String method, String bucket, String key, QueryString query,
    Map<String, List<String>> headers) {

  public String header(String lowerName) {
    List<String> v = headers.get(lowerName);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** {@code /}, {@code /bucket/} or {@code /bucket/key}: the resource both signature versions sign. */
  public String resourcePath() {
    if (bucket == null) return "/";
    return "/" + bucket + "/" + (key == null ? "" : key);
  }
}
