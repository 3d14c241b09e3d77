package io.coffer.core.model;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The HTTP headers an object keeps and returns verbatim: Content-Type and the other standard
 * content headers, and user metadata ({@code x-oss-meta-*}, names stored lower-case without the
 * prefix).
 */
public record ContentHeaders(String contentType, String cacheControl, String contentDisposition,
    String contentEncoding, String contentLanguage, String expires, Map<String, String> userMetadata) {

  public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

  public ContentHeaders {
    if (contentType == null || contentType.isEmpty()) contentType = DEFAULT_CONTENT_TYPE;
    userMetadata = userMetadata == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(userMetadata));
  }

  public static ContentHeaders empty() {
    return new ContentHeaders(null, null, null, null, null, null, Map.of());
  }
}
