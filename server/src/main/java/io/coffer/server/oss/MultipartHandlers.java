package io.coffer.server.oss;

import io.coffer.core.error.CofferException;
import io.coffer.core.hash.Crc64;
import io.coffer.core.model.BucketName;
import io.coffer.core.model.ByteRange;
import io.coffer.core.model.ObjectAcl;
import io.coffer.core.model.ObjectRecord;
import io.coffer.core.multipart.MultipartService;
import io.coffer.core.storage.Part;
import io.coffer.core.storage.Upload;
import io.coffer.server.http.HttpDates;
import java.util.ArrayList;
import java.util.List;

/** Multipart upload operations. */
public final class MultipartHandlers {
  /** 10,000 parts of about 80 bytes of XML each, with room to spare. */
  private static final int MAX_COMPLETE_BODY_BYTES = 4 * 1024 * 1024;

  private final MultipartService multipart;

  public MultipartHandlers(MultipartService multipart) {
    this.multipart = multipart;
  }

  public void register(OssRoutes r) {
    r.addWithSse("POST", OssRoutes.Target.OBJECT, "uploads", "InitiateMultipartUpload", this::initiate);
    r.add("PUT", OssRoutes.Target.OBJECT, "uploadId", "UploadPart", this::uploadPart);
    r.add("POST", OssRoutes.Target.OBJECT, "uploadId", "CompleteMultipartUpload", this::complete);
    r.add("DELETE", OssRoutes.Target.OBJECT, "uploadId", "AbortMultipartUpload", this::abort);
    r.add("GET", OssRoutes.Target.OBJECT, "uploadId", "ListParts", this::listParts);
    r.add("GET", OssRoutes.Target.BUCKET, "uploads", "ListMultipartUploads", this::listUploads);
  }

  private static String uploadId(OssExchange ex) {
    String id = ex.query().get("uploadId");
    if (id == null || id.isEmpty()) throw new CofferException.NoSuchUpload("");
    return id;
  }

  /** <a href="https://www.alibabacloud.com/help/en/oss/developer-reference/initiatemultipartupload">InitiateMultipartUpload</a>. */
  void initiate(OssExchange ex) {
    boolean url = RequestHeaders.urlEncoding(ex);
    ObjectAcl acl = RequestHeaders.objectAclOrNull(ex);
    Upload u = multipart.initiate(ex.principal(), new MultipartService.InitiateRequest(ObjectHandlers.bucket(ex),
        ObjectHandlers.key(ex), RequestHeaders.content(ex), RequestHeaders.storageClass(ex),
        acl == null ? ObjectAcl.DEFAULT : acl, ex.query().has("sequential"), SseHeaders.requested(ex)));
    SseHeaders.respond(ex, u.encryption());
    Xml x = Xml.document("InitiateMultipartUploadResult")
        .element("Bucket", u.bucket().value());
    if (url) x.element("EncodingType", "url");
    x.element("Key", KeyEncoding.encode(u.key().value(), url)).element("UploadId", u.uploadId());
    ex.sendXml(200, x.toBytes());
  }

  /** UploadPart, or UploadPartCopy when {@code x-oss-copy-source} is present. */
  void uploadPart(OssExchange ex) {
    int partNumber = QueryParams.partNumber(ex.query());
    if (ex.header(OssHeaders.COPY_SOURCE) != null) {
      uploadPartCopy(ex, partNumber);
      return;
    }
    MultipartService.UploadedPart up = multipart.uploadPart(ex.principal(), ObjectHandlers.bucket(ex),
        ObjectHandlers.key(ex), uploadId(ex), partNumber, ex.contentLength(), RequestHeaders.contentMd5(ex), ex.body());
    Part p = up.part();
    SseHeaders.respond(ex, up.encryption());
    ex.header("ETag", "\"" + p.etag() + "\"");
    ex.header(OssHeaders.HASH_CRC64, Crc64.toUnsignedString(p.crc64()));
    ex.header("Content-MD5", p.md5Base64());
    ex.sendEmpty(200);
  }

