package io.coffer.server.rpc.kms;

import static io.coffer.server.rpc.kms.KmsCalls.assertKmsError;
import static io.coffer.server.rpc.kms.KmsCalls.createExternalKey;
import static io.coffer.server.rpc.kms.KmsCalls.createKey;
import static io.coffer.server.rpc.kms.KmsCalls.decrypt;
import static io.coffer.server.rpc.kms.KmsCalls.describe;
import static io.coffer.server.rpc.kms.KmsCalls.encrypt;
import static io.coffer.server.rpc.kms.KmsCalls.raw;
import static io.coffer.server.rpc.kms.KmsCalls.state;
import static io.coffer.server.rpc.kms.KmsCalls.versionIds;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyuncs.kms.model.v20160120.CancelKeyDeletionRequest;
import com.aliyuncs.kms.model.v20160120.CreateKeyVersionRequest;
import com.aliyuncs.kms.model.v20160120.DeleteAliasRequest;
import com.aliyuncs.kms.model.v20160120.DescribeKeyResponse;
import com.aliyuncs.kms.model.v20160120.DisableKeyRequest;
import com.aliyuncs.kms.model.v20160120.EnableKeyRequest;
import com.aliyuncs.kms.model.v20160120.GenerateDataKeyRequest;
import com.aliyuncs.kms.model.v20160120.GenerateDataKeyWithoutPlaintextRequest;
import com.aliyuncs.kms.model.v20160120.ListKeysRequest;
import com.aliyuncs.kms.model.v20160120.ReEncryptRequest;
import com.aliyuncs.kms.model.v20160120.ScheduleKeyDeletionRequest;
import com.aliyuncs.kms.model.v20160120.UpdateAliasRequest;
import com.aliyuncs.kms.model.v20160120.UpdateRotationPolicyRequest;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.PopClient;
import io.coffer.server.testing.RawAnswer;
import io.coffer.server.testing.RpcRawRequest;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The key state × operation matrix (kms-ram-api.md §2.2) through the official KMS SDK: every
 * refused call names the state with its KMS code (409) and leaves the key as it was.
 */
class KmsStateErrorsIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String UNKNOWN = "00000000-0000-4000-8000-000000000000";
  static PopClient kms;
  static String spare;

  @BeforeAll
  static void setUp() throws Exception {
    kms = coffer.kms();
    spare = createKey(kms);
  }

  @Test
  void disabledKey_refusesEveryCryptographicCallWithRejectedDisabled() throws Exception {
    String keyId = createKey(kms);
    String blob = encrypt(kms, keyId, "before", null);
    String spareBlob = encrypt(kms, spare, "spare", null);
    call(new DisableKeyRequest(), keyId);
    assertCryptoRefused(keyId, blob, spareBlob, "Rejected.Disabled");
    assertThat(state(kms, keyId)).isEqualTo("Disabled");

    RawAnswer a = raw(coffer, RpcRawRequest.v1("Encrypt").param("KeyId", keyId).param("Plaintext", "x"));
    assertThat(a.status()).isEqualTo(409);
    assertThat(a.code()).isEqualTo("Rejected.Disabled");
    assertThat(a.body().path("RequestId").asText()).isNotBlank();
    assertThat(a.body().path("Message").asText()).isEqualTo("The request was rejected because the key state is Disabled.");

    call(new EnableKeyRequest(), keyId);
    assertThat(decrypt(kms, blob, null)).isEqualTo("before");
  }

  @Test
  void pendingDeletionKey_refusesCryptographyAndStateChanges() throws Exception {
    String keyId = createKey(kms);
    String blob = encrypt(kms, keyId, "before", null);
    String spareBlob = encrypt(kms, spare, "spare", null);
    schedule(keyId);
    String deleteDate = describe(kms, keyId).getDeleteDate();
    assertCryptoRefused(keyId, blob, spareBlob, "Rejected.PendingDeletion");
    assertKmsError(() -> call(new EnableKeyRequest(), keyId), "Rejected.StateModifiedFailed");
    assertKmsError(() -> call(new DisableKeyRequest(), keyId), "Rejected.StateModifiedFailed");
    assertKmsError(() -> schedule(keyId), "Rejected.StateModifiedFailed");
    assertKmsError(() -> call(new CreateKeyVersionRequest(), keyId), "Rejected.PendingDeletion");
    assertKmsError(() -> rotation(keyId, true, "30d"), "Rejected.PendingDeletion");

    DescribeKeyResponse.KeyMetadata m = describe(kms, keyId);
    assertThat(m.getKeyState()).isEqualTo("PendingDeletion");
    assertThat(m.getDeleteDate()).isEqualTo(deleteDate);
    assertThat(m.getAutomaticRotation()).isEqualTo("Disabled");
    assertThat(versionIds(kms, keyId)).hasSize(1);

    RawAnswer a = raw(coffer, RpcRawRequest.v3("EnableKey").param("KeyId", keyId));
    assertThat(a.status()).isEqualTo(409);
    assertThat(a.code()).isEqualTo("Rejected.StateModifiedFailed");
    assertThat(state(kms, keyId)).isEqualTo("PendingDeletion");
  }

  @Test
  void pendingImportKey_refusesCryptographyAndEnableDisableButMayBeScheduled() throws Exception {
    String keyId = createExternalKey(kms, "Aliyun_AES_256");
    String spareBlob = encrypt(kms, spare, "spare", null);
    assertCryptoRefused(keyId, null, spareBlob, "Rejected.PendingImport");
    assertKmsError(() -> call(new EnableKeyRequest(), keyId), "Rejected.StateModifiedFailed");
    assertKmsError(() -> call(new DisableKeyRequest(), keyId), "Rejected.StateModifiedFailed");
    assertKmsError(() -> call(new CancelKeyDeletionRequest(), keyId), "Rejected.StateModifiedFailed");
    assertThat(state(kms, keyId)).isEqualTo("PendingImport");

    RawAnswer a = raw(coffer, RpcRawRequest.v1("GenerateDataKey").param("KeyId", keyId));
    assertThat(a.status()).isEqualTo(409);
    assertThat(a.code()).isEqualTo("Rejected.PendingImport");

    schedule(keyId);
    assertThat(state(kms, keyId)).isEqualTo("PendingDeletion");
    call(new CancelKeyDeletionRequest(), keyId);
    // Without material the key goes back to waiting for it.
    assertThat(state(kms, keyId)).isEqualTo("PendingImport");
  }

  @Test
  void cancelKeyDeletion_keyNotPendingDeletion_isStateModifiedFailed() throws Exception {
    String enabled = createKey(kms);
    String disabled = createKey(kms);
    call(new DisableKeyRequest(), disabled);
    assertKmsError(() -> call(new CancelKeyDeletionRequest(), enabled), "Rejected.StateModifiedFailed");
    assertKmsError(() -> call(new CancelKeyDeletionRequest(), disabled), "Rejected.StateModifiedFailed");
    assertThat(state(kms, enabled)).isEqualTo("Enabled");
    assertThat(state(kms, disabled)).isEqualTo("Disabled");
    RawAnswer a = raw(coffer, RpcRawRequest.v1("CancelKeyDeletion").param("KeyId", enabled));
    assertThat(a.status()).isEqualTo(409);
    assertThat(a.code()).isEqualTo("Rejected.StateModifiedFailed");
  }

  @Test
  void disabledKey_mayStillBeScheduledForDeletionAndDescribed() throws Exception {
    String keyId = createKey(kms);
    call(new DisableKeyRequest(), keyId);
    schedule(keyId);
    assertThat(state(kms, keyId)).isEqualTo("PendingDeletion");
    call(new CancelKeyDeletionRequest(), keyId);
    assertThat(state(kms, keyId)).isEqualTo("Enabled");
  }

  @Test
  void unknownKey_isForbiddenKeyNotFoundWith404ForEveryKeyAction() throws Exception {
    int keysBefore = kms.call(new ListKeysRequest()).getTotalCount();
    assertKmsError(() -> describe(kms, UNKNOWN), "Forbidden.KeyNotFound");
    assertKmsError(() -> encrypt(kms, UNKNOWN, "x", null), "Forbidden.KeyNotFound");
    assertKmsError(() -> call(new EnableKeyRequest(), UNKNOWN), "Forbidden.KeyNotFound");
    assertKmsError(() -> call(new DisableKeyRequest(), UNKNOWN), "Forbidden.KeyNotFound");
    assertKmsError(() -> schedule(UNKNOWN), "Forbidden.KeyNotFound");
    assertKmsError(() -> call(new CancelKeyDeletionRequest(), UNKNOWN), "Forbidden.KeyNotFound");
    assertKmsError(() -> call(new CreateKeyVersionRequest(), UNKNOWN), "Forbidden.KeyNotFound");
    assertKmsError(() -> rotation(UNKNOWN, true, "30d"), "Forbidden.KeyNotFound");
    assertKmsError(() -> versionIds(kms, UNKNOWN), "Forbidden.KeyNotFound");
    assertKmsError(() -> reEncrypt(encrypt(kms, spare, "s", null), UNKNOWN), "Forbidden.KeyNotFound");
    // A key ARN of this account whose id does not exist.
    assertKmsError(() -> describe(kms, "acs:kms:" + CofferExtension.REGION + ":"
        + coffer.server().rootKey().accountId() + ":key/" + UNKNOWN), "Forbidden.KeyNotFound");

    for (RpcRawRequest r : new RpcRawRequest[] {RpcRawRequest.v1("DescribeKey").param("KeyId", UNKNOWN),
        RpcRawRequest.v3("DisableKey").param("KeyId", UNKNOWN),
        RpcRawRequest.v1("GenerateDataKey").param("KeyId", UNKNOWN).inForm()}) {
      RawAnswer a = raw(coffer, r);
      assertThat(a.status()).isEqualTo(404);
      assertThat(a.code()).isEqualTo("Forbidden.KeyNotFound");
      assertThat(a.body().path("Message").asText()).isEqualTo("The specified Key is not found.");
    }
    RawAnswer alias = raw(coffer, RpcRawRequest.v1("DescribeKey").param("KeyId", "alias/nobody"));
    assertThat(alias.status()).isEqualTo(404);
    assertThat(alias.code()).isEqualTo("Forbidden.AliasNotFound");
    assertThat(kms.call(new ListKeysRequest()).getTotalCount()).isEqualTo(keysBefore);
  }

  @Test
  void ossServiceKey_cannotBeDisabledDeletedOrRotatedByCallers() throws Exception {
    OSS oss = coffer.client();
    oss.createBucket("svc");
    ObjectMetadata meta = new ObjectMetadata();
    meta.setServerSideEncryption("KMS");
    oss.putObject("svc", "o", new ByteArrayInputStream(new byte[] {7}), meta);
    String keyId = describe(kms, "alias/acs/oss").getKeyId();
    DescribeKeyResponse.KeyMetadata before = describe(kms, keyId);

    assertKmsError(() -> call(new DisableKeyRequest(), keyId), "Rejected.UnsupportedOperation");
    assertKmsError(() -> schedule(keyId), "Rejected.UnsupportedOperation");
    assertKmsError(() -> rotation(keyId, true, "30d"), "Rejected.UnsupportedOperation");
    assertKmsError(() -> call(new CreateKeyVersionRequest(), keyId), "Rejected.UnsupportedOperation");
    DeleteAliasRequest d = new DeleteAliasRequest();
    d.setAliasName("alias/acs/oss");
    assertKmsError(() -> kms.call(d), "InvalidParameter");
    UpdateAliasRequest u = new UpdateAliasRequest();
    u.setAliasName("alias/acs/oss");
    u.setKeyId(spare);
    assertKmsError(() -> kms.call(u), "InvalidParameter");

    DescribeKeyResponse.KeyMetadata after = describe(kms, "alias/acs/oss");
    assertThat(after.getKeyId()).isEqualTo(keyId);
    assertThat(after.getKeyState()).isEqualTo("Enabled");
    assertThat(after.getAutomaticRotation()).isEqualTo("Disabled");
    assertThat(after.getPrimaryKeyVersion()).isEqualTo(before.getPrimaryKeyVersion());
    assertThat(versionIds(kms, keyId)).hasSize(1);
    // The object encrypted under it still reads.
    try (var o = oss.getObject("svc", "o")) {
      assertThat(o.getObjectContent().readAllBytes()).containsExactly(7);
    }
  }

  // ---- helpers ----

  /**
   * Encrypt, GenerateDataKey(WithoutPlaintext), Decrypt of {@code ownBlob} (if any), and ReEncrypt
   * with the key as destination all fail with {@code code}; the spare key's blob still opens.
   */
  private static void assertCryptoRefused(String keyId, String ownBlob, String spareBlob, String code) throws Exception {
    assertKmsError(() -> encrypt(kms, keyId, "x", null), code);
    GenerateDataKeyRequest g = new GenerateDataKeyRequest();
    g.setKeyId(keyId);
    assertKmsError(() -> kms.call(g), code);
    GenerateDataKeyWithoutPlaintextRequest w = new GenerateDataKeyWithoutPlaintextRequest();
    w.setKeyId(keyId);
    assertKmsError(() -> kms.call(w), code);
    if (ownBlob != null) {
      assertKmsError(() -> decrypt(kms, ownBlob, null), code);
      assertKmsError(() -> reEncrypt(ownBlob, spare), code);
    }
    assertKmsError(() -> reEncrypt(spareBlob, keyId), code);
    assertThat(decrypt(kms, spareBlob, null)).isEqualTo("spare");
  }

  private static String reEncrypt(String blob, String destination) throws Exception {
    ReEncryptRequest r = new ReEncryptRequest();
    r.setCiphertextBlob(blob);
    r.setDestinationKeyId(destination);
    return kms.call(r).getCiphertextBlob();
  }

  private static void schedule(String keyId) throws Exception {
    ScheduleKeyDeletionRequest s = new ScheduleKeyDeletionRequest();
    s.setKeyId(keyId);
    s.setPendingWindowInDays(7);
    kms.call(s);
  }

  private static void rotation(String keyId, boolean on, String interval) throws Exception {
    UpdateRotationPolicyRequest r = new UpdateRotationPolicyRequest();
    r.setKeyId(keyId);
    r.setEnableAutomaticRotation(on);
    if (interval != null) r.setRotationInterval(interval);
    kms.call(r);
  }

  /** Sends a KeyId-only request (EnableKey, DisableKey, CancelKeyDeletion, CreateKeyVersion). */
  private static void call(com.aliyuncs.RpcAcsRequest<?> request, String keyId) throws Exception {
    request.putQueryParameter("KeyId", keyId);
    kms.call(request);
  }
}
