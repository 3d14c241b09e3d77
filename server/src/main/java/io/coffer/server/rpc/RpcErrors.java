package io.coffer.server.rpc;

import io.coffer.core.error.CofferException;

/**
 * Maps every domain failure to its RPC error; the switch is exhaustive over the sealed hierarchy,
 * so a new domain exception does not compile until it has an RPC answer here. OSS-only failures
 * cannot come out of the KMS or RAM services; they map to InvalidParameter when they describe bad
 * input and to InternalFailure otherwise. RAM's own codes come from the RAM failures; a refusal or a
 * server failure of a RAM action is renamed by {@link #of(CofferException, String)}.
 */
public final class RpcErrors {
  private RpcErrors() {}

  public static RpcError of(CofferException e) {
    return switch (e) {
      case CofferException.MissingParameter x -> RpcError.MISSING_PARAMETER;
      case CofferException.InvalidParameter x -> RpcError.INVALID_PARAMETER;
      case CofferException.KmsKeyNotFound x -> RpcError.FORBIDDEN_KEY_NOT_FOUND;
      case CofferException.KmsAliasNotFound x -> RpcError.FORBIDDEN_ALIAS_NOT_FOUND;
      case CofferException.KmsKeyVersionNotFound x -> RpcError.FORBIDDEN_KEY_VERSION_NOT_FOUND;
      case CofferException.KmsKeyStateRejected x -> switch (x.state()) {
        case "Enabled" -> RpcError.REJECTED_ENABLED;
        case "Disabled" -> RpcError.REJECTED_DISABLED;
        case "PendingDeletion" -> RpcError.REJECTED_PENDING_DELETION;
        case "PendingImport" -> RpcError.REJECTED_PENDING_IMPORT;
        // A state KMS does not name is a bug in core, not something to tell the client about.
        default -> RpcError.INTERNAL_FAILURE;
      };
      case CofferException.KmsStateModifiedFailed x -> RpcError.REJECTED_STATE_MODIFIED_FAILED;
      case CofferException.KmsAliasAlreadyExists x -> RpcError.ALIAS_ALREADY_EXISTS;
      case CofferException.KmsUnsupportedOrigin x -> RpcError.UNSUPPORTED_ORIGIN;
      case CofferException.KmsUnsupportedAlias x -> RpcError.UNSUPPORTED_ALIAS;
      case CofferException.KmsUnsupportedOperation x -> RpcError.REJECTED_UNSUPPORTED_OPERATION;
      case CofferException.KmsInvalidKeyMaterial x -> RpcError.INVALID_KEY_MATERIAL;
      case CofferException.KmsInvalidImportToken x -> RpcError.INVALID_IMPORT_TOKEN;
      case CofferException.KmsExpiredImportToken x -> RpcError.EXPIRED_IMPORT_TOKEN;
      // KMS has no code of its own for a blob that does not open; it names the parameter.
      case CofferException.KmsInvalidCiphertext x -> RpcError.INVALID_PARAMETER;
      case CofferException.KmsLimitExceeded x -> RpcError.REJECTED_LIMIT_EXCEEDED;
      case CofferException.AccessDenied x -> RpcError.FORBIDDEN_NO_PERMISSION;
      case CofferException.InvalidAccessKeyId x -> RpcError.INVALID_ACCESS_KEY_ID_NOT_FOUND;
      case CofferException.SignatureDoesNotMatch x -> RpcError.SIGNATURE_DOES_NOT_MATCH;
      case CofferException.RequestTimeTooSkewed x -> RpcError.INVALID_TIMESTAMP_EXPIRED;
      case CofferException.MethodNotAllowed x -> RpcError.UNSUPPORTED_HTTP_METHOD;
      case CofferException.NotImplemented x -> RpcError.REJECTED_UNSUPPORTED_OPERATION;
      case CofferException.MissingArgument x -> RpcError.MISSING_PARAMETER;
      case CofferException.InvalidArgument x -> RpcError.INVALID_PARAMETER;
      case CofferException.InvalidRequest x -> RpcError.INVALID_PARAMETER;
      case CofferException.InvalidPolicyDocument x -> RpcError.INVALID_PARAMETER;
      case CofferException.MalformedPolicyDocument x -> RpcError.MALFORMED_POLICY_DOCUMENT;
      case CofferException.MalformedXml x -> RpcError.INVALID_PARAMETER;
      case CofferException.InvalidDigest x -> RpcError.INVALID_PARAMETER;
      case CofferException.EntityTooLarge x -> RpcError.INVALID_PARAMETER;
      case CofferException.RequestHeaderTooLarge x -> RpcError.INVALID_PARAMETER;
      case CofferException.InvalidBucketName x -> RpcError.INVALID_PARAMETER;
      case CofferException.InvalidObjectName x -> RpcError.INVALID_PARAMETER;
      case CofferException.InvalidEncryptionAlgorithm x -> RpcError.INVALID_PARAMETER;
      case CofferException.InvalidLocationConstraint x -> RpcError.INVALID_PARAMETER;
      case CofferException.NoSuchBucket x -> RpcError.INTERNAL_FAILURE;
      case CofferException.NoSuchKey x -> RpcError.INTERNAL_FAILURE;
      case CofferException.NoSuchUpload x -> RpcError.INTERNAL_FAILURE;
      case CofferException.BucketAlreadyExists x -> RpcError.INTERNAL_FAILURE;
      case CofferException.BucketNotEmpty x -> RpcError.INTERNAL_FAILURE;
      case CofferException.InvalidPart x -> RpcError.INTERNAL_FAILURE;
      case CofferException.InvalidPartOrder x -> RpcError.INTERNAL_FAILURE;
      case CofferException.EntityTooSmall x -> RpcError.INTERNAL_FAILURE;
      case CofferException.PartNotSequential x -> RpcError.INTERNAL_FAILURE;
      case CofferException.PreconditionFailed x -> RpcError.INTERNAL_FAILURE;
      case CofferException.NotModified x -> RpcError.INTERNAL_FAILURE;
      case CofferException.InvalidRange x -> RpcError.INTERNAL_FAILURE;
      case CofferException.PositionNotEqualToLength x -> RpcError.INTERNAL_FAILURE;
      case CofferException.ObjectNotAppendable x -> RpcError.INTERNAL_FAILURE;
      case CofferException.FileAlreadyExists x -> RpcError.INTERNAL_FAILURE;
      case CofferException.NoSuchServerSideEncryptionRule x -> RpcError.INTERNAL_FAILURE;
      case CofferException.NoSuchBucketPolicy x -> RpcError.INTERNAL_FAILURE;
      case CofferException.IntegrityViolation x -> RpcError.INTERNAL_FAILURE;
      case CofferException.InternalError x -> RpcError.INTERNAL_FAILURE;
      case CofferException.RamInvalidParameter x -> RpcError.RAM_INVALID_PARAMETER;
      case CofferException.RamEntityNotExist x -> switch (x.entity()) {
        case USER -> RpcError.ENTITY_NOT_EXIST_USER;
        case USER_ACCESS_KEY -> RpcError.ENTITY_NOT_EXIST_USER_ACCESS_KEY;
        case USER_POLICY -> RpcError.ENTITY_NOT_EXIST_USER_POLICY;
        case POLICY -> RpcError.ENTITY_NOT_EXIST_POLICY;
        case POLICY_VERSION -> RpcError.ENTITY_NOT_EXIST_POLICY_VERSION;
      };
      case CofferException.RamEntityAlreadyExists x -> switch (x.entity()) {
        case USER -> RpcError.ENTITY_ALREADY_EXISTS_USER;
        case USER_POLICY -> RpcError.ENTITY_ALREADY_EXISTS_USER_POLICY;
        case POLICY -> RpcError.ENTITY_ALREADY_EXISTS_POLICY;
        // RAM has no such codes: keys and versions get fresh ids, so core never reports these.
        case USER_ACCESS_KEY, POLICY_VERSION -> RpcError.INTERNAL_FAILURE;
      };
      case CofferException.RamDeleteConflict x -> switch (x.conflict()) {
        case USER_ACCESS_KEY -> RpcError.DELETE_CONFLICT_USER_ACCESS_KEY;
        case USER_POLICY -> RpcError.DELETE_CONFLICT_USER_POLICY;
        case POLICY_USER -> RpcError.DELETE_CONFLICT_POLICY_USER;
        case POLICY_VERSION -> RpcError.DELETE_CONFLICT_POLICY_VERSION;
        case POLICY_VERSION_DEFAULT -> RpcError.DELETE_CONFLICT_POLICY_VERSION_DEFAULT;
      };
      case CofferException.RamLimitExceeded x -> switch (x.limit()) {
        case USER -> RpcError.LIMIT_EXCEEDED_USER;
        case USER_ACCESS_KEY -> RpcError.LIMIT_EXCEEDED_USER_ACCESS_KEY;
        case USER_POLICY -> RpcError.LIMIT_EXCEEDED_USER_POLICY;
        case POLICY -> RpcError.LIMIT_EXCEEDED_POLICY;
        case POLICY_VERSION -> RpcError.LIMIT_EXCEEDED_POLICY_VERSION;
      };
    };
  }

