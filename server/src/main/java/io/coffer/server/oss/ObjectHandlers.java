package io.coffer.server.oss;

import io.coffer.core.error.CofferException;
import io.coffer.core.model.BucketName;
import io.coffer.core.model.ObjectAcl;
import io.coffer.core.model.ObjectKey;
import io.coffer.core.model.ObjectRecord;
import io.coffer.core.object.ObjectService;
import io.coffer.server.http.HttpDates;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Object reads and writes: Put, Get, Head, GetObjectMeta, Delete, DeleteMultipleObjects, ACLs. */
public final class ObjectHandlers {
  /** DeleteMultipleObjects takes at most 1,000 keys of at most 1,023 bytes each, plus markup. */
  private static final int MAX_DELETE_BODY_BYTES = 2 * 1024 * 1024;
  private static final int MAX_DELETE_KEYS = 1000;

  private final ObjectService objects;
  private final CopyAppendHandlers copyAppend;

  public ObjectHandlers(ObjectService objects) {
    this.objects = objects;
    this.copyAppend = new CopyAppendHandlers(objects);
  }

  public void register(OssRoutes r) {
    r.addWithSse("PUT", OssRoutes.Target.OBJECT, null, "PutObject", this::putOrCopyObject);
    r.add("GET", OssRoutes.Target.OBJECT, null, "GetObject", ex -> getObject(ex, true));
    r.add("HEAD", OssRoutes.Target.OBJECT, null, "HeadObject", ex -> getObject(ex, false));
    r.add("HEAD", OssRoutes.Target.OBJECT, "objectMeta", "GetObjectMeta", this::getObjectMeta);
    r.add("DELETE", OssRoutes.Target.OBJECT, null, "DeleteObject", this::deleteObject);
    r.add("POST", OssRoutes.Target.BUCKET, "delete", "DeleteMultipleObjects", this::deleteMultipleObjects);
    r.add("GET", OssRoutes.Target.OBJECT, "acl", "GetObjectACL", this::getObjectAcl);
    r.add("PUT", OssRoutes.Target.OBJECT, "acl", "PutObjectACL", this::putObjectAcl);
    r.addWithSse("POST", OssRoutes.Target.OBJECT, "append", "AppendObject", copyAppend::appendObject);
  }

  static BucketName bucket(OssExchange ex) {
    return new BucketName(ex.bucket());
  }

  static ObjectKey key(OssExchange ex) {
    return new ObjectKey(ex.key());
  }

  void putOrCopyObject(OssExchange ex) throws IOException {
    if (ex.header(OssHeaders.COPY_SOURCE) != null) {
      copyAppend.copyObject(ex);
      return;
    }
    putObject(ex);
  }

  /** <a href="https://www.alibabacloud.com/help/en/oss/developer-reference/putobject">PutObject</a>. */
  void putObject(OssExchange ex) {
    ObjectAcl acl = RequestHeaders.objectAclOrNull(ex);
    ObjectRecord o = objects.putObject(ex.principal(), new ObjectService.PutObjectRequest(bucket(ex), key(ex),
        RequestHeaders.content(ex), RequestHeaders.storageClass(ex), acl == null ? ObjectAcl.DEFAULT : acl,
        RequestHeaders.forbidOverwrite(ex), ex.contentLength(), RequestHeaders.contentMd5(ex), SseHeaders.requested(ex)),
        ex.body());
    ObjectResponses.writeResult(ex, o);
    ex.sendEmpty(200);
  }

  /** <a href="https://www.alibabacloud.com/help/en/oss/developer-reference/getobject">GetObject</a> and HeadObject. */
  void getObject(OssExchange ex, boolean withBody) throws IOException {
    boolean standard = "standard".equalsIgnoreCase(ex.header(OssHeaders.RANGE_BEHAVIOR));
    ObjectService.ObjectRead read = objects.getObject(ex.principal(), new ObjectService.GetObjectRequest(bucket(ex),
        key(ex), RequestHeaders.conditions(ex), ex.header("range"), standard), withBody);
    ObjectRecord o = read.object();
    ObjectResponses.objectHeaders(ex, o);
    if (read.range() != null) {
      ex.header("Content-Range", "bytes " + read.range().first() + "-" + read.range().last() + "/" + o.size());
      ex.sendStream(206, read.range().length(), read.body());
    } else {
      ex.sendStream(200, o.size(), read.body());
    }
  }

