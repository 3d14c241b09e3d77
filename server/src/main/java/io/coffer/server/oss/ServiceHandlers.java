package io.coffer.server.oss;

import io.coffer.core.bucket.BucketService;
import io.coffer.core.model.Bucket;
import io.coffer.server.http.HttpDates;

/** Service-level operations: ListBuckets (GetService). */
public final class ServiceHandlers {
  private final BucketService buckets;

  public ServiceHandlers(BucketService buckets) {
    this.buckets = buckets;
  }

  public void register(OssRoutes r) {
    r.add("GET", OssRoutes.Target.SERVICE, null, "ListBuckets", this::listBuckets);
  }

  /** <a href="https://www.alibabacloud.com/help/en/oss/developer-reference/listbuckets">ListBuckets</a>. */
  void listBuckets(OssExchange ex) {
    String prefix = ex.query().nonEmpty("prefix");
    String marker = ex.query().nonEmpty("marker");
    int maxKeys = RequestHeaders.intParam(ex, "max-keys", 100, Integer.MIN_VALUE, Integer.MAX_VALUE);
    BucketService.BucketListing page = buckets.listBuckets(ex.principal(), prefix, marker, maxKeys);
    String owner = ex.principal().accountId();
    Xml x = Xml.document("ListAllMyBucketsResult");
    boolean paged = ex.query().has("prefix") || ex.query().has("marker") || ex.query().has("max-keys");
    if (paged) {
      x.element("Prefix", prefix).element("Marker", marker).element("MaxKeys", maxKeys)
          .element("IsTruncated", page.truncated());
      if (page.truncated()) x.element("NextMarker", page.nextMarker());
    }
    x.start("Owner").element("ID", owner).element("DisplayName", owner).end();
    x.start("Buckets");
    String endpoint = Endpoints.service(ex);
    for (Bucket b : page.buckets()) {
      x.start("Bucket")
          .element("CreationDate", HttpDates.iso(b.created()))
          .element("ExtranetEndpoint", endpoint)
          .element("IntranetEndpoint", endpoint)
          .element("Location", "oss-" + buckets.region())
          .element("Name", b.name().value())
          .element("Region", buckets.region())
          .element("StorageClass", b.storageClass().wireName())
          .end();
    }
    x.end();
    ex.sendXml(200, x.toBytes());
  }
}
