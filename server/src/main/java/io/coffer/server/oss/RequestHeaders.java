package io.coffer.server.oss;

import io.coffer.core.error.CofferException;
import io.coffer.core.model.ContentHeaders;
import io.coffer.core.model.ObjectAcl;
import io.coffer.core.model.StorageClass;
import io.coffer.core.object.Conditions;
import io.coffer.server.http.HttpDates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the typed values OSS requests carry in headers. Parsing only; no rules. */
final class RequestHeaders {
  private RequestHeaders() {}

  /** Content-Type, the stored content headers and {@code x-oss-meta-*}. */
  static ContentHeaders content(OssExchange ex) {
    Map<String, String> meta = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> h : ex.headers().entrySet()) {
      if (h.getKey().startsWith(OssHeaders.META_PREFIX) && !h.getValue().isEmpty()) {
        String name = h.getKey().substring(OssHeaders.META_PREFIX.length());
        if (!name.isEmpty()) meta.put(name, h.getValue().get(0));
      }
    }
    return new ContentHeaders(ex.header("content-type"), ex.header("cache-control"), ex.header("content-disposition"),
        ex.header("content-encoding"), ex.header("content-language"), ex.header("expires"), meta);
  }

  static StorageClass storageClass(OssExchange ex) {
    return StorageClass.parse(ex.header(OssHeaders.STORAGE_CLASS));
  }

  /** The object ACL, or null when the header is absent. */
  static ObjectAcl objectAclOrNull(OssExchange ex) {
    String v = ex.header(OssHeaders.OBJECT_ACL);
    return v == null ? null : ObjectAcl.parse(v);
  }

  static boolean forbidOverwrite(OssExchange ex) {
    return "true".equalsIgnoreCase(ex.header(OssHeaders.FORBID_OVERWRITE));
  }

  /** The decoded Content-MD5, or null; a value that is not base64 of 16 bytes is InvalidDigest. */
  static byte[] contentMd5(OssExchange ex) {
    String v = ex.header("content-md5");
    if (v == null) return null;
    try {
      byte[] md5 = Base64.getDecoder().decode(v.trim());
      if (md5.length != 16) throw new CofferException.InvalidDigest();
      return md5;
    } catch (IllegalArgumentException e) {
      throw new CofferException.InvalidDigest();
    }
  }

  static Conditions conditions(OssExchange ex) {
    return conditions(ex, "if-match", "if-none-match", "if-modified-since", "if-unmodified-since");
  }

  static Conditions copySourceConditions(OssExchange ex) {
    return conditions(ex, OssHeaders.COPY_SOURCE_IF_MATCH, OssHeaders.COPY_SOURCE_IF_NONE_MATCH,
        OssHeaders.COPY_SOURCE_IF_MODIFIED_SINCE, OssHeaders.COPY_SOURCE_IF_UNMODIFIED_SINCE);
  }

  private static Conditions conditions(OssExchange ex, String match, String noneMatch, String modSince,
      String unmodSince) {
    List<String> ifMatch = tags(ex.header(match));
    List<String> ifNoneMatch = tags(ex.header(noneMatch));
    Instant ms = HttpDates.parseHttpDate(ex.header(modSince));
    Instant us = HttpDates.parseHttpDate(ex.header(unmodSince));
    if (ifMatch == null && ifNoneMatch == null && ms == null && us == null) return Conditions.NONE;
    return new Conditions(ifMatch, ifNoneMatch, ms, us);
  }

  private static List<String> tags(String v) {
    if (v == null) return null;
    List<String> out = new ArrayList<>();
    for (String t : v.split(",")) if (!t.isBlank()) out.add(t.trim());
    return out;
  }

  static int intParam(OssExchange ex, String name, int dflt, int min, int max) {
    return QueryParams.intParam(ex.query(), name, dflt, min, max);
  }


  static boolean urlEncoding(OssExchange ex) {
    String q = ex.query().get(OssHeaders.ENCODING_TYPE);
    String h = ex.header(OssHeaders.ENCODING_TYPE);
    String v = q != null && !q.isEmpty() ? q : h;
    if (v == null || v.isEmpty()) return false;
    if (!v.equalsIgnoreCase("url")) {
      throw new CofferException.InvalidArgument("The encoding-type is not supported.", OssHeaders.ENCODING_TYPE, v);
    }
    return true;
  }
}
