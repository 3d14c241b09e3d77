package io.coffer.core.iam.ram;

import io.coffer.core.crypto.RootKey;
import io.coffer.core.error.CofferException;
import io.coffer.core.error.CofferException.RamConflict;
import io.coffer.core.error.CofferException.RamEntity;
import io.coffer.core.error.CofferException.RamLimit;
import io.coffer.core.iam.Authorizer;
import io.coffer.core.iam.Principal;
import io.coffer.core.iam.RamAction;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * RAM: an account's users, their access keys, custom and system policies, and which policies are
 * attached to which user (kms-ram-api.md §3). Every action makes one authorisation call, before it
 * looks anything up, so a caller that may not act learns nothing about what exists. Checks and
 * changes run in one store transaction: a refused request changes nothing. Nothing is deleted
 * implicitly: a user with keys or policies, or a policy that is attached or has other versions,
 * is refused with a DeleteConflict. Thread-safe.
 */
public final class RamService {
  public static final int MAX_USERS = 1000;
  public static final int MAX_ACCESS_KEYS_PER_USER = 2;
  public static final int MAX_POLICIES = 1500;
  public static final int MAX_POLICY_VERSIONS = 5;
  public static final int MAX_SYSTEM_POLICIES_PER_USER = 20;
  public static final int MAX_CUSTOM_POLICIES_PER_USER = 10;
  static final int SECRET_LENGTH = 30;
  private static final String ALPHANUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final RamStore store;
  private final RootKey root;
  private final Authorizer authorizer;
  private final RamCredentials credentials;
  private final Clock clock;
  private final SecureRandom random;

  /** @param credentials the cache that authentication reads; this service drops changed keys from it */
  public RamService(RamStore store, RootKey root, Authorizer authorizer, RamCredentials credentials, Clock clock,
      SecureRandom random) {
    this.store = store;
    this.root = root;
    this.authorizer = authorizer;
    this.credentials = credentials;
    this.clock = clock;
    this.random = random;
  }

  // ---- users ----

  /** CreateUser's fields; optional ones are {@code ""} when not given. */
  public record NewUser(String userName, String displayName, String mobilePhone, String email, String comments) {}

  /** UpdateUser's fields; null leaves a field unchanged. */
  public record UserUpdate(String newUserName, String newDisplayName, String newMobilePhone, String newEmail,
      String newComments) {}

  public RamUser createUser(Principal caller, NewUser r) {
    String account = caller.accountId();
    authorizer.authorize(caller, RamAction.CreateUser, userArn(account, r.userName()));
    RamRules.userName("UserName", r.userName());
    if (!r.displayName().isEmpty()) RamRules.displayName("DisplayName", r.displayName());
    RamRules.mobilePhone("MobilePhone", r.mobilePhone());
    RamRules.email("Email", r.email());
    RamRules.comments("Comments", r.comments());
    Instant now = clock.instant();
    while (true) {
      RamUser user = new RamUser(newUserId(), account, r.userName(), r.displayName(), r.mobilePhone(), r.email(),
          r.comments(), now, now);
      boolean made = store.write(tx -> {
        if (tx.user(account, r.userName()).isPresent()) throw new CofferException.RamEntityAlreadyExists(RamEntity.USER, r.userName());
        if (tx.userCount(account) >= MAX_USERS) {
          throw new CofferException.RamLimitExceeded(RamLimit.USER, "An account may have at most " + MAX_USERS + " users.");
        }
        return tx.insertUser(user);
      });
      // Not made only when the random id was taken (the name was checked): draw another.
      if (made) return user;
    }
  }

  public RamUser getUser(Principal caller, String userName) {
    authorizer.authorize(caller, RamAction.GetUser, userArn(caller.accountId(), userName));
    return store.read(v -> user(v, caller.accountId(), userName));
  }

