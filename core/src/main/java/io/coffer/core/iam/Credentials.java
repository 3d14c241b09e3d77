package io.coffer.core.iam;

import java.util.Optional;

/** Looks up access keys for signature checks. Implementations are thread-safe. */
public interface Credentials {
  Optional<AccessKey> find(String accessKeyId);
}
