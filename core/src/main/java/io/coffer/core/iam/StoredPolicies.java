package io.coffer.core.iam;

import io.coffer.core.iam.policy.Policy;
import io.coffer.core.iam.policy.PolicyKind;
import io.coffer.core.model.Bucket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The {@link PolicySource} over stored documents: a RAM user's attached policies and a bucket's
 * policy, read from their stores on every request (so a detach or a changed default version takes
 * effect on the next request) and parsed once per distinct document text.
 */
public final class StoredPolicies implements PolicySource {
  private static final int MAX_PARSED = 10_000;

  private final Function<Principal, List<String>> identityDocuments;
  private final Function<Bucket, Optional<String>> bucketDocument;
  private final Map<String, Policy> parsed = new ConcurrentHashMap<>();

  /**
   * @param identityDocuments the default-version documents of the policies attached to a RAM user
   * @param bucketDocument a bucket's policy document, if any
   */
  public StoredPolicies(Function<Principal, List<String>> identityDocuments,
      Function<Bucket, Optional<String>> bucketDocument) {
    this.identityDocuments = identityDocuments;
    this.bucketDocument = bucketDocument;
  }

  @Override
  public List<Policy> identityPolicies(Principal ramUser) {
    if (!ramUser.isRamUser()) return List.of();
    List<Policy> out = new ArrayList<>();
    for (String doc : identityDocuments.apply(ramUser)) out.add(parse(doc, PolicyKind.RAM));
    return out;
  }

  @Override
  public Optional<Policy> bucketPolicy(Bucket bucket) {
    return bucketDocument.apply(bucket).map(doc -> parse(doc, PolicyKind.BUCKET));
  }

  /** Stored documents were validated when written; the cache only saves re-parsing them. */
  private Policy parse(String doc, PolicyKind kind) {
    String cacheKey = kind.name() + '\n' + doc;
    Policy p = parsed.get(cacheKey);
    if (p != null) return p;
    p = Policy.parse(doc, kind);
    if (parsed.size() >= MAX_PARSED) parsed.clear();
    parsed.put(cacheKey, p);
    return p;
  }
}
