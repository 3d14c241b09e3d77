package io.coffer.core.error;

import java.util.Map;

/**
 * Every failure the domain reports. Dialects translate these, with an exhaustive switch over the
 * permitted subtypes, into their own wire codes; nothing here knows a wire code or an HTTP status.
 *
 * <p>Instances are immutable. {@link #details()} carries extra context a dialect may render (for
 * example the current length on a failed append); it never holds secrets.
 */
public abstract sealed class CofferException extends RuntimeException {
  private final Map<String, String> details;

  CofferException(String message) {
    this(message, Map.of());
  }

  CofferException(String message, Map<String, String> details) {
    super(message, null, false, false);
    this.details = Map.copyOf(details);
  }

  /** Extra context fields, rendered by the dialect; never secrets. */
  public Map<String, String> details() {
    return details;
  }

  public static final class NoSuchBucket extends CofferException {
    public NoSuchBucket(String bucket) { super("The specified bucket does not exist.", Map.of("BucketName", bucket)); }
  }

  public static final class NoSuchKey extends CofferException {
    public NoSuchKey(String key) { super("The specified key does not exist.", Map.of("Key", key)); }
  }

  public static final class NoSuchUpload extends CofferException {
    public NoSuchUpload(String uploadId) {
      super("The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
          Map.of("UploadId", uploadId));
    }
  }

  public static final class BucketAlreadyExists extends CofferException {
    public BucketAlreadyExists(String bucket) {
      super("The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
          Map.of("BucketName", bucket));
    }
  }

  public static final class BucketNotEmpty extends CofferException {
    public BucketNotEmpty(String bucket, String message) { super(message, Map.of("BucketName", bucket)); }
  }

  public static final class InvalidArgument extends CofferException {
    public InvalidArgument(String message) { super(message); }
    public InvalidArgument(String message, String argumentName, String argumentValue) {
      super(message, Map.of("ArgumentName", argumentName, "ArgumentValue", argumentValue == null ? "" : argumentValue));
    }
  }

  public static final class MissingArgument extends CofferException {
    public MissingArgument(String argumentName) { super("Missing Some Required Arguments.", Map.of("ArgumentName", argumentName)); }
  }

  public static final class InvalidBucketName extends CofferException {
    public InvalidBucketName(String bucket) { super("The specified bucket is not valid.", Map.of("BucketName", bucket)); }
  }

  public static final class InvalidObjectName extends CofferException {
    public InvalidObjectName(String message) { super(message); }
  }

  public static final class InvalidDigest extends CofferException {
    public InvalidDigest() { super("The Content-MD5 you specified was invalid."); }
  }

  public static final class MalformedXml extends CofferException {
    public MalformedXml() { super("The XML you provided was not well-formed or did not validate against our published schema."); }
  }

  public static final class InvalidPart extends CofferException {
    public InvalidPart() {
      super("One or more of the specified parts could not be found or the specified entity tag might not have matched the part's entity tag.");
    }
  }

  public static final class InvalidPartOrder extends CofferException {
    public InvalidPartOrder() {
      super("The list of parts was not in ascending order. Parts list must specified in order by part number.");
    }
  }

  public static final class EntityTooSmall extends CofferException {
    public EntityTooSmall() { super("Your proposed upload smaller than the minimum allowed size."); }
  }

  public static final class EntityTooLarge extends CofferException {
    public EntityTooLarge() { super("Your proposed upload exceeds the maximum allowed size."); }
  }

  public static final class PreconditionFailed extends CofferException {
    public PreconditionFailed(String condition) {
      super("At least one of the pre-conditions you specified did not hold.", Map.of("Condition", condition));
    }
  }

  /** Not an error to the client but a short-circuit: 304 without a body. */
  public static final class NotModified extends CofferException {
    public NotModified() { super("Not Modified"); }
  }

  public static final class InvalidRange extends CofferException {
    public InvalidRange() { super("The requested range cannot be satisfied"); }
  }

  public static final class PositionNotEqualToLength extends CofferException {
    private final long nextPosition;
    public PositionNotEqualToLength(long nextPosition) {
      super("Position is not equal to file length");
      this.nextPosition = nextPosition;
    }
    public long nextPosition() { return nextPosition; }
  }

  public static final class ObjectNotAppendable extends CofferException {
    public ObjectNotAppendable() { super("The object is not appendable"); }
  }

  public static final class FileAlreadyExists extends CofferException {
    public FileAlreadyExists() { super("The object you specified already exists and can not be overwritten."); }
  }

  public static final class InvalidLocationConstraint extends CofferException {
    public InvalidLocationConstraint() { super("The specified location-constraint is not valid"); }
  }

  public static final class InvalidEncryptionAlgorithm extends CofferException {
    public InvalidEncryptionAlgorithm() {
      super("The Encryption request you specified is not valid. Supported value: AES256/KMS/SM4");
    }
  }

