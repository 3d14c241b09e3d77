package io.coffer.core.iam;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Access keys held in memory: the root account's key, loaded at start-up. */
public final class StaticCredentials implements Credentials {
  private final Map<String, AccessKey> keys = new ConcurrentHashMap<>();

  public StaticCredentials(AccessKey... initial) {
    for (AccessKey k : initial) keys.put(k.id(), k);
  }

  @Override
  public Optional<AccessKey> find(String accessKeyId) {
    return Optional.ofNullable(keys.get(accessKeyId));
  }
}