  /**
   * The error for a failure of an action of API {@code version}: RAM spells a refused
   * authorisation and a server failure its own way ({@code NoPermission}, {@code InternalError});
   * everything else is {@link #of(CofferException)}.
   *
   * @param version the request's API version, or null when it was not resolved
   */
  public static RpcError of(CofferException e, String version) {
    RpcError err = of(e);
    if (!RpcRoutes.RAM.equals(version)) return err;
    if (err == RpcError.FORBIDDEN_NO_PERMISSION) return RpcError.NO_PERMISSION;
    if (err == RpcError.INTERNAL_FAILURE) return RpcError.INTERNAL_ERROR;
    return err;
  }

  /**
   * The wire code: the table's, except for RAM's parameter errors, whose code names the parameter
   * and the problem ({@code InvalidParameter.UserName.InvalidChars}; {@code InvalidParameter.PolicyType}
   * when the value is simply not one of the allowed ones).
   */
  public static String code(RpcError error, CofferException e) {
    if (error != RpcError.RAM_INVALID_PARAMETER || !(e instanceof CofferException.RamInvalidParameter p)) {
      return error.code();
    }
    String problem = switch (p.problem()) {
      case INVALID_CHARS -> ".InvalidChars";
      case LENGTH -> ".Length";
      case FORMAT -> ".Format";
      case VALUE -> "";
    };
    return "InvalidParameter." + p.parameter() + problem;
  }

  /**
   * The message to send: the domain's own text for client errors (it names the parameter, key or
   * state), the table's fixed text for server errors so no internal detail leaks.
   */
  public static String message(RpcError error, CofferException e) {
    if (error.status() >= 500) return error.message();
    if (error == RpcError.FORBIDDEN_NO_PERMISSION || error == RpcError.NO_PERMISSION) return error.message();
    String m = e.getMessage();
    return m == null || m.isEmpty() ? error.message() : m;
  }
}