  /** <a href="https://www.alibabacloud.com/help/en/oss/developer-reference/uploadpartcopy">UploadPartCopy</a>. */
  private void uploadPartCopy(OssExchange ex, int partNumber) {
    CopySource src = CopySource.parse(ex.header(OssHeaders.COPY_SOURCE));
    MultipartService.UploadedPart up = multipart.uploadPartCopy(ex.principal(), ObjectHandlers.bucket(ex),
        ObjectHandlers.key(ex), uploadId(ex), partNumber, src.bucket(), src.key(),
        copyRange(ex.header(OssHeaders.COPY_SOURCE_RANGE)), RequestHeaders.copySourceConditions(ex));
    Part p = up.part();
    SseHeaders.respond(ex, up.encryption());
    ex.header("ETag", "\"" + p.etag() + "\"");
    ex.header(OssHeaders.HASH_CRC64, Crc64.toUnsignedString(p.crc64()));
    ex.sendXml(200, Xml.document("CopyPartResult")
        .element("LastModified", HttpDates.iso(p.lastModified()))
        .element("ETag", "\"" + p.etag() + "\"")
        .toBytes());
  }

  private static ByteRange copyRange(String header) {
    if (header == null || header.isBlank()) return null;
    String h = header.trim();
    try {
      if (!h.startsWith("bytes=")) throw new IllegalArgumentException();
      String[] p = h.substring(6).split("-", -1);
      if (p.length != 2) throw new IllegalArgumentException();
      return new ByteRange(Long.parseLong(p[0].trim()), Long.parseLong(p[1].trim()));
    } catch (IllegalArgumentException e) {
      throw new CofferException.InvalidArgument("The x-oss-copy-source-range is not valid.", OssHeaders.COPY_SOURCE_RANGE,
          header);
    }
  }

  /** <a href="https://www.alibabacloud.com/help/en/oss/developer-reference/completemultipartupload">CompleteMultipartUpload</a>. */
  void complete(OssExchange ex) {
    boolean url = RequestHeaders.urlEncoding(ex);
    boolean all = "yes".equalsIgnoreCase(ex.header(OssHeaders.COMPLETE_ALL));
    byte[] body = ex.bodyBytes(MAX_COMPLETE_BODY_BYTES);
    List<MultipartService.PartRef> refs = null;
    if (all) {
      if (body.length > 0) {
        throw new CofferException.InvalidArgument("Should not specify both complete all header and http body.",
            OssHeaders.COMPLETE_ALL, "yes");
      }
    } else {
      XmlBody.Node root = XmlBody.parse(body);
      if (!root.name().equals("CompleteMultipartUpload")) throw new CofferException.MalformedXml();
      refs = new ArrayList<>();
      for (XmlBody.Node n : root.all("Part")) {
        String num = n.childText("PartNumber");
        String etag = n.childText("ETag");
        if (num == null || etag == null) throw new CofferException.MalformedXml();
        try {
          refs.add(new MultipartService.PartRef(Integer.parseInt(num.trim()), etag.trim()));
        } catch (NumberFormatException e) {
          throw new CofferException.MalformedXml();
        }
      }
      if (refs.isEmpty()) throw new CofferException.MalformedXml();
    }
    ObjectRecord o = multipart.complete(ex.principal(), ObjectHandlers.bucket(ex), ObjectHandlers.key(ex), uploadId(ex),
        refs, RequestHeaders.objectAclOrNull(ex));
    ex.header("ETag", "\"" + o.etag() + "\"");
    ex.header(OssHeaders.HASH_CRC64, Crc64.toUnsignedString(o.crc64()));
    SseHeaders.respond(ex, o.encryption());
    Xml x = Xml.document("CompleteMultipartUploadResult");
    if (url) x.element("EncodingType", "url");
    x.element("Location", Endpoints.objectLocation(ex, o.bucket().value(), o.key().value()))
        .element("Bucket", o.bucket().value())
        .element("Key", KeyEncoding.encode(o.key().value(), url))
        .element("ETag", "\"" + o.etag() + "\"");
    ex.sendXml(200, x.toBytes());
  }

