package io.coffer.core.bucket;

import io.coffer.core.error.CofferException;
import io.coffer.core.iam.Authorizer;
import io.coffer.core.iam.OssAction;
import io.coffer.core.iam.Principal;
import io.coffer.core.model.Bucket;
import io.coffer.core.model.BucketAcl;
import io.coffer.core.model.BucketName;
import io.coffer.core.model.SseAlgorithm;
import io.coffer.core.model.SseMethod;
import io.coffer.core.model.SseSpec;
import io.coffer.core.model.StorageClass;
import io.coffer.core.storage.MetadataStore;
import io.coffer.core.storage.MetadataStore.DeleteBucketOutcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Creating, finding, configuring and deleting buckets. */
public final class BucketService {
  private final MetadataStore store;
  private final Authorizer authorizer;
  private final Clock clock;
  private final String region;

  public BucketService(MetadataStore store, Authorizer authorizer, Clock clock, String region) {
    this.store = store;
    this.authorizer = authorizer;
    this.clock = clock;
    this.region = region;
  }

  /** The region id, e.g. {@code cn-hangzhou}. */
  public String region() {
    return region;
  }

  /**
   * @param locationConstraint null, {@code oss-<region>} or {@code <region>} of this server
   * @param encryption the default encryption rule to start with (SSE headers on PutBucket), or null
   */
  public record CreateBucketRequest(BucketName name, BucketAcl acl, StorageClass storageClass, String locationConstraint,
      String redundancyType, SseSpec encryption) {
    public CreateBucketRequest(BucketName name, BucketAcl acl, StorageClass storageClass, String locationConstraint,
        String redundancyType) {
      this(name, acl, storageClass, locationConstraint, redundancyType, null);
    }
  }

  /**
   * PutBucket. Creating a bucket the caller already owns succeeds and updates its ACL when one was
   * given, as OSS does.
   */
  public Bucket createBucket(Principal caller, CreateBucketRequest req, boolean aclGiven) {
    return create(caller, req, aclGiven, false);
  }

  /**
   * Creating a bucket where the caller asks for a new one (the console's Create Bucket): a name that
   * exists, even the caller's own bucket, is BucketAlreadyExists and nothing changes.
   */
  public Bucket createNewBucket(Principal caller, CreateBucketRequest req) {
    return create(caller, req, true, true);
  }

  private Bucket create(Principal caller, CreateBucketRequest req, boolean aclGiven, boolean mustBeNew) {
    if (caller.isAnonymous()) throw new CofferException.AccessDenied("Anonymous users cannot create buckets.");
    // A RAM user needs oss:PutBucket on the bucket-to-be, owned by its account.
    authorizer.authorize(caller, OssAction.PUT_BUCKET,
        new Bucket(req.name(), caller.accountId(), clock.instant(), req.acl(), req.storageClass(), "LRS"), null, null);
    if (req.encryption() != null && namesCmk(req.encryption().kmsKeyId())) {
      // A starting rule naming a CMK asks what PutBucketEncryption asks (seeds 000/002), before
      // anything is stored: a refused rule leaves no bucket behind.
      authorizer.authorizeKmsUse(caller, caller.accountId(), kmsArn(caller.accountId(), req.encryption().kmsKeyId()),
          io.coffer.core.kms.KmsCrypto.SSE_CONFIGURE);
    }
    String lc = req.locationConstraint();
    if (lc != null && !lc.isEmpty() && !lc.equals(region) && !lc.equals("oss-" + region)) {
      throw new CofferException.InvalidLocationConstraint();
    }
    String redundancy = req.redundancyType() == null || req.redundancyType().isEmpty() ? "LRS" : req.redundancyType();
    if (!redundancy.equals("LRS") && !redundancy.equals("ZRS")) {
      throw new CofferException.InvalidArgument("Invalid data redundancy type.", "DataRedundancyType", redundancy);
    }
    Bucket fresh = new Bucket(req.name(), caller.accountId(), clock.instant(), req.acl(), req.storageClass(), redundancy);
    if (store.createBucket(fresh)) {
      if (req.encryption() != null) storeRule(req.name(), req.encryption());
      return fresh;
    }
    Bucket existing = store.bucket(req.name()).orElseThrow(() -> new CofferException.NoSuchBucket(req.name().value()));
    if (mustBeNew || !existing.owner().equals(caller.accountId())) {
      throw new CofferException.BucketAlreadyExists(req.name().value());
    }
    // A retried create (say after a crash between the two writes) still ends with the rule asked for.
    if (req.encryption() != null) storeRule(req.name(), req.encryption());
    if (aclGiven && existing.acl() != req.acl()) {
      Bucket updated = existing.withAcl(req.acl());
      store.updateBucket(updated);
      return updated;
    }
    return existing;
  }

  /** Loads a bucket and checks the caller may perform {@code action} on it. */
  public Bucket authorized(Principal caller, OssAction action, BucketName name) {
    Bucket b = require(name);
    authorizer.authorize(caller, action, b, null, null);
    return b;
  }

