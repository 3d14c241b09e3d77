package io.coffer.core.iam;

/** The {@code oss:} actions of the RAM policy language, one per OSS operation Coffer serves. */
public enum OssAction {
  LIST_BUCKETS("oss:ListBuckets", Access.ACCOUNT),
  PUT_BUCKET("oss:PutBucket", Access.OWNER),
  DELETE_BUCKET("oss:DeleteBucket", Access.OWNER),
  GET_BUCKET_INFO("oss:GetBucketInfo", Access.OWNER),
  GET_BUCKET_LOCATION("oss:GetBucketLocation", Access.OWNER),
  GET_BUCKET_ACL("oss:GetBucketAcl", Access.OWNER),
  PUT_BUCKET_ACL("oss:PutBucketAcl", Access.OWNER),
  GET_BUCKET_VERSIONING("oss:GetBucketVersioning", Access.OWNER),
  PUT_BUCKET_ENCRYPTION("oss:PutBucketEncryption", Access.OWNER),
  GET_BUCKET_ENCRYPTION("oss:GetBucketEncryption", Access.OWNER),
  DELETE_BUCKET_ENCRYPTION("oss:DeleteBucketEncryption", Access.OWNER),
  PUT_BUCKET_POLICY("oss:PutBucketPolicy", Access.OWNER),
  GET_BUCKET_POLICY("oss:GetBucketPolicy", Access.OWNER),
  DELETE_BUCKET_POLICY("oss:DeleteBucketPolicy", Access.OWNER),
  LIST_OBJECTS("oss:ListObjects", Access.READ),
  LIST_MULTIPART_UPLOADS("oss:ListMultipartUploads", Access.READ),
  GET_OBJECT("oss:GetObject", Access.READ),
  GET_OBJECT_ACL("oss:GetObjectAcl", Access.OWNER),
  PUT_OBJECT("oss:PutObject", Access.WRITE),
  PUT_OBJECT_ACL("oss:PutObjectAcl", Access.OWNER),
  DELETE_OBJECT("oss:DeleteObject", Access.WRITE),
  ABORT_MULTIPART_UPLOAD("oss:AbortMultipartUpload", Access.WRITE),
  LIST_PARTS("oss:ListParts", Access.READ);

  /** What a canned ACL has to grant for an anonymous caller to pass. */
  public enum Access { ACCOUNT, OWNER, READ, WRITE }

  private final String policyName;
  private final Access access;

  OssAction(String policyName, Access access) {
    this.policyName = policyName;
    this.access = access;
  }

  public String policyName() {
    return policyName;
  }

  public Access access() {
    return access;
  }

  /** Put, Get and DeleteBucketPolicy, which the bucket's own policy does not govern alone (see Authorizer). */
  public boolean managesBucketPolicy() {
    return this == PUT_BUCKET_POLICY || this == GET_BUCKET_POLICY || this == DELETE_BUCKET_POLICY;
  }
}
