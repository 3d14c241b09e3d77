package io.coffer.core.kms;

import io.coffer.core.crypto.ImportWrapping;
import io.coffer.core.crypto.KeyUnwrapException;
import io.coffer.core.error.CofferException;
import io.coffer.core.iam.KmsAction;
import io.coffer.core.iam.Principal;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bring your own key: GetParametersForImport hands out a fresh RSA-2048 public key and a token
 * valid for 24 hours; ImportKeyMaterial unwraps the caller's material with the matching private
 * key (kept only wrapped by the root key) and stores it wrapped by the root key. The first
 * import binds the key to that material: later imports must bring the same bytes, which a
 * stored check value (an HMAC under the material itself) proves without keeping the material.
 */
public final class KmsImport {
  public static final Duration TOKEN_VALIDITY = Duration.ofHours(24);
  /** How long maintenance keeps an expired token, so its use is told apart from a made-up token. */
  public static final Duration EXPIRED_TOKEN_MEMORY = Duration.ofDays(7);

  private final KmsContext ctx;

  KmsImport(KmsContext ctx) {
    this.ctx = ctx;
  }

  public record ImportParameters(String keyId, byte[] publicKey, String importToken, Instant tokenExpires) {}

  public ImportParameters getParametersForImport(Principal caller, String keyId, String wrappingAlgorithm,
      String wrappingKeySpec) {
    Cmk k = ctx.resolve(caller.accountId(), keyId, false);
    ctx.authorize(caller, KmsAction.GetParametersForImport, k);
    if (ImportWrapping.Algorithm.byWireName(wrappingAlgorithm) == null) {
      throw new CofferException.InvalidParameter("WrappingAlgorithm");
    }
    if (!"RSA_2048".equals(wrappingKeySpec)) throw new CofferException.InvalidParameter("WrappingKeySpec");
    if (k.origin() != KeyOrigin.EXTERNAL) throw new CofferException.KmsUnsupportedOrigin(k.keyId());
    KeyPair pair = ImportWrapping.newKeyPair(ctx.random);
    byte[] tokenBytes = new byte[32];
    ctx.random.nextBytes(tokenBytes);
    String token = Base64.getEncoder().encodeToString(tokenBytes);
    byte[] pkcs8 = pair.getPrivate().getEncoded();
    try {
      Instant expires = ctx.clock.instant().plus(TOKEN_VALIDITY);
      byte[] wrapped = ctx.root.wrap(pkcs8, tokenContext(token, k.keyId()));
      ctx.store.write(tx -> {
        tx.putImportToken(new ImportToken(token, k.keyId(), wrappingAlgorithm, wrapped, expires));
        return null;
      });
      return new ImportParameters(k.keyId(), pair.getPublic().getEncoded(), token, expires);
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
    }
  }

  /** @param expires when the material expires, or null for never */
  public void importKeyMaterial(Principal caller, String keyId, byte[] encryptedMaterial, String token,
      Instant expires) {
    Cmk k = ctx.resolve(caller.accountId(), keyId, false);
    ctx.authorize(caller, KmsAction.ImportKeyMaterial, k);
    if (k.origin() != KeyOrigin.EXTERNAL) throw new CofferException.KmsUnsupportedOrigin(k.keyId());
    Instant now = ctx.clock.instant();
    if (expires != null && !expires.isAfter(now)) throw new CofferException.InvalidParameter("KeyMaterialExpireUnix");
    ImportToken t = ctx.store.importToken(token).filter(x -> x.keyId().equals(k.keyId()))
        .orElseThrow(CofferException.KmsInvalidImportToken::new);
    if (!now.isBefore(t.expires())) throw new CofferException.KmsExpiredImportToken();
    byte[] material;
    byte[] pkcs8 = null;
    try {
      pkcs8 = ctx.root.unwrap(t.wrappedPrivateKey(), tokenContext(token, k.keyId()));
      PrivateKey pk = ImportWrapping.privateKey(pkcs8);
      material = ImportWrapping.unwrap(ImportWrapping.Algorithm.byWireName(t.wrappingAlgorithm()), pk, encryptedMaterial);
    } catch (KeyUnwrapException e) {
      throw new CofferException.KmsInvalidKeyMaterial();
    } finally {
      if (pkcs8 != null) Arrays.fill(pkcs8, (byte) 0);
    }
    try {
      if (material.length != k.spec().materialBytes()) throw new CofferException.KmsInvalidKeyMaterial();
      byte[] check = check(k.keyId(), material);
      String versionId = k.primaryVersionId();
      byte[] wrapped = ctx.wrapMaterial(k.keyId(), versionId, material);
      ctx.store.write(tx -> {
        Cmk cur = tx.key(k.keyId()).orElseThrow(() -> new CofferException.KmsKeyNotFound(keyId));
        if (cur.state() == KeyState.PendingDeletion) {
          throw new CofferException.KmsStateModifiedFailed(cur.keyId(), cur.state().name());
        }
        byte[] bound = cur.materialCheck();
        if (bound != null && !MessageDigest.isEqual(bound, check)) throw new CofferException.KmsInvalidKeyMaterial();
        KeyVersion v = tx.version(versionId).orElseThrow(() -> new CofferException.KmsKeyNotFound(keyId));
        tx.putVersion(v.withMaterial(wrapped));
        KeyState next = cur.state() == KeyState.Disabled ? KeyState.Disabled : KeyState.Enabled;
        tx.putKey(cur.withMaterial(next, expires, check));
        return null;
      });
      ctx.forget(versionId);
    } finally {
      Arrays.fill(material, (byte) 0);
    }
  }

  public void deleteKeyMaterial(Principal caller, String keyId) {
    Cmk k = ctx.resolve(caller.accountId(), keyId, false);
    ctx.authorize(caller, KmsAction.DeleteKeyMaterial, k);
    if (k.origin() != KeyOrigin.EXTERNAL) throw new CofferException.KmsUnsupportedOrigin(k.keyId());
    wipeMaterial(k.keyId(), false);
  }

  /** Removes a key's imported material; the key waits for a re-import (PendingImport). */
  boolean wipeMaterial(String keyId, boolean onlyIfExpired) {
    Instant now = ctx.clock.instant();
    var versions = ctx.store.versions(keyId);
    boolean done = ctx.store.write(tx -> {
      var cur = tx.key(keyId);
      if (cur.isEmpty()) return false;
      Cmk k = cur.get();
      if (onlyIfExpired && (k.materialExpires() == null || now.isBefore(k.materialExpires()))) return false;
      for (KeyVersion v : tx.versions(keyId)) if (v.hasMaterial()) tx.putVersion(v.withMaterial(null));
      KeyState next = k.state() == KeyState.PendingDeletion ? KeyState.PendingDeletion : KeyState.PendingImport;
      tx.putKey(k.withMaterial(next, null, k.materialCheck()));
      return true;
    });
    versions.forEach(v -> ctx.forget(v.versionId()));
    return done;
  }

  private static byte[] tokenContext(String token, String keyId) {
    return ("coffer:kms-import:v1\0" + keyId + "\0" + token).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] check(String keyId, byte[] material) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(material, "HmacSHA256"));
      return mac.doFinal(("coffer:kms-material-check:v1\0" + keyId).getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
