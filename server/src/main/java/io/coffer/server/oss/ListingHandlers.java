package io.coffer.server.oss;

import io.coffer.core.error.CofferException;
import io.coffer.core.model.BucketName;
import io.coffer.core.model.ObjectRecord;
import io.coffer.core.object.ObjectListing;
import io.coffer.core.object.ObjectService;
import io.coffer.server.http.HttpDates;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** ListObjects (v1) and ListObjectsV2. */
public final class ListingHandlers {
  private final ObjectService objects;

  public ListingHandlers(ObjectService objects) {
    this.objects = objects;
  }

  public void register(OssRoutes r) {
    r.add("GET", OssRoutes.Target.BUCKET, null, "ListObjects", this::listObjects);
  }

  void listObjects(OssExchange ex) {
    if ("2".equals(ex.query().get("list-type"))) {
      listObjectsV2(ex);
    } else {
      listObjectsV1(ex);
    }
  }

  /** <a href="https://www.alibabacloud.com/help/en/oss/developer-reference/listobjects">ListObjects</a>. */
  void listObjectsV1(OssExchange ex) {
    boolean url = RequestHeaders.urlEncoding(ex);
    String prefix = ex.query().get("prefix");
    String delimiter = ex.query().get("delimiter");
    String marker = ex.query().get("marker");
    int maxKeys = RequestHeaders.intParam(ex, "max-keys", 100, 1, 1000);
    ObjectListing.Page page = objects.listObjects(ex.principal(), new BucketName(ex.bucket()), prefix, delimiter,
        marker, maxKeys);
    Xml x = Xml.document("ListBucketResult")
        .element("Name", ex.bucket())
        .element("Prefix", KeyEncoding.encode(prefix, url))
        .element("Marker", KeyEncoding.encode(marker, url))
        .element("MaxKeys", maxKeys)
        .element("Delimiter", KeyEncoding.encode(delimiter, url));
    if (url) x.element("EncodingType", "url");
    x.element("IsTruncated", page.truncated());
    if (page.truncated()) x.element("NextMarker", KeyEncoding.encode(page.nextMarker(), url));
    String owner = objects.ownerOf(new BucketName(ex.bucket()));
    for (ObjectRecord o : page.objects()) contents(x, o, url, owner);
    for (String p : page.commonPrefixes()) x.start("CommonPrefixes").element("Prefix", KeyEncoding.encode(p, url)).end();
    ex.sendXml(200, x.toBytes());
  }

  /** <a href="https://www.alibabacloud.com/help/en/oss/developer-reference/listobjectsv2">ListObjectsV2</a>. */
  void listObjectsV2(OssExchange ex) {
    boolean url = RequestHeaders.urlEncoding(ex);
    String prefix = ex.query().get("prefix");
    String delimiter = ex.query().get("delimiter");
    String startAfter = ex.query().get("start-after");
    String token = ex.query().get("continuation-token");
    boolean fetchOwner = "true".equalsIgnoreCase(ex.query().get("fetch-owner"));
    int maxKeys = RequestHeaders.intParam(ex, "max-keys", 100, 1, 1000);
    String marker = token != null && !token.isEmpty() ? decodeToken(token) : startAfter;
    ObjectListing.Page page = objects.listObjects(ex.principal(), new BucketName(ex.bucket()), prefix, delimiter,
        marker, maxKeys);
    Xml x = Xml.document("ListBucketResult")
        .element("Name", ex.bucket())
        .element("Prefix", KeyEncoding.encode(prefix, url))
        .optional("StartAfter", KeyEncoding.encode(startAfter, url))
        .optional("ContinuationToken", token)
        .element("MaxKeys", maxKeys)
        .element("Delimiter", KeyEncoding.encode(delimiter, url));
    if (url) x.element("EncodingType", "url");
    x.element("IsTruncated", page.truncated());
    if (page.truncated()) x.element("NextContinuationToken", encodeToken(page.nextMarker()));
    x.element("KeyCount", page.objects().size() + page.commonPrefixes().size());
    String owner = fetchOwner ? objects.ownerOf(new BucketName(ex.bucket())) : null;
    for (ObjectRecord o : page.objects()) contents(x, o, url, owner);
    for (String p : page.commonPrefixes()) x.start("CommonPrefixes").element("Prefix", KeyEncoding.encode(p, url)).end();
    ex.sendXml(200, x.toBytes());
  }

  /** @param owner the owner to show, or null to leave Owner out */
  private static void contents(Xml x, ObjectRecord o, boolean url, String owner) {
    x.start("Contents")
        .element("Key", KeyEncoding.encode(o.key().value(), url))
        .element("LastModified", HttpDates.iso(o.lastModified()))
        .element("ETag", "\"" + o.etag() + "\"")
        .element("Type", o.type().wireName())
        .element("Size", o.size())
        .element("StorageClass", o.storageClass().wireName());
    if (owner != null) x.start("Owner").element("ID", owner).element("DisplayName", owner).end();
    x.end();
  }

  /**
   * Tokens are the hex of the last key's UTF-8 bytes: opaque to clients and already URL-safe, so
   * the URL-decoding Go and Python clients apply to them changes nothing.
   */
  static String encodeToken(String marker) {
    return HexFormat.of().formatHex(marker.getBytes(StandardCharsets.UTF_8));
  }

  static String decodeToken(String token) {
    try {
      byte[] b = HexFormat.of().parseHex(token);
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b)).toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw new CofferException.InvalidArgument("The continuation token provided is incorrect.", "continuation-token",
          token);
    }
  }
}
