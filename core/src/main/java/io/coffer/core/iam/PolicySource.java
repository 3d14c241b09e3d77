package io.coffer.core.iam;

import io.coffer.core.iam.policy.Policy;
import io.coffer.core.model.Bucket;
import java.util.List;
import java.util.Optional;

/** Where the policies governing a request come from: RAM (identity) and the bucket's own policy. */
public interface PolicySource {
  PolicySource NONE = new PolicySource() {
    @Override
    public List<Policy> identityPolicies(Principal ramUser) {
      return List.of();
    }

    @Override
    public Optional<Policy> bucketPolicy(Bucket bucket) {
      return Optional.empty();
    }
  };

  /** The policies attached to a RAM user (their default versions), parsed; empty for anyone else. */
  List<Policy> identityPolicies(Principal ramUser);

  /** The bucket's policy, if it has one. */
  Optional<Policy> bucketPolicy(Bucket bucket);
}
