package io.coffer.server.rpc;

/**
 * The RPC ("POP") dialect's one error table: wire code, HTTP status and default message, for the
 * gateway codes every Alibaba RPC API shares, the KMS 2016-01-20 codes and the RAM 2015-05-01 codes. Codes are spelled here
 * once and never derived from constant names. Statuses and messages follow
 * {@code /work/shared/reference/kms-ram-api.md} §1.9, §2.9 and §3.4; the few the reference marks
 * unverified are listed in {@code docs/api/rpc.md}.
 */
public enum RpcError {
  // ---- gateway (any product) ----
  MISSING_PARAMETER("MissingParameter", 400, "The parameter is needed but not provided."),
  INVALID_PARAMETER("InvalidParameter", 400, "The specified parameter is not valid."),
  INCOMPLETE_SIGNATURE("IncompleteSignature", 400,
      "The request signature does not conform to Alibaba Cloud standards."),
  SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", 400,
      "Specified signature is not matched with our calculation."),
  INVALID_ACCESS_KEY_ID_NOT_FOUND("InvalidAccessKeyId.NotFound", 404,
      "The AccessKey ID provided does not exist in our records."),
  INVALID_ACCESS_KEY_ID_INACTIVE("InvalidAccessKeyId.Inactive", 400, "Specified access key is disabled."),
  INVALID_TIMESTAMP_EXPIRED("InvalidTimeStamp.Expired", 400, "Specified time stamp or date value is expired."),
  INVALID_TIMESTAMP_FORMAT("InvalidTimeStamp.Format", 400, "Specified time stamp or date value is not well formatted."),
  SIGNATURE_NONCE_USED("SignatureNonceUsed", 400, "Specified signature nonce was used already."),
  INVALID_SIGNATURE_METHOD("InvalidSignatureMethod", 400, "Specified signature method is not supported."),
  INVALID_VERSION("InvalidVersion", 400, "Specified parameter Version is not valid."),
  INVALID_ACTION_NOT_FOUND("InvalidAction.NotFound", 404,
      "Specified api is not found, please check your url and method."),
  UNSUPPORTED_HTTP_METHOD("UnsupportedHTTPMethod", 403, "This http method is not supported."),
  THROTTLING("Throttling", 400, "Request was denied due to request throttling."),
  INTERNAL_FAILURE("InternalFailure", 500, "Internal Failure."),
  MALFORMED_POLICY_DOCUMENT("MalformedPolicyDocument", 400, "The policy document is malformed."),

  // ---- KMS 2016-01-20 ----
  FORBIDDEN_KEY_NOT_FOUND("Forbidden.KeyNotFound", 404, "The specified Key is not found."),
  FORBIDDEN_KEY_VERSION_NOT_FOUND("Forbidden.KeyVersionNotFound", 404, "The specified Key version is not found."),
  FORBIDDEN_ALIAS_NOT_FOUND("Forbidden.AliasNotFound", 404, "The specified Alias is not found."),
  FORBIDDEN_NO_PERMISSION("Forbidden.NoPermission", 403, "This operation is forbidden by permission system."),
  REJECTED_ENABLED("Rejected.Enabled", 409, "The request was rejected because the key state is Enabled."),
  REJECTED_DISABLED("Rejected.Disabled", 409, "The request was rejected because the key state is Disabled."),
  REJECTED_PENDING_DELETION("Rejected.PendingDeletion", 409,
      "The request was rejected because the key state is PendingDeletion."),
  REJECTED_PENDING_IMPORT("Rejected.PendingImport", 409,
      "The request was rejected because the key state is PendingImport."),
  REJECTED_STATE_MODIFIED_FAILED("Rejected.StateModifiedFailed", 409, "Keystate modified failed."),
  REJECTED_LIMIT_EXCEEDED("Rejected.LimitExceeded", 400,
      "The request was rejected because user create resource limit was exceeded."),
  REJECTED_UNSUPPORTED_OPERATION("Rejected.UnsupportedOperation", 400, "Unsupported operation."),
  ALIAS_ALREADY_EXISTS("AliasAlreadyExists", 400, "AliasName Already Exists."),
  UNSUPPORTED_ORIGIN("Unsupported.Origin", 400, "This key origin is not valid for this api."),
  UNSUPPORTED_ALIAS("Unsupported.Alias", 400, "Alias is not valid for this api."),
  UNSUPPORTED_PROTECTION_LEVEL("Unsupported.ProtectionLevel", 400, "This protection level is not valid for this region"),
  INVALID_KEY_MATERIAL("InvalidKeyMaterial", 400, "key material is invalid."),
  INVALID_IMPORT_TOKEN("InvalidImportToken", 400, "import token is invalid."),
  EXPIRED_IMPORT_TOKEN("ExpiredImportToken", 400, "import token is expired."),

  // ---- RAM 2015-05-01 (§3.4) ----
  NO_PERMISSION("NoPermission", 403, "You are not authorized to do this action."),
  INTERNAL_ERROR("InternalError", 500, "The request processing has failed due to some unknown error."),
  /**
   * RAM names the parameter and the problem in the code ({@code InvalidParameter.UserName.Length});
   * {@link RpcErrors#code} spells it from the failure. {@code <P>} and {@code <R>} are never sent.
   */
  RAM_INVALID_PARAMETER("InvalidParameter.<P>.<R>", 400, "The specified parameter is not valid."),
  ENTITY_NOT_EXIST_USER("EntityNotExist.User", 404, "The user does not exist."),
  ENTITY_NOT_EXIST_USER_ACCESS_KEY("EntityNotExist.User.AccessKey", 404, "The access key of the user does not exist."),
  ENTITY_NOT_EXIST_USER_POLICY("EntityNotExist.User.Policy", 404, "The policy is not attached to the user."),
  ENTITY_NOT_EXIST_POLICY("EntityNotExist.Policy", 404, "The policy does not exist."),
  ENTITY_NOT_EXIST_POLICY_VERSION("EntityNotExist.Policy.Version", 404, "The policy version does not exist."),
  ENTITY_ALREADY_EXISTS_USER("EntityAlreadyExists.User", 409, "The user already exists."),
  ENTITY_ALREADY_EXISTS_USER_POLICY("EntityAlreadyExists.User.Policy", 409,
      "The policy is already attached to the user."),
  ENTITY_ALREADY_EXISTS_POLICY("EntityAlreadyExists.Policy", 409, "The policy already exists."),
  DELETE_CONFLICT_USER_ACCESS_KEY("DeleteConflict.User.AccessKey", 409, "The user still has access keys."),
  DELETE_CONFLICT_USER_POLICY("DeleteConflict.User.Policy", 409, "The user still has policies attached."),
  DELETE_CONFLICT_POLICY_USER("DeleteConflict.Policy.User", 409, "The policy is still attached to users."),
  DELETE_CONFLICT_POLICY_VERSION("DeleteConflict.Policy.Version", 409,
      "The policy still has versions besides the default."),
  DELETE_CONFLICT_POLICY_VERSION_DEFAULT("DeleteConflict.Policy.Version.Default", 409,
      "The default version of a policy cannot be deleted."),
  LIMIT_EXCEEDED_USER("LimitExceeded.User", 409, "The number of users exceeds the limit."),
  LIMIT_EXCEEDED_USER_ACCESS_KEY("LimitExceeded.User.AccessKey", 409,
      "The number of access keys of the user exceeds the limit."),
  LIMIT_EXCEEDED_USER_POLICY("LimitExceeded.User.Policy", 409,
      "The number of policies attached to the user exceeds the limit."),
  LIMIT_EXCEEDED_POLICY("LimitExceeded.Policy", 409, "The number of policies exceeds the limit."),
  LIMIT_EXCEEDED_POLICY_VERSION("LimitExceeded.Policy.Version", 409,
      "The number of versions of the policy exceeds the limit.");

  private final String code;
  private final int status;
  private final String message;

  RpcError(String code, int status, String message) {
    this.code = code;
    this.status = status;
    this.message = message;
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  /** The table's message, used when the failure carries no more specific one. */
  public String message() {
    return message;
  }
}
