package io.coffer.core.kms;

import io.coffer.core.crypto.KeyMaterial;
import io.coffer.core.crypto.KeyUnwrapException;
import io.coffer.core.crypto.RootKey;
import io.coffer.core.error.CofferException;
import io.coffer.core.iam.Authorizer;
import io.coffer.core.iam.KmsAction;
import io.coffer.core.iam.Principal;
import io.coffer.core.iam.policy.KmsResources;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the KMS services share: the store, the root key that wraps material, key and alias
 * resolution, and a cache of unwrapped version material. The cache holds versions (whose key id
 * never changes) and their material only; a key's state is read from the store on every use, so
 * disabling a key takes effect at once.
 */
final class KmsContext {
  static final String ALIAS_PREFIX = "alias/";

  final KmsStore store;
  final RootKey root;
  final Authorizer authorizer;
  final Clock clock;
  final SecureRandom random;
  final String region;
  private final Map<String, Unwrapped> material = new ConcurrentHashMap<>();

  private record Unwrapped(KeyVersion version, KeyMaterial material) {}

  KmsContext(KmsStore store, RootKey root, Authorizer authorizer, Clock clock, SecureRandom random, String region) {
    this.store = store;
    this.root = root;
    this.authorizer = authorizer;
    this.clock = clock;
    this.random = random;
    this.region = region;
  }

  /**
   * A key of {@code accountId} by id, key ARN, alias name or alias ARN.
   *
   * @throws CofferException.KmsKeyNotFound or KmsAliasNotFound
   */
  Cmk resolve(String accountId, String ref, boolean aliasAllowed) {
    String r = ref;
    String arnPrefix = "acs:kms:" + region + ":" + accountId + ":";
    if (r.startsWith(arnPrefix)) {
      r = r.substring(arnPrefix.length());
      if (r.startsWith("key/")) r = r.substring(4);
    }
    if (r.startsWith(ALIAS_PREFIX)) {
      if (!aliasAllowed) throw new CofferException.KmsUnsupportedAlias(ref);
      KmsAlias a = store.alias(accountId, r).orElseThrow(() -> new CofferException.KmsAliasNotFound(ref));
      return key(accountId, a.keyId());
    }
    return key(accountId, r);
  }

  Cmk key(String accountId, String keyId) {
    Optional<Cmk> k = store.key(keyId);
    if (k.isEmpty() || !k.get().accountId().equals(accountId)) throw new CofferException.KmsKeyNotFound(keyId);
    return k.get();
  }

  void authorize(Principal caller, KmsAction action, Cmk key) {
    authorizer.authorize(caller, action, key.accountId(), key.arn(region));
  }

  /** Alias actions cover two resources, the alias and its key; a policy must allow both. */
  void authorizeAlias(Principal caller, KmsAction action, String aliasName, Cmk key) {
    authorizer.authorize(caller, action, key.accountId(),
        KmsResources.alias(region, key.accountId(), aliasName));
    authorize(caller, action, key);
  }

  /** @throws CofferException.KmsKeyStateRejected unless the key may encrypt and decrypt now */
  void requireUsable(Cmk key) {
    KeyState s = key.effectiveState(clock.instant());
    if (s != KeyState.Enabled) throw new CofferException.KmsKeyStateRejected(key.keyId(), s.name());
  }

  byte[] wrapMaterial(String keyId, String versionId, byte[] bytes) {
    return root.wrap(bytes, materialContext(keyId, versionId));
  }

  /**
   * A version by id. One whose material is cached comes from the cache: every Encrypt, Decrypt and
   * data key needs the version only for its key id and material, so the store is not asked again
   * (the key's state still is, by the caller). Versions leave the cache through {@link #forget}.
   */
  Optional<KeyVersion> version(String versionId) {
    Unwrapped u = material.get(versionId);
    return u != null ? Optional.of(u.version()) : store.version(versionId);
  }

  /** The version's material, unwrapped once and then cached. */
  KeyMaterial material(KeyVersion v) {
    Unwrapped u = material.get(v.versionId());
    if (u != null) return u.material();
    if (!v.hasMaterial()) throw new CofferException.KmsKeyStateRejected(v.keyId(), KeyState.PendingImport.name());
    KeyMaterial m;
    try {
      m = KeyMaterial.adopt(root.unwrap(v.wrappedMaterial(), materialContext(v.keyId(), v.versionId())));
    } catch (KeyUnwrapException e) {
      throw new CofferException.IntegrityViolation("the material of KMS key " + v.keyId() + " does not open");
    }
    Unwrapped raced = material.putIfAbsent(v.versionId(), new Unwrapped(v, m));
    if (raced != null) {
      m.destroy();
      return raced.material();
    }
    return m;
  }

  /** Drops cached material (deleted, expired or destroyed). */
  void forget(String versionId) {
    Unwrapped u = material.remove(versionId);
    if (u != null) u.material().destroy();
  }

  private static byte[] materialContext(String keyId, String versionId) {
    return ("coffer:kms-material:v1\0" + keyId + "\0" + versionId).getBytes(StandardCharsets.UTF_8);
  }

  /** A random (version 4) UUID from the service's SecureRandom. */
  String newId() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    b[6] = (byte) ((b[6] & 0x0f) | 0x40);
    b[8] = (byte) ((b[8] & 0x3f) | 0x80);
    java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b);
    return new java.util.UUID(bb.getLong(), bb.getLong()).toString();
  }
}
