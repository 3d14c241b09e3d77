package io.coffer.server.iam;

import static io.coffer.server.iam.IamTesting.assertRpcError;
import static io.coffer.server.iam.IamTesting.policy;
import static io.coffer.server.iam.IamTesting.stmt;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.kms.model.v20160120.CancelKeyDeletionRequest;
import com.aliyuncs.kms.model.v20160120.CreateAliasRequest;
import com.aliyuncs.kms.model.v20160120.CreateKeyRequest;
import com.aliyuncs.kms.model.v20160120.CreateKeyVersionRequest;
import com.aliyuncs.kms.model.v20160120.DecryptRequest;
import com.aliyuncs.kms.model.v20160120.DeleteAliasRequest;
import com.aliyuncs.kms.model.v20160120.DeleteKeyMaterialRequest;
import com.aliyuncs.kms.model.v20160120.DescribeKeyRequest;
import com.aliyuncs.kms.model.v20160120.DescribeKeyResponse;
import com.aliyuncs.kms.model.v20160120.DescribeKeyVersionRequest;
import com.aliyuncs.kms.model.v20160120.DescribeRegionsRequest;
import com.aliyuncs.kms.model.v20160120.DescribeRegionsResponse;
import com.aliyuncs.kms.model.v20160120.DisableKeyRequest;
import com.aliyuncs.kms.model.v20160120.EnableKeyRequest;
import com.aliyuncs.kms.model.v20160120.EncryptRequest;
import com.aliyuncs.kms.model.v20160120.GenerateDataKeyRequest;
import com.aliyuncs.kms.model.v20160120.GenerateDataKeyResponse;
import com.aliyuncs.kms.model.v20160120.GenerateDataKeyWithoutPlaintextRequest;
import com.aliyuncs.kms.model.v20160120.GetParametersForImportRequest;
import com.aliyuncs.kms.model.v20160120.GetParametersForImportResponse;
import com.aliyuncs.kms.model.v20160120.ImportKeyMaterialRequest;
import com.aliyuncs.kms.model.v20160120.ListAliasesByKeyIdRequest;
import com.aliyuncs.kms.model.v20160120.ListAliasesByKeyIdResponse;
import com.aliyuncs.kms.model.v20160120.ListAliasesRequest;
import com.aliyuncs.kms.model.v20160120.ListAliasesResponse;
import com.aliyuncs.kms.model.v20160120.ListKeyVersionsRequest;
import com.aliyuncs.kms.model.v20160120.ListKeyVersionsResponse;
import com.aliyuncs.kms.model.v20160120.ListKeysRequest;
import com.aliyuncs.kms.model.v20160120.ListKeysResponse;
import com.aliyuncs.kms.model.v20160120.ReEncryptRequest;
import com.aliyuncs.kms.model.v20160120.ScheduleKeyDeletionRequest;
import com.aliyuncs.kms.model.v20160120.UpdateAliasRequest;
import com.aliyuncs.kms.model.v20160120.UpdateKeyDescriptionRequest;
import com.aliyuncs.kms.model.v20160120.UpdateRotationPolicyRequest;
import io.coffer.server.iam.IamTesting.Caller;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.PopClient;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The KMS permission matrix: every KMS action Coffer serves, through the official KMS SDK request
 * classes, by RAM users with system policies, two custom policies scoped to key and alias ARNs,
 * and the root identity, against a table written out by hand. Allowed cells do their work;
 * denied ones are 403 Forbidden.NoPermission and change nothing. K is a shared Enabled key, O
 * another one, X an EXTERNAL key; cells put them back as they were.
 */
class KmsPermissionMatrixIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final byte[] MATERIAL = new byte[32];

  enum Col {
    NONE("u-none"), OSS_FULL("u-oss-full"), KMS_FULL("u-kms-full"), KMS_CRYPTO("u-kms-crypto"),
    KMS_READ("u-kms-read"), RAM_READ("u-ram-read"), ADMIN("u-admin"), ROOT("root"), ONE_KEY("u-one-key"),
    KEY_ALIASES("u-key-aliases");

    final String caller;

    Col(String caller) {
      this.caller = caller;
    }
  }

  /**
   * oneKey: {@code kms:*} on the ARNs of K and X; keyAliases: {@code kms:*} on K's ARN and
   * {@code alias/*} of the account. Container actions (CreateKey, ListKeys, ListAliases) need the
   * {@code key} / {@code alias} container ARNs, alias actions the alias and the key, the rest the
   * key; DescribeRegions is not access-controlled.
   */
  static final String HEADER = "none ossFull kmsFull kmsCrypto kmsRead ramRead admin root oneKey keyAliases";
  static final List<String> TABLE = List.of(
      "CreateKey                        -    -       Y       -         -       -       Y     Y    -      -",
      "DescribeKey                      -    -       Y       Y         Y       -       Y     Y    Y      Y",
      "ListKeys                         -    -       Y       Y         Y       -       Y     Y    -      -",
      "UpdateKeyDescription             -    -       Y       -         -       -       Y     Y    Y      Y",
      "EnableKey                        -    -       Y       -         -       -       Y     Y    Y      Y",
      "DisableKey                       -    -       Y       -         -       -       Y     Y    Y      Y",
      "ScheduleKeyDeletion              -    -       Y       -         -       -       Y     Y    Y      Y",
      "CancelKeyDeletion                -    -       Y       -         -       -       Y     Y    Y      Y",
      "CreateAlias                      -    -       Y       -         -       -       Y     Y    -      Y",
      "UpdateAlias                      -    -       Y       -         -       -       Y     Y    -      Y",
      "DeleteAlias                      -    -       Y       -         -       -       Y     Y    -      Y",
      "ListAliases                      -    -       Y       Y         Y       -       Y     Y    -      -",
      "ListAliasesByKeyId               -    -       Y       Y         Y       -       Y     Y    Y      Y",
      "Encrypt                          -    -       Y       Y         -       -       Y     Y    Y      Y",
      "Decrypt                          -    -       Y       Y         -       -       Y     Y    Y      Y",
      "GenerateDataKey                  -    -       Y       Y         -       -       Y     Y    Y      Y",
      "GenerateDataKeyWithoutPlaintext  -    -       Y       Y         -       -       Y     Y    Y      Y",
      "ReEncrypt                        -    -       Y       Y         -       -       Y     Y    Y      Y",
      "GetParametersForImport           -    -       Y       -         Y       -       Y     Y    Y      -",
      "ImportKeyMaterial                -    -       Y       -         -       -       Y     Y    Y      -",
      "DeleteKeyMaterial                -    -       Y       -         -       -       Y     Y    Y      -",
      "CreateKeyVersion                 -    -       Y       -         -       -       Y     Y    Y      Y",
      "ListKeyVersions                  -    -       Y       Y         Y       -       Y     Y    Y      Y",
      "DescribeKeyVersion               -    -       Y       Y         Y       -       Y     Y    Y      Y",
      "UpdateRotationPolicy             -    -       Y       -         -       -       Y     Y    Y      Y",
      "DescribeRegions                  Y    Y       Y       Y         Y       Y       Y     Y    Y      Y");

  static PopClient kms;
  static String k;
  static String o;
  static String x;
  static String sharedBlob;
  static final Map<String, Caller> callers = new LinkedHashMap<>();

  @BeforeAll
  static void setUp() throws Exception {
    new java.util.Random(7).nextBytes(MATERIAL);
    kms = coffer.kms();
    k = createKey(kms, "Aliyun_KMS").getKeyId();
    o = createKey(kms, "Aliyun_KMS").getKeyId();
    x = createKey(kms, "EXTERNAL").getKeyId();
    CreateAliasRequest a = new CreateAliasRequest();
    a.setAliasName("alias/shared");
    a.setKeyId(k);
    kms.call(a);
    sharedBlob = encrypt(kms, k, "shared secret");
    String kArn = describe(k).getArn();
    String xArn = describe(x).getArn();
    String aliases = kArn.substring(0, kArn.indexOf(":key/")) + ":alias/*";
    IamTesting.createPolicy(kms, "one-key", policy(stmt("Allow", "\"kms:*\"",
        "[\"" + kArn + "\",\"" + xArn + "\"]", null)));
    IamTesting.createPolicy(kms, "key-and-aliases", policy(stmt("Allow", "\"kms:*\"",
        "[\"" + kArn + "\",\"" + aliases + "\"]", null)));
    Map<String, List<String>> users = new LinkedHashMap<>();
    users.put("u-none", List.of());
    users.put("u-oss-full", List.of("System:AliyunOSSFullAccess"));
    users.put("u-kms-full", List.of("System:AliyunKMSFullAccess"));
    users.put("u-kms-crypto", List.of("System:AliyunKMSCryptoAccess"));
    users.put("u-kms-read", List.of("System:AliyunKMSReadOnlyAccess"));
    users.put("u-ram-read", List.of("System:AliyunRAMReadOnlyAccess"));
    users.put("u-admin", List.of("System:AdministratorAccess"));
    users.put("u-one-key", List.of("Custom:one-key"));
    users.put("u-key-aliases", List.of("Custom:key-and-aliases"));
    for (var u : users.entrySet()) callers.put(u.getKey(), IamTesting.ramUser(coffer, u.getKey(), u.getValue()));
    callers.put("root", IamTesting.root(coffer));
  }

  /** One cell's working state. */
  static final class Row {
    final Col col;
    final PopClient pop;
    final String alias;
    Object result;
    int count;

    Row(Col col, String op) {
      this.col = col;
      this.pop = callers.get(col.caller).pop();
      this.alias = "alias/m-" + op.toLowerCase() + "-" + col.name().toLowerCase().replace('_', '-');
    }
  }

  @TestFactory
  Stream<DynamicTest> everyKmsAction_byEveryCaller_isAllowedExactlyWhereTheTableSays() {
    return new Matrix<Col, Row>(Col.class, HEADER, TABLE).cells(ops(), (op, col) -> new Row(col, op.name),
        col -> col.caller, (col, act) -> assertRpcError(act, "Forbidden.NoPermission"));
  }

  static Matrix.Op<Row> op(String name) {
    return new Matrix.Op<>(name);
  }

  @SuppressWarnings("unchecked")
  static List<Matrix.Op<Row>> ops() {
    return List.of(
        op("CreateKey").arrange(r -> r.count = keyIds().size())
            .act(r -> r.result = createKey(r.pop, "Aliyun_KMS").getKeyId())
            .done(r -> assertThat(keyIds()).hasSize(r.count + 1).contains((String) r.result))
            .unchanged(r -> assertThat(keyIds()).hasSize(r.count)),
        op("DescribeKey").act(r -> r.result = describe(r.pop, k).getKeyId())
            .done(r -> assertThat(r.result).isEqualTo(k)),
        op("ListKeys").act(r -> r.result = r.pop.call(listKeys()).getKeys().stream().map(ListKeysResponse.Key::getKeyId)
                .toList())
            .done(r -> assertThat((List<String>) r.result).contains(k, o, x)),
        op("UpdateKeyDescription").act(r -> {
              UpdateKeyDescriptionRequest u = new UpdateKeyDescriptionRequest();
              u.setKeyId(k);
              u.setDescription("by " + r.col);
              r.pop.call(u);
            })
            .done(r -> assertThat(describe(k).getDescription()).isEqualTo("by " + r.col))
            .unchanged(r -> assertThat(describe(k).getDescription()).isEqualTo("shared"))
            .cleanUp(r -> {
              UpdateKeyDescriptionRequest u = new UpdateKeyDescriptionRequest();
              u.setKeyId(k);
              u.setDescription("shared");
              kms.call(u);
            }),
        op("EnableKey").arrange(r -> kms.call(disable(k))).act(r -> r.pop.call(enable(k)))
            .done(r -> assertThat(describe(k).getKeyState()).isEqualTo("Enabled"))
            .unchanged(r -> assertThat(describe(k).getKeyState()).isEqualTo("Disabled"))
            .cleanUp(r -> kms.call(enable(k))),
        op("DisableKey").act(r -> r.pop.call(disable(k)))
            .done(r -> assertThat(describe(k).getKeyState()).isEqualTo("Disabled"))
            .unchanged(r -> assertThat(describe(k).getKeyState()).isEqualTo("Enabled"))
            .cleanUp(r -> kms.call(enable(k))),
        op("ScheduleKeyDeletion").act(r -> r.pop.call(scheduleDeletion(k)))
            .done(r -> assertThat(describe(k).getKeyState()).isEqualTo("PendingDeletion"))
            .unchanged(r -> assertThat(describe(k).getKeyState()).isEqualTo("Enabled"))
            .cleanUp(r -> cancelDeletionIfPending(k)),
        op("CancelKeyDeletion").arrange(r -> kms.call(scheduleDeletion(k))).act(r -> r.pop.call(cancelDeletion(k)))
            .done(r -> assertThat(describe(k).getKeyState()).isEqualTo("Enabled"))
            .unchanged(r -> assertThat(describe(k).getKeyState()).isEqualTo("PendingDeletion"))
            .cleanUp(r -> cancelDeletionIfPending(k)),
        op("CreateAlias").act(r -> r.pop.call(createAlias(r.alias, k)))
            .done(r -> assertThat(aliasesOf(k)).contains(r.alias))
            .unchanged(r -> assertThat(allAliases()).doesNotContain(r.alias))
            .cleanUp(KmsPermissionMatrixIT::dropAlias),
        op("UpdateAlias").arrange(r -> kms.call(createAlias(r.alias, o)))
            .act(r -> {
              UpdateAliasRequest u = new UpdateAliasRequest();
              u.setAliasName(r.alias);
              u.setKeyId(k);
              r.pop.call(u);
            })
            .done(r -> assertThat(describe(r.alias).getKeyId()).isEqualTo(k))
            .unchanged(r -> assertThat(describe(r.alias).getKeyId()).isEqualTo(o))
            .cleanUp(KmsPermissionMatrixIT::dropAlias),
        op("DeleteAlias").arrange(r -> kms.call(createAlias(r.alias, k)))
            .act(r -> {
              DeleteAliasRequest d = new DeleteAliasRequest();
              d.setAliasName(r.alias);
              r.pop.call(d);
            })
            .done(r -> assertThat(allAliases()).doesNotContain(r.alias))
            .unchanged(r -> assertThat(aliasesOf(k)).contains(r.alias))
            .cleanUp(KmsPermissionMatrixIT::dropAlias),
        op("ListAliases").act(r -> r.result = aliasNames(r.pop))
            .done(r -> assertThat((List<String>) r.result).contains("alias/shared")),
        op("ListAliasesByKeyId").act(r -> r.result = aliasesOf(r.pop, k))
            .done(r -> assertThat((List<String>) r.result).containsExactly("alias/shared")),
        op("Encrypt").act(r -> r.result = encrypt(r.pop, k, "by " + r.col))
            .done(r -> assertThat(decrypt(kms, (String) r.result)).isEqualTo("by " + r.col)),
        op("Decrypt").act(r -> r.result = decrypt(r.pop, sharedBlob))
            .done(r -> assertThat(r.result).isEqualTo("shared secret")),
        op("GenerateDataKey").act(r -> {
              GenerateDataKeyRequest g = new GenerateDataKeyRequest();
              g.setKeyId(k);
              r.result = r.pop.call(g);
            })
            .done(r -> {
              GenerateDataKeyResponse g = (GenerateDataKeyResponse) r.result;
              assertThat(decrypt(kms, g.getCiphertextBlob())).isEqualTo(g.getPlaintext());
            }),
        op("GenerateDataKeyWithoutPlaintext").act(r -> {
              GenerateDataKeyWithoutPlaintextRequest g = new GenerateDataKeyWithoutPlaintextRequest();
              g.setKeyId(k);
              r.result = r.pop.call(g).getCiphertextBlob();
            })
            .done(r -> assertThat(decrypt(kms, (String) r.result)).isNotEmpty()),
        op("ReEncrypt").act(r -> {
              ReEncryptRequest e = new ReEncryptRequest();
              e.setCiphertextBlob(sharedBlob);
              e.setDestinationKeyId(k);
              r.result = r.pop.call(e).getCiphertextBlob();
            })
            .done(r -> assertThat(decrypt(kms, (String) r.result)).isEqualTo("shared secret")),
        op("GetParametersForImport").act(r -> r.result = parameters(r.pop, x))
            .done(r -> {
              GetParametersForImportResponse p = (GetParametersForImportResponse) r.result;
              assertThat(p.getKeyId()).isEqualTo(x);
              assertThat(p.getImportToken()).isNotBlank();
              assertThat(p.getPublicKey()).isNotBlank();
            }),
        op("ImportKeyMaterial").arrange(r -> r.result = importRequest(x))
            .act(r -> r.pop.call((ImportKeyMaterialRequest) r.result))
            .done(r -> assertThat(describe(x).getKeyState()).isEqualTo("Enabled"))
            .unchanged(r -> assertThat(describe(x).getKeyState()).isEqualTo("PendingImport"))
            .cleanUp(r -> dropMaterial(x)),
        op("DeleteKeyMaterial").arrange(r -> kms.call(importRequest(x)))
            .act(r -> r.pop.call(deleteMaterial(x)))
            .done(r -> assertThat(describe(x).getKeyState()).isEqualTo("PendingImport"))
            .unchanged(r -> assertThat(describe(x).getKeyState()).isEqualTo("Enabled"))
            .cleanUp(r -> dropMaterial(x)),
        op("CreateKeyVersion").arrange(r -> r.count = versions(kms, k).size())
            .act(r -> {
              CreateKeyVersionRequest c = new CreateKeyVersionRequest();
              c.setKeyId(k);
              r.result = r.pop.call(c).getKeyVersion().getKeyVersionId();
            })
            .done(r -> {
              assertThat(versions(kms, k)).hasSize(r.count + 1).contains((String) r.result);
              assertThat(describe(k).getPrimaryKeyVersion()).isEqualTo(r.result);
            })
            .unchanged(r -> assertThat(versions(kms, k)).hasSize(r.count)),
        op("ListKeyVersions").act(r -> r.result = versions(r.pop, k))
            .done(r -> assertThat((List<String>) r.result).contains(describe(k).getPrimaryKeyVersion())),
        op("DescribeKeyVersion").act(r -> {
              DescribeKeyVersionRequest d = new DescribeKeyVersionRequest();
              d.setKeyId(k);
              d.setKeyVersionId(describe(k).getPrimaryKeyVersion());
              r.result = r.pop.call(d).getKeyVersion().getKeyId();
            })
            .done(r -> assertThat(r.result).isEqualTo(k)),
        op("UpdateRotationPolicy").act(r -> r.pop.call(rotation(true)))
            .done(r -> assertThat(describe(k).getAutomaticRotation()).isEqualTo("Enabled"))
            .unchanged(r -> assertThat(describe(k).getAutomaticRotation()).isEqualTo("Disabled"))
            .cleanUp(r -> kms.call(rotation(false))),
        op("DescribeRegions").act(r -> r.result = r.pop.call(new DescribeRegionsRequest()).getRegions().stream()
                .map(DescribeRegionsResponse.Region::getRegionId).toList())
            .done(r -> assertThat((List<String>) r.result).containsExactly(CofferExtension.REGION)));
  }

  // ---- calls (as root on `kms` unless a client is given) ----

  static DescribeKeyResponse.KeyMetadata createKey(PopClient pop, String origin) throws ClientException {
    CreateKeyRequest c = new CreateKeyRequest();
    c.setOrigin(origin);
    c.setDescription("shared");
    return describe(pop, pop.call(c).getKeyMetadata().getKeyId());
  }

  static DescribeKeyResponse.KeyMetadata describe(PopClient pop, String ref) throws ClientException {
    DescribeKeyRequest d = new DescribeKeyRequest();
    d.setKeyId(ref);
    return pop.call(d).getKeyMetadata();
  }

  static DescribeKeyResponse.KeyMetadata describe(String ref) throws ClientException {
    return describe(kms, ref);
  }

  static ListKeysRequest listKeys() {
    ListKeysRequest l = new ListKeysRequest();
    l.setPageSize(100);
    return l;
  }

  static List<String> keyIds() throws ClientException {
    return kms.call(listKeys()).getKeys().stream().map(ListKeysResponse.Key::getKeyId).toList();
  }

  static EnableKeyRequest enable(String keyId) {
    EnableKeyRequest e = new EnableKeyRequest();
    e.setKeyId(keyId);
    return e;
  }

  static DisableKeyRequest disable(String keyId) {
    DisableKeyRequest d = new DisableKeyRequest();
    d.setKeyId(keyId);
    return d;
  }

  static ScheduleKeyDeletionRequest scheduleDeletion(String keyId) {
    ScheduleKeyDeletionRequest s = new ScheduleKeyDeletionRequest();
    s.setKeyId(keyId);
    s.setPendingWindowInDays(7);
    return s;
  }

  static CancelKeyDeletionRequest cancelDeletion(String keyId) {
    CancelKeyDeletionRequest c = new CancelKeyDeletionRequest();
    c.setKeyId(keyId);
    return c;
  }

  static void cancelDeletionIfPending(String keyId) throws ClientException {
    if (describe(keyId).getKeyState().equals("PendingDeletion")) kms.call(cancelDeletion(keyId));
  }

  static CreateAliasRequest createAlias(String alias, String keyId) {
    CreateAliasRequest c = new CreateAliasRequest();
    c.setAliasName(alias);
    c.setKeyId(keyId);
    return c;
  }

  static void dropAlias(Row r) throws ClientException {
    if (!allAliases().contains(r.alias)) return;
    DeleteAliasRequest d = new DeleteAliasRequest();
    d.setAliasName(r.alias);
    kms.call(d);
  }

  static List<String> aliasNames(PopClient pop) throws ClientException {
    ListAliasesRequest l = new ListAliasesRequest();
    l.setPageSize(100);
    return pop.call(l).getAliases().stream().map(ListAliasesResponse.Alias::getAliasName).toList();
  }

  static List<String> allAliases() throws ClientException {
    return aliasNames(kms);
  }

  static List<String> aliasesOf(PopClient pop, String keyId) throws ClientException {
    ListAliasesByKeyIdRequest l = new ListAliasesByKeyIdRequest();
    l.setKeyId(keyId);
    l.setPageSize(100);
    return pop.call(l).getAliases().stream().map(ListAliasesByKeyIdResponse.Alias::getAliasName).toList();
  }

  static List<String> aliasesOf(String keyId) throws ClientException {
    return aliasesOf(kms, keyId);
  }

  static String encrypt(PopClient pop, String keyId, String plaintext) throws ClientException {
    EncryptRequest e = new EncryptRequest();
    e.setKeyId(keyId);
    e.setPlaintext(plaintext);
    return pop.call(e).getCiphertextBlob();
  }

  static String decrypt(PopClient pop, String blob) throws ClientException {
    DecryptRequest d = new DecryptRequest();
    d.setCiphertextBlob(blob);
    return pop.call(d).getPlaintext();
  }

  static List<String> versions(PopClient pop, String keyId) throws ClientException {
    ListKeyVersionsRequest l = new ListKeyVersionsRequest();
    l.setKeyId(keyId);
    l.setPageSize(100);
    return pop.call(l).getKeyVersions().stream().map(ListKeyVersionsResponse.KeyVersion::getKeyVersionId).toList();
  }

  static UpdateRotationPolicyRequest rotation(boolean on) {
    UpdateRotationPolicyRequest u = new UpdateRotationPolicyRequest();
    u.setKeyId(k);
    u.setEnableAutomaticRotation(on);
    if (on) u.setRotationInterval("30d");
    return u;
  }

  static GetParametersForImportResponse parameters(PopClient pop, String keyId) throws ClientException {
    GetParametersForImportRequest g = new GetParametersForImportRequest();
    g.setKeyId(keyId);
    g.setWrappingAlgorithm("RSAES_OAEP_SHA_256");
    g.setWrappingKeySpec("RSA_2048");
    return pop.call(g);
  }

  /**
   * An import of {@link #MATERIAL} into {@code keyId}, wrapped as a BYOK client wraps it: RSA-OAEP
   * with SHA-256 and MGF1-SHA-256, under parameters the root fetched.
   */
  static ImportKeyMaterialRequest importRequest(String keyId) throws Exception {
    GetParametersForImportResponse p = parameters(kms, keyId);
    PublicKey pub = KeyFactory.getInstance("RSA")
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(p.getPublicKey())));
    Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
    c.init(Cipher.ENCRYPT_MODE, pub,
        new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
    ImportKeyMaterialRequest i = new ImportKeyMaterialRequest();
    i.setKeyId(keyId);
    i.setEncryptedKeyMaterial(Base64.getEncoder().encodeToString(c.doFinal(MATERIAL)));
    i.setImportToken(p.getImportToken());
    i.setKeyMaterialExpireUnix(0L);
    return i;
  }

  static DeleteKeyMaterialRequest deleteMaterial(String keyId) {
    DeleteKeyMaterialRequest d = new DeleteKeyMaterialRequest();
    d.setKeyId(keyId);
    return d;
  }

  static void dropMaterial(String keyId) throws ClientException {
    if (describe(keyId).getKeyState().equals("Enabled")) kms.call(deleteMaterial(keyId));
  }
}
