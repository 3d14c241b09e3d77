package io.coffer.server.oss;

import io.coffer.core.bucket.BucketService;
import io.coffer.core.error.CofferException;
import io.coffer.core.model.BucketName;
import io.coffer.core.model.SseAlgorithm;
import io.coffer.core.model.SseMethod;
import io.coffer.core.model.SseSpec;

/** Put, Get and DeleteBucketEncryption: a bucket's default server-side encryption rule. */
public final class BucketEncryptionHandlers {
  private static final int MAX_BODY_BYTES = 16 * 1024;

  private final BucketService buckets;

  public BucketEncryptionHandlers(BucketService buckets) {
    this.buckets = buckets;
  }

  public void register(OssRoutes r) {
    r.add("PUT", OssRoutes.Target.BUCKET, "encryption", "PutBucketEncryption", this::putBucketEncryption);
    r.add("GET", OssRoutes.Target.BUCKET, "encryption", "GetBucketEncryption", this::getBucketEncryption);
    r.add("DELETE", OssRoutes.Target.BUCKET, "encryption", "DeleteBucketEncryption", this::deleteBucketEncryption);
  }

  /** <a href="https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketencryption">PutBucketEncryption</a>. */
  void putBucketEncryption(OssExchange ex) {
    XmlBody.Node root = XmlBody.parse(ex.bodyBytes(MAX_BODY_BYTES));
    XmlBody.Node rule = root.name().equals("ServerSideEncryptionRule") ? root.child("ApplyServerSideEncryptionByDefault")
        : null;
    if (rule == null) throw new CofferException.MalformedXml();
    SseSpec spec = BucketService.rule(rule.childText("SSEAlgorithm"), rule.childText("KMSMasterKeyID"),
        rule.childText("KMSDataEncryption"));
    buckets.putEncryptionRule(ex.principal(), new BucketName(ex.bucket()), spec);
    ex.sendEmpty(200);
  }

  /** <a href="https://www.alibabacloud.com/help/en/oss/developer-reference/getbucketencryption">GetBucketEncryption</a>. */
  void getBucketEncryption(OssExchange ex) {
    SseSpec spec = buckets.getEncryptionRule(ex.principal(), new BucketName(ex.bucket()));
    Xml x = Xml.document("ServerSideEncryptionRule").start("ApplyServerSideEncryptionByDefault");
    ruleFields(x, spec);
    ex.sendXml(200, x.toBytes());
  }

  void deleteBucketEncryption(OssExchange ex) {
    buckets.deleteEncryptionRule(ex.principal(), new BucketName(ex.bucket()));
    ex.sendEmpty(204);
  }

  /**
   * SSEAlgorithm, then KMSMasterKeyID and KMSDataEncryption only when set: the Java SDK turns an
   * empty element into "" rather than null, which its enum parsing rejects.
   */
  static void ruleFields(Xml x, SseSpec spec) {
    x.element("SSEAlgorithm", spec.headerValue());
    if (spec.method() == SseMethod.KMS) {
      x.optional("KMSMasterKeyID", spec.kmsKeyId());
      if (spec.algorithm() == SseAlgorithm.SM4) x.element("KMSDataEncryption", "SM4");
    }
  }
}
