package io.coffer.core.iam.ram;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Durable RAM state: users, their access keys (secrets wrapped by the root key, never plaintext),
 * custom policies with their versions, and attachments. {@link #read} sees the last committed
 * state; {@link #write} runs a unit of work as one durable transaction, so checks and changes
 * inside it cannot interleave with another writer's, and an exception thrown inside rolls
 * everything back. Implementations are thread-safe.
 */
public interface RamStore {

  <T> T read(Function<View, T> work);

  <T> T write(Function<Tx, T> work);

  /** Queries, inside a read or a write. */
  interface View {
    Optional<RamUser> user(String accountId, String userName);

    Optional<RamUser> userById(String userId);

    /** The account's users by name (code-point order) from {@code fromName} (inclusive, null = first), at most {@code limit}. */
    List<RamUser> users(String accountId, String fromName, int limit);

    int userCount(String accountId);

    Optional<RamAccessKey> accessKey(String accessKeyId);

    /** A user's keys, oldest first. */
    List<RamAccessKey> accessKeys(String userId);

    Optional<CustomPolicy> policy(String accountId, String name);

    /** The account's custom policies by name. */
    List<CustomPolicy> policies(String accountId);

    int policyCount(String accountId);

    /** A custom policy's versions, oldest first. */
    List<PolicyVersion> versions(String accountId, String policyName);

    Optional<PolicyVersion> version(String accountId, String policyName, int number);

    /** A user's attachments, oldest first. */
    List<PolicyAttachment> attachments(String userId);

    /** How many of the account's users each policy of {@code type} is attached to (policies attached to none are absent). */
    Map<String, Integer> attachmentCounts(String accountId, PolicyType type);
  }

  /** The operations of one write transaction. */
  interface Tx extends View {
    /** @return false if the id or the name (in the account) is taken */
    boolean insertUser(RamUser user);

    /** Replaces the user with the same id; the caller checked that a new name is free. */
    void updateUser(RamUser user);

    /** The caller checked that no key or attachment refers to it. */
    void deleteUser(String userId);

    /** @return false if the id is taken */
    boolean insertAccessKey(RamAccessKey key);

    void updateAccessKeyStatus(String accessKeyId, AccessKeyStatus status);

    boolean deleteAccessKey(String accessKeyId);

    /** @return false if the name is taken */
    boolean insertPolicy(CustomPolicy policy);

    /** Replaces description, default, next version number and update time. */
    void updatePolicy(CustomPolicy policy);

    /** Removes the policy with its versions; the caller checked that nothing is attached. */
    void deletePolicy(String accountId, String name);

    void insertVersion(String accountId, String policyName, PolicyVersion version);

    boolean deleteVersion(String accountId, String policyName, int number);

    /** @return false if already attached */
    boolean attach(String accountId, PolicyAttachment attachment);

    boolean detach(String userId, PolicyType type, String policyName);
  }
}
