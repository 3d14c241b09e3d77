package io.coffer.server.rpc.kms;

import static io.coffer.server.rpc.kms.KmsCalls.assertKmsError;
import static io.coffer.server.rpc.kms.KmsCalls.createKey;
import static io.coffer.server.rpc.kms.KmsCalls.decrypt;
import static io.coffer.server.rpc.kms.KmsCalls.describe;
import static io.coffer.server.rpc.kms.KmsCalls.encrypt;
import static io.coffer.server.rpc.kms.KmsCalls.state;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyuncs.kms.model.v20160120.CreateAliasRequest;
import com.aliyuncs.kms.model.v20160120.DeleteAliasRequest;
import com.aliyuncs.kms.model.v20160120.EncryptRequest;
import com.aliyuncs.kms.model.v20160120.GenerateDataKeyRequest;
import com.aliyuncs.kms.model.v20160120.GenerateDataKeyResponse;
import com.aliyuncs.kms.model.v20160120.ListAliasesByKeyIdRequest;
import com.aliyuncs.kms.model.v20160120.ListAliasesByKeyIdResponse;
import com.aliyuncs.kms.model.v20160120.ListAliasesRequest;
import com.aliyuncs.kms.model.v20160120.ListAliasesResponse;
import com.aliyuncs.kms.model.v20160120.ScheduleKeyDeletionRequest;
import com.aliyuncs.kms.model.v20160120.UpdateAliasRequest;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.PopClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** KMS aliases through the official KMS SDK: the five alias actions, alias use in other actions, alias errors. */
class KmsAliasesIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static PopClient kms;
  static String arnPrefix;

  @BeforeAll
  static void setUp() {
    kms = coffer.kms();
    arnPrefix = "acs:kms:" + CofferExtension.REGION + ":" + coffer.server().rootKey().accountId() + ":";
  }

  @Test
  void createAlias_listsUnderListAliasesAndListAliasesByKeyId() throws Exception {
    String keyId = createKey(kms);
    String other = createKey(kms);
    createAlias("alias/list/a", keyId);
    createAlias("alias/list/b", keyId);
    createAlias("alias/list-other", other);

    Map<String, ListAliasesResponse.Alias> all = new TreeMap<>();
    for (ListAliasesResponse.Alias a : listAll()) all.put(a.getAliasName(), a);
    assertThat(all).containsKeys("alias/list/a", "alias/list/b", "alias/list-other");
    ListAliasesResponse.Alias a = all.get("alias/list/a");
    assertThat(a.getKeyId()).isEqualTo(keyId);
    assertThat(a.getAliasArn()).isEqualTo(arnPrefix + "alias/list/a");
    assertThat(all.get("alias/list-other").getKeyId()).isEqualTo(other);

    ListAliasesByKeyIdRequest r = new ListAliasesByKeyIdRequest();
    r.setKeyId(keyId);
    ListAliasesByKeyIdResponse byKey = kms.call(r);
    assertThat(byKey.getTotalCount()).isEqualTo(2);
    assertThat(byKey.getAliases()).extracting(ListAliasesByKeyIdResponse.Alias::getAliasName)
        .containsExactlyInAnyOrder("alias/list/a", "alias/list/b");
    assertThat(byKey.getAliases()).allSatisfy(x -> {
      assertThat(x.getKeyId()).isEqualTo(keyId);
      assertThat(x.getAliasArn()).isEqualTo(arnPrefix + x.getAliasName());
    });
  }

  @Test
  void listAliases_pages_coverEveryAliasOnce() throws Exception {
    String keyId = createKey(kms);
    for (int i = 0; i < 5; i++) createAlias("alias/page-" + i, keyId);
    ListAliasesRequest first = new ListAliasesRequest();
    first.setPageSize(100);
    int total = kms.call(first).getTotalCount();
    assertThat(total).isGreaterThanOrEqualTo(5);
    List<String> seen = new ArrayList<>();
    for (int page = 1; (page - 1) * 3 < total; page++) {
      ListAliasesRequest r = new ListAliasesRequest();
      r.setPageNumber(page);
      r.setPageSize(3);
      ListAliasesResponse resp = kms.call(r);
      assertThat(resp.getTotalCount()).isEqualTo(total);
      assertThat(resp.getPageNumber()).isEqualTo(page);
      assertThat(resp.getPageSize()).isEqualTo(3);
      resp.getAliases().forEach(x -> seen.add(x.getAliasName()));
    }
    assertThat(seen).doesNotHaveDuplicates().hasSize(total)
        .contains("alias/page-0", "alias/page-1", "alias/page-2", "alias/page-3", "alias/page-4");
  }

  @Test
  void alias_usedAsKeyId_worksForGenerateDataKeyEncryptAndDescribeKey() throws Exception {
    String keyId = createKey(kms);
    createAlias("alias/app/data", keyId);

    GenerateDataKeyRequest g = new GenerateDataKeyRequest();
    g.setKeyId("alias/app/data");
    GenerateDataKeyResponse dk = kms.call(g);
    assertThat(dk.getKeyId()).isEqualTo(keyId);
    assertThat(decrypt(kms, dk.getCiphertextBlob(), null)).isEqualTo(dk.getPlaintext());

    EncryptRequest e = new EncryptRequest();
    e.setKeyId(arnPrefix + "alias/app/data");
    e.setPlaintext("via alias arn");
    assertThat(kms.call(e).getKeyId()).isEqualTo(keyId);
    String blob = encrypt(kms, "alias/app/data", "via alias", null);
    assertThat(decrypt(kms, blob, null)).isEqualTo("via alias");
    assertThat(describe(kms, "alias/app/data").getKeyId()).isEqualTo(keyId);
  }

  @Test
  void updateAlias_pointsTheAliasAtAnotherKey() throws Exception {
    String first = createKey(kms);
    String second = createKey(kms);
    createAlias("alias/moving", first);
    UpdateAliasRequest u = new UpdateAliasRequest();
    u.setAliasName("alias/moving");
    u.setKeyId(second);
    kms.call(u);
    assertThat(describe(kms, "alias/moving").getKeyId()).isEqualTo(second);
    assertThat(byKey(first)).doesNotContain("alias/moving");
    assertThat(byKey(second)).containsExactly("alias/moving");
    EncryptRequest e = new EncryptRequest();
    e.setKeyId("alias/moving");
    e.setPlaintext("p");
    assertThat(kms.call(e).getKeyId()).isEqualTo(second);
  }

  @Test
  void deleteAlias_removesTheAliasAndKeepsTheKey() throws Exception {
    String keyId = createKey(kms);
    createAlias("alias/short-lived", keyId);
    DeleteAliasRequest d = new DeleteAliasRequest();
    d.setAliasName("alias/short-lived");
    kms.call(d);
    assertKmsError(() -> describe(kms, "alias/short-lived"), "Forbidden.AliasNotFound");
    assertThat(byKey(keyId)).isEmpty();
    assertThat(state(kms, keyId)).isEqualTo("Enabled");
    assertKmsError(() -> kms.call(d), "Forbidden.AliasNotFound");
  }

  @Test
  void aliasActions_v3Signature_createUpdateListAndDelete() throws Exception {
    PopClient v3 = coffer.kmsV3();
    String first = createKey(v3);
    String second = createKey(v3);
    CreateAliasRequest c = new CreateAliasRequest();
    c.setAliasName("alias/v3/one");
    c.setKeyId(first);
    v3.call(c);
    UpdateAliasRequest u = new UpdateAliasRequest();
    u.setAliasName("alias/v3/one");
    u.setKeyId(second);
    v3.call(u);
    ListAliasesByKeyIdRequest l = new ListAliasesByKeyIdRequest();
    l.setKeyId(second);
    assertThat(v3.call(l).getAliases()).extracting(ListAliasesByKeyIdResponse.Alias::getAliasName)
        .containsExactly("alias/v3/one");
    DeleteAliasRequest d = new DeleteAliasRequest();
    d.setAliasName("alias/v3/one");
    v3.call(d);
    assertThat(byKey(second)).isEmpty();
  }

  // ---- errors: each changes nothing ----

  @Test
  void createAlias_nameTaken_isAliasAlreadyExistsAndKeepsTheTarget() throws Exception {
    String first = createKey(kms);
    String second = createKey(kms);
    createAlias("alias/taken", first);
    assertKmsError(() -> createAlias("alias/taken", second), "AliasAlreadyExists");
    assertThat(describe(kms, "alias/taken").getKeyId()).isEqualTo(first);
    assertThat(byKey(second)).isEmpty();
  }

  @Test
  void createAlias_reservedOrMalformedName_isInvalidParameter() throws Exception {
    String keyId = createKey(kms);
    int before = listAll().size();
    for (String name : List.of("alias/acs/oss", "alias/acs/mine", "alias/acs", "noprefix", "alias/", "alias/bad name",
        "alias/ümlaut", "alias/" + "x".repeat(256), "ALIAS/upper")) {
      assertKmsError(() -> createAlias(name, keyId), "InvalidParameter");
    }
    assertThat(listAll()).hasSize(before);
    assertThat(byKey(keyId)).isEmpty();
    createAlias("alias/" + "x".repeat(255), keyId);
    assertThat(byKey(keyId)).containsExactly("alias/" + "x".repeat(255));
  }

  @Test
  void aliasErrors_unknownNamesKeysAndAliasTargets_changeNothing() throws Exception {
    String keyId = createKey(kms);
    createAlias("alias/stays", keyId);
    int before = listAll().size();

    assertKmsError(() -> describe(kms, "alias/never-made"), "Forbidden.AliasNotFound");
    assertKmsError(() -> encrypt(kms, "alias/never-made", "p", null), "Forbidden.AliasNotFound");
    assertKmsError(() -> createAlias("alias/for-nothing", "00000000-0000-4000-8000-000000000000"),
        "Forbidden.KeyNotFound");
    // CreateAlias and UpdateAlias take a key id, not another alias.
    assertKmsError(() -> createAlias("alias/of-alias", "alias/stays"), "Unsupported.Alias");
    UpdateAliasRequest u = new UpdateAliasRequest();
    u.setAliasName("alias/never-made");
    u.setKeyId(keyId);
    assertKmsError(() -> kms.call(u), "Forbidden.AliasNotFound");
    DeleteAliasRequest d = new DeleteAliasRequest();
    d.setAliasName("alias/acs/oss");
    assertKmsError(() -> kms.call(d), "InvalidParameter");

    assertThat(listAll()).hasSize(before);
    assertThat(describe(kms, "alias/stays").getKeyId()).isEqualTo(keyId);
  }

  @Test
  void aliasErrors_keyPendingDeletion_refuseNewAliasAndRetargeting() throws Exception {
    String live = createKey(kms);
    String doomed = createKey(kms);
    createAlias("alias/points-live", live);
    ScheduleKeyDeletionRequest s = new ScheduleKeyDeletionRequest();
    s.setKeyId(doomed);
    s.setPendingWindowInDays(7);
    kms.call(s);

    assertKmsError(() -> createAlias("alias/to-doomed", doomed), "Rejected.StateModifiedFailed");
    UpdateAliasRequest u = new UpdateAliasRequest();
    u.setAliasName("alias/points-live");
    u.setKeyId(doomed);
    assertKmsError(() -> kms.call(u), "Rejected.PendingDeletion");
    assertThat(describe(kms, "alias/points-live").getKeyId()).isEqualTo(live);
    assertThat(byKey(doomed)).isEmpty();
  }

  // ---- helpers ----

  private static void createAlias(String name, String keyId) throws Exception {
    CreateAliasRequest r = new CreateAliasRequest();
    r.setAliasName(name);
    r.setKeyId(keyId);
    kms.call(r);
  }

  private static List<ListAliasesResponse.Alias> listAll() throws Exception {
    ListAliasesRequest r = new ListAliasesRequest();
    r.setPageSize(100);
    return kms.call(r).getAliases();
  }

  private static List<String> byKey(String keyId) throws Exception {
    ListAliasesByKeyIdRequest r = new ListAliasesByKeyIdRequest();
    r.setKeyId(keyId);
    return kms.call(r).getAliases().stream().map(ListAliasesByKeyIdResponse.Alias::getAliasName).toList();
  }
}
