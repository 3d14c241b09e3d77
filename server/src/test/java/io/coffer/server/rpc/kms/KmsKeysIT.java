package io.coffer.server.rpc.kms;

import static io.coffer.server.rpc.kms.KmsCalls.assertKmsError;
import static io.coffer.server.rpc.kms.KmsCalls.createKey;
import static io.coffer.server.rpc.kms.KmsCalls.decrypt;
import static io.coffer.server.rpc.kms.KmsCalls.describe;
import static io.coffer.server.rpc.kms.KmsCalls.encrypt;
import static io.coffer.server.rpc.kms.KmsCalls.state;
import static io.coffer.server.rpc.kms.KmsCalls.versionIds;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyuncs.kms.model.v20160120.CancelKeyDeletionRequest;
import com.aliyuncs.kms.model.v20160120.CreateAliasRequest;
import com.aliyuncs.kms.model.v20160120.CreateKeyRequest;
import com.aliyuncs.kms.model.v20160120.CreateKeyResponse;
import com.aliyuncs.kms.model.v20160120.DescribeKeyRequest;
import com.aliyuncs.kms.model.v20160120.DescribeKeyResponse;
import com.aliyuncs.kms.model.v20160120.DisableKeyRequest;
import com.aliyuncs.kms.model.v20160120.EnableKeyRequest;
import com.aliyuncs.kms.model.v20160120.EncryptRequest;
import com.aliyuncs.kms.model.v20160120.EncryptResponse;
import com.aliyuncs.kms.model.v20160120.ListAliasesRequest;
import com.aliyuncs.kms.model.v20160120.ListKeysRequest;
import com.aliyuncs.kms.model.v20160120.ListKeysResponse;
import com.aliyuncs.kms.model.v20160120.ScheduleKeyDeletionRequest;
import com.aliyuncs.kms.model.v20160120.UpdateKeyDescriptionRequest;
import com.aliyuncs.kms.model.v20160120.UpdateRotationPolicyRequest;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.PopClient;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** KMS key management through the official KMS SDK: creation, metadata, listing, states, deletion, rotation. */
class KmsKeysIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
  static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";
  static PopClient kms;
  static String account;

  @BeforeAll
  static void setUp() {
    kms = coffer.kms();
    account = coffer.server().rootKey().accountId();
  }

  @Test
  void createKey_defaults_isAnEnabledAes256KeyWithCompleteMetadata() throws Exception {
    CreateKeyRequest r = new CreateKeyRequest();
    r.setDescription("orders key");
    Instant before = coffer.kmsClock().instant().minusSeconds(1);
    CreateKeyResponse.KeyMetadata m = kms.call(r).getKeyMetadata();

    assertThat(m.getKeyId()).matches(UUID);
    assertThat(m.getArn()).isEqualTo("acs:kms:" + CofferExtension.REGION + ":" + account + ":key/" + m.getKeyId());
    assertThat(m.getKeyState()).isEqualTo("Enabled");
    assertThat(m.getKeySpec()).isEqualTo("Aliyun_AES_256");
    assertThat(m.getKeyUsage()).isEqualTo("ENCRYPT/DECRYPT");
    assertThat(m.getOrigin()).isEqualTo("Aliyun_KMS");
    assertThat(m.getProtectionLevel()).isEqualTo("SOFTWARE");
    assertThat(m.getDescription()).isEqualTo("orders key");
    assertThat(m.getCreator()).isEqualTo(account);
    assertThat(m.getCreationDate()).matches(TIME);
    assertThat(Instant.parse(m.getCreationDate())).isBetween(before, coffer.kmsClock().instant().plusSeconds(1));
    assertThat(m.getDeleteDate()).isEmpty();
    assertThat(m.getMaterialExpireTime()).isEmpty();
    assertThat(m.getPrimaryKeyVersion()).matches(UUID);
    assertThat(m.getLastRotationDate()).isEqualTo(m.getCreationDate());
    assertThat(m.getAutomaticRotation()).isEqualTo("Disabled");
    assertThat(m.getRotationInterval()).isNull();
    assertThat(m.getNextRotationDate()).isNull();
    assertThat(versionIds(kms, m.getKeyId())).containsExactly(m.getPrimaryKeyVersion());

    DescribeKeyResponse.KeyMetadata d = describe(kms, m.getKeyId());
    assertThat(d.getArn()).isEqualTo(m.getArn());
    assertThat(d.getCreationDate()).isEqualTo(m.getCreationDate());
    assertThat(d.getPrimaryKeyVersion()).isEqualTo(m.getPrimaryKeyVersion());
    assertThat(d.getDeletionProtection()).isEqualTo("Disabled");
  }

  @Test
  void createKey_sm4_isAnSm4KeyThatEncrypts() throws Exception {
    String keyId = createKey(kms, r -> r.setKeySpec("Aliyun_SM4"));
    assertThat(describe(kms, keyId).getKeySpec()).isEqualTo("Aliyun_SM4");
    String blob = encrypt(kms, keyId, "sm4 secret", null);
    assertThat(decrypt(kms, blob, null)).isEqualTo("sm4 secret");
  }

  @Test
  void createKey_external_isPendingImportAndCannotEncrypt() throws Exception {
    CreateKeyRequest r = new CreateKeyRequest();
    r.setOrigin("EXTERNAL");
    CreateKeyResponse.KeyMetadata m = kms.call(r).getKeyMetadata();
    assertThat(m.getOrigin()).isEqualTo("EXTERNAL");
    assertThat(m.getKeyState()).isEqualTo("PendingImport");
    assertThat(m.getMaterialExpireTime()).isEmpty();
    assertKmsError(() -> encrypt(kms, m.getKeyId(), "x", null), "Rejected.PendingImport");
  }

  @Test
  void createKey_withAutomaticRotation_showsTheScheduleAndRotatesWhenDue() throws Exception {
    CreateKeyResponse.KeyMetadata m = kms.call(rotating("8d")).getKeyMetadata();
    assertThat(m.getAutomaticRotation()).isEqualTo("Enabled");
    assertThat(m.getRotationInterval()).isEqualTo("691200s");
    assertThat(Instant.parse(m.getNextRotationDate()))
        .isEqualTo(Instant.parse(m.getLastRotationDate()).plus(Duration.ofDays(8)));
    assertThat(describe(kms, m.getKeyId()).getRotationInterval()).isEqualTo("691200s");

    coffer.kmsClock().advance(Duration.ofDays(8).plusMinutes(1));
    coffer.server().kms().maintain();
    List<String> versions = versionIds(kms, m.getKeyId());
    assertThat(versions).hasSize(2).startsWith(m.getPrimaryKeyVersion());
    assertThat(describe(kms, m.getKeyId()).getPrimaryKeyVersion()).isEqualTo(versions.get(1));
  }

  @Test
  void createKey_v3Signature_createsAndDescribes() throws Exception {
    PopClient v3 = coffer.kmsV3();
    String keyId = createKey(v3, r -> r.setDescription("made over V3 + form"));
    assertThat(describe(v3, keyId).getDescription()).isEqualTo("made over V3 + form");
    assertThat(describe(kms, keyId).getDescription()).isEqualTo("made over V3 + form");
  }

  @Test
  void describeKey_byAliasKeyArnAndAliasArn_describesTheSameKey() throws Exception {
    String keyId = createKey(kms);
    CreateAliasRequest a = new CreateAliasRequest();
    a.setAliasName("alias/describe-me");
    a.setKeyId(keyId);
    kms.call(a);
    String prefix = "acs:kms:" + CofferExtension.REGION + ":" + account + ":";
    for (String ref : List.of("alias/describe-me", prefix + "key/" + keyId, prefix + "alias/describe-me")) {
      DescribeKeyRequest r = new DescribeKeyRequest();
      r.setKeyId(ref);
      assertThat(kms.call(r).getKeyMetadata().getKeyId()).as(ref).isEqualTo(keyId);
    }
  }

  @Test
  void listKeys_pages_coverEveryKeyOnceWithTotalCount() throws Exception {
    Set<String> mine = new HashSet<>();
    for (int i = 0; i < 5; i++) mine.add(createKey(kms));
    int total = list(1, 100, null).getTotalCount();
    assertThat(total).isGreaterThanOrEqualTo(5);

    List<String> seen = new ArrayList<>();
    for (int page = 1; page <= (total + 1) / 2; page++) {
      ListKeysResponse r = list(page, 2, null);
      assertThat(r.getPageNumber()).isEqualTo(page);
      assertThat(r.getPageSize()).isEqualTo(2);
      assertThat(r.getTotalCount()).isEqualTo(total);
      assertThat(r.getKeys()).hasSize(Math.min(2, total - (page - 1) * 2));
      for (ListKeysResponse.Key k : r.getKeys()) {
        assertThat(k.getKeyArn()).isEqualTo("acs:kms:" + CofferExtension.REGION + ":" + account + ":key/" + k.getKeyId());
        seen.add(k.getKeyId());
      }
    }
    assertThat(seen).doesNotHaveDuplicates().hasSize(total).containsAll(mine);
    assertThat(list(total + 1, 2, null).getKeys()).isEmpty();

    ListKeysResponse defaults = kms.call(new ListKeysRequest());
    assertThat(defaults.getPageNumber()).isEqualTo(1);
    assertThat(defaults.getPageSize()).isEqualTo(10);
    assertThat(defaults.getKeys()).hasSize(Math.min(10, total));
  }

  @Test
  void listKeys_filters_selectByStateSpecAndCreatorType() throws Exception {
    String disabledSm4 = createKey(kms, r -> r.setKeySpec("Aliyun_SM4"));
    disable(disabledSm4);
    String enabledSm4 = createKey(kms, r -> r.setKeySpec("Aliyun_SM4"));
    String enabledAes = createKey(kms);
    String serviceKey = ossDefaultKey();

    List<String> disabled = ids("[{\"Key\":\"KeyState\",\"Values\":[\"Disabled\"]}]");
    assertThat(disabled).contains(disabledSm4).doesNotContain(enabledSm4, enabledAes);
    for (String id : disabled) assertThat(state(kms, id)).isEqualTo("Disabled");

    List<String> sm4Enabled = ids("[{\"Key\":\"KeySpec\",\"Values\":[\"Aliyun_SM4\"]},"
        + "{\"Key\":\"KeyState\",\"Values\":[\"Enabled\",\"PendingImport\"]}]");
    assertThat(sm4Enabled).contains(enabledSm4).doesNotContain(disabledSm4, enabledAes);

    assertThat(ids("[{\"Key\":\"CreatorType\",\"Values\":[\"Service\"]}]")).containsExactly(serviceKey);
    assertThat(ids("[{\"Key\":\"CreatorType\",\"Values\":[\"User\"]}]"))
        .contains(disabledSm4, enabledSm4, enabledAes).doesNotContain(serviceKey);
  }

  @Test
  void updateKeyDescription_replacesTheDescription() throws Exception {
    String keyId = createKey(kms, r -> r.setDescription("old"));
    UpdateKeyDescriptionRequest r = new UpdateKeyDescriptionRequest();
    r.setKeyId(keyId);
    r.setDescription("new description, 中文");
    kms.call(r);
    assertThat(describe(kms, keyId).getDescription()).isEqualTo("new description, 中文");
  }

  @Test
  void disableKey_thenEnableKey_stopsAndResumesCryptography() throws Exception {
    String keyId = createKey(kms);
    String blob = encrypt(kms, keyId, "while enabled", null);
    disable(keyId);
    assertThat(state(kms, keyId)).isEqualTo("Disabled");
    assertKmsError(() -> encrypt(kms, keyId, "x", null), "Rejected.Disabled");
    assertKmsError(() -> decrypt(kms, blob, null), "Rejected.Disabled");
    disable(keyId);
    assertThat(state(kms, keyId)).isEqualTo("Disabled");

    EnableKeyRequest e = new EnableKeyRequest();
    e.setKeyId(keyId);
    kms.call(e);
    assertThat(state(kms, keyId)).isEqualTo("Enabled");
    assertThat(decrypt(kms, blob, null)).isEqualTo("while enabled");
  }

  @Test
  void scheduleKeyDeletion_thenCancel_setsDeleteDateAndRestoresTheKey() throws Exception {
    String keyId = createKey(kms);
    String blob = encrypt(kms, keyId, "kept", null);
    Instant before = coffer.kmsClock().instant().minusSeconds(1);
    schedule(keyId, 7);
    DescribeKeyResponse.KeyMetadata m = describe(kms, keyId);
    assertThat(m.getKeyState()).isEqualTo("PendingDeletion");
    assertThat(Instant.parse(m.getDeleteDate()))
        .isBetween(before.plus(Duration.ofDays(7)), coffer.kmsClock().instant().plus(Duration.ofDays(7)).plusSeconds(1));
    assertKmsError(() -> decrypt(kms, blob, null), "Rejected.PendingDeletion");

    CancelKeyDeletionRequest c = new CancelKeyDeletionRequest();
    c.setKeyId(keyId);
    kms.call(c);
    m = describe(kms, keyId);
    assertThat(m.getKeyState()).isEqualTo("Enabled");
    assertThat(m.getDeleteDate()).isEmpty();
    assertThat(decrypt(kms, blob, null)).isEqualTo("kept");
  }

  @Test
  void scheduleKeyDeletion_windowEnds_destroysKeyAliasesAndBlobs() throws Exception {
    String doomed = createKey(kms);
    String survivor = createKey(kms);
    CreateAliasRequest a = new CreateAliasRequest();
    a.setAliasName("alias/doomed");
    a.setKeyId(doomed);
    kms.call(a);
    String blob = encrypt(kms, doomed, "gone soon", null);
    schedule(doomed, 7);

    coffer.kmsClock().advance(Duration.ofDays(6));
    coffer.server().kms().maintain();
    assertThat(state(kms, doomed)).isEqualTo("PendingDeletion");

    coffer.kmsClock().advance(Duration.ofDays(1).plusMinutes(1));
    coffer.server().kms().maintain();
    assertKmsError(() -> describe(kms, doomed), "Forbidden.KeyNotFound");
    assertKmsError(() -> decrypt(kms, blob, null), "Forbidden.KeyNotFound");
    assertKmsError(() -> describe(kms, "alias/doomed"), "Forbidden.AliasNotFound");
    ListAliasesRequest la = new ListAliasesRequest();
    la.setPageSize(100);
    assertThat(kms.call(la).getAliases()).noneMatch(x -> x.getAliasName().equals("alias/doomed"));
    assertThat(ids(null)).doesNotContain(doomed).contains(survivor);
    assertThat(state(kms, survivor)).isEqualTo("Enabled");
  }

  @Test
  void updateRotationPolicy_automaticRotation_addsPrimaryVersionsAndOldBlobsStillDecrypt() throws Exception {
    String keyId = createKey(kms);
    String firstVersion = describe(kms, keyId).getPrimaryKeyVersion();
    String oldBlob = encrypt(kms, keyId, "before rotation", "{\"k\":\"v\"}");

    UpdateRotationPolicyRequest p = new UpdateRotationPolicyRequest();
    p.setKeyId(keyId);
    p.setEnableAutomaticRotation(true);
    p.setRotationInterval("7d");
    kms.call(p);
    DescribeKeyResponse.KeyMetadata m = describe(kms, keyId);
    assertThat(m.getAutomaticRotation()).isEqualTo("Enabled");
    assertThat(m.getRotationInterval()).isEqualTo("604800s");

    coffer.kmsClock().advance(Duration.ofDays(7).plusHours(1));
    coffer.server().kms().maintain();
    List<String> versions = versionIds(kms, keyId);
    assertThat(versions).hasSize(2).startsWith(firstVersion);
    m = describe(kms, keyId);
    assertThat(m.getPrimaryKeyVersion()).isEqualTo(versions.get(1));
    assertThat(Instant.parse(m.getLastRotationDate())).isAfter(Instant.parse(m.getCreationDate()));
    assertThat(Instant.parse(m.getNextRotationDate()))
        .isEqualTo(Instant.parse(m.getLastRotationDate()).plus(Duration.ofDays(7)));

    EncryptRequest e = new EncryptRequest();
    e.setKeyId(keyId);
    e.setPlaintext("after rotation");
    EncryptResponse newer = kms.call(e);
    assertThat(newer.getKeyVersionId()).isEqualTo(versions.get(1));
    assertThat(decrypt(kms, oldBlob, "{\"k\":\"v\"}")).isEqualTo("before rotation");
    assertThat(decrypt(kms, newer.getCiphertextBlob(), null)).isEqualTo("after rotation");

    UpdateRotationPolicyRequest off = new UpdateRotationPolicyRequest();
    off.setKeyId(keyId);
    off.setEnableAutomaticRotation(false);
    kms.call(off);
    m = describe(kms, keyId);
    assertThat(m.getAutomaticRotation()).isEqualTo("Disabled");
    assertThat(m.getRotationInterval()).isNull();
    coffer.kmsClock().advance(Duration.ofDays(8));
    coffer.server().kms().maintain();
    assertThat(versionIds(kms, keyId)).hasSize(2);
  }

  // ---- helpers ----

  private static CreateKeyRequest rotating(String interval) {
    CreateKeyRequest r = new CreateKeyRequest();
    r.setEnableAutomaticRotation(true);
    r.setRotationInterval(interval);
    return r;
  }

  private static void disable(String keyId) throws Exception {
    DisableKeyRequest d = new DisableKeyRequest();
    d.setKeyId(keyId);
    kms.call(d);
  }

  private static void schedule(String keyId, int days) throws Exception {
    ScheduleKeyDeletionRequest s = new ScheduleKeyDeletionRequest();
    s.setKeyId(keyId);
    s.setPendingWindowInDays(days);
    kms.call(s);
  }

  private static ListKeysResponse list(int page, int size, String filters) throws Exception {
    ListKeysRequest r = new ListKeysRequest();
    r.setPageNumber(page);
    r.setPageSize(size);
    if (filters != null) r.setFilters(filters);
    return kms.call(r);
  }

  private static List<String> ids(String filters) throws Exception {
    return list(1, 100, filters).getKeys().stream().map(ListKeysResponse.Key::getKeyId).toList();
  }

  /** Makes the account's OSS default key the way OSS does: an SSE-KMS upload without a key id. */
  private static String ossDefaultKey() throws Exception {
    OSS oss = coffer.client();
    oss.createBucket("service-key");
    ObjectMetadata meta = new ObjectMetadata();
    meta.setServerSideEncryption("KMS");
    oss.putObject("service-key", "o", new ByteArrayInputStream(new byte[] {1, 2, 3}), meta);
    return describe(kms, "alias/acs/oss").getKeyId();
  }
}