  /** The bucket, or NoSuchBucket. No authorisation: callers authorise against the resource they act on. */
  public Bucket require(BucketName name) {
    return store.bucket(name).orElseThrow(() -> new CofferException.NoSuchBucket(name.value()));
  }

  public void deleteBucket(Principal caller, BucketName name) {
    authorized(caller, OssAction.DELETE_BUCKET, name);
    // The bucket's configuration rows go with it; a later bucket of the same name starts without a policy.
    DeleteBucketOutcome[] outcome = new DeleteBucketOutcome[1];
    policies.compute(name, (n, cached) -> {
      outcome[0] = store.deleteBucket(n);
      return outcome[0] == DeleteBucketOutcome.DELETED ? null : cached;
    });
    switch (outcome[0]) {
      case DELETED -> {}
      case NOT_FOUND -> throw new CofferException.NoSuchBucket(name.value());
      case HAS_OBJECTS -> throw new CofferException.BucketNotEmpty(name.value(), "The bucket has objects. Please delete them first.");
      case HAS_UPLOADS -> throw new CofferException.BucketNotEmpty(name.value(), "The bucket has Multipart Uploads.");
    }
  }

  public record BucketListing(List<Bucket> buckets, boolean truncated, String nextMarker) {}

  /** ListBuckets: the caller's buckets by name, after {@code marker}, at most {@code maxKeys}. */
  public BucketListing listBuckets(Principal caller, String prefix, String marker, int maxKeys) {
    authorizer.authorize(caller, OssAction.LIST_BUCKETS, null, null, null);
    if (maxKeys < 1 || maxKeys > 1000) {
      throw new CofferException.InvalidArgument("max-keys must be between 1 and 1000.", "max-keys", Integer.toString(maxKeys));
    }
    List<Bucket> out = new ArrayList<>();
    boolean truncated = false;
    for (Bucket b : store.buckets()) {
      String n = b.name().value();
      if (!b.owner().equals(caller.accountId())) continue;
      if (prefix != null && !n.startsWith(prefix)) continue;
      if (marker != null && n.compareTo(marker) <= 0) continue;
      if (out.size() == maxKeys) {
        truncated = true;
        break;
      }
      out.add(b);
    }
    return new BucketListing(out, truncated, truncated ? out.get(out.size() - 1).name().value() : null);
  }

  public Bucket putBucketAcl(Principal caller, BucketName name, BucketAcl acl) {
    Bucket b = require(name);
    if (!caller.isAnonymous() && !b.owner().equals(caller.accountId())) {
      // OSS answers PutBucketAcl on another account's bucket as if it were a create.
      throw new CofferException.BucketAlreadyExists(name.value());
    }
    authorizer.authorize(caller, OssAction.PUT_BUCKET_ACL, b, null, null);
    Bucket updated = b.withAcl(acl);
    store.updateBucket(updated);
    return updated;
  }

  // ---- default encryption ----

  private static final String ENCRYPTION_CONFIG = "encryption";

  /**
   * The bucket's default encryption rule, applied to writes that ask for none. Reading it needs no
   * authorisation: writes consult it on the caller's behalf.
   */
  public Optional<SseSpec> encryptionRule(BucketName name) {
    return store.bucketConfig(name, ENCRYPTION_CONFIG).map(BucketService::decodeRule);
  }

  /** GetBucketEncryption. */
  public SseSpec getEncryptionRule(Principal caller, BucketName name) {
    authorized(caller, OssAction.GET_BUCKET_ENCRYPTION, name);
    return encryptionRule(name).orElseThrow(CofferException.NoSuchServerSideEncryptionRule::new);
  }

  /** PutBucketEncryption. The CMK id is not checked against the KMS here, as OSS does not either. */
  public void putEncryptionRule(Principal caller, BucketName name, SseSpec rule) {
    Bucket b = authorized(caller, OssAction.PUT_BUCKET_ENCRYPTION, name);
    if (namesCmk(rule.kmsKeyId())) {
      // Seeds 000/002: naming a CMK also takes kms:List* and kms:DescribeKey on it.
      authorizer.authorizeKmsUse(caller, b.owner(), kmsArn(b.owner(), rule.kmsKeyId()),
          io.coffer.core.kms.KmsCrypto.SSE_CONFIGURE);
    }
    storeRule(name, rule);
  }

  /** Whether a rule's CMK needs the caller's KMS permissions: the default CMK, named or not, needs none. */
  private static boolean namesCmk(String ref) {
    return ref != null && !ref.equals(io.coffer.core.kms.KmsService.OSS_DEFAULT_ALIAS);
  }

  /** The ARN a bucket rule's KMSMasterKeyID names (a key id, an alias, or an ARN already). */
  private String kmsArn(String owner, String ref) {
    if (ref.startsWith("acs:kms:")) return ref;
    if (ref.startsWith("alias/") && ref.length() > "alias/".length()) return io.coffer.core.iam.policy.KmsResources.alias(region, owner, ref);
    return io.coffer.core.iam.policy.KmsResources.key(region, owner, ref);
  }