  public RamUser updateUser(Principal caller, String userName, UserUpdate u) {
    String account = caller.accountId();
    authorizer.authorize(caller, RamAction.UpdateUser, userArn(account, userName));
    if (u.newUserName() != null) RamRules.userName("NewUserName", u.newUserName());
    if (u.newDisplayName() != null && !u.newDisplayName().isEmpty()) RamRules.displayName("NewDisplayName", u.newDisplayName());
    if (u.newMobilePhone() != null) RamRules.mobilePhone("NewMobilePhone", u.newMobilePhone());
    if (u.newEmail() != null) RamRules.email("NewEmail", u.newEmail());
    if (u.newComments() != null) RamRules.comments("NewComments", u.newComments());
    Instant now = clock.instant();
    RamUser[] before = new RamUser[1];
    RamUser after = store.write(tx -> {
      RamUser old = user(tx, account, userName);
      before[0] = old;
      String name = u.newUserName() != null ? u.newUserName() : old.userName();
      if (!name.equals(old.userName()) && tx.user(account, name).isPresent()) {
        throw new CofferException.RamEntityAlreadyExists(RamEntity.USER, name);
      }
      RamUser changed = new RamUser(old.userId(), account, name, or(u.newDisplayName(), old.displayName()),
          or(u.newMobilePhone(), old.mobilePhone()), or(u.newEmail(), old.email()), or(u.newComments(), old.comments()),
          old.created(), now);
      tx.updateUser(changed);
      return changed;
    });
    // Authentication hands out the user's name with its keys.
    if (!after.userName().equals(before[0].userName())) credentials.invalidateUser(after.userId());
    return after;
  }

  public void deleteUser(Principal caller, String userName) {
    String account = caller.accountId();
    authorizer.authorize(caller, RamAction.DeleteUser, userArn(account, userName));
    String userId = store.write(tx -> {
      RamUser u = user(tx, account, userName);
      if (!tx.accessKeys(u.userId()).isEmpty()) {
        throw new CofferException.RamDeleteConflict(RamConflict.USER_ACCESS_KEY,
            "The user " + userName + " still has access keys; delete them first.");
      }
      if (!tx.attachments(u.userId()).isEmpty()) {
        throw new CofferException.RamDeleteConflict(RamConflict.USER_POLICY,
            "The user " + userName + " still has policies attached; detach them first.");
      }
      tx.deleteUser(u.userId());
      return u.userId();
    });
    credentials.invalidateUser(userId);
  }

  /**
   * The account's users by name.
   *
   * @param marker where to start: empty for the first page, else the previous page's marker
   */
  public Page<RamUser> listUsers(Principal caller, String marker, int maxItems) {
    String account = caller.accountId();
    authorizer.authorize(caller, RamAction.ListUsers, userArn(account, "*"));
    List<RamUser> users = store.read(v -> v.users(account, marker.isEmpty() ? null : marker, maxItems + 1));
    boolean truncated = users.size() > maxItems;
    return new Page<>(truncated ? users.subList(0, maxItems) : users, truncated,
        truncated ? users.get(maxItems).userName() : "");
  }

  // ---- access keys ----

  /**
   * Makes a key for a user ({@code userName} null: the calling RAM user itself). The secret is
   * returned here only; it is stored wrapped by the root key.
   */
  public NewAccessKey createAccessKey(Principal caller, String userName) {
    String account = caller.accountId();
    authorizer.authorize(caller, RamAction.CreateAccessKey, userArn(account, target(caller, userName)));
    String userId = store.read(v -> keyOwner(v, caller, userName)).userId();
    String secret = randomText(SECRET_LENGTH);
    Instant now = clock.instant();
    while (true) {
      String id = "LTAI" + randomText(20);
      if (credentials.isRootKey(id)) continue;
      RamAccessKey key = new RamAccessKey(id, account, userId, AccessKeyStatus.Active, now,
          RamSecrets.wrap(root, account, userId, id, secret));
      boolean made = store.write(tx -> {
        RamUser owner = tx.userById(userId).orElseThrow(() -> new CofferException.RamEntityNotExist(RamEntity.USER,
            userName == null ? caller.userName() : userName));
        if (tx.accessKeys(owner.userId()).size() >= MAX_ACCESS_KEYS_PER_USER) {
          throw new CofferException.RamLimitExceeded(RamLimit.USER_ACCESS_KEY,
              "A user may have at most " + MAX_ACCESS_KEYS_PER_USER + " access keys.");
        }
        return tx.insertAccessKey(key);
      });
      if (made) return new NewAccessKey(key, secret);
    }
  }

  /** Activates or deactivates a user's key; requests signed with it follow at once. */
  public void updateAccessKey(Principal caller, String userName, String accessKeyId, AccessKeyStatus status) {
    authorizer.authorize(caller, RamAction.UpdateAccessKey, userArn(caller.accountId(), target(caller, userName)));
    store.write(tx -> {
      ownedKey(tx, caller, userName, accessKeyId);
      tx.updateAccessKeyStatus(accessKeyId, status);
      return null;
    });
    credentials.invalidate(accessKeyId);
  }