  public static final class NoSuchServerSideEncryptionRule extends CofferException {
    public NoSuchServerSideEncryptionRule() { super("The server side encryption configuration was not found"); }
  }

  /** GetBucketPolicy on a bucket without a policy. */
  public static final class NoSuchBucketPolicy extends CofferException {
    public NoSuchBucketPolicy(String bucket) { super("The bucket policy does not exist.", Map.of("BucketName", bucket)); }
  }

  public static final class AccessDenied extends CofferException {
    public AccessDenied(String message) { super(message); }
  }

  /** A policy document (a PostObject form policy) that cannot be parsed or uses unknown terms. */
  public static final class InvalidPolicyDocument extends CofferException {
    public InvalidPolicyDocument(String message) { super(message); }
  }

  public static final class InvalidAccessKeyId extends CofferException {
    public InvalidAccessKeyId(String accessKeyId) {
      super("The OSS Access Key Id you provided does not exist in our records.", Map.of("OSSAccessKeyId", accessKeyId));
    }
  }

  /** The details hold the string-to-sign so a client can debug its signer, as OSS does. */
  public static final class SignatureDoesNotMatch extends CofferException {
    public SignatureDoesNotMatch(Map<String, String> details) {
      super("The request signature we calculated does not match the signature you provided. Check your key and signing method.", details);
    }
  }

  public static final class RequestTimeTooSkewed extends CofferException {
    public RequestTimeTooSkewed(String requestTime, String serverTime) {
      super("The difference between the request time and the current time is too large.",
          Map.of("RequestTime", requestTime, "ServerTime", serverTime));
    }
  }

  /** An operation Coffer does not provide (yet); never a fake success. */
  public static final class NotImplemented extends CofferException {
    public NotImplemented(String operation) {
      super("The operation you requested is not implemented: " + operation + ".", Map.of("Operation", operation));
    }
  }

  public static final class MethodNotAllowed extends CofferException {
    public MethodNotAllowed(String method) {
      super("The specified method is not allowed against this resource.", Map.of("Method", method));
    }
  }

  public static final class RequestHeaderTooLarge extends CofferException {
    public RequestHeaderTooLarge() { super("Your request header is too large."); }
  }

  public static final class InvalidRequest extends CofferException {
    public InvalidRequest(String message) { super(message); }
  }

  /** Stored data failed its integrity check; never answered with the bad bytes. */
  public static final class IntegrityViolation extends CofferException {
    public IntegrityViolation(String message) { super(message); }
  }

  public static final class InternalError extends CofferException {
    public InternalError(String message) { super(message); }
  }

  public static final class PartNotSequential extends CofferException {
    public PartNotSequential() { super("For sequential multipart upload, you must upload or complete parts with sequential part number."); }
  }

  /**
   * A RAM policy or bucket policy document that is not valid JSON or breaks the policy grammar
   * (unknown Version, Effect, operator; a statement without Action or Resource; ...).
   */
  public static final class MalformedPolicyDocument extends CofferException {
    public MalformedPolicyDocument(String message) { super(message); }
  }

  // ---- KMS (the built-in key management service) ----

  /** A request parameter is absent (RPC dialects name it; OSS maps it to a missing argument). */
  public static final class MissingParameter extends CofferException {
    public MissingParameter(String name) { super("The parameter \"" + name + "\" is needed but not provided.", Map.of("Parameter", name)); }
    public String parameter() { return details().get("Parameter"); }
  }

  /** A request parameter has a value the service does not accept. */
  public static final class InvalidParameter extends CofferException {
    public InvalidParameter(String name) { this(name, "The specified parameter \"" + name + "\" is not valid."); }
    public InvalidParameter(String name, String message) { super(message, Map.of("Parameter", name)); }
    public String parameter() { return details().get("Parameter"); }
  }

  public static final class KmsKeyNotFound extends CofferException {
    public KmsKeyNotFound(String keyId) { super("The specified Key is not found.", Map.of("KeyId", keyId)); }
  }

  public static final class KmsAliasNotFound extends CofferException {
    public KmsAliasNotFound(String alias) { super("The specified Alias is not found.", Map.of("AliasName", alias)); }
  }

  public static final class KmsKeyVersionNotFound extends CofferException {
    public KmsKeyVersionNotFound(String versionId) { super("The specified Key version is not found.", Map.of("KeyVersionId", versionId)); }
  }

  /**
   * A key in a state that does not allow the operation (its use for cryptography while Disabled,
   * PendingDeletion or PendingImport). {@link #state()} is the KMS state name.
   */
  public static final class KmsKeyStateRejected extends CofferException {
    public KmsKeyStateRejected(String keyId, String state) {
      super("The request was rejected because the key state is " + state + ".", Map.of("KeyId", keyId, "KeyState", state));
    }
    public String state() { return details().get("KeyState"); }
  }

  /** A state change the key's current state does not allow (enable a key pending deletion, ...). */
  public static final class KmsStateModifiedFailed extends CofferException {
    public KmsStateModifiedFailed(String keyId, String state) {
      super("Keystate modified failed.", Map.of("KeyId", keyId, "KeyState", state));
    }
  }