  /** <a href="https://www.alibabacloud.com/help/en/oss/developer-reference/getobjectmeta">GetObjectMeta</a>. */
  void getObjectMeta(OssExchange ex) throws IOException {
    ObjectRecord o = objects.getObjectMeta(ex.principal(), bucket(ex), key(ex));
    ex.header("ETag", "\"" + o.etag() + "\"");
    ex.header("Last-Modified", HttpDates.rfc1123(o.lastModified()));
    ex.header("x-oss-last-access-time", HttpDates.rfc1123(o.lastModified()));
    ex.sendStream(200, o.size(), null);
  }

  void deleteObject(OssExchange ex) {
    objects.deleteObject(ex.principal(), bucket(ex), key(ex));
    ex.sendEmpty(204);
  }

  /** <a href="https://www.alibabacloud.com/help/en/oss/developer-reference/deletemultipleobjects">DeleteMultipleObjects</a>. */
  void deleteMultipleObjects(OssExchange ex) {
    byte[] md5 = RequestHeaders.contentMd5(ex);
    if (md5 == null) throw new CofferException.InvalidDigest();
    byte[] body = ex.bodyBytes(MAX_DELETE_BODY_BYTES);
    if (!java.security.MessageDigest.isEqual(md5, md5Of(body))) throw new CofferException.InvalidDigest();
    boolean url = RequestHeaders.urlEncoding(ex);
    XmlBody.Node root = XmlBody.parse(body);
    if (!root.name().equals("Delete")) throw new CofferException.MalformedXml();
    boolean quiet = "true".equalsIgnoreCase(trim(root.childText("Quiet")));
    List<ObjectKey> keys = new ArrayList<>();
    for (XmlBody.Node n : root.all("Object")) {
      String k = n.childText("Key");
      if (k == null) throw new CofferException.MalformedXml();
      // encoding-type only shapes the answer: every SDK sends the keys themselves unencoded
      // (XML-escaped), so decoding them here would delete a different object for any key with '%'.
      keys.add(new ObjectKey(k));
    }
    if (keys.isEmpty() || keys.size() > MAX_DELETE_KEYS) throw new CofferException.MalformedXml();
    List<ObjectKey> deleted = objects.deleteObjects(ex.principal(), bucket(ex), keys);
    if (quiet) {
      ex.sendEmpty(200);
      return;
    }
    Xml x = Xml.document("DeleteResult");
    if (url) x.element("EncodingType", "url");
    for (ObjectKey k : deleted) x.start("Deleted").element("Key", KeyEncoding.encode(k.value(), url)).end();
    ex.sendXml(200, x.toBytes());
  }

  private static String trim(String s) {
    return s == null ? null : s.trim();
  }

  private static byte[] md5Of(byte[] body) {
    try {
      return java.security.MessageDigest.getInstance("MD5").digest(body);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  void getObjectAcl(OssExchange ex) {
    ObjectService.ObjectAclView v = objects.getObjectAcl(ex.principal(), bucket(ex), key(ex));
    ex.sendXml(200, Xml.document("AccessControlPolicy")
        .start("Owner").element("ID", v.owner()).element("DisplayName", v.owner()).end()
        .start("AccessControlList").element("Grant", v.acl().wireName()).end()
        .toBytes());
  }

  void putObjectAcl(OssExchange ex) {
    String v = ex.header(OssHeaders.OBJECT_ACL);
    if (v == null) throw new CofferException.InvalidArgument("no such object access control exists", "x-oss-object-acl", "");
    objects.putObjectAcl(ex.principal(), bucket(ex), key(ex), ObjectAcl.parse(v));
    ex.sendEmpty(200);
  }
}