  public void deleteAccessKey(Principal caller, String userName, String accessKeyId) {
    authorizer.authorize(caller, RamAction.DeleteAccessKey, userArn(caller.accountId(), target(caller, userName)));
    store.write(tx -> {
      ownedKey(tx, caller, userName, accessKeyId);
      return tx.deleteAccessKey(accessKeyId);
    });
    credentials.invalidate(accessKeyId);
  }

  /** A user's keys, oldest first, without secrets. */
  public List<RamAccessKey> listAccessKeys(Principal caller, String userName) {
    authorizer.authorize(caller, RamAction.ListAccessKeys, userArn(caller.accountId(), target(caller, userName)));
    return store.read(v -> v.accessKeys(keyOwner(v, caller, userName).userId()));
  }

  // ---- policies ----

  /** GetPolicy's answer: the policy and its default version. */
  public record PolicyDetail(RamPolicy policy, PolicyVersion defaultVersion) {}

  public RamPolicy createPolicy(Principal caller, String name, String document, String description) {
    String account = caller.accountId();
    authorizer.authorize(caller, RamAction.CreatePolicy, policyArn(account, PolicyType.Custom, name));
    RamRules.policyName("PolicyName", name);
    RamRules.description("Description", description);
    RamRules.policyDocument(document);
    Instant now = clock.instant();
    store.write(tx -> {
      // A custom policy may not take a system policy's name: attaching by name would be ambiguous to people.
      if (tx.policy(account, name).isPresent() || RamSystemPolicies.get(name).isPresent()) {
        throw new CofferException.RamEntityAlreadyExists(RamEntity.POLICY, name);
      }
      if (tx.policyCount(account) >= MAX_POLICIES) {
        throw new CofferException.RamLimitExceeded(RamLimit.POLICY,
            "An account may have at most " + MAX_POLICIES + " custom policies.");
      }
      tx.insertPolicy(new CustomPolicy(account, name, description, 1, 2, now, now));
      tx.insertVersion(account, name, new PolicyVersion(1, document, true, now));
      return null;
    });
    return new RamPolicy(PolicyType.Custom, name, description, PolicyVersion.id(1), now, now, 0);
  }

  public PolicyDetail getPolicy(Principal caller, PolicyType type, String name) {
    String account = caller.accountId();
    authorizer.authorize(caller, RamAction.GetPolicy, policyArn(account, type, name));
    return store.read(v -> {
      RamPolicy p = policy(v, account, type, name, v.attachmentCounts(account, type));
      PolicyVersion d = type == PolicyType.System ? systemVersion(name)
          : v.version(account, name, RamRules.versionId(p.defaultVersion())).orElseThrow(
              () -> new CofferException.InternalError("the default version of policy " + name + " is missing"));
      return new PolicyDetail(p, d);
    });
  }

  /** Changes a custom policy's description. */
  public RamPolicy updatePolicyDescription(Principal caller, String name, String description) {
    String account = caller.accountId();
    authorizer.authorize(caller, RamAction.UpdatePolicyDescription, policyArn(account, PolicyType.Custom, name));
    RamRules.description("NewDescription", description);
    Instant now = clock.instant();
    return store.write(tx -> {
      CustomPolicy p = customPolicy(tx, account, name).withDescription(description, now);
      tx.updatePolicy(p);
      return view(p, tx.attachmentCounts(account, PolicyType.Custom));
    });
  }

  public void deletePolicy(Principal caller, String name) {
    String account = caller.accountId();
    authorizer.authorize(caller, RamAction.DeletePolicy, policyArn(account, PolicyType.Custom, name));
    store.write(tx -> {
      customPolicy(tx, account, name);
      if (tx.attachmentCounts(account, PolicyType.Custom).getOrDefault(name, 0) > 0) {
        throw new CofferException.RamDeleteConflict(RamConflict.POLICY_USER,
            "The policy " + name + " is attached to users; detach it first.");
      }
      if (tx.versions(account, name).size() > 1) {
        throw new CofferException.RamDeleteConflict(RamConflict.POLICY_VERSION,
            "The policy " + name + " has versions besides the default; delete them first.");
      }
      tx.deletePolicy(account, name);
      return null;
    });
  }