  public static final class KmsAliasAlreadyExists extends CofferException {
    public KmsAliasAlreadyExists(String alias) { super("AliasName Already Exists.", Map.of("AliasName", alias)); }
  }

  /** An operation that needs another key origin (BYOK actions on a KMS-made key, or the reverse). */
  public static final class KmsUnsupportedOrigin extends CofferException {
    public KmsUnsupportedOrigin(String keyId) { super("This key origin is not valid for this api.", Map.of("KeyId", keyId)); }
  }

  /** An alias given where the action takes only a key id. */
  public static final class KmsUnsupportedAlias extends CofferException {
    public KmsUnsupportedAlias(String alias) { super("Alias is not valid for this api.", Map.of("AliasName", alias)); }
  }

  /** An operation the key does not support (rotation of an imported or service key, ...). */
  public static final class KmsUnsupportedOperation extends CofferException {
    public KmsUnsupportedOperation(String message) { super(message); }
  }

  public static final class KmsInvalidKeyMaterial extends CofferException {
    public KmsInvalidKeyMaterial() { super("key material is invalid."); }
  }

  public static final class KmsInvalidImportToken extends CofferException {
    public KmsInvalidImportToken() { super("import token is invalid."); }
  }

  public static final class KmsExpiredImportToken extends CofferException {
    public KmsExpiredImportToken() { super("import token is expired."); }
  }

  /**
   * A CiphertextBlob that does not open: malformed, tampered, made by another key, or given with
   * an EncryptionContext other than the one it was made with (indistinguishable by design).
   */
  public static final class KmsInvalidCiphertext extends CofferException {
    public KmsInvalidCiphertext() { super("The specified parameter \"CiphertextBlob\" is not valid."); }
  }

  /** A per-account limit (key versions, aliases) would be exceeded. */
  public static final class KmsLimitExceeded extends CofferException {
    public KmsLimitExceeded(String message) { super(message); }
  }

  // ---- RAM (identities, access keys, policies) ----

  /** The RAM entities and relations errors name; each dialect spells them its own way. */
  public enum RamEntity { USER, USER_ACCESS_KEY, USER_POLICY, POLICY, POLICY_VERSION }

  /** What still refers to an entity that is to be deleted. */
  public enum RamConflict { USER_ACCESS_KEY, USER_POLICY, POLICY_USER, POLICY_VERSION, POLICY_VERSION_DEFAULT }

  /** The RAM quotas (kms-ram-api.md §3.1). */
  public enum RamLimit { USER, USER_ACCESS_KEY, USER_POLICY, POLICY, POLICY_VERSION }

  /** What is wrong with a RAM parameter; {@code VALUE} names no more than the parameter. */
  public enum RamParameterProblem { INVALID_CHARS, LENGTH, FORMAT, VALUE }

  public static final class RamEntityNotExist extends CofferException {
    private final RamEntity entity;
    public RamEntityNotExist(RamEntity entity, String name) {
      super("The " + describe(entity) + " does not exist: " + name + ".", Map.of("Name", name));
      this.entity = entity;
    }
    public RamEntity entity() { return entity; }
  }

  public static final class RamEntityAlreadyExists extends CofferException {
    private final RamEntity entity;
    public RamEntityAlreadyExists(RamEntity entity, String name) {
      super("The " + describe(entity) + " already exists: " + name + ".", Map.of("Name", name));
      this.entity = entity;
    }
    public RamEntity entity() { return entity; }
  }

  /** An entity that cannot be deleted while something refers to it; nothing is deleted implicitly. */
  public static final class RamDeleteConflict extends CofferException {
    private final RamConflict conflict;
    public RamDeleteConflict(RamConflict conflict, String message) {
      super(message);
      this.conflict = conflict;
    }
    public RamConflict conflict() { return conflict; }
  }

  public static final class RamLimitExceeded extends CofferException {
    private final RamLimit limit;
    public RamLimitExceeded(RamLimit limit, String message) {
      super(message);
      this.limit = limit;
    }
    public RamLimit limit() { return limit; }
  }

  /** A RAM parameter that breaks its rule; RAM names both in the code ({@code UserName}, {@code LENGTH}). */
  public static final class RamInvalidParameter extends CofferException {
    private final RamParameterProblem problem;
    public RamInvalidParameter(String parameter, RamParameterProblem problem, String message) {
      super(message, Map.of("Parameter", parameter));
      this.problem = problem;
    }
    public String parameter() { return details().get("Parameter"); }
    public RamParameterProblem problem() { return problem; }
  }

  private static String describe(RamEntity e) {
    return switch (e) {
      case USER -> "user";
      case USER_ACCESS_KEY -> "access key of the user";
      case USER_POLICY -> "policy attachment of the user";
      case POLICY -> "policy";
      case POLICY_VERSION -> "policy version";
    };
  }
}
