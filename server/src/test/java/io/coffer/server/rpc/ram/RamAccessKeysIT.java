package io.coffer.server.rpc.ram;

import static io.coffer.server.rpc.ram.RamCalls.TIME;
import static io.coffer.server.rpc.ram.RamCalls.assertRamError;
import static io.coffer.server.rpc.ram.RamCalls.attach;
import static io.coffer.server.rpc.ram.RamCalls.createKey;
import static io.coffer.server.rpc.ram.RamCalls.createUser;
import static io.coffer.server.rpc.ram.RamCalls.detach;
import static io.coffer.server.rpc.ram.RamCalls.keys;
import static io.coffer.server.rpc.ram.RamCalls.raw;
import static io.coffer.server.rpc.ram.RamCalls.rawRam;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyuncs.kms.model.v20160120.ListKeysRequest;
import com.aliyuncs.ram.model.v20150501.CreateAccessKeyRequest;
import com.aliyuncs.ram.model.v20150501.CreateAccessKeyResponse;
import com.aliyuncs.ram.model.v20150501.DeleteAccessKeyRequest;
import com.aliyuncs.ram.model.v20150501.DeleteUserRequest;
import com.aliyuncs.ram.model.v20150501.ListAccessKeysRequest;
import com.aliyuncs.ram.model.v20150501.ListAccessKeysResponse;
import com.aliyuncs.ram.model.v20150501.ListUsersRequest;
import com.aliyuncs.ram.model.v20150501.UpdateAccessKeyRequest;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.PopClient;
import io.coffer.server.testing.RawAnswer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RAM users' access keys through the official RAM SDK, and what they do at the doors: a new key
 * signs OSS and RPC requests (V1 and V3); Inactive, deleted keys and keys of deleted users are
 * refused at once. A key acts with its user's policies: the users here may use OSS and read KMS
 * (AliyunOSSFullAccess, AliyunKMSReadOnlyAccess) and have no RAM permission.
 */
class RamAccessKeysIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "ram-keys-it";
  static PopClient ram;

  @BeforeAll
  static void setUp() {
    ram = coffer.kms();
    coffer.client().createBucket(BUCKET);
  }

  /** A user whose keys {@link #assertKeyWorks} can exercise. */
  private static void createWorker(String name) throws Exception {
    createUser(ram, name);
    attach(ram, "System", "AliyunOSSFullAccess", name);
    attach(ram, "System", "AliyunKMSReadOnlyAccess", name);
  }

  private static void updateStatus(String user, String keyId, String status) throws Exception {
    UpdateAccessKeyRequest r = new UpdateAccessKeyRequest();
    r.setUserName(user);
    r.setUserAccessKeyId(keyId);
    r.setStatus(status);
    ram.call(r);
  }

  private static void deleteKey(String user, String keyId) throws Exception {
    DeleteAccessKeyRequest r = new DeleteAccessKeyRequest();
    r.setUserName(user);
    r.setUserAccessKeyId(keyId);
    ram.call(r);
  }

  /** An OSS round trip and a KMS call signed with the key; both must succeed. */
  private static void assertKeyWorks(CreateAccessKeyResponse.AccessKey k) throws Exception {
    OSS oss = coffer.client(k.getAccessKeyId(), k.getAccessKeySecret());
    String object = "by-" + k.getAccessKeyId();
    oss.putObject(BUCKET, object, new ByteArrayInputStream("ram".getBytes(StandardCharsets.UTF_8)));
    assertThat(new String(oss.getObject(BUCKET, object).getObjectContent().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("ram");
    assertThat(coffer.kms(k.getAccessKeyId(), k.getAccessKeySecret()).call(new ListKeysRequest()).getRequestId())
        .isNotBlank();
    assertThat(coffer.kmsV3(k.getAccessKeyId(), k.getAccessKeySecret()).call(new ListKeysRequest()).getRequestId())
        .isNotBlank();
  }

  private static void assertOssRefused(CreateAccessKeyResponse.AccessKey k) {
    OSS oss = coffer.client(k.getAccessKeyId(), k.getAccessKeySecret());
    assertThatThrownBy(() -> oss.listBuckets()).isInstanceOfSatisfying(OSSException.class,
        e -> assertThat(e.getErrorCode()).isEqualTo("InvalidAccessKeyId"));
    assertThatThrownBy(() -> oss.putObject(BUCKET, "refused-" + k.getAccessKeyId(),
        new ByteArrayInputStream(new byte[1]))).isInstanceOf(OSSException.class);
    assertThat(coffer.client().doesObjectExist(BUCKET, "refused-" + k.getAccessKeyId())).isFalse();
  }

  private static void assertRpcRefused(CreateAccessKeyResponse.AccessKey k, String code) {
    assertRamError(() -> coffer.kms(k.getAccessKeyId(), k.getAccessKeySecret()).call(new ListKeysRequest()), code);
    assertRamError(() -> coffer.kmsV3(k.getAccessKeyId(), k.getAccessKeySecret()).call(new ListKeysRequest()), code);
  }

  @Test
  void createAccessKey_returnsTheSecretOnce_andListShowsTheKeyWithoutIt() throws Exception {
    createUser(ram, "keyed");
    Instant before = Instant.now().minusSeconds(2);
    CreateAccessKeyResponse.AccessKey k = createKey(ram, "keyed");
    assertThat(k.getAccessKeyId()).matches("LTAI[A-Za-z0-9]{20}");
    assertThat(k.getAccessKeySecret()).matches("[A-Za-z0-9]{30}");
    assertThat(k.getStatus()).isEqualTo("Active");
    assertThat(k.getCreateDate()).matches(TIME);
    assertThat(Instant.parse(k.getCreateDate())).isAfterOrEqualTo(before);

    List<ListAccessKeysResponse.AccessKey> listed = keys(ram, "keyed");
    assertThat(listed).singleElement().satisfies(l -> {
      assertThat(l.getAccessKeyId()).isEqualTo(k.getAccessKeyId());
      assertThat(l.getStatus()).isEqualTo("Active");
      assertThat(l.getCreateDate()).isEqualTo(k.getCreateDate());
    });
    RawAnswer a = raw(coffer, rawRam("ListAccessKeys").param("UserName", "keyed"));
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body().toString()).contains(k.getAccessKeyId()).doesNotContain(k.getAccessKeySecret())
        .doesNotContain("AccessKeySecret");
  }

  @Test
  void newKey_signsOssAndRpcRequests_asItsAccount() throws Exception {
    createWorker("worker");
    CreateAccessKeyResponse.AccessKey k = createKey(ram, "worker");
    assertKeyWorks(k);
    // Authenticated, but no attached policy grants a ram: action.
    assertRamError(() -> coffer.kms(k.getAccessKeyId(), k.getAccessKeySecret()).call(new ListUsersRequest()),
        "NoPermission");
    RawAnswer a = raw(coffer, rawRam("ListUsers").key(k.getAccessKeyId(), k.getAccessKeySecret()));
    assertThat(a.status()).isEqualTo(403);
    assertThat(a.code()).isEqualTo("NoPermission");
    // With no UserName a key action names the caller: authenticated as "worker", still not authorised.
    assertRamError(() -> coffer.kms(k.getAccessKeyId(), k.getAccessKeySecret()).call(new CreateAccessKeyRequest()),
        "NoPermission");
    assertThat(keys(ram, "worker")).hasSize(1);
  }

  @Test
  void updateAccessKey_inactive_refusesOssAndRpcAtOnce_andActiveAgainRestores() throws Exception {
    createWorker("toggled");
    CreateAccessKeyResponse.AccessKey k = createKey(ram, "toggled");
    assertKeyWorks(k);

    updateStatus("toggled", k.getAccessKeyId(), "Inactive");
    assertThat(keys(ram, "toggled")).singleElement().satisfies(l -> assertThat(l.getStatus()).isEqualTo("Inactive"));
    assertOssRefused(k);
    assertRpcRefused(k, "InvalidAccessKeyId.Inactive");

    updateStatus("toggled", k.getAccessKeyId(), "Active");
    assertKeyWorks(k);
  }

  @Test
  void deleteAccessKey_refusesTheKeyAsUnknown_andTheOtherKeyKeepsWorking() throws Exception {
    createWorker("rotating");
    CreateAccessKeyResponse.AccessKey old = createKey(ram, "rotating");
    CreateAccessKeyResponse.AccessKey fresh = createKey(ram, "rotating");
    assertKeyWorks(old);

    deleteKey("rotating", old.getAccessKeyId());
    assertOssRefused(old);
    assertRpcRefused(old, "InvalidAccessKeyId.NotFound");
    assertThat(keys(ram, "rotating")).extracting(ListAccessKeysResponse.AccessKey::getAccessKeyId)
        .containsExactly(fresh.getAccessKeyId());
    assertKeyWorks(fresh);
  }

  @Test
  void deleteUser_afterItsKeys_leavesThemUnknown_evenToANewUserOfTheSameName() throws Exception {
    createWorker("leaver");
    CreateAccessKeyResponse.AccessKey k = createKey(ram, "leaver");
    assertKeyWorks(k);
    deleteKey("leaver", k.getAccessKeyId());
    detach(ram, "System", "AliyunOSSFullAccess", "leaver");
    detach(ram, "System", "AliyunKMSReadOnlyAccess", "leaver");
    DeleteUserRequest d = new DeleteUserRequest();
    d.setUserName("leaver");
    ram.call(d);
    createUser(ram, "leaver");

    assertOssRefused(k);
    assertRpcRefused(k, "InvalidAccessKeyId.NotFound");
    assertThat(keys(ram, "leaver")).isEmpty();
  }

  @Test
  void thirdAccessKey_isLimitExceeded_andChangesNothing() throws Exception {
    createUser(ram, "two-keys");
    createKey(ram, "two-keys");
    createKey(ram, "two-keys");
    assertRamError(() -> createKey(ram, "two-keys"), "LimitExceeded.User.AccessKey");
    RawAnswer a = raw(coffer, rawRam("CreateAccessKey").param("UserName", "two-keys"));
    assertThat(a.status()).isEqualTo(409);
    assertThat(a.code()).isEqualTo("LimitExceeded.User.AccessKey");
    assertThat(keys(ram, "two-keys")).hasSize(2);
  }

  @Test
  void keyOfAnotherUser_orUnknownKey_isEntityNotExistUserAccessKey_andChangesNothing() throws Exception {
    createWorker("owner");
    createUser(ram, "stranger");
    CreateAccessKeyResponse.AccessKey k = createKey(ram, "owner");
    ThrowingCallable otherUser = () -> updateStatus("stranger", k.getAccessKeyId(), "Inactive");
    assertRamError(otherUser, "EntityNotExist.User.AccessKey");
    assertRamError(() -> deleteKey("stranger", k.getAccessKeyId()), "EntityNotExist.User.AccessKey");
    assertRamError(() -> updateStatus("owner", "LTAInosuchkey0000000000", "Inactive"), "EntityNotExist.User.AccessKey");
    RawAnswer a = raw(coffer, rawRam("DeleteAccessKey").param("UserName", "owner")
        .param("UserAccessKeyId", "LTAInosuchkey0000000000"));
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.code()).isEqualTo("EntityNotExist.User.AccessKey");
    assertThat(keys(ram, "owner")).singleElement().satisfies(l -> assertThat(l.getStatus()).isEqualTo("Active"));
    assertKeyWorks(k);
  }

  @Test
  void badStatus_unknownUser_missingParameters_areRefusedAndChangeNothing() throws Exception {
    createWorker("strict");
    CreateAccessKeyResponse.AccessKey k = createKey(ram, "strict");
    assertRamError(() -> updateStatus("strict", k.getAccessKeyId(), "Disabled"), "InvalidParameter.Status");
    assertRamError(() -> updateStatus("strict", k.getAccessKeyId(), "active"), "InvalidParameter.Status");
    assertRamError(() -> createKey(ram, "ghost"), "EntityNotExist.User");
    assertRamError(() -> keys(ram, "ghost"), "EntityNotExist.User");
    // The account's own key lives in root-credentials, not in RAM: the root must name a user.
    assertRamError(() -> ram.call(new CreateAccessKeyRequest()), "MissingParameter");
    assertRamError(() -> ram.call(new ListAccessKeysRequest()), "MissingParameter");
    UpdateAccessKeyRequest noKey = new UpdateAccessKeyRequest();
    noKey.setUserName("strict");
    noKey.setStatus("Inactive");
    assertRamError(() -> ram.call(noKey), "MissingParameter");
    assertThat(keys(ram, "strict")).singleElement().satisfies(l -> assertThat(l.getStatus()).isEqualTo("Active"));
    assertKeyWorks(k);
  }
}
