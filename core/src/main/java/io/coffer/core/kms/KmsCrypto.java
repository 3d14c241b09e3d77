package io.coffer.core.kms;

import io.coffer.core.crypto.KeyAead;
import io.coffer.core.crypto.KeyMaterial;
import io.coffer.core.crypto.KeyUnwrapException;
import io.coffer.core.error.CofferException;
import io.coffer.core.iam.KmsAction;
import io.coffer.core.iam.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The KMS's cryptographic operations over CiphertextBlobs ({@link KmsCiphertext}): data keys,
 * Encrypt, Decrypt, ReEncrypt, and the two calls OSS makes for SSE-KMS. Only an Enabled key
 * encrypts or decrypts; the state is read from the store on every call.
 */
public final class KmsCrypto {
  public static final int MAX_PLAINTEXT = 6144;
  public static final int MAX_DATA_KEY_BYTES = 1024;

  private final KmsContext ctx;
  private final KmsService keys;

  KmsCrypto(KmsContext ctx, KmsService keys) {
    this.ctx = ctx;
    this.keys = keys;
  }

  /** A new data key; {@code plaintext} is null for GenerateDataKeyWithoutPlaintext. Callers wipe it. */
  public record DataKey(String keyId, String versionId, KeyMaterial plaintext, byte[] ciphertextBlob) {}

  public record Encrypted(String keyId, String versionId, byte[] ciphertextBlob) {}

  /** Callers wipe {@code plaintext}. */
  public record Decrypted(String keyId, String versionId, byte[] plaintext) {}

  /** @param bytes 1 to 1024 */
  public DataKey generateDataKey(Principal caller, String ref, int bytes, Map<String, String> context,
      boolean withPlaintext) {
    if (bytes < 1 || bytes > MAX_DATA_KEY_BYTES) throw new CofferException.InvalidParameter("NumberOfBytes");
    Cmk k = ctx.resolve(caller.accountId(), ref, true);
    ctx.authorize(caller, withPlaintext ? KmsAction.GenerateDataKey : KmsAction.GenerateDataKeyWithoutPlaintext, k);
    return dataKey(k, bytes, context, withPlaintext, true);
  }

  /**
   * @param asText seal the key's Base64 text rather than its bytes: Decrypt returns a blob's
   *     plaintext as text, and for a data key that text is the Base64 GenerateDataKey showed
   *     (docs/crypto/kms-format.md). OSS's own data keys are sealed as bytes.
   */
  private DataKey dataKey(Cmk k, int bytes, Map<String, String> context, boolean withPlaintext, boolean asText) {
    KeyMaterial dk = KeyMaterial.random(ctx.random, bytes);
    byte[] raw = dk.bytes();
    byte[] sealedForm = asText ? java.util.Base64.getEncoder().encode(raw) : raw;
    try {
      Encrypted e = seal(k, sealedForm, context);
      if (!withPlaintext) dk.destroy();
      return new DataKey(k.keyId(), e.versionId(), withPlaintext ? dk : null, e.ciphertextBlob());
    } finally {
      Arrays.fill(raw, (byte) 0);
      Arrays.fill(sealedForm, (byte) 0);
    }
  }

  public Encrypted encrypt(Principal caller, String ref, byte[] plaintext, Map<String, String> context) {
    if (plaintext.length == 0 || plaintext.length > MAX_PLAINTEXT) throw new CofferException.InvalidParameter("Plaintext");
    Cmk k = ctx.resolve(caller.accountId(), ref, true);
    ctx.authorize(caller, KmsAction.Encrypt, k);
    return seal(k, plaintext, context);
  }

  public Decrypted decrypt(Principal caller, byte[] blob, Map<String, String> context) {
    Opened o = open(caller.accountId(), blob);
    ctx.authorize(caller, KmsAction.Decrypt, o.key);
    return new Decrypted(o.key.keyId(), o.version.versionId(), unseal(o, blob, context));
  }

  /** ReEncrypt: the source key and version, and the blob sealed under the destination key. */
  public record ReEncrypted(String sourceKeyId, String sourceVersionId, byte[] ciphertextBlob) {}

