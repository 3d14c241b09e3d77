package io.coffer.server.oss;

import io.coffer.core.hash.Crc64;
import io.coffer.core.model.ContentHeaders;
import io.coffer.core.model.ObjectRecord;
import io.coffer.server.http.HttpDates;
import java.util.Map;

/**
 * The header set of GET and HEAD on an object. ossutil's {@code stat} prints every header of a
 * HEAD, so this writes exactly what OSS sends and nothing more.
 */
final class ObjectResponses {
  private ObjectResponses() {}

  static void objectHeaders(OssExchange ex, ObjectRecord o) {
    ContentHeaders h = o.headers();
    ex.header("Content-Type", override(ex, "response-content-type", h.contentType()));
    ex.header("ETag", "\"" + o.etag() + "\"");
    ex.header("Last-Modified", HttpDates.rfc1123(o.lastModified()));
    ex.header("Accept-Ranges", "bytes");
    ex.header(OssHeaders.OBJECT_TYPE, o.type().wireName());
    ex.header(OssHeaders.STORAGE_CLASS, o.storageClass().wireName());
    ex.header(OssHeaders.HASH_CRC64, Crc64.toUnsignedString(o.crc64()));
    if (o.contentMd5() != null) ex.header("Content-MD5", o.contentMd5());
    ex.header("Cache-Control", override(ex, "response-cache-control", h.cacheControl()));
    ex.header("Content-Disposition", override(ex, "response-content-disposition", h.contentDisposition()));
    ex.header("Content-Encoding", override(ex, "response-content-encoding", h.contentEncoding()));
    ex.header("Content-Language", override(ex, "response-content-language", h.contentLanguage()));
    ex.header("Expires", override(ex, "response-expires", h.expires()));
    for (Map.Entry<String, String> m : h.userMetadata().entrySet()) {
      ex.header(OssHeaders.META_PREFIX + m.getKey(), m.getValue());
    }
    SseHeaders.respond(ex, o.encryption());
  }

  private static String override(OssExchange ex, String param, String stored) {
    String v = ex.query().get(param);
    return v != null && !v.isEmpty() ? v : stored;
  }

  /** The headers every write of an object answers with. */
  static void writeResult(OssExchange ex, ObjectRecord o) {
    ex.header("ETag", "\"" + o.etag() + "\"");
    ex.header(OssHeaders.HASH_CRC64, Crc64.toUnsignedString(o.crc64()));
    if (o.contentMd5() != null) ex.header("Content-MD5", o.contentMd5());
    SseHeaders.respond(ex, o.encryption());
  }
}
