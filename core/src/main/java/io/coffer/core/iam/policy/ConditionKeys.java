package io.coffer.core.iam.policy;

/**
 * The condition keys Coffer fills in for a request, as policies spell them. Lookups ignore case.
 * A key the request does not carry makes positive operators false and {@code Not*} operators
 * true, so a policy may name keys Coffer never sets (tags, VPCs) without error.
 */
public final class ConditionKeys {
  /** Client IP address (IPv4 or IPv6), as the server's socket sees it. Type: IP. */
  public static final String SOURCE_IP = "acs:SourceIp";
  /** {@code true} when the request came over TLS, else {@code false}. Type: Bool. */
  public static final String SECURE_TRANSPORT = "acs:SecureTransport";
  /** When the server received the request, ISO-8601 UTC ({@code Instant.toString()}). Type: Date. */
  public static final String CURRENT_TIME = "acs:CurrentTime";
  /** The AccessKeyId that signed the request; absent for anonymous requests. Type: String. */
  public static final String ACCESS_ID = "acs:AccessId";
  /** The User-Agent header, when sent. Type: String. */
  public static final String USER_AGENT = "acs:UserAgent";
  /** Whether the caller signed in with MFA; Coffer never sets it (no MFA). Type: Bool. */
  public static final String MFA_PRESENT = "acs:MFAPresent";
  /** The {@code prefix} parameter of ListObjects (ListObjectsV2); empty when none is sent. Type: String. */
  public static final String OSS_PREFIX = "oss:Prefix";
  /** The {@code delimiter} parameter of ListObjects (ListObjectsV2), when sent. Type: String. */
  public static final String OSS_DELIMITER = "oss:Delimiter";
  /**
   * The {@code x-oss-server-side-encryption} header of a write (PutObject, PostObject,
   * InitiateMultipartUpload, CopyObject, AppendObject) as sent ({@code AES256}, {@code KMS},
   * {@code SM4}); absent when the header is absent. UploadPart, UploadPartCopy and
   * CompleteMultipartUpload send none and carry their upload's encryption instead. A Deny of {@code oss:PutObject} with
   * {@code StringNotEquals {"oss:x-oss-server-side-encryption": ["AES256", "KMS"]}} therefore
   * refuses every write that does not ask for SSE, since an absent key makes {@code Not*} true.
   * Type: String. A Coffer key, named after the header as other object stores name theirs.
   */
  public static final String OSS_SERVER_SIDE_ENCRYPTION = "oss:x-oss-server-side-encryption";
  /** The {@code x-oss-server-side-encryption-key-id} header of a write, when sent. A Coffer key. Type: String. */
  public static final String OSS_SERVER_SIDE_ENCRYPTION_KEY_ID = "oss:x-oss-server-side-encryption-key-id";

  private ConditionKeys() {}
}