  public ReEncrypted reEncrypt(Principal caller, byte[] blob, Map<String, String> sourceContext, String destinationRef,
      Map<String, String> destinationContext) {
    Opened o = open(caller.accountId(), blob);
    ctx.authorize(caller, KmsAction.ReEncryptFrom, o.key);
    Cmk dest = ctx.resolve(caller.accountId(), destinationRef, true);
    ctx.authorize(caller, KmsAction.ReEncryptTo, dest);
    byte[] plain = unseal(o, blob, sourceContext);
    try {
      return new ReEncrypted(o.key.keyId(), o.version.versionId(), seal(dest, plain, destinationContext).ciphertextBlob());
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  // ---- SSE-KMS: OSS calls these for the bucket owner's account ----

  /**
   * A 256-bit data key for an object under {@code ref} (a key id or alias), or under the account's
   * default OSS key when {@code ref} is null. The caller's OSS permission was checked by the object
   * service; the key's account is the bucket owner's.
   */
  public DataKey sseDataKey(String accountId, String ref, Map<String, String> context) {
    return sseDataKey(null, accountId, ref, context);
  }

  /**
   * As {@link #sseDataKey(String, String, Map)} for an OSS caller: a CMK other than the service's
   * default key needs the caller's {@link #SSE_WRITE} permissions on it (seeds 000/002).
   *
   * @param caller the OSS request's caller, or null for Coffer's own work (no permission check)
   */
  public DataKey sseDataKey(Principal caller, String accountId, String ref, Map<String, String> context) {
    Cmk k = ref == null ? keys.ossDefaultKey(accountId) : ctx.resolve(accountId, ref, true);
    checkSseUse(caller, k, SSE_WRITE);
    return dataKey(k, 32, context, true, false);
  }

  /** Opens an object's data key. The caller wipes the result. */
  public KeyMaterial sseOpen(String accountId, byte[] blob, Map<String, String> context) {
    return sseOpen(null, false, accountId, blob, context);
  }

  /**
   * As {@link #sseOpen(String, byte[], Map)} for an OSS caller: under a CMK other than the
   * service's default key, reading plaintext needs {@code kms:Decrypt} and writing (appends,
   * parts, completing an upload) the {@link #SSE_WRITE} permissions.
   */
  public KeyMaterial sseOpen(Principal caller, boolean forWrite, String accountId, byte[] blob,
      Map<String, String> context) {
    Opened o = open(accountId, blob);
    checkSseUse(caller, o.key, forWrite ? SSE_WRITE : SSE_READ);
    return KeyMaterial.adopt(unseal(o, blob, context));
  }

  /** What seeds 000/002 ask of a caller uploading with a specified CMK: kms:List*, DescribeKey, GenerateDataKey. */
  public static final List<KmsAction> SSE_WRITE = List.of(KmsAction.ListKeys, KmsAction.ListAliases,
      KmsAction.ListAliasesByKeyId, KmsAction.DescribeKey, KmsAction.GenerateDataKey);
  /** ... and downloading: kms:Decrypt. */
  public static final List<KmsAction> SSE_READ = List.of(KmsAction.Decrypt);
  /** ... and configuring a bucket rule with a CMK id: kms:List*, DescribeKey. */
  public static final List<KmsAction> SSE_CONFIGURE = List.of(KmsAction.ListKeys, KmsAction.ListAliases,
      KmsAction.ListAliasesByKeyId, KmsAction.DescribeKey);

  private void checkSseUse(Principal caller, Cmk k, List<KmsAction> actions) {
    if (caller != null && !k.service()) ctx.authorizer.authorizeKmsUse(caller, k.accountId(), k.arn(ctx.region), actions);
  }

  // ---- the blob ----

  private Encrypted seal(Cmk k, byte[] plaintext, Map<String, String> context) {
    ctx.requireUsable(k);
    KeyVersion v = ctx.version(k.primaryVersionId())
        .orElseThrow(() -> new CofferException.KmsKeyStateRejected(k.keyId(), KeyState.PendingImport.name()));
    byte[] sealed = KeyAead.seal(k.spec().suite(), ctx.material(v), plaintext,
        KmsCiphertext.aad(k.keyId(), v.versionId(), context), ctx.random);
    return new Encrypted(k.keyId(), v.versionId(), KmsCiphertext.frame(v.versionId(), sealed));
  }

  private record Opened(Cmk key, KeyVersion version) {}

  /** Finds the blob's key and version and checks the key may be used; does not decrypt yet. */
  private Opened open(String accountId, byte[] blob) {
    String versionId = KmsCiphertext.versionId(blob);
    KeyVersion v = ctx.version(versionId).orElseThrow(() -> new CofferException.KmsKeyNotFound(versionId));
    Cmk k = ctx.key(accountId, v.keyId());
    ctx.requireUsable(k);
    return new Opened(k, v);
  }

  private byte[] unseal(Opened o, byte[] blob, Map<String, String> context) {
    try {
      return KeyAead.open(o.key.spec().suite(), ctx.material(o.version), blob, KmsCiphertext.sealedOffset(),
          KmsCiphertext.aad(o.key.keyId(), o.version.versionId(), context));
    } catch (KeyUnwrapException e) {
      throw new CofferException.KmsInvalidCiphertext();
    }
  }
}