  /**
   * Custom policies, then system ones, each by name.
   *
   * @param type null for both
   * @param marker empty for the first page, else the previous page's marker
   * @throws CofferException.InvalidParameter Marker when the marker is not one this service made
   */
  public Page<RamPolicy> listPolicies(Principal caller, PolicyType type, String marker, int maxItems) {
    String account = caller.accountId();
    authorizer.authorize(caller, RamAction.ListPolicies, policyArn(account, PolicyType.Custom, "*"));
    List<RamPolicy> all = new ArrayList<>();
    store.read(v -> {
      if (type != PolicyType.Custom) {
        Map<String, Integer> counts = v.attachmentCounts(account, PolicyType.System);
        for (RamSystemPolicies.SystemPolicy s : RamSystemPolicies.all()) all.add(system(s, counts));
      }
      if (type != PolicyType.System) {
        Map<String, Integer> counts = v.attachmentCounts(account, PolicyType.Custom);
        for (CustomPolicy p : v.policies(account)) all.add(view(p, counts));
      }
      return null;
    });
    all.sort(Comparator.comparing(RamService::policyMarker));
    int from = 0;
    if (!marker.isEmpty()) {
      if (!marker.startsWith(PolicyType.System + ":") && !marker.startsWith(PolicyType.Custom + ":")) {
        throw new CofferException.InvalidParameter("Marker");
      }
      while (from < all.size() && policyMarker(all.get(from)).compareTo(marker) < 0) from++;
    }
    int to = Math.min(all.size(), from + maxItems);
    boolean truncated = to < all.size();
    return new Page<>(all.subList(from, to), truncated, truncated ? policyMarker(all.get(to)) : "");
  }

  /** Custom before System, then by name: the order of the markers, so a marker alone says where a page starts. */
  private static String policyMarker(RamPolicy p) {
    return p.type() + ":" + p.name();
  }

  public PolicyVersion createPolicyVersion(Principal caller, String name, String document, boolean setAsDefault,
      boolean rotate) {
    String account = caller.accountId();
    authorizer.authorize(caller, RamAction.CreatePolicyVersion, policyArn(account, PolicyType.Custom, name));
    RamRules.policyDocument(document);
    Instant now = clock.instant();
    return store.write(tx -> {
      CustomPolicy p = customPolicy(tx, account, name);
      List<PolicyVersion> versions = tx.versions(account, name);
      if (versions.size() >= MAX_POLICY_VERSIONS) {
        if (!rotate) {
          throw new CofferException.RamLimitExceeded(RamLimit.POLICY_VERSION,
              "A policy may have at most " + MAX_POLICY_VERSIONS + " versions.");
        }
        PolicyVersion oldest = versions.stream().filter(x -> !x.isDefault()).findFirst().orElseThrow();
        tx.deleteVersion(account, name, oldest.number());
      }
      int n = p.nextVersion();
      PolicyVersion made = new PolicyVersion(n, document, setAsDefault, now);
      tx.insertVersion(account, name, made);
      CustomPolicy changed = p.withNextVersion(n + 1, now);
      tx.updatePolicy(setAsDefault ? changed.withDefault(n, now) : changed);
      return made;
    });
  }

  public PolicyVersion getPolicyVersion(Principal caller, PolicyType type, String name, String versionId) {
    String account = caller.accountId();
    authorizer.authorize(caller, RamAction.GetPolicyVersion, policyArn(account, type, name));
    int n = RamRules.versionId(versionId);
    return store.read(v -> {
      if (type == PolicyType.System) {
        PolicyVersion only = systemVersion(name);
        if (n != only.number()) throw new CofferException.RamEntityNotExist(RamEntity.POLICY_VERSION, versionId);
        return only;
      }
      customPolicy(v, account, name);
      return v.version(account, name, n)
          .orElseThrow(() -> new CofferException.RamEntityNotExist(RamEntity.POLICY_VERSION, versionId));
    });
  }

  /** A policy's versions, oldest first. */
  public List<PolicyVersion> listPolicyVersions(Principal caller, PolicyType type, String name) {
    String account = caller.accountId();
    authorizer.authorize(caller, RamAction.ListPolicyVersions, policyArn(account, type, name));
    if (type == PolicyType.System) return List.of(systemVersion(name));
    return store.read(v -> {
      customPolicy(v, account, name);
      return v.versions(account, name);
    });
  }

