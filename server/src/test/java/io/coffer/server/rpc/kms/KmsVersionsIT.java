package io.coffer.server.rpc.kms;

import static io.coffer.server.rpc.kms.KmsCalls.assertKmsError;
import static io.coffer.server.rpc.kms.KmsCalls.createExternalKey;
import static io.coffer.server.rpc.kms.KmsCalls.createKey;
import static io.coffer.server.rpc.kms.KmsCalls.decrypt;
import static io.coffer.server.rpc.kms.KmsCalls.describe;
import static io.coffer.server.rpc.kms.KmsCalls.encrypt;
import static io.coffer.server.rpc.kms.KmsCalls.versionIds;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyuncs.kms.model.v20160120.CreateAliasRequest;
import com.aliyuncs.kms.model.v20160120.CreateKeyVersionRequest;
import com.aliyuncs.kms.model.v20160120.CreateKeyVersionResponse;
import com.aliyuncs.kms.model.v20160120.DescribeKeyVersionRequest;
import com.aliyuncs.kms.model.v20160120.DescribeKeyVersionResponse;
import com.aliyuncs.kms.model.v20160120.DisableKeyRequest;
import com.aliyuncs.kms.model.v20160120.EncryptRequest;
import com.aliyuncs.kms.model.v20160120.ListKeyVersionsRequest;
import com.aliyuncs.kms.model.v20160120.ListKeyVersionsResponse;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.PopClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** KMS key versions through the official KMS SDK: CreateKeyVersion, ListKeyVersions, DescribeKeyVersion. */
class KmsVersionsIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static PopClient kms;

  @BeforeAll
  static void setUp() {
    kms = coffer.kms();
  }

  @Test
  void createKeyVersion_makesTheNewVersionPrimaryAndKeepsOldBlobsOpen() throws Exception {
    String keyId = createKey(kms);
    String first = describe(kms, keyId).getPrimaryKeyVersion();
    String oldBlob = encrypt(kms, keyId, "v1 data", null);

    CreateKeyVersionResponse.KeyVersion v = createVersion(keyId);
    assertThat(v.getKeyId()).isEqualTo(keyId);
    assertThat(v.getKeyVersionId()).matches(KmsKeysIT.UUID).isNotEqualTo(first);
    assertThat(v.getCreationDate()).matches(KmsKeysIT.TIME);
    assertThat(describe(kms, keyId).getPrimaryKeyVersion()).isEqualTo(v.getKeyVersionId());
    assertThat(describe(kms, keyId).getLastRotationDate()).isEqualTo(v.getCreationDate());
    assertThat(versionIds(kms, keyId)).containsExactly(first, v.getKeyVersionId());

    EncryptRequest e = new EncryptRequest();
    e.setKeyId(keyId);
    e.setPlaintext("v2 data");
    assertThat(kms.call(e).getKeyVersionId()).isEqualTo(v.getKeyVersionId());
    assertThat(decrypt(kms, oldBlob, null)).isEqualTo("v1 data");
  }

  @Test
  void createKeyVersion_byAlias_rotatesTheAliasedKey() throws Exception {
    String keyId = createKey(kms);
    CreateAliasRequest a = new CreateAliasRequest();
    a.setAliasName("alias/versioned");
    a.setKeyId(keyId);
    kms.call(a);
    CreateKeyVersionResponse.KeyVersion v = createVersion("alias/versioned");
    assertThat(v.getKeyId()).isEqualTo(keyId);
    assertThat(versionIds(kms, "alias/versioned")).hasSize(2).endsWith(v.getKeyVersionId());
  }

  @Test
  void listKeyVersions_pages_coverEveryVersionOnce() throws Exception {
    String keyId = createKey(kms);
    for (int i = 0; i < 4; i++) createVersion(keyId);
    List<String> all = versionIds(kms, keyId);
    assertThat(all).hasSize(5).doesNotHaveDuplicates();
    List<String> paged = new ArrayList<>();
    for (int page = 1; page <= 3; page++) {
      ListKeyVersionsRequest r = new ListKeyVersionsRequest();
      r.setKeyId(keyId);
      r.setPageNumber(page);
      r.setPageSize(2);
      ListKeyVersionsResponse resp = kms.call(r);
      assertThat(resp.getTotalCount()).isEqualTo(5);
      assertThat(resp.getPageNumber()).isEqualTo(page);
      assertThat(resp.getPageSize()).isEqualTo(2);
      for (ListKeyVersionsResponse.KeyVersion v : resp.getKeyVersions()) {
        assertThat(v.getKeyId()).isEqualTo(keyId);
        assertThat(v.getCreationDate()).matches(KmsKeysIT.TIME);
        paged.add(v.getKeyVersionId());
      }
    }
    assertThat(paged).isEqualTo(all);
    assertThat(describe(kms, keyId).getPrimaryKeyVersion()).isEqualTo(all.get(4));
  }

  @Test
  void describeKeyVersion_knownVersion_describesIt() throws Exception {
    String keyId = createKey(kms);
    String versionId = describe(kms, keyId).getPrimaryKeyVersion();
    DescribeKeyVersionResponse.KeyVersion v = describeVersion(keyId, versionId);
    assertThat(v.getKeyId()).isEqualTo(keyId);
    assertThat(v.getKeyVersionId()).isEqualTo(versionId);
    assertThat(Instant.parse(v.getCreationDate())).isEqualTo(Instant.parse(describe(kms, keyId).getCreationDate()));
  }

  @Test
  void describeKeyVersion_unknownOrOtherKeysVersion_isKeyVersionNotFound() throws Exception {
    String keyId = createKey(kms);
    String other = createKey(kms);
    String othersVersion = describe(kms, other).getPrimaryKeyVersion();
    assertKmsError(() -> describeVersion(keyId, "00000000-0000-4000-8000-000000000000"), "Forbidden.KeyVersionNotFound");
    assertKmsError(() -> describeVersion(keyId, othersVersion), "Forbidden.KeyVersionNotFound");
    assertKmsError(() -> describeVersion("00000000-0000-4000-8000-000000000000", othersVersion), "Forbidden.KeyNotFound");
  }

  @Test
  void createKeyVersion_disabledOrExternalKey_isRefusedAndAddsNoVersion() throws Exception {
    String disabled = createKey(kms);
    DisableKeyRequest d = new DisableKeyRequest();
    d.setKeyId(disabled);
    kms.call(d);
    assertKmsError(() -> createVersion(disabled), "Rejected.Disabled");
    assertThat(versionIds(kms, disabled)).hasSize(1);

    String external = createExternalKey(kms, "Aliyun_AES_256");
    assertKmsError(() -> createVersion(external), "Unsupported.Origin");
    assertThat(versionIds(kms, external)).hasSize(1);

    assertKmsError(() -> createVersion("00000000-0000-4000-8000-000000000000"), "Forbidden.KeyNotFound");
  }

  private static CreateKeyVersionResponse.KeyVersion createVersion(String keyId) throws Exception {
    CreateKeyVersionRequest r = new CreateKeyVersionRequest();
    r.setKeyId(keyId);
    return kms.call(r).getKeyVersion();
  }

  private static DescribeKeyVersionResponse.KeyVersion describeVersion(String keyId, String versionId) throws Exception {
    DescribeKeyVersionRequest r = new DescribeKeyVersionRequest();
    r.setKeyId(keyId);
    r.setKeyVersionId(versionId);
    return kms.call(r).getKeyVersion();
  }
}
