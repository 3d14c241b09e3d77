package io.coffer.core.kms;

import io.coffer.core.crypto.KeyMaterial;
import io.coffer.core.crypto.RootKey;
import io.coffer.core.error.CofferException;
import io.coffer.core.iam.Authorizer;
import io.coffer.core.iam.KmsAction;
import io.coffer.core.iam.Principal;
import io.coffer.core.iam.policy.KmsResources;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The built-in KMS's key management: keys, their states, aliases, versions and rotation. The
 * cryptographic operations are in {@link KmsCrypto}, bring-your-own-key in {@link KmsImport},
 * the scheduled work in {@link #maintain()}. Every action makes one authorisation call.
 */
public final class KmsService {
  /** The alias of the default CMK OSS uses for SSE-KMS without a key id. */
  public static final String OSS_DEFAULT_ALIAS = "alias/acs/oss";
  public static final int MAX_VERSIONS = 50;
  public static final int MAX_DESCRIPTION = 8192;
  private static final Pattern ALIAS = Pattern.compile("alias/[A-Za-z0-9_/-]{1,255}");

  private final KmsContext ctx;
  private final KmsCrypto crypto;
  private final KmsImport imports;

  public KmsService(KmsStore store, RootKey root, Authorizer authorizer, Clock clock, SecureRandom random,
      String region) {
    this.ctx = new KmsContext(store, root, authorizer, clock, random, region);
    this.crypto = new KmsCrypto(ctx, this);
    this.imports = new KmsImport(ctx);
  }

  public KmsCrypto crypto() {
    return crypto;
  }

  public KmsImport imports() {
    return imports;
  }

  public String region() {
    return ctx.region;
  }

  /** What CreateKey asks for; null rotation means automatic rotation off. */
  public record CreateKeyRequest(KeySpec spec, KeyOrigin origin, String description, Duration rotationInterval) {}

  public KeyMetadata createKey(Principal caller, CreateKeyRequest r) {
    checkCreate(caller, r);
    return metadata(create(caller.accountId(), r, false, ctx.newId(), null));
  }

  /**
   * CreateKey and CreateAlias as one change (the console's Create Key form names an alias): both
   * actions are authorised before anything is made, and a taken alias leaves no key behind.
   */
  public KeyMetadata createKey(Principal caller, CreateKeyRequest r, String aliasName) {
    if (aliasName == null) return createKey(caller, r);
    checkCreate(caller, r);
    checkAliasName(aliasName);
    String keyId = ctx.newId();
    ctx.authorizer.authorize(caller, KmsAction.CreateAlias, caller.accountId(),
        KmsResources.alias(ctx.region, caller.accountId(), aliasName));
    ctx.authorizer.authorize(caller, KmsAction.CreateAlias, caller.accountId(),
        KmsResources.key(ctx.region, caller.accountId(), keyId));
    return metadata(create(caller.accountId(), r, false, keyId, aliasName));
  }

  private void checkCreate(Principal caller, CreateKeyRequest r) {
    ctx.authorizer.authorize(caller, KmsAction.CreateKey, caller.accountId(), containerArn(caller, "key"));
    if (r.description() != null && r.description().length() > MAX_DESCRIPTION) {
      throw new CofferException.InvalidParameter("Description");
    }
    if (r.origin() == KeyOrigin.EXTERNAL && r.rotationInterval() != null) {
      throw new CofferException.KmsUnsupportedOperation("Automatic rotation is not supported for keys with imported material.");
    }
  }

  private Cmk create(String accountId, CreateKeyRequest r, boolean service, String keyId, String aliasName) {
    Instant now = ctx.clock.instant();
    String versionId = ctx.newId();
    boolean external = r.origin() == KeyOrigin.EXTERNAL;
    byte[] wrapped = null;
    if (!external) {
      try (KeyMaterial m = KeyMaterial.random(ctx.random, r.spec().materialBytes())) {
        byte[] b = m.bytes();
        try {
          wrapped = ctx.wrapMaterial(keyId, versionId, b);
        } finally {
          Arrays.fill(b, (byte) 0);
        }
      }
    }
    Cmk key = new Cmk(keyId, accountId, r.spec(), r.origin(), r.description(), service, now,
        external ? KeyState.PendingImport : KeyState.Enabled, null, null, versionId, now, r.rotationInterval(), null);
    KeyVersion version = new KeyVersion(keyId, versionId, now, wrapped);
    ctx.store.write(tx -> {
      tx.putKey(key);
      tx.putVersion(version);
      if (aliasName != null && !tx.insertAlias(new KmsAlias(aliasName, accountId, keyId))) {
        throw new CofferException.KmsAliasAlreadyExists(aliasName);
      }
      return null;
    });
    return key;
  }

  /**
   * The account's default OSS key ({@value #OSS_DEFAULT_ALIAS}), made on first use. Made under the
   * store's write transaction so two first uploads agree on one key.
   */
  public Cmk ossDefaultKey(String accountId) {
    var existing = ctx.store.alias(accountId, OSS_DEFAULT_ALIAS);
    if (existing.isPresent()) return ctx.key(accountId, existing.get().keyId());
    Cmk made = create(accountId, new CreateKeyRequest(KeySpec.Aliyun_AES_256, KeyOrigin.Aliyun_KMS,
        "Default master key that protects my OSS objects when no other key is defined.", null), true, ctx.newId(), null);
    String winner = ctx.store.write(tx -> {
      var a = tx.alias(accountId, OSS_DEFAULT_ALIAS);
      if (a.isPresent()) {
        tx.deleteKey(made.keyId());
        return a.get().keyId();
      }
      tx.insertAlias(new KmsAlias(OSS_DEFAULT_ALIAS, accountId, made.keyId()));
      return made.keyId();
    });
    return ctx.key(accountId, winner);
  }

  public KeyMetadata describeKey(Principal caller, String ref) {
    Cmk k = ctx.resolve(caller.accountId(), ref, true);
    ctx.authorize(caller, KmsAction.DescribeKey, k);
    return metadata(k);
  }

  /** The account's keys, oldest first; the dialect pages and filters them. */
  public List<KeyMetadata> listKeys(Principal caller) {
    ctx.authorizer.authorize(caller, KmsAction.ListKeys, caller.accountId(), containerArn(caller, "key"));
    return ctx.store.keys(caller.accountId()).stream().map(this::metadata).toList();
  }

  public void updateDescription(Principal caller, String keyId, String description) {
    if (description.length() > MAX_DESCRIPTION) throw new CofferException.InvalidParameter("Description");
    change(caller, KmsAction.UpdateKeyDescription, keyId, k -> k.withDescription(description));
  }

  public void enableKey(Principal caller, String keyId) {
    change(caller, KmsAction.EnableKey, keyId, k -> {
      KeyState s = k.effectiveState(ctx.clock.instant());
      if (s == KeyState.PendingDeletion || s == KeyState.PendingImport) {
        throw new CofferException.KmsStateModifiedFailed(k.keyId(), s.name());
      }
      return k.withState(KeyState.Enabled, null);
    });
  }

  public void disableKey(Principal caller, String keyId) {
    change(caller, KmsAction.DisableKey, keyId, k -> {
      refuseService(k);
      KeyState s = k.effectiveState(ctx.clock.instant());
      if (s == KeyState.PendingDeletion || s == KeyState.PendingImport) {
        throw new CofferException.KmsStateModifiedFailed(k.keyId(), s.name());
      }
      return k.withState(KeyState.Disabled, null);
    });
  }

  /** @param days the pending window, 7 to 366 days */
  public Instant scheduleKeyDeletion(Principal caller, String keyId, int days) {
    if (days < 7 || days > 366) throw new CofferException.InvalidParameter("PendingWindowInDays");
    Instant deleteAt = ctx.clock.instant().plus(Duration.ofDays(days));
    change(caller, KmsAction.ScheduleKeyDeletion, keyId, k -> {
      refuseService(k);
      if (k.state() == KeyState.PendingDeletion) throw new CofferException.KmsStateModifiedFailed(k.keyId(), k.state().name());
      return k.withState(KeyState.PendingDeletion, deleteAt);
    });
    return deleteAt;
  }

  public void cancelKeyDeletion(Principal caller, String keyId) {
    Cmk k = ctx.resolve(caller.accountId(), keyId, false);
    ctx.authorize(caller, KmsAction.CancelKeyDeletion, k);
    ctx.store.write(tx -> {
      Cmk cur = tx.key(k.keyId()).orElseThrow(() -> new CofferException.KmsKeyNotFound(keyId));
      if (cur.state() != KeyState.PendingDeletion) {
        throw new CofferException.KmsStateModifiedFailed(cur.keyId(), cur.state().name());
      }
      // An imported key without material goes back to waiting for it.
      boolean noMaterial = tx.versions(cur.keyId()).stream().noneMatch(KeyVersion::hasMaterial);
      tx.putKey(cur.withState(noMaterial ? KeyState.PendingImport : KeyState.Enabled, null));
      return null;
    });
  }

  // ---- aliases ----

  public void createAlias(Principal caller, String aliasName, String keyId) {
    checkAliasName(aliasName);
    Cmk k = ctx.resolve(caller.accountId(), keyId, false);
    ctx.authorizeAlias(caller, KmsAction.CreateAlias, aliasName, k);
    ctx.store.write(tx -> {
      Cmk cur = tx.key(k.keyId()).orElseThrow(() -> new CofferException.KmsKeyNotFound(keyId));
      if (cur.state() == KeyState.PendingDeletion) {
        throw new CofferException.KmsStateModifiedFailed(cur.keyId(), cur.state().name());
      }
      if (!tx.insertAlias(new KmsAlias(aliasName, caller.accountId(), cur.keyId()))) {
        throw new CofferException.KmsAliasAlreadyExists(aliasName);
      }
      return null;
    });
  }

  public void updateAlias(Principal caller, String aliasName, String keyId) {
    checkAliasName(aliasName);
    Cmk k = ctx.resolve(caller.accountId(), keyId, false);
    ctx.authorizeAlias(caller, KmsAction.UpdateAlias, aliasName, k);
    ctx.store.write(tx -> {
      tx.alias(caller.accountId(), aliasName).orElseThrow(() -> new CofferException.KmsAliasNotFound(aliasName));
      Cmk cur = tx.key(k.keyId()).orElseThrow(() -> new CofferException.KmsKeyNotFound(keyId));
      if (cur.state() == KeyState.PendingDeletion) {
        throw new CofferException.KmsKeyStateRejected(cur.keyId(), cur.state().name());
      }
      tx.updateAlias(new KmsAlias(aliasName, caller.accountId(), cur.keyId()));
      return null;
    });
  }

  public void deleteAlias(Principal caller, String aliasName) {
    if (!aliasName.startsWith(KmsContext.ALIAS_PREFIX)) throw new CofferException.InvalidParameter("AliasName");
    if (aliasName.startsWith("alias/acs/")) throw new CofferException.InvalidParameter("AliasName");
    KmsAlias a = ctx.store.alias(caller.accountId(), aliasName)
        .orElseThrow(() -> new CofferException.KmsAliasNotFound(aliasName));
    ctx.authorizeAlias(caller, KmsAction.DeleteAlias, aliasName, ctx.key(caller.accountId(), a.keyId()));
    boolean gone = ctx.store.write(tx -> tx.deleteAlias(caller.accountId(), aliasName));
    if (!gone) throw new CofferException.KmsAliasNotFound(aliasName);
  }

  public List<KmsAlias> listAliases(Principal caller) {
    ctx.authorizer.authorize(caller, KmsAction.ListAliases, caller.accountId(), containerArn(caller, "alias"));
    return ctx.store.aliases(caller.accountId());
  }

  public List<KmsAlias> listAliasesByKeyId(Principal caller, String keyId) {
    Cmk k = ctx.resolve(caller.accountId(), keyId, false);
    ctx.authorize(caller, KmsAction.ListAliasesByKeyId, k);
    return ctx.store.aliases(caller.accountId()).stream().filter(a -> a.keyId().equals(k.keyId())).toList();
  }

  private static void checkAliasName(String name) {
    if (!ALIAS.matcher(name).matches() || name.startsWith("alias/acs/") || name.equals("alias/acs")) {
      throw new CofferException.InvalidParameter("AliasName");
    }
  }

  // ---- versions and rotation ----

  public KeyVersion createKeyVersion(Principal caller, String ref) {
    Cmk k = ctx.resolve(caller.accountId(), ref, true);
    ctx.authorize(caller, KmsAction.CreateKeyVersion, k);
    refuseService(k);
    if (k.origin() == KeyOrigin.EXTERNAL) throw new CofferException.KmsUnsupportedOrigin(k.keyId());
    return rotate(k.keyId(), null);
  }

  /**
   * Makes a new version primary; only an Enabled key may rotate.
   *
   * @param dueAt for scheduled rotation: rotate only if the key is still due at this instant,
   *     since another maintenance pass may have rotated it since the scan; null for CreateKeyVersion
   * @return the new version, or null when the key was no longer due
   */
  KeyVersion rotate(String keyId, Instant dueAt) {
    Instant now = ctx.clock.instant();
    String versionId = ctx.newId();
    byte[] wrapped;
    try (KeyMaterial m = KeyMaterial.random(ctx.random, ctx.store.key(keyId)
        .orElseThrow(() -> new CofferException.KmsKeyNotFound(keyId)).spec().materialBytes())) {
      byte[] b = m.bytes();
      try {
        wrapped = ctx.wrapMaterial(keyId, versionId, b);
      } finally {
        Arrays.fill(b, (byte) 0);
      }
    }
    KeyVersion v = new KeyVersion(keyId, versionId, now, wrapped);
    return ctx.store.write(tx -> {
      Cmk cur = tx.key(keyId).orElseThrow(() -> new CofferException.KmsKeyNotFound(keyId));
      if (dueAt != null && (cur.nextRotation() == null || dueAt.isBefore(cur.nextRotation()))) return null;
      KeyState s = cur.effectiveState(now);
      if (s != KeyState.Enabled) throw new CofferException.KmsKeyStateRejected(keyId, s.name());
      if (tx.versions(keyId).size() >= MAX_VERSIONS) {
        throw new CofferException.KmsLimitExceeded("The request was rejected because user create resource limit was exceeded.");
      }
      tx.putVersion(v);
      tx.putKey(cur.withPrimary(versionId, now));
      return v;
    });
  }

  public List<KeyVersion> listKeyVersions(Principal caller, String ref) {
    Cmk k = ctx.resolve(caller.accountId(), ref, true);
    ctx.authorize(caller, KmsAction.ListKeyVersions, k);
    return ctx.store.versions(k.keyId());
  }

  public KeyVersion describeKeyVersion(Principal caller, String ref, String versionId) {
    Cmk k = ctx.resolve(caller.accountId(), ref, true);
    ctx.authorize(caller, KmsAction.DescribeKeyVersion, k);
    return ctx.store.version(versionId).filter(v -> v.keyId().equals(k.keyId()))
        .orElseThrow(() -> new CofferException.KmsKeyVersionNotFound(versionId));
  }

  /** @param interval the rotation period, or null to turn automatic rotation off */
  public void updateRotationPolicy(Principal caller, String keyId, Duration interval) {
    change(caller, KmsAction.UpdateRotationPolicy, keyId, k -> {
      refuseService(k);
      if (k.origin() == KeyOrigin.EXTERNAL) {
        throw new CofferException.KmsUnsupportedOperation("Automatic rotation is not supported for keys with imported material.");
      }
      KeyState s = k.effectiveState(ctx.clock.instant());
      if (s != KeyState.Enabled) throw new CofferException.KmsKeyStateRejected(k.keyId(), s.name());
      return k.withRotation(interval);
    });
  }

  // ---- scheduled work ----

  /** What one maintenance pass did, for logs and tests. */
  public record MaintenanceResult(int destroyed, int materialExpired, int rotated) {}

  /**
   * Destroys keys whose deletion window ended, wipes imported material that expired, rotates
   * keys that are due, and forgets import parameters expired for
   * longer than {@link KmsImport#EXPIRED_TOKEN_MEMORY}. Idempotent; run it periodically.
   */
  public MaintenanceResult maintain() {
    Instant now = ctx.clock.instant();
    int destroyed = 0;
    int expired = 0;
    int rotated = 0;
    for (Cmk k : ctx.store.write(KmsStore.Tx::allKeys)) {
      if (k.state() == KeyState.PendingDeletion && k.deleteDate() != null && !now.isBefore(k.deleteDate())) {
        List<KeyVersion> versions = ctx.store.versions(k.keyId());
        boolean gone = ctx.store.write(tx -> {
          var cur = tx.key(k.keyId());
          if (cur.isEmpty() || cur.get().state() != KeyState.PendingDeletion) return false;
          tx.deleteKey(k.keyId());
          return true;
        });
        if (gone) {
          versions.forEach(v -> ctx.forget(v.versionId()));
          destroyed++;
        }
      } else if (k.origin() == KeyOrigin.EXTERNAL && k.materialExpires() != null && !now.isBefore(k.materialExpires())) {
        if (imports.wipeMaterial(k.keyId(), true)) expired++;
      } else if (k.state() == KeyState.Enabled && k.nextRotation() != null && !now.isBefore(k.nextRotation())) {
        try {
          if (rotate(k.keyId(), now) != null) rotated++;
        } catch (CofferException e) {
          // the key changed state since the scan; the next pass looks again
        }
      }
    }
    // Expired tokens are kept a while so a late ImportKeyMaterial hears ExpiredImportToken, not InvalidImportToken.
    ctx.store.write(tx -> tx.deleteImportTokensExpiredBefore(now.minus(KmsImport.EXPIRED_TOKEN_MEMORY)));
    return new MaintenanceResult(destroyed, expired, rotated);
  }

  // ---- helpers ----

  private void change(Principal caller, KmsAction action, String keyId, java.util.function.UnaryOperator<Cmk> f) {
    Cmk k = ctx.resolve(caller.accountId(), keyId, false);
    ctx.authorize(caller, action, k);
    ctx.store.write(tx -> {
      Cmk cur = tx.key(k.keyId()).orElseThrow(() -> new CofferException.KmsKeyNotFound(keyId));
      tx.putKey(f.apply(cur));
      return null;
    });
  }

  /** Service keys (the OSS default key) are managed by their service, not by callers. */
  private static void refuseService(Cmk k) {
    if (k.service()) throw new CofferException.KmsUnsupportedOperation("The key is managed by a cloud service.");
  }

  private String containerArn(Principal caller, String kind) {
    return "acs:kms:" + ctx.region + ":" + caller.accountId() + ":" + kind;
  }

  KeyMetadata metadata(Cmk k) {
    return KeyMetadata.of(k, ctx.region, ctx.clock.instant());
  }
}
