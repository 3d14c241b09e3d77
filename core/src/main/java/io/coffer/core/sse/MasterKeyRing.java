package io.coffer.core.sse;

import io.coffer.core.crypto.KeyMaterial;
import io.coffer.core.crypto.KeyUnwrapException;
import io.coffer.core.crypto.RootKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSE-OSS master keys: versioned terms, the newest active for wrapping, all kept for
 * unwrapping (as Vault's keyring keeps its terms). Each object's wrapped data key records the
 * version that wrapped it, so rotation changes nothing for existing objects. Master keys are
 * stored wrapped by the root key and held unwrapped only in memory. Thread-safe.
 */
public final class MasterKeyRing implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MasterKeyRing.class);
  public static final int KEY_BYTES = 32;

  private final KeyRecordStore store;
  private final RootKey root;
  private final Clock clock;
  private final SecureRandom random;
  private final NavigableMap<Integer, KeyMaterial> keys = new ConcurrentSkipListMap<>();
  private final NavigableMap<Integer, Instant> created = new ConcurrentSkipListMap<>();

  public MasterKeyRing(KeyRecordStore store, RootKey root, Clock clock, SecureRandom random) {
    this.store = store;
    this.root = root;
    this.clock = clock;
    this.random = random;
    load();
    if (keys.isEmpty()) rotate();
  }

  static byte[] context(int version) {
    return ("coffer:sse-oss-master-key:v" + version).getBytes(StandardCharsets.US_ASCII);
  }

  /** Picks up versions another process (an admin command) added; cheap when nothing changed. */
  public void refresh() {
    load();
  }

  private synchronized void load() {
    List<KeyRecordStore.StoredMasterKey> stored = store.masterKeys();
    for (KeyRecordStore.StoredMasterKey k : stored) {
      if (keys.containsKey(k.version())) continue;
      try {
        keys.put(k.version(), KeyMaterial.adopt(root.unwrap(k.wrapped(), context(k.version()))));
        created.put(k.version(), k.created());
      } catch (KeyUnwrapException e) {
        throw new IllegalStateException("master key version " + k.version() + " does not open with the root key ("
            + root.describe() + ")", e);
      }
    }
  }

  /** The version new data keys are wrapped with. */
  public int currentVersion() {
    return keys.lastKey();
  }

  public Instant currentCreated() {
    return created.get(currentVersion());
  }

  /** All versions held, ascending. */
  public List<Integer> versions() {
    return List.copyOf(keys.keySet());
  }

  /**
   * The master key of {@code version}; the ring keeps ownership (do not destroy it).
   *
   * @throws IllegalStateException for a version this ring does not hold
   */
  public KeyMaterial key(int version) {
    KeyMaterial k = keys.get(version);
    if (k == null) {
      load(); // another process (an admin command) may have added it
      k = keys.get(version);
    }
    if (k == null) throw new IllegalStateException("unknown master key version " + version);
    return k;
  }

  /** Adds a new master key version and makes it current. Returns the new version. */
  public synchronized int rotate() {
    load();
    int next = keys.isEmpty() ? 1 : keys.lastKey() + 1;
    byte[] k = new byte[KEY_BYTES];
    random.nextBytes(k);
    Instant now = clock.instant();
    byte[] wrapped = root.wrap(k, context(next));
    if (!store.addMasterKey(new KeyRecordStore.StoredMasterKey(next, wrapped, now))) {
      Arrays.fill(k, (byte) 0);
      load();
      return currentVersion();
    }
    keys.put(next, KeyMaterial.adopt(k));
    created.put(next, now);
    log.info("SSE-OSS master key version {} is now current", next);
    return next;
  }

  /** Rotates when the current version is older than {@code maxAge}; returns whether it did. */
  public boolean rotateIfOlderThan(Duration maxAge) {
    if (Duration.between(currentCreated(), clock.instant()).compareTo(maxAge) < 0) return false;
    rotate();
    return true;
  }

  @Override
  public void close() {
    for (KeyMaterial k : keys.values()) k.destroy();
    keys.clear();
  }
}