  /** DeleteBucketEncryption: removing a rule that is not there is not an error. */
  public void deleteEncryptionRule(Principal caller, BucketName name) {
    authorized(caller, OssAction.DELETE_BUCKET_ENCRYPTION, name);
    if (!store.putBucketConfig(name, ENCRYPTION_CONFIG, null)) throw new CofferException.NoSuchBucket(name.value());
  }

  private void storeRule(BucketName name, SseSpec rule) {
    if (!store.putBucketConfig(name, ENCRYPTION_CONFIG, encodeRule(rule))) {
      throw new CofferException.NoSuchBucket(name.value());
    }
  }

  /**
   * A rule from the SSEAlgorithm / KMSMasterKeyID / KMSDataEncryption fields, validated as OSS
   * does: an unknown algorithm is InvalidEncryptionAlgorithmError; a CMK id only goes with KMS; a
   * data-encryption value is dropped unless the algorithm is KMS.
   */
  public static SseSpec rule(String algorithm, String kmsMasterKeyId, String kmsDataEncryption) {
    String alg = algorithm == null ? "" : algorithm.trim();
    String cmk = kmsMasterKeyId == null || kmsMasterKeyId.isBlank() ? null : kmsMasterKeyId.trim();
    return switch (alg) {
      case "AES256", "SM4" -> {
        if (cmk != null) {
          throw new CofferException.InvalidArgument("KMSMasterKeyID is not applicable if the default sse algorithm is not KMS",
              "KMSMasterKeyID", cmk);
        }
        yield SseSpec.oss(SseAlgorithm.valueOf(alg));
      }
      case "KMS" -> new SseSpec(SseMethod.KMS, SseSpec.kmsDataAlgorithm(
          kmsDataEncryption == null ? null : kmsDataEncryption.trim(), "KMSDataEncryption"), cmk);
      default -> throw new CofferException.InvalidEncryptionAlgorithm();
    };
  }

  private static String encodeRule(SseSpec rule) {
    return rule.method().name() + "|" + rule.algorithm().name() + "|" + (rule.kmsKeyId() == null ? "" : rule.kmsKeyId());
  }

  private static SseSpec decodeRule(String stored) {
    String[] p = stored.split("\\|", 3);
    return new SseSpec(SseMethod.valueOf(p[0]), SseAlgorithm.valueOf(p[1]), p.length < 3 || p[2].isEmpty() ? null : p[2]);
  }

  // ---- bucket policy ----

  private static final String POLICY_CONFIG = "policy";
  /** Past this many cached buckets the cache starts over; entries are cheap to reload. */
  private static final int MAX_CACHED_POLICIES = 100_000;

  /**
   * Each bucket's policy document (or its absence) as stored, because the Authorizer asks for it
   * on every OSS request on the bucket. Single process: every change of a policy, and every bucket
   * deletion, goes through this service, which updates the entry inside {@code compute} for that
   * bucket. The map runs a load for a bucket and a change of it one at a time, so a load that read
   * the store before a change can never put the old document back afterwards.
   */
  private final ConcurrentHashMap<BucketName, Optional<String>> policies = new ConcurrentHashMap<>();

  /**
   * The bucket's policy document, if it has one, for the Authorizer's PolicySource. No
   * authorisation: the Authorizer reads it on the caller's behalf.
   */
  public Optional<String> policyDocument(Bucket bucket) {
    Optional<String> cached = policies.get(bucket.name());
    if (cached != null) return cached;
    if (policies.size() >= MAX_CACHED_POLICIES) policies.clear();
    return policies.computeIfAbsent(bucket.name(), n -> store.bucketConfig(n, POLICY_CONFIG));
  }

  /**
   * PutBucketPolicy: replaces the bucket's policy with {@code document}, stored as given.
   *
   * @throws CofferException.MalformedPolicyDocument when the document is not UTF-8, over 16 KB, not
   *     a valid bucket policy, or has a Resource outside this bucket; nothing changes then
   */
  public void putPolicy(Principal caller, BucketName name, byte[] document) {
    Bucket b = authorized(caller, OssAction.PUT_BUCKET_POLICY, name);
    String text = BucketPolicies.validate(b, document);
    policies.compute(name, (n, cached) -> {
      if (!store.putBucketConfig(n, POLICY_CONFIG, text)) throw new CofferException.NoSuchBucket(n.value());
      return Optional.of(text);
    });
  }

  /** GetBucketPolicy: the document exactly as it was put. */
  public String getPolicy(Principal caller, BucketName name) {
    Bucket b = authorized(caller, OssAction.GET_BUCKET_POLICY, name);
    return policyDocument(b).orElseThrow(() -> new CofferException.NoSuchBucketPolicy(name.value()));
  }

  /** DeleteBucketPolicy: removing a policy that is not there is not an error, as in OSS. */
  public void deletePolicy(Principal caller, BucketName name) {
    authorized(caller, OssAction.DELETE_BUCKET_POLICY, name);
    policies.compute(name, (n, cached) -> {
      if (!store.putBucketConfig(n, POLICY_CONFIG, null)) throw new CofferException.NoSuchBucket(n.value());
      return Optional.empty();
    });
  }
}