  public void deletePolicyVersion(Principal caller, String name, String versionId) {
    String account = caller.accountId();
    authorizer.authorize(caller, RamAction.DeletePolicyVersion, policyArn(account, PolicyType.Custom, name));
    int n = RamRules.versionId(versionId);
    Instant now = clock.instant();
    store.write(tx -> {
      CustomPolicy p = customPolicy(tx, account, name);
      PolicyVersion v = tx.version(account, name, n)
          .orElseThrow(() -> new CofferException.RamEntityNotExist(RamEntity.POLICY_VERSION, versionId));
      if (v.isDefault()) {
        throw new CofferException.RamDeleteConflict(RamConflict.POLICY_VERSION_DEFAULT,
            "The default version of a policy cannot be deleted.");
      }
      tx.deleteVersion(account, name, n);
      tx.updatePolicy(p.touched(now));
      return null;
    });
  }

  public void setDefaultPolicyVersion(Principal caller, String name, String versionId) {
    String account = caller.accountId();
    authorizer.authorize(caller, RamAction.SetDefaultPolicyVersion, policyArn(account, PolicyType.Custom, name));
    int n = RamRules.versionId(versionId);
    Instant now = clock.instant();
    store.write(tx -> {
      CustomPolicy p = customPolicy(tx, account, name);
      if (tx.version(account, name, n).isEmpty()) throw new CofferException.RamEntityNotExist(RamEntity.POLICY_VERSION, versionId);
      tx.updatePolicy(p.withDefault(n, now));
      return null;
    });
  }

  // ---- attachments ----

  public void attachPolicyToUser(Principal caller, PolicyType type, String policyName, String userName) {
    String account = caller.accountId();
    authorizer.authorize(caller, RamAction.AttachPolicyToUser, userArn(account, userName),
        policyArn(account, type, policyName));
    Instant now = clock.instant();
    store.write(tx -> {
      RamUser u = user(tx, account, userName);
      policy(tx, account, type, policyName, Map.of());
      List<PolicyAttachment> attached = tx.attachments(u.userId());
      if (attached.stream().anyMatch(a -> a.type() == type && a.policyName().equals(policyName))) {
        throw new CofferException.RamEntityAlreadyExists(RamEntity.USER_POLICY, policyName);
      }
      int max = type == PolicyType.System ? MAX_SYSTEM_POLICIES_PER_USER : MAX_CUSTOM_POLICIES_PER_USER;
      if (attached.stream().filter(a -> a.type() == type).count() >= max) {
        throw new CofferException.RamLimitExceeded(RamLimit.USER_POLICY,
            "A user may have at most " + max + " " + type + " policies attached.");
      }
      tx.attach(account, new PolicyAttachment(u.userId(), type, policyName, now));
      return null;
    });
  }

  public void detachPolicyFromUser(Principal caller, PolicyType type, String policyName, String userName) {
    String account = caller.accountId();
    authorizer.authorize(caller, RamAction.DetachPolicyFromUser, userArn(account, userName),
        policyArn(account, type, policyName));
    store.write(tx -> {
      RamUser u = user(tx, account, userName);
      if (!tx.detach(u.userId(), type, policyName)) {
        throw new CofferException.RamEntityNotExist(RamEntity.USER_POLICY, policyName);
      }
      return null;
    });
  }

  /** A user's policies, in the order they were attached. */
  public List<AttachedPolicy> listPoliciesForUser(Principal caller, String userName) {
    String account = caller.accountId();
    authorizer.authorize(caller, RamAction.ListPoliciesForUser, userArn(account, userName));
    return store.read(v -> {
      RamUser u = user(v, account, userName);
      Map<PolicyType, Map<String, Integer>> counts = Map.of(PolicyType.System,
          v.attachmentCounts(account, PolicyType.System), PolicyType.Custom, v.attachmentCounts(account, PolicyType.Custom));
      return v.attachments(u.userId()).stream()
          .map(a -> new AttachedPolicy(policy(v, account, a.type(), a.policyName(), counts.get(a.type())), a.attached()))
          .toList();
    });
  }

