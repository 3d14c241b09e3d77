package io.coffer.server.oss;

/**
 * The OSS dialect's error table: wire code, HTTP status and, where OSS documents one, the EC
 * (error-centre) code echoed as {@code <EC>} and {@code x-oss-ec}. Codes are spelled here once and
 * never derived from constant names.
 */
public enum OssError {
  NO_SUCH_BUCKET("NoSuchBucket", 404, "0015-00000101"),
  NO_SUCH_KEY("NoSuchKey", 404, "0026-00000001"),
  NO_SUCH_UPLOAD("NoSuchUpload", 404, "0042-00000002"),
  BUCKET_ALREADY_EXISTS("BucketAlreadyExists", 409, "0015-00000104"),
  BUCKET_NOT_EMPTY("BucketNotEmpty", 409, "0015-00000301"),
  INVALID_ARGUMENT("InvalidArgument", 400, null),
  MISSING_ARGUMENT("MissingArgument", 400, null),
  INVALID_BUCKET_NAME("InvalidBucketName", 400, "0015-00000102"),
  INVALID_OBJECT_NAME("InvalidObjectName", 400, "0016-00000005"),
  INVALID_DIGEST("InvalidDigest", 400, "0016-00000401"),
  MALFORMED_XML("MalformedXML", 400, "0016-00000801"),
  INVALID_PART("InvalidPart", 400, "0042-00000213"),
  INVALID_PART_ORDER("InvalidPartOrder", 400, "0042-00000212"),
  ENTITY_TOO_SMALL("EntityTooSmall", 400, "0042-00000214"),
  ENTITY_TOO_LARGE("EntityTooLarge", 400, "0016-00000302"),
  PART_NOT_SEQUENTIAL("PartNotSequential", 400, null),
  PRECONDITION_FAILED("PreconditionFailed", 412, "0026-00000005"),
  NOT_MODIFIED("NotModified", 304, null),
  INVALID_RANGE("InvalidRange", 416, "0026-00000003"),
  POSITION_NOT_EQUAL_TO_LENGTH("PositionNotEqualToLength", 409, "0026-00000016"),
  OBJECT_NOT_APPENDABLE("ObjectNotAppendable", 409, "0026-00000015"),
  FILE_ALREADY_EXISTS("FileAlreadyExists", 409, "0026-00000004"),
  INVALID_LOCATION_CONSTRAINT("InvalidLocationConstraint", 400, "0015-00000105"),
  INVALID_ENCRYPTION_ALGORITHM("InvalidEncryptionAlgorithmError", 400, "0005-00000003"),
  NO_SUCH_SSE_RULE("NoSuchServerSideEncryptionRule", 404, "0005-00000001"),
  INVALID_POLICY_DOCUMENT("InvalidPolicyDocument", 400, null),
  NO_SUCH_BUCKET_POLICY("NoSuchBucketPolicy", 404, null),
  ACCESS_DENIED("AccessDenied", 403, "0003-00000001"),
  INVALID_ACCESS_KEY_ID("InvalidAccessKeyId", 403, "0002-00000902"),
  SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", 403, "0002-00000040"),
  REQUEST_TIME_TOO_SKEWED("RequestTimeTooSkewed", 403, "0002-00000504"),
  NOT_IMPLEMENTED("NotImplemented", 501, null),
  METHOD_NOT_ALLOWED("MethodNotAllowed", 405, null),
  REQUEST_HEADER_TOO_LARGE("RequestHeaderTooLarge", 431, null),
  INVALID_REQUEST("InvalidRequest", 400, null),
  INTERNAL_ERROR("InternalError", 500, null),
  // SSE-KMS: OSS documents the EC pages (0005-00000208 unknown CMK, 0005-00000214 disabled CMK → 409)
  // but no Code strings; Coffer passes the KMS's own code through for key states (docs/api/oss.md).
  KMS_KEY_INVALID("InvalidArgument", 400, "0005-00000208"),
  KMS_KEY_DISABLED("Rejected.Disabled", 409, "0005-00000214"),
  KMS_KEY_PENDING_DELETION("Rejected.PendingDeletion", 409, null),
  KMS_KEY_PENDING_IMPORT("Rejected.PendingImport", 409, null);

  private final String code;
  private final int status;
  private final String ec;

  OssError(String code, int status, String ec) {
    this.code = code;
    this.status = status;
    this.ec = ec;
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  /** The EC code, or null where none is known. */
  public String ec() {
    return ec;
  }
}
