package io.coffer.server.oss;

import io.coffer.core.error.CofferException;
import io.coffer.core.model.ObjectAcl;
import io.coffer.core.model.ObjectRecord;
import io.coffer.core.model.StorageClass;
import io.coffer.core.object.ObjectService;
import io.coffer.server.http.HttpDates;

/** CopyObject and AppendObject: the writes that build on an existing object. */
final class CopyAppendHandlers {
  private final ObjectService objects;

  CopyAppendHandlers(ObjectService objects) {
    this.objects = objects;
  }

  /** <a href="https://www.alibabacloud.com/help/en/oss/developer-reference/copyobject">CopyObject</a>. */
  void copyObject(OssExchange ex) {
    CopySource src = CopySource.parse(ex.header(OssHeaders.COPY_SOURCE));
    String directive = ex.header(OssHeaders.METADATA_DIRECTIVE);
    boolean replace;
    if (directive == null || directive.equalsIgnoreCase("COPY")) {
      replace = false;
    } else if (directive.equalsIgnoreCase("REPLACE")) {
      replace = true;
    } else {
      throw new CofferException.InvalidArgument("The x-oss-metadata-directive is not valid.", OssHeaders.METADATA_DIRECTIVE,
          directive);
    }
    String sc = ex.header(OssHeaders.STORAGE_CLASS);
    ObjectRecord o = objects.copyObject(ex.principal(), new ObjectService.CopyObjectRequest(src.bucket(), src.key(),
        ObjectHandlers.bucket(ex), ObjectHandlers.key(ex), replace, RequestHeaders.content(ex),
        sc == null ? null : StorageClass.parse(sc), RequestHeaders.objectAclOrNull(ex),
        RequestHeaders.copySourceConditions(ex), RequestHeaders.forbidOverwrite(ex), SseHeaders.requested(ex)));
    ex.header("ETag", "\"" + o.etag() + "\"");
    ex.header(OssHeaders.HASH_CRC64, Long.toUnsignedString(o.crc64()));
    SseHeaders.respond(ex, o.encryption());
    ex.sendXml(200, Xml.document("CopyObjectResult")
        .element("ETag", "\"" + o.etag() + "\"")
        .element("LastModified", HttpDates.iso(o.lastModified()))
        .toBytes());
  }

  /** <a href="https://www.alibabacloud.com/help/en/oss/developer-reference/appendobject">AppendObject</a>. */
  void appendObject(OssExchange ex) {
    String pos = ex.query().get("position");
    if (pos == null || pos.isEmpty()) throw new CofferException.MissingArgument("position");
    long position;
    try {
      position = Long.parseLong(pos);
      if (position < 0) throw new NumberFormatException();
    } catch (NumberFormatException e) {
      throw new CofferException.InvalidArgument("The position is not valid.", "position", pos);
    }
    ObjectAcl acl = RequestHeaders.objectAclOrNull(ex);
    ObjectRecord o = objects.appendObject(ex.principal(), new ObjectService.AppendObjectRequest(ObjectHandlers.bucket(ex),
        ObjectHandlers.key(ex), position, RequestHeaders.content(ex), RequestHeaders.storageClass(ex),
        acl == null ? ObjectAcl.DEFAULT : acl, ex.contentLength(), RequestHeaders.contentMd5(ex), SseHeaders.requested(ex)),
        ex.body());
    ex.header(OssHeaders.NEXT_APPEND_POSITION, Long.toString(o.size()));
    ObjectResponses.writeResult(ex, o);
    ex.sendEmpty(200);
  }
}
