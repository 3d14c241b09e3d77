package io.coffer.server.oss;

import io.coffer.core.bucket.BucketService;
import io.coffer.core.error.CofferException;
import io.coffer.core.iam.OssAction;
import io.coffer.core.model.Bucket;
import io.coffer.core.model.BucketAcl;
import io.coffer.core.model.BucketName;
import io.coffer.core.model.SseSpec;
import io.coffer.core.model.StorageClass;
import io.coffer.server.http.HttpDates;

/** Bucket operations other than listing: create, delete, info, location, ACL, versioning, meta. */
public final class BucketHandlers {
  private static final int MAX_CONFIG_BODY_BYTES = 64 * 1024;

  private final BucketService buckets;

  public BucketHandlers(BucketService buckets) {
    this.buckets = buckets;
  }

  public void register(OssRoutes r) {
    r.addWithSse("PUT", OssRoutes.Target.BUCKET, null, "PutBucket", this::putBucket);
    r.add("DELETE", OssRoutes.Target.BUCKET, null, "DeleteBucket", this::deleteBucket);
    r.add("HEAD", OssRoutes.Target.BUCKET, null, "GetBucketMeta", this::getBucketMeta);
    r.add("GET", OssRoutes.Target.BUCKET, "bucketInfo", "GetBucketInfo", this::getBucketInfo);
    r.add("GET", OssRoutes.Target.BUCKET, "location", "GetBucketLocation", this::getBucketLocation);
    r.add("GET", OssRoutes.Target.BUCKET, "acl", "GetBucketAcl", this::getBucketAcl);
    r.add("PUT", OssRoutes.Target.BUCKET, "acl", "PutBucketAcl", this::putBucketAcl);
    r.add("GET", OssRoutes.Target.BUCKET, "versioning", "GetBucketVersioning", this::getBucketVersioning);
    // Versioning is not built: enabling it must fail loudly, never look like it worked.
    r.notImplemented("PUT", OssRoutes.Target.BUCKET, "versioning", "PutBucketVersioning");
  }

  private static BucketName name(OssExchange ex) {
    return new BucketName(ex.bucket());
  }

  /** <a href="https://www.alibabacloud.com/help/en/oss/developer-reference/putbucket">PutBucket</a>. */
  void putBucket(OssExchange ex) {
    String aclHeader = ex.header(OssHeaders.BUCKET_ACL);
    BucketAcl acl = BucketAcl.parse(aclHeader);
    byte[] body = ex.bodyBytes(MAX_CONFIG_BODY_BYTES);
    StorageClass sc = StorageClass.STANDARD;
    String location = null;
    String redundancy = null;
    if (body.length > 0) {
      XmlBody.Node root = XmlBody.parse(body);
      if (!root.name().equals("CreateBucketConfiguration")) throw new CofferException.MalformedXml();
      String s = root.childText("StorageClass");
      if (s != null) sc = StorageClass.parse(s.trim());
      location = root.childText("LocationConstraint");
      redundancy = root.childText("DataRedundancyType");
    }
    Bucket b = buckets.createBucket(ex.principal(),
        new BucketService.CreateBucketRequest(name(ex), acl, sc, location == null ? null : location.trim(),
            redundancy == null ? null : redundancy.trim(), SseHeaders.requested(ex)), aclHeader != null);
    ex.header("Location", "/" + b.name().value());
    ex.sendEmpty(200);
  }

  void deleteBucket(OssExchange ex) {
    buckets.deleteBucket(ex.principal(), name(ex));
    ex.sendEmpty(204);
  }

  void getBucketMeta(OssExchange ex) {
    buckets.authorized(ex.principal(), OssAction.GET_BUCKET_INFO, name(ex));
    ex.header(OssHeaders.BUCKET_REGION, "oss-" + buckets.region());
    ex.sendEmpty(200);
  }

  /** <a href="https://www.alibabacloud.com/help/en/oss/developer-reference/getbucketinfo">GetBucketInfo</a>. */
  void getBucketInfo(OssExchange ex) {
    Bucket b = buckets.authorized(ex.principal(), OssAction.GET_BUCKET_INFO, name(ex));
    String endpoint = Endpoints.service(ex);
    Xml x = Xml.document("BucketInfo").start("Bucket")
        .element("AccessMonitor", "Disabled")
        .element("CreationDate", HttpDates.iso(b.created()))
        .element("ExtranetEndpoint", endpoint)
        .element("IntranetEndpoint", endpoint)
        .element("Location", "oss-" + buckets.region())
        .element("StorageClass", b.storageClass().wireName())
        .element("TransferAcceleration", "Disabled")
        .element("CrossRegionReplication", "Disabled")
        .element("Name", b.name().value())
        .element("DataRedundancyType", b.redundancyType())
        .element("Comment", "");
    x.start("Owner").element("DisplayName", b.owner()).element("ID", b.owner()).end();
    x.start("AccessControlList").element("Grant", b.acl().wireName()).end();
    SseSpec rule = buckets.encryptionRule(b.name()).orElse(null);
    x.start("ServerSideEncryptionRule");
    if (rule == null) {
      x.element("SSEAlgorithm", "None");
    } else {
      BucketEncryptionHandlers.ruleFields(x, rule);
    }
    x.end();
    x.start("BucketPolicy").element("LogBucket", "").element("LogPrefix", "").end();
    ex.sendXml(200, x.toBytes());
  }

  void getBucketLocation(OssExchange ex) {
    buckets.authorized(ex.principal(), OssAction.GET_BUCKET_LOCATION, name(ex));
    ex.sendXml(200, Xml.document("LocationConstraint").text("oss-" + buckets.region()).toBytes());
  }

  void getBucketAcl(OssExchange ex) {
    Bucket b = buckets.authorized(ex.principal(), OssAction.GET_BUCKET_ACL, name(ex));
    ex.sendXml(200, Xml.document("AccessControlPolicy")
        .start("Owner").element("ID", b.owner()).element("DisplayName", b.owner()).end()
        .start("AccessControlList").element("Grant", b.acl().wireName()).end()
        .toBytes());
  }

  void putBucketAcl(OssExchange ex) {
    String v = ex.header(OssHeaders.BUCKET_ACL);
    if (v == null) throw new CofferException.InvalidArgument("no such bucket access control exists", "x-oss-acl", "");
    buckets.putBucketAcl(ex.principal(), name(ex), BucketAcl.parse(v));
    ex.sendEmpty(200);
  }

  /** Versioning was never enabled on a Coffer bucket: an empty configuration, as OSS answers then. */
  void getBucketVersioning(OssExchange ex) {
    buckets.authorized(ex.principal(), OssAction.GET_BUCKET_VERSIONING, name(ex));
    ex.sendXml(200, Xml.document("VersioningConfiguration").toBytes());
  }
}