  /**
   * The documents (default versions) of the policies attached to a RAM user, for policy
   * evaluation; empty for the account's root identity and for a user that no longer exists. Not an
   * API action: no authorisation.
   */
  public List<String> attachedPolicyDocuments(Principal principal) {
    if (!principal.isRamUser()) return List.of();
    return store.read(v -> {
      List<String> out = new ArrayList<>();
      for (PolicyAttachment a : v.attachments(principal.userId())) {
        if (a.type() == PolicyType.System) {
          RamSystemPolicies.get(a.policyName()).ifPresent(s -> out.add(s.document()));
        } else {
          v.policy(principal.accountId(), a.policyName())
              .flatMap(p -> v.version(principal.accountId(), p.name(), p.defaultVersion()))
              .ifPresent(x -> out.add(x.document()));
        }
      }
      return out;
    });
  }

  // ---- helpers ----

  static String userArn(String account, String userName) {
    return "acs:ram:*:" + account + ":user/" + userName;
  }

  static String policyArn(String account, PolicyType type, String name) {
    return "acs:ram:*:" + (type == PolicyType.System ? "system" : account) + ":policy/" + name;
  }

  private static RamUser user(RamStore.View v, String account, String userName) {
    return v.user(account, userName).orElseThrow(() -> new CofferException.RamEntityNotExist(RamEntity.USER, userName));
  }

  /** The user a key action names: {@code userName}, or the calling RAM user when it is null. */
  private static String target(Principal caller, String userName) {
    if (userName != null) return userName;
    // The account's own keys live in root-credentials, not in RAM.
    if (!caller.isRamUser()) throw new CofferException.MissingParameter("UserName");
    return caller.userName();
  }

  private static RamUser keyOwner(RamStore.View v, Principal caller, String userName) {
    if (userName != null) return user(v, caller.accountId(), userName);
    // By id: the name the caller authenticated with may have changed since.
    return v.userById(caller.userId())
        .orElseThrow(() -> new CofferException.RamEntityNotExist(RamEntity.USER, caller.userName()));
  }

  private static RamAccessKey ownedKey(RamStore.View v, Principal caller, String userName, String accessKeyId) {
    RamUser owner = keyOwner(v, caller, userName);
    return v.accessKey(accessKeyId).filter(k -> k.userId().equals(owner.userId()))
        .orElseThrow(() -> new CofferException.RamEntityNotExist(RamEntity.USER_ACCESS_KEY, accessKeyId));
  }

  private static CustomPolicy customPolicy(RamStore.View v, String account, String name) {
    return v.policy(account, name).orElseThrow(() -> new CofferException.RamEntityNotExist(RamEntity.POLICY, name));
  }

  private static RamPolicy policy(RamStore.View v, String account, PolicyType type, String name,
      Map<String, Integer> counts) {
    if (type == PolicyType.System) {
      return RamSystemPolicies.get(name).map(s -> system(s, counts))
          .orElseThrow(() -> new CofferException.RamEntityNotExist(RamEntity.POLICY, name));
    }
    return view(customPolicy(v, account, name), counts);
  }

  private static RamPolicy system(RamSystemPolicies.SystemPolicy s, Map<String, Integer> counts) {
    return new RamPolicy(PolicyType.System, s.name(), s.description(), RamSystemPolicies.VERSION_ID,
        RamSystemPolicies.CREATED, RamSystemPolicies.CREATED, counts.getOrDefault(s.name(), 0));
  }

  private static RamPolicy view(CustomPolicy p, Map<String, Integer> counts) {
    return new RamPolicy(PolicyType.Custom, p.name(), p.description(), PolicyVersion.id(p.defaultVersion()),
        p.created(), p.updated(), counts.getOrDefault(p.name(), 0));
  }

  private static PolicyVersion systemVersion(String name) {
    RamSystemPolicies.SystemPolicy s = RamSystemPolicies.get(name)
        .orElseThrow(() -> new CofferException.RamEntityNotExist(RamEntity.POLICY, name));
    return new PolicyVersion(1, s.document(), true, RamSystemPolicies.CREATED);
  }

  private static String or(String value, String fallback) {
    return value != null ? value : fallback;
  }

  /** 16 decimal digits, the first not zero, like Alibaba's user ids. */
  private String newUserId() {
    StringBuilder b = new StringBuilder(16).append((char) ('1' + random.nextInt(9)));
    for (int i = 1; i < 16; i++) b.append((char) ('0' + random.nextInt(10)));
    return b.toString();
  }

  private String randomText(int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) b.append(ALPHANUM.charAt(random.nextInt(ALPHANUM.length())));
    return b.toString();
  }
}
