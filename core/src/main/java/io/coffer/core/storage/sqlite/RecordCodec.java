package io.coffer.core.storage.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.core.model.BlobId;
import io.coffer.core.model.BucketName;
import io.coffer.core.model.ContentHeaders;
import io.coffer.core.model.EncryptionInfo;
import io.coffer.core.model.SseAlgorithm;
import io.coffer.core.model.SseMethod;
import io.coffer.core.model.Extent;
import io.coffer.core.model.ObjectAcl;
import io.coffer.core.model.ObjectKey;
import io.coffer.core.model.ObjectRecord;
import io.coffer.core.model.ObjectType;
import io.coffer.core.model.StorageClass;
import io.coffer.core.storage.Part;
import io.coffer.core.storage.Upload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON documents the SQLite store keeps per object, upload and part. Field names are part of
 * the on-disk format (docs/storage-format.md); add fields, never rename them.
 */
final class RecordCodec {
  private final ObjectMapper json = new ObjectMapper();

  String encodeObject(ObjectRecord r) {
    ObjectNode n = json.createObjectNode();
    n.put("v", 1);
    n.put("type", r.type().name());
    n.put("size", r.size());
    n.put("etag", r.etag());
    if (r.contentMd5() != null) n.put("md5", r.contentMd5());
    n.put("crc64", Long.toUnsignedString(r.crc64()));
    n.put("mtime", r.lastModified().toEpochMilli());
    n.set("headers", encodeHeaders(r.headers()));
    n.put("class", r.storageClass().name());
    n.put("acl", r.acl().name());
    if (r.encryption() != null) n.set("sse", encodeEncryption(r.encryption()));
    ArrayNode ex = n.putArray("extents");
    for (Extent e : r.extents()) {
      ex.addObject().put("blob", e.blob().value()).put("len", e.length());
    }
    return write(n);
  }

  ObjectRecord decodeObject(String bucket, byte[] key, String doc) {
    JsonNode n = read(doc);
    List<Extent> extents = new ArrayList<>();
    for (JsonNode e : n.get("extents")) {
      extents.add(new Extent(new BlobId(e.get("blob").asText()), e.get("len").asLong()));
    }
    return new ObjectRecord(new BucketName(bucket), new ObjectKey(new String(key, java.nio.charset.StandardCharsets.UTF_8)),
        ObjectType.valueOf(n.get("type").asText()), n.get("size").asLong(), n.get("etag").asText(),
        n.hasNonNull("md5") ? n.get("md5").asText() : null, Long.parseUnsignedLong(n.get("crc64").asText()),
        Instant.ofEpochMilli(n.get("mtime").asLong()), decodeHeaders(n.get("headers")),
        StorageClass.valueOf(n.get("class").asText()), ObjectAcl.valueOf(n.get("acl").asText()), extents,
        decodeEncryption(n.get("sse")));
  }

  String encodeUpload(Upload u) {
    ObjectNode n = json.createObjectNode();
    n.put("v", 1);
    n.set("headers", encodeHeaders(u.headers()));
    n.put("class", u.storageClass().name());
    n.put("acl", u.acl().name());
    n.put("sequential", u.sequential());
    if (u.encryption() != null) n.set("sse", encodeEncryption(u.encryption()));
    return write(n);
  }

  Upload decodeUpload(String uploadId, String bucket, byte[] key, long initiatedMillis, String doc) {
    JsonNode n = read(doc);
    return new Upload(uploadId, new BucketName(bucket), new ObjectKey(new String(key, java.nio.charset.StandardCharsets.UTF_8)),
        Instant.ofEpochMilli(initiatedMillis), decodeHeaders(n.get("headers")), StorageClass.valueOf(n.get("class").asText()),
        ObjectAcl.valueOf(n.get("acl").asText()), n.get("sequential").asBoolean(), decodeEncryption(n.get("sse")));
  }

  String encodePart(Part p) {
    ObjectNode n = json.createObjectNode();
    n.put("v", 1);
    n.put("etag", p.etag());
    n.put("md5", p.md5Base64());
    n.put("size", p.size());
    n.put("crc64", Long.toUnsignedString(p.crc64()));
    n.put("mtime", p.lastModified().toEpochMilli());
    return write(n);
  }

  Part decodePart(String uploadId, int number, String blob, String doc) {
    JsonNode n = read(doc);
    return new Part(uploadId, number, n.get("etag").asText(), n.get("md5").asText(), n.get("size").asLong(),
        Long.parseUnsignedLong(n.get("crc64").asText()), Instant.ofEpochMilli(n.get("mtime").asLong()), new BlobId(blob));
  }

  private ObjectNode encodeEncryption(EncryptionInfo e) {
    ObjectNode n = json.createObjectNode();
    n.put("method", e.method().name());
    n.put("alg", e.algorithm().name());
    if (e.kmsKeyId() != null) n.put("cmk", e.kmsKeyId());
    n.put("ver", e.keyVersion());
    n.put("wrapped", Base64.getEncoder().encodeToString(e.wrappedKey()));
    return n;
  }

  private static EncryptionInfo decodeEncryption(JsonNode n) {
    if (n == null || n.isNull()) return null;
    return new EncryptionInfo(SseMethod.valueOf(n.get("method").asText()), SseAlgorithm.valueOf(n.get("alg").asText()),
        n.hasNonNull("cmk") ? n.get("cmk").asText() : null, n.get("ver").asInt(),
        Base64.getDecoder().decode(n.get("wrapped").asText()));
  }

  private ObjectNode encodeHeaders(ContentHeaders h) {
    ObjectNode n = json.createObjectNode();
    n.put("contentType", h.contentType());
    putIf(n, "cacheControl", h.cacheControl());
    putIf(n, "contentDisposition", h.contentDisposition());
    putIf(n, "contentEncoding", h.contentEncoding());
    putIf(n, "contentLanguage", h.contentLanguage());
    putIf(n, "expires", h.expires());
    ObjectNode meta = n.putObject("meta");
    h.userMetadata().forEach(meta::put);
    return n;
  }

  private ContentHeaders decodeHeaders(JsonNode n) {
    Map<String, String> meta = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.get("meta").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      meta.put(e.getKey(), e.getValue().asText());
    }
    return new ContentHeaders(text(n, "contentType"), text(n, "cacheControl"), text(n, "contentDisposition"),
        text(n, "contentEncoding"), text(n, "contentLanguage"), text(n, "expires"), meta);
  }

  private static void putIf(ObjectNode n, String field, String value) {
    if (value != null) n.put(field, value);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private String write(JsonNode n) {
    try {
      return json.writeValueAsString(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode read(String doc) {
    try {
      return json.readTree(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
