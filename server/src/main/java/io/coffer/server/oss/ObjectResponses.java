package io.coffer.server.oss;

import io.coffer.core.hash.Crc64;
import io.coffer.core.model.ContentHeaders;
import io.coffer.core.model.ObjectRecord;
import io.coffer.server.http.HttpDates;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The header set of GET and HEAD on an object. ossutil's {@code stat} prints every header of a
 * HEAD, so this writes exactly what OSS sends and nothing more.
 */
public final class ObjectResponses {
  private ObjectResponses() {}

  /**
   * The headers HEAD (and GET) answers for {@code o}, in the order they are written, without
   * Content-Length and without the {@code response-*} overrides a request may ask for. The console
   * shows these same values, so its details view and {@code ossutil stat} agree.
   */
  public static Map<String, String> headers(ObjectRecord o) {
    ContentHeaders h = o.headers();
    Map<String, String> m = new LinkedHashMap<>();
    put(m, "Content-Type", h.contentType());
    put(m, "ETag", "\"" + o.etag() + "\"");
    put(m, "Last-Modified", HttpDates.rfc1123(o.lastModified()));
    put(m, "Accept-Ranges", "bytes");
    put(m, OssHeaders.OBJECT_TYPE, o.type().wireName());
    put(m, OssHeaders.STORAGE_CLASS, o.storageClass().wireName());
    put(m, OssHeaders.HASH_CRC64, Crc64.toUnsignedString(o.crc64()));
    put(m, "Content-MD5", o.contentMd5());
    put(m, "Cache-Control", h.cacheControl());
    put(m, "Content-Disposition", h.contentDisposition());
    put(m, "Content-Encoding", h.contentEncoding());
    put(m, "Content-Language", h.contentLanguage());
    put(m, "Expires", h.expires());
    for (Map.Entry<String, String> e : h.userMetadata().entrySet()) put(m, OssHeaders.META_PREFIX + e.getKey(), e.getValue());
    m.putAll(SseHeaders.of(o.encryption()));
    return m;
  }

  private static void put(Map<String, String> m, String name, String value) {
    if (value != null) m.put(name, value);
  }

  /** Response headers a GET may override with a query parameter, by parameter. */
  private static final Map<String, String> OVERRIDES = Map.of("response-content-type", "Content-Type",
      "response-cache-control", "Cache-Control", "response-content-disposition", "Content-Disposition",
      "response-content-encoding", "Content-Encoding", "response-content-language", "Content-Language",
      "response-expires", "Expires");

  static void objectHeaders(OssExchange ex, ObjectRecord o) {
    for (Map.Entry<String, String> e : headers(o).entrySet()) ex.header(e.getKey(), e.getValue());
    for (Map.Entry<String, String> e : OVERRIDES.entrySet()) {
      String v = ex.query().get(e.getKey());
      if (v != null && !v.isEmpty()) ex.header(e.getValue(), v);
    }
  }

  /** The headers every write of an object answers with. */
  static void writeResult(OssExchange ex, ObjectRecord o) {
    ex.header("ETag", "\"" + o.etag() + "\"");
    ex.header(OssHeaders.HASH_CRC64, Crc64.toUnsignedString(o.crc64()));
    if (o.contentMd5() != null) ex.header("Content-MD5", o.contentMd5());
    SseHeaders.respond(ex, o.encryption());
  }
}