  void abort(OssExchange ex) {
    multipart.abort(ex.principal(), ObjectHandlers.bucket(ex), ObjectHandlers.key(ex), uploadId(ex));
    ex.sendEmpty(204);
  }

  /** <a href="https://www.alibabacloud.com/help/en/oss/developer-reference/listparts">ListParts</a>. */
  void listParts(OssExchange ex) {
    boolean url = RequestHeaders.urlEncoding(ex);
    int maxParts = RequestHeaders.intParam(ex, "max-parts", 1000, 1, 1000);
    int marker = RequestHeaders.intParam(ex, "part-number-marker", 0, 0, MultipartService.MAX_PARTS);
    MultipartService.PartListing l = multipart.listParts(ex.principal(), ObjectHandlers.bucket(ex),
        ObjectHandlers.key(ex), uploadId(ex), marker, maxParts);
    Xml x = Xml.document("ListPartsResult").element("Bucket", ex.bucket());
    if (url) x.element("EncodingType", "url");
    x.element("Key", KeyEncoding.encode(l.upload().key().value(), url))
        .element("UploadId", l.upload().uploadId())
        .element("StorageClass", l.upload().storageClass().wireName())
        .element("PartNumberMarker", marker)
        .element("NextPartNumberMarker", l.parts().isEmpty() ? "" : Integer.toString(l.parts().get(l.parts().size() - 1).partNumber()))
        .element("MaxParts", maxParts)
        .element("IsTruncated", l.truncated());
    for (Part p : l.parts()) {
      x.start("Part")
          .element("PartNumber", p.partNumber())
          .element("LastModified", HttpDates.iso(p.lastModified()))
          .element("ETag", "\"" + p.etag() + "\"")
          .element("HashCrc64ecma", Crc64.toUnsignedString(p.crc64()))
          .element("Size", p.size())
          .end();
    }
    ex.sendXml(200, x.toBytes());
  }

  /** <a href="https://www.alibabacloud.com/help/en/oss/developer-reference/listmultipartuploads">ListMultipartUploads</a>. */
  void listUploads(OssExchange ex) {
    boolean url = RequestHeaders.urlEncoding(ex);
    String prefix = ex.query().get("prefix");
    String delimiter = ex.query().get("delimiter");
    String keyMarker = ex.query().get("key-marker");
    String uploadIdMarker = ex.query().get("upload-id-marker");
    int max = RequestHeaders.intParam(ex, "max-uploads", 1000, 1, 1000);
    MultipartService.UploadListing l = multipart.listUploads(ex.principal(), new BucketName(ex.bucket()), prefix,
        delimiter, keyMarker, uploadIdMarker, max);
    Xml x = Xml.document("ListMultipartUploadsResult").element("Bucket", ex.bucket());
    if (url) x.element("EncodingType", "url");
    x.element("KeyMarker", KeyEncoding.encode(keyMarker, url))
        .element("UploadIdMarker", uploadIdMarker)
        .element("NextKeyMarker", KeyEncoding.encode(l.nextKeyMarker(), url))
        .element("NextUploadIdMarker", l.nextUploadIdMarker())
        .element("Delimiter", KeyEncoding.encode(delimiter, url))
        .element("Prefix", KeyEncoding.encode(prefix, url))
        .element("MaxUploads", max)
        .element("IsTruncated", l.truncated());
    for (Upload u : l.uploads()) {
      x.start("Upload")
          .element("Key", KeyEncoding.encode(u.key().value(), url))
          .element("UploadId", u.uploadId())
          .element("StorageClass", u.storageClass().wireName())
          .element("Initiated", HttpDates.iso(u.initiated()))
          .end();
    }
    for (String p : l.commonPrefixes()) x.start("CommonPrefixes").element("Prefix", KeyEncoding.encode(p, url)).end();
    ex.sendXml(200, x.toBytes());
  }
}
