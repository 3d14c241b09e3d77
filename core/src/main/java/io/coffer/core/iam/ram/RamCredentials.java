package io.coffer.core.iam.ram;

import io.coffer.core.crypto.RootKey;
import io.coffer.core.iam.AccessKey;
import io.coffer.core.iam.Credentials;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The access keys requests are signed with: the account's root key(s), held in memory, and RAM
 * users' keys from the {@link RamStore}, their secrets unwrapped by the root key. Every request
 * authenticates, so unwrapped keys are cached; {@link RamService} drops a key from the cache after
 * each change that commits (status, deletion, its user's rename or deletion), so an Inactive or
 * deleted key is refused from the next request on. An Inactive key is found with
 * {@code active=false}; a deleted key or user is not found. Unknown ids are not cached (each costs
 * one indexed read). Thread-safe.
 */
public final class RamCredentials implements Credentials {
  private final Map<String, AccessKey> roots = new HashMap<>();
  private final RamStore store;
  private final RootKey root;
  private final Map<String, AccessKey> cache = new ConcurrentHashMap<>();
  /** Orders cache fills against invalidations: a fill that read before a change must not land after it. */
  private final Object lock = new Object();
  private long generation;

  public RamCredentials(RamStore store, RootKey root, AccessKey... rootKeys) {
    this.store = store;
    this.root = root;
    for (AccessKey k : rootKeys) roots.put(k.id(), k);
  }

  @Override
  public Optional<AccessKey> find(String accessKeyId) {
    AccessKey k = roots.get(accessKeyId);
    if (k != null) return Optional.of(k);
    k = cache.get(accessKeyId);
    if (k != null) return Optional.of(k);
    long seen;
    synchronized (lock) {
      seen = generation;
    }
    Optional<AccessKey> loaded = load(accessKeyId);
    loaded.ifPresent(key -> {
      synchronized (lock) {
        if (generation == seen) cache.put(accessKeyId, key);
      }
    });
    return loaded;
  }

  /** Whether {@code accessKeyId} is one of the root keys (RAM keys must not shadow one). */
  boolean isRootKey(String accessKeyId) {
    return roots.containsKey(accessKeyId);
  }

  private Optional<AccessKey> load(String accessKeyId) {
    record Row(RamAccessKey key, RamUser user) {}
    Optional<Row> row = store.read(v -> v.accessKey(accessKeyId)
        .flatMap(k -> v.userById(k.userId()).map(u -> new Row(k, u))));
    return row.map(r -> new AccessKey(r.key().accessKeyId(), RamSecrets.unwrap(root, r.key()), r.key().accountId(),
        r.key().status() == AccessKeyStatus.Active, r.user().userId(), r.user().userName()));
  }

  /** Forgets one key; call after the change committed. */
  void invalidate(String accessKeyId) {
    synchronized (lock) {
      generation++;
      cache.remove(accessKeyId);
    }
  }

  /** Forgets every key of a user (renamed or deleted); call after the change committed. */
  void invalidateUser(String userId) {
    synchronized (lock) {
      generation++;
      cache.values().removeIf(k -> k.userId().equals(userId));
    }
  }
}
