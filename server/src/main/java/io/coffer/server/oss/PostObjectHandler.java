package io.coffer.server.oss;

import io.coffer.core.error.CofferException;
import io.coffer.core.iam.Principal;
import io.coffer.core.model.BucketName;
import io.coffer.core.model.ContentHeaders;
import io.coffer.core.model.ObjectAcl;
import io.coffer.core.model.ObjectKey;
import io.coffer.core.model.ObjectRecord;
import io.coffer.core.model.SseSpec;
import io.coffer.core.model.StorageClass;
import io.coffer.core.object.ObjectService;
import io.coffer.server.http.MultipartFormReader;
import io.coffer.server.oss.auth.OssAuthenticator;
import io.coffer.server.oss.auth.PostPolicy;
import io.coffer.server.oss.auth.SignatureV4;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * <a href="https://www.alibabacloud.com/help/en/oss/developer-reference/postobject">PostObject</a>:
 * an upload from an HTML form, {@code POST /} on a bucket with a {@code multipart/form-data} body.
 * The form carries its own credentials (a signature over its policy), so {@link OssHandler} skips
 * header authentication for it and this handler asks {@link OssAuthenticator#authenticatePost}.
 *
 * <p>The fields before the {@code file} part are read into memory under fixed limits; the file
 * itself streams from the request into {@link ObjectService#putObject} and is never held whole in
 * memory or written anywhere but the object store. Parts after the file are ignored, as OSS
 * requires the file to come last. A file outside the policy's {@code content-length-range} fails
 * while it streams, before anything is committed.
 */
public final class PostObjectHandler {
  /** One part's header block; a Content-Disposition with a long file name fits easily. */
  private static final int MAX_PART_HEADER_BYTES = 8 * 1024;
  /** One field's value; the base64 policy is the largest field a real form sends. */
  private static final int MAX_FIELD_BYTES = 64 * 1024;
  /** All fields before the file together, so an unauthenticated form cannot make the server hoard memory. */
  private static final int MAX_FIELDS_BYTES = 256 * 1024;
  /** Fields before the file; a real form has a few dozen at most. */
  private static final int MAX_FIELDS = 1000;
  private static final String FILE_PART = "file";
  private static final String FILENAME_VARIABLE = "${filename}";

  private final ObjectService objects;
  private final OssAuthenticator authenticator;
  private final Clock clock;

  public PostObjectHandler(ObjectService objects, OssAuthenticator authenticator, Clock clock) {
    this.objects = objects;
    this.authenticator = authenticator;
    this.clock = clock;
  }

  public void register(OssRoutes r) {
    r.add("POST", OssRoutes.Target.BUCKET, null, "PostObject", this::postObject);
  }

  void postObject(OssExchange ex) throws IOException {
    String contentType = ex.header("content-type");
    String boundary = MultipartFormReader.boundary(contentType);
    if (boundary == null) {
      throw new CofferException.InvalidArgument("PostObject needs a multipart/form-data body.", "Content-Type",
          contentType);
    }
    MultipartFormReader form = new MultipartFormReader(ex.body(), boundary, MAX_PART_HEADER_BYTES);
    Map<String, String> fields = new LinkedHashMap<>();
    MultipartFormReader.PartHeaders file = readFields(form, fields);
    String rawKey = fields.get("key");
    if (rawKey == null || rawKey.isEmpty()) {
      throw new CofferException.InvalidArgument("The form field key is required.", "key", "");
    }
    Principal caller = authenticator.authenticatePost(fields).withEnvironment(ex.environment());
    String objectContentType = fields.getOrDefault("content-type", file.contentType());
    PostPolicy.LengthRange length = checkPolicy(ex, fields, objectContentType);

    SseSpec sse = SseHeaders.requested(fields::get);
    ObjectKey key = new ObjectKey(rawKey.replace(FILENAME_VARIABLE, file.filename() == null ? "" : file.filename()));
    ObjectService.PutObjectRequest req = new ObjectService.PutObjectRequest(new BucketName(ex.bucket()), key,
        contentHeaders(fields, objectContentType), StorageClass.parse(fields.get(OssHeaders.STORAGE_CLASS)),
        ObjectAcl.parse(fields.get(OssHeaders.OBJECT_ACL)),
        "true".equalsIgnoreCase(fields.get(OssHeaders.FORBID_OVERWRITE)), -1, null, sse);
    ObjectRecord o;
    try (InputStream body = new LengthCheckedInputStream(form.body(), length)) {
      o = objects.putObject(caller, req, body);
    }
    respond(ex, fields, o);
  }

  /** Reads the fields up to the file part into {@code fields} (lower-case names, first value wins). */
  private static MultipartFormReader.PartHeaders readFields(MultipartFormReader form, Map<String, String> fields)
      throws IOException {
    long total = 0;
    int count = 0;
    for (MultipartFormReader.PartHeaders p = form.next(); p != null; p = form.next()) {
      if (p.name().equals(FILE_PART)) return p;
      byte[] value = form.readBody(MAX_FIELD_BYTES, p.name());
      total += value.length + p.name().length();
      if (total > MAX_FIELDS_BYTES || ++count > MAX_FIELDS) {
        throw new CofferException.InvalidArgument("The form fields before the file are too large.");
      }
      fields.putIfAbsent(p.name().toLowerCase(Locale.ROOT), new String(value, StandardCharsets.UTF_8));
    }
    throw new CofferException.InvalidArgument("The form has no file field, or it is not the last field.", FILE_PART,
        "");
  }

  /** Checks the policy, if the form has one, and returns the file sizes it allows. */
  private PostPolicy.LengthRange checkPolicy(OssExchange ex, Map<String, String> fields, String objectContentType) {
    String encoded = fields.get("policy");
    if (encoded == null) return PostPolicy.LengthRange.ANY;
    PostPolicy policy = PostPolicy.parse(encoded);
    policy.checkNotExpired(clock.instant());
    Map<String, String> seen = new HashMap<>(fields);
    seen.put("bucket", ex.bucket());
    if (objectContentType != null) seen.put("content-type", objectContentType);
    policy.checkFields(seen);
    return policy.contentLength();
  }

  private static ContentHeaders contentHeaders(Map<String, String> fields, String contentType) {
    Map<String, String> meta = new LinkedHashMap<>();
    for (Map.Entry<String, String> f : fields.entrySet()) {
      if (f.getKey().startsWith(OssHeaders.META_PREFIX) && f.getKey().length() > OssHeaders.META_PREFIX.length()) {
        meta.put(f.getKey().substring(OssHeaders.META_PREFIX.length()), f.getValue());
      }
    }
    return new ContentHeaders(contentType, fields.get("cache-control"), fields.get("content-disposition"),
        fields.get("content-encoding"), fields.get("content-language"), fields.get("expires"), meta);
  }

  private static void respond(OssExchange ex, Map<String, String> fields, ObjectRecord o) {
    ObjectResponses.writeResult(ex, o);
    String etag = "\"" + o.etag() + "\"";
    String redirect = fields.get("success_action_redirect");
    if (redirect != null && !redirect.isEmpty()) {
      ex.header("Location", redirect + (redirect.contains("?") ? "&" : "?") + "bucket=" + form(ex.bucket()) + "&key="
          + form(o.key().value()) + "&etag=" + form(etag));
      ex.sendEmpty(303);
      return;
    }
    switch (fields.getOrDefault("success_action_status", "")) {
      case "200" -> ex.sendEmpty(200);
      case "201" -> ex.sendXml(201, Xml.document("PostResponse")
          .element("Bucket", ex.bucket())
          .element("Location", location(ex, o.key().value()))
          .element("Key", o.key().value())
          .element("ETag", etag)
          .toBytes());
      // OSS answers 204 for an absent or unrecognised status.
      default -> ex.sendEmpty(204);
    }
  }

  private static String location(OssExchange ex, String key) {
    String path = (ex.pathStyle() ? "/" + ex.bucket() : "") + "/" + SignatureV4.uriEncode(key, false);
    return ex.scheme() + "://" + ex.host() + path;
  }

  private static String form(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /**
   * Enforces the policy's content-length-range while the file streams: too many bytes fail at the
   * first byte over the limit, too few at the end, both before the object service commits.
   */
  private static final class LengthCheckedInputStream extends FilterInputStream {
    private final PostPolicy.LengthRange range;
    private long count;

    LengthCheckedInputStream(InputStream in, PostPolicy.LengthRange range) {
      super(in);
      this.range = range;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count += n;
        if (count > range.max()) throw range.violation();
      } else if (n < 0 && count < range.min()) {
        throw range.violation();
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      throw new IOException("skip would bypass the length check");
    }

    /** The part body belongs to the form reader; closing here leaves it alone. */
    @Override
    public void close() {}
  }
}
