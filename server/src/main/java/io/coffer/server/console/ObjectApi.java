package io.coffer.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.core.error.CofferException;
import io.coffer.core.model.BucketName;
import io.coffer.core.model.ContentHeaders;
import io.coffer.core.model.ObjectAcl;
import io.coffer.core.model.ObjectKey;
import io.coffer.core.model.ObjectRecord;
import io.coffer.core.model.SseSpec;
import io.coffer.core.model.StorageClass;
import io.coffer.core.multipart.MultipartService;
import io.coffer.core.object.Conditions;
import io.coffer.core.object.ObjectListing;
import io.coffer.core.object.ObjectService;
import io.coffer.core.storage.Part;
import io.coffer.core.storage.Upload;
import io.coffer.server.console.ConsoleErrors.Area;
import io.coffer.server.oss.ObjectResponses;
import io.coffer.server.oss.OssHeaders;
import io.coffer.server.oss.QueryParams;
import io.coffer.server.oss.SseHeaders;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The console's objects: listing by folder, uploads (single and multipart, streamed), downloads,
 * deletion, the details {@code ossutil stat} would show, and encrypting in place. Every call goes
 * to the same core services as the OSS API with the signed-in caller, so bucket policies, ACLs,
 * RAM policies and KMS permissions decide exactly as they do there.
 *
 * <p>Object keys travel in the query ({@code ?key=}); {@code forbidOverwrite=true} makes a PUT
 * refuse an existing name as {@code x-oss-forbid-overwrite} does (Create Folder). The encryption an upload or an
 * encrypt-in-place asks for is {@code sse} (AES256, SM4 or KMS; absent for the bucket's default),
 * {@code kmsKeyId} and {@code dataEncryption} (SM4), read with the OSS headers' own rules.
 */
public final class ObjectApi {
  static final String DELIMITER = "/";
  private static final int DEFAULT_PAGE = 100;
  private static final int MAX_PAGE = 1000;
  private static final int MAX_DELETE_KEYS = 1000;
  /** 10,000 × {"partNumber":10000,"etag":"\"<32 hex>\""} with room to spare. */
  private static final int MAX_COMPLETE_BYTES = 1024 * 1024;

  private final ObjectService objects;
  private final MultipartService multipart;

  public ObjectApi(ObjectService objects, MultipartService multipart) {
    this.objects = objects;
    this.multipart = multipart;
  }

  public void register(ConsoleRoutes r) {
    r.add("GET", "/api/buckets/{bucket}/objects", "oss:ListObjects", Area.OSS, this::list);
    r.add("POST", "/api/buckets/{bucket}/objects/delete", "oss:DeleteMultipleObjects", Area.OSS, this::deleteMany);
    r.add("GET", "/api/buckets/{bucket}/object", "oss:HeadObject", Area.OSS, this::details);
    r.add("PUT", "/api/buckets/{bucket}/object", "oss:PutObject", Area.OSS, this::put);
    r.add("DELETE", "/api/buckets/{bucket}/object", "oss:DeleteObject", Area.OSS, this::delete);
    r.add("GET", "/api/buckets/{bucket}/object/download", "oss:GetObject", Area.OSS, this::download);
    r.add("POST", "/api/buckets/{bucket}/object/encryption", "oss:CopyObject", Area.OSS, this::encryptInPlace);
    r.add("POST", "/api/buckets/{bucket}/uploads", "oss:InitiateMultipartUpload", Area.OSS, this::initiate);
    r.add("PUT", "/api/buckets/{bucket}/uploads/{uploadId}", "oss:UploadPart", Area.OSS, this::uploadPart);
    r.add("POST", "/api/buckets/{bucket}/uploads/{uploadId}/complete", "oss:CompleteMultipartUpload", Area.OSS,
        this::complete);
    r.add("DELETE", "/api/buckets/{bucket}/uploads/{uploadId}", "oss:AbortMultipartUpload", Area.OSS, this::abort);
  }

  // ---- request pieces ----

  private static BucketName bucket(ConsoleExchange ex) {
    BucketName b = new BucketName(ex.path("bucket"));
    ex.resource("acs:oss:*:*:" + b.value());
    return b;
  }

  /** The bucket and the {@code key} query parameter; names the object for the audit log. */
  private record Target(BucketName bucket, ObjectKey key) {}

  private static Target target(ConsoleExchange ex) {
    BucketName b = bucket(ex);
    String k = ex.query("key");
    if (k == null) throw new CofferException.MissingArgument("key");
    ObjectKey key = new ObjectKey(k);
    ex.resource("acs:oss:*:*:" + b.value() + "/" + key.value());
    return new Target(b, key);
  }

  /** The encryption asked for in the query, or null for the bucket's default. */
  private static SseSpec sse(ConsoleExchange ex) {
    return SseSpec.parse(empty(ex.query("sse")), empty(ex.query("kmsKeyId")), empty(ex.query("dataEncryption")));
  }

  private static SseSpec sse(ObjectNode body) {
    return SseSpec.parse(text(body, "sse"), text(body, "kmsKeyId"), text(body, "dataEncryption"));
  }

  private static ContentHeaders contentHeaders(ConsoleExchange ex) {
    return new ContentHeaders(empty(ex.query("contentType")), null, null, null, null, null, Map.of());
  }

  private static String empty(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** A string field of a JSON body, null when absent or empty; anything but a string is malformed. */
  private static String text(ObjectNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) return null;
    if (!n.isTextual()) throw new ConsoleException(ConsoleError.MALFORMED_JSON, "\"" + field + "\" must be a string.");
    return empty(n.asText());
  }


  // ---- listing ----

  void list(ConsoleExchange ex) {
    BucketName b = bucket(ex);
    String prefix = ex.query("prefix") == null ? "" : ex.query("prefix");
    int maxKeys = QueryParams.intParam(ex.query(), "maxKeys", DEFAULT_PAGE, 1, MAX_PAGE);
    ObjectListing.Page page = objects.listObjects(ex.principal(), b, prefix, DELIMITER, ex.query("marker"), maxKeys);
    ObjectNode out = ex.object().put("bucket", b.value()).put("prefix", prefix).put("delimiter", DELIMITER)
        .put("truncated", page.truncated());
    if (page.truncated()) out.put("nextMarker", page.nextMarker());
    ArrayNode folders = out.putArray("folders");
    for (String p : page.commonPrefixes()) folders.add(p);
    ArrayNode list = out.putArray("objects");
    for (ObjectRecord o : page.objects()) {
      ObjectNode n = list.addObject().put("key", o.key().value()).put("size", o.size()).put("etag", o.etag())
          .put("lastModified", o.lastModified().toString()).put("storageClass", o.storageClass().wireName())
          .put("objectType", o.type().wireName());
      encryption(n, SseHeaders.of(o.encryption()));
    }
    ex.sendOk(out);
  }

  private static void encryption(ObjectNode n, Map<String, String> sse) {
    n.put("encryptionMethod", sse.get(OssHeaders.SERVER_SIDE_ENCRYPTION));
    n.put("dataEncryption", sse.get(OssHeaders.SSE_DATA_ENCRYPTION));
    n.put("kmsKeyId", sse.get(OssHeaders.SSE_KEY_ID));
  }

  // ---- one object ----

  /** What HEAD answers, as values a page can show: the very header values {@code ossutil stat} prints. */
  void details(ConsoleExchange ex) {
    Target t = target(ex);
    ObjectRecord o = objects.getObject(ex.principal(), new ObjectService.GetObjectRequest(t.bucket(), t.key(),
        Conditions.NONE, null, false), false).object();
    ex.sendOk(details(ex, o));
  }

  private static ObjectNode details(ConsoleExchange ex, ObjectRecord o) {
    Map<String, String> head = ObjectResponses.headers(o);
    ObjectNode n = ex.object().put("bucket", o.bucket().value()).put("key", o.key().value()).put("size", o.size())
        .put("etag", o.etag()).put("contentMd5", head.get("Content-MD5")).put("crc64", head.get(OssHeaders.HASH_CRC64))
        .put("contentType", head.get("Content-Type")).put("lastModified", o.lastModified().toString())
        .put("storageClass", head.get(OssHeaders.STORAGE_CLASS)).put("objectType", head.get(OssHeaders.OBJECT_TYPE));
    encryption(n, SseHeaders.of(o.encryption()));
    ObjectNode headers = n.putObject("headers");
    headers.put("Content-Length", Long.toString(o.size()));
    head.forEach(headers::put);
    return n;
  }

  /** Streams the object as an attachment; a refusal (an SSE-KMS key the caller may not use) comes before any byte. */
  void download(ConsoleExchange ex) throws IOException {
    Target t = target(ex);
    ObjectService.ObjectRead read = objects.getObject(ex.principal(), new ObjectService.GetObjectRequest(t.bucket(),
        t.key(), Conditions.NONE, null, false), true);
    String key = t.key().value();
    String name = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
    name = name.substring(name.lastIndexOf('/') + 1);
    // Never the stored Content-Type: the console's origin must not serve an object as a page.
    ex.sendDownload("application/octet-stream", read.object().size(), name.isEmpty() ? "download" : name, read.body());
  }

  void put(ConsoleExchange ex) {
    Target t = target(ex);
    ObjectRecord o = objects.putObject(ex.principal(), new ObjectService.PutObjectRequest(t.bucket(), t.key(),
        contentHeaders(ex), StorageClass.STANDARD, ObjectAcl.DEFAULT, "true".equals(ex.query("forbidOverwrite")),
        ex.contentLength(), null, sse(ex)),
        ex.body());
    ex.sendOk(details(ex, o));
  }

  void delete(ConsoleExchange ex) {
    Target t = target(ex);
    objects.deleteObject(ex.principal(), t.bucket(), t.key());
    ex.sendNoContent();
  }

  void deleteMany(ConsoleExchange ex) {
    BucketName b = bucket(ex);
    JsonNode keys = ex.json().get("keys");
    if (keys == null || !keys.isArray() || keys.isEmpty() || keys.size() > MAX_DELETE_KEYS) {
      throw new ConsoleException(ConsoleError.MALFORMED_JSON,
          "\"keys\" must be a list of 1 to " + MAX_DELETE_KEYS + " object names.");
    }
    List<ObjectKey> list = new ArrayList<>();
    for (JsonNode k : keys) {
      if (!k.isTextual()) throw new ConsoleException(ConsoleError.MALFORMED_JSON, "Each of \"keys\" must be a string.");
      list.add(new ObjectKey(k.asText()));
    }
    ObjectNode out = ex.object();
    ArrayNode deleted = out.putArray("deleted");
    for (ObjectKey k : objects.deleteObjects(ex.principal(), b, list)) deleted.add(k.value());
    ex.sendOk(out);
  }

  /**
   * Seed 000's FAQ: an existing object gets new encryption by a CopyObject onto itself. Its content
   * headers, user metadata, storage class and ACL are kept, as {@code ossutil set-meta} keeps them.
   */
  void encryptInPlace(ConsoleExchange ex) {
    Target t = target(ex);
    SseSpec wanted = sse(ex.json());
    ObjectRecord src = objects.getObjectMeta(ex.principal(), t.bucket(), t.key());
    ObjectRecord o = objects.copyObject(ex.principal(), new ObjectService.CopyObjectRequest(t.bucket(), t.key(),
        t.bucket(), t.key(), false, src.headers(), src.storageClass(), src.acl(),
        new Conditions(List.of(src.etag()), null, null, null), false, wanted));
    ex.sendOk(details(ex, o));
  }

  // ---- multipart ----

  void initiate(ConsoleExchange ex) {
    Target t = target(ex);
    Upload u = multipart.initiate(ex.principal(), new MultipartService.InitiateRequest(t.bucket(), t.key(),
        contentHeaders(ex), StorageClass.STANDARD, ObjectAcl.DEFAULT, false, sse(ex)));
    ObjectNode out = ex.object().put("bucket", u.bucket().value()).put("key", u.key().value())
        .put("uploadId", u.uploadId());
    encryption(out, SseHeaders.of(u.encryption()));
    ex.sendOk(out);
  }

  void uploadPart(ConsoleExchange ex) {
    Target t = target(ex);
    int partNumber = QueryParams.partNumber(ex.query());
    Part p = multipart.uploadPart(ex.principal(), t.bucket(), t.key(), ex.path("uploadId"), partNumber,
        ex.contentLength(), null, ex.body()).part();
    ex.sendOk(ex.object().put("partNumber", p.partNumber()).put("etag", p.etag()).put("size", p.size()));
  }

  void complete(ConsoleExchange ex) {
    Target t = target(ex);
    JsonNode parts = ex.json(MAX_COMPLETE_BYTES).get("parts");
    if (parts == null || !parts.isArray() || parts.isEmpty() || parts.size() > MultipartService.MAX_PARTS) {
      throw new ConsoleException(ConsoleError.MALFORMED_JSON,
          "\"parts\" must be a list of 1 to " + MultipartService.MAX_PARTS + " {\"partNumber\", \"etag\"} entries.");
    }
    List<MultipartService.PartRef> refs = new ArrayList<>();
    for (JsonNode p : parts) {
      JsonNode n = p.get("partNumber");
      JsonNode e = p.get("etag");
      if (n == null || !n.canConvertToInt() || !n.isIntegralNumber() || e == null || !e.isTextual()) {
        throw new ConsoleException(ConsoleError.MALFORMED_JSON,
            "Each of \"parts\" needs a whole-number \"partNumber\" and a string \"etag\".");
      }
      refs.add(new MultipartService.PartRef(n.asInt(), e.asText()));
    }
    ObjectRecord o = multipart.complete(ex.principal(), t.bucket(), t.key(), ex.path("uploadId"), refs, null);
    ex.sendOk(details(ex, o));
  }

  void abort(ConsoleExchange ex) {
    Target t = target(ex);
    multipart.abort(ex.principal(), t.bucket(), t.key(), ex.path("uploadId"));
    ex.sendNoContent();
  }
}
