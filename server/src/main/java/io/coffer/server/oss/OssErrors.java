package io.coffer.server.oss;

import io.coffer.core.error.CofferException;

/** Maps every domain failure to its OSS error; the switch is exhaustive over the sealed hierarchy. */
public final class OssErrors {
  private OssErrors() {}

  public static OssError of(CofferException e) {
    return switch (e) {
      case CofferException.NoSuchBucket x -> OssError.NO_SUCH_BUCKET;
      case CofferException.NoSuchKey x -> OssError.NO_SUCH_KEY;
      case CofferException.NoSuchUpload x -> OssError.NO_SUCH_UPLOAD;
      case CofferException.BucketAlreadyExists x -> OssError.BUCKET_ALREADY_EXISTS;
      case CofferException.BucketNotEmpty x -> OssError.BUCKET_NOT_EMPTY;
      case CofferException.InvalidArgument x -> OssError.INVALID_ARGUMENT;
      case CofferException.MissingArgument x -> OssError.MISSING_ARGUMENT;
      case CofferException.InvalidBucketName x -> OssError.INVALID_BUCKET_NAME;
      case CofferException.InvalidObjectName x -> OssError.INVALID_OBJECT_NAME;
      case CofferException.InvalidDigest x -> OssError.INVALID_DIGEST;
      case CofferException.MalformedXml x -> OssError.MALFORMED_XML;
      case CofferException.InvalidPart x -> OssError.INVALID_PART;
      case CofferException.InvalidPartOrder x -> OssError.INVALID_PART_ORDER;
      case CofferException.EntityTooSmall x -> OssError.ENTITY_TOO_SMALL;
      case CofferException.EntityTooLarge x -> OssError.ENTITY_TOO_LARGE;
      case CofferException.PartNotSequential x -> OssError.PART_NOT_SEQUENTIAL;
      case CofferException.PreconditionFailed x -> OssError.PRECONDITION_FAILED;
      case CofferException.NotModified x -> OssError.NOT_MODIFIED;
      case CofferException.InvalidRange x -> OssError.INVALID_RANGE;
      case CofferException.PositionNotEqualToLength x -> OssError.POSITION_NOT_EQUAL_TO_LENGTH;
      case CofferException.ObjectNotAppendable x -> OssError.OBJECT_NOT_APPENDABLE;
      case CofferException.FileAlreadyExists x -> OssError.FILE_ALREADY_EXISTS;
      case CofferException.InvalidLocationConstraint x -> OssError.INVALID_LOCATION_CONSTRAINT;
      case CofferException.InvalidEncryptionAlgorithm x -> OssError.INVALID_ENCRYPTION_ALGORITHM;
      case CofferException.NoSuchServerSideEncryptionRule x -> OssError.NO_SUCH_SSE_RULE;
      case CofferException.InvalidPolicyDocument x -> OssError.INVALID_POLICY_DOCUMENT;
      case CofferException.NoSuchBucketPolicy x -> OssError.NO_SUCH_BUCKET_POLICY;
      case CofferException.AccessDenied x -> OssError.ACCESS_DENIED;
      case CofferException.InvalidAccessKeyId x -> OssError.INVALID_ACCESS_KEY_ID;
      case CofferException.SignatureDoesNotMatch x -> OssError.SIGNATURE_DOES_NOT_MATCH;
      case CofferException.RequestTimeTooSkewed x -> OssError.REQUEST_TIME_TOO_SKEWED;
      case CofferException.NotImplemented x -> OssError.NOT_IMPLEMENTED;
      case CofferException.MethodNotAllowed x -> OssError.METHOD_NOT_ALLOWED;
      case CofferException.RequestHeaderTooLarge x -> OssError.REQUEST_HEADER_TOO_LARGE;
      case CofferException.InvalidRequest x -> OssError.INVALID_REQUEST;
      case CofferException.IntegrityViolation x -> OssError.INTERNAL_ERROR;
      case CofferException.InternalError x -> OssError.INTERNAL_ERROR;
      case CofferException.MissingParameter x -> OssError.MISSING_ARGUMENT;
      case CofferException.MalformedPolicyDocument x -> OssError.INVALID_POLICY_DOCUMENT;
      case CofferException.InvalidParameter x -> OssError.INVALID_ARGUMENT;
      case CofferException.KmsKeyNotFound x -> OssError.KMS_KEY_INVALID;
      case CofferException.KmsAliasNotFound x -> OssError.KMS_KEY_INVALID;
      case CofferException.KmsKeyVersionNotFound x -> OssError.KMS_KEY_INVALID;
      case CofferException.KmsKeyStateRejected x -> switch (x.state()) {
        case "PendingDeletion" -> OssError.KMS_KEY_PENDING_DELETION;
        case "PendingImport" -> OssError.KMS_KEY_PENDING_IMPORT;
        default -> OssError.KMS_KEY_DISABLED;
      };
      // A stored data key that the KMS will not open is damage, not a client mistake.
      case CofferException.KmsInvalidCiphertext x -> OssError.INTERNAL_ERROR;
      case CofferException.KmsStateModifiedFailed x -> OssError.INVALID_ARGUMENT;
      case CofferException.KmsAliasAlreadyExists x -> OssError.INVALID_ARGUMENT;
      case CofferException.KmsUnsupportedOrigin x -> OssError.INVALID_ARGUMENT;
      case CofferException.KmsUnsupportedAlias x -> OssError.INVALID_ARGUMENT;
      case CofferException.KmsUnsupportedOperation x -> OssError.INVALID_ARGUMENT;
      case CofferException.KmsInvalidKeyMaterial x -> OssError.INVALID_ARGUMENT;
      case CofferException.KmsInvalidImportToken x -> OssError.INVALID_ARGUMENT;
      case CofferException.KmsExpiredImportToken x -> OssError.INVALID_ARGUMENT;
      case CofferException.KmsLimitExceeded x -> OssError.INVALID_ARGUMENT;
      // RAM failures come only from the RAM API; were one to reach OSS, it described bad input.
      case CofferException.RamInvalidParameter x -> OssError.INVALID_ARGUMENT;
      case CofferException.RamEntityNotExist x -> OssError.INVALID_ARGUMENT;
      case CofferException.RamEntityAlreadyExists x -> OssError.INVALID_ARGUMENT;
      case CofferException.RamDeleteConflict x -> OssError.INVALID_ARGUMENT;
      case CofferException.RamLimitExceeded x -> OssError.INVALID_ARGUMENT;
    };
  }
}
