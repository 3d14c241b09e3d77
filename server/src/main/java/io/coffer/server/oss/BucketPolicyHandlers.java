package io.coffer.server.oss;

import io.coffer.core.bucket.BucketService;
import io.coffer.core.error.CofferException;
import io.coffer.core.model.BucketName;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Put, Get and DeleteBucketPolicy: a bucket's policy document, JSON in and out (docs/api/oss.md). */
public final class BucketPolicyHandlers {
  /**
   * Bodies are read up to this; a larger one is refused unread (InvalidArgument, as for every
   * body). The policy limit itself, 16 KB, is core's and answers InvalidPolicyDocument.
   */
  private static final int MAX_BODY_BYTES = 64 * 1024;

  private final BucketService buckets;

  public BucketPolicyHandlers(BucketService buckets) {
    this.buckets = buckets;
  }

  public void register(OssRoutes r) {
    r.add("PUT", OssRoutes.Target.BUCKET, "policy", "PutBucketPolicy", this::putBucketPolicy);
    r.add("GET", OssRoutes.Target.BUCKET, "policy", "GetBucketPolicy", this::getBucketPolicy);
    r.add("DELETE", OssRoutes.Target.BUCKET, "policy", "DeleteBucketPolicy", this::deleteBucketPolicy);
  }

  /** <a href="https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketpolicy">PutBucketPolicy</a>. */
  void putBucketPolicy(OssExchange ex) {
    // oss2 sends Content-MD5 with the document; the Java SDK does not.
    byte[] md5 = RequestHeaders.contentMd5(ex);
    byte[] body = ex.bodyBytes(MAX_BODY_BYTES);
    if (md5 != null && !MessageDigest.isEqual(md5, md5(body))) throw new CofferException.InvalidDigest();
    buckets.putPolicy(ex.principal(), new BucketName(ex.bucket()), body);
    ex.sendEmpty(200);
  }

  /** GetBucketPolicy: the document byte for byte as it was put. */
  void getBucketPolicy(OssExchange ex) throws Exception {
    byte[] doc = buckets.getPolicy(ex.principal(), new BucketName(ex.bucket())).getBytes(StandardCharsets.UTF_8);
    ex.header("Content-Type", "application/json");
    ex.sendStream(200, doc.length, new ByteArrayInputStream(doc));
  }

  /** DeleteBucketPolicy: 204, also when there was no policy. */
  void deleteBucketPolicy(OssExchange ex) {
    buckets.deletePolicy(ex.principal(), new BucketName(ex.bucket()));
    ex.sendEmpty(204);
  }

  private static byte[] md5(byte[] body) {
    try {
      return MessageDigest.getInstance("MD5").digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has MD5", e);
    }
  }
}
