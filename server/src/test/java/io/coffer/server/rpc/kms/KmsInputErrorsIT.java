package io.coffer.server.rpc.kms;

import static io.coffer.server.rpc.kms.KmsCalls.assertKmsError;
import static io.coffer.server.rpc.kms.KmsCalls.createKey;
import static io.coffer.server.rpc.kms.KmsCalls.decrypt;
import static io.coffer.server.rpc.kms.KmsCalls.describe;
import static io.coffer.server.rpc.kms.KmsCalls.encrypt;
import static io.coffer.server.rpc.kms.KmsCalls.raw;
import static io.coffer.server.rpc.kms.KmsCalls.versionIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.kms.model.v20160120.CreateAliasRequest;
import com.aliyuncs.kms.model.v20160120.CreateKeyRequest;
import com.aliyuncs.kms.model.v20160120.DecryptRequest;
import com.aliyuncs.kms.model.v20160120.DeleteAliasRequest;
import com.aliyuncs.kms.model.v20160120.DescribeKeyRequest;
import com.aliyuncs.kms.model.v20160120.DescribeKeyResponse;
import com.aliyuncs.kms.model.v20160120.DescribeKeyVersionRequest;
import com.aliyuncs.kms.model.v20160120.DisableKeyRequest;
import com.aliyuncs.kms.model.v20160120.EnableKeyRequest;
import com.aliyuncs.kms.model.v20160120.EncryptRequest;
import com.aliyuncs.kms.model.v20160120.GenerateDataKeyRequest;
import com.aliyuncs.kms.model.v20160120.GetParametersForImportRequest;
import com.aliyuncs.kms.model.v20160120.ImportKeyMaterialRequest;
import com.aliyuncs.kms.model.v20160120.ListAliasesRequest;
import com.aliyuncs.kms.model.v20160120.ListKeyVersionsRequest;
import com.aliyuncs.kms.model.v20160120.ListKeysRequest;
import com.aliyuncs.kms.model.v20160120.ReEncryptRequest;
import com.aliyuncs.kms.model.v20160120.ScheduleKeyDeletionRequest;
import com.aliyuncs.kms.model.v20160120.UpdateAliasRequest;
import com.aliyuncs.kms.model.v20160120.UpdateKeyDescriptionRequest;
import com.aliyuncs.kms.model.v20160120.UpdateRotationPolicyRequest;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.PopClient;
import io.coffer.server.testing.RawAnswer;
import io.coffer.server.testing.RpcRawRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Malformed KMS input through the official KMS SDK (and raw requests for the HTTP status): each
 * refusal carries its KMS code, and afterwards the keys are as they were.
 */
class KmsInputErrorsIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static PopClient kms;
  static String keyId;
  static String blob;
  static final String CONTEXT = "{\"app\":\"orders\"}";

  @BeforeAll
  static void setUp() throws Exception {
    kms = coffer.kms();
    keyId = createKey(kms, r -> r.setDescription("the one key"));
    CreateAliasRequest a = new CreateAliasRequest();
    a.setAliasName("alias/input");
    a.setKeyId(keyId);
    kms.call(a);
    blob = encrypt(kms, keyId, "guarded", CONTEXT);
  }

  /** What no refused call may change. */
  private record Snapshot(int keys, int aliases, DescribeKeyResponse.KeyMetadata key, List<String> versions) {}

  private Snapshot before;

  @BeforeEach
  void snapshot() throws Exception {
    before = snapshotNow();
  }

  private static Snapshot snapshotNow() throws Exception {
    ListAliasesRequest la = new ListAliasesRequest();
    return new Snapshot(kms.call(new ListKeysRequest()).getTotalCount(), kms.call(la).getTotalCount(),
        describe(kms, keyId), versionIds(kms, keyId));
  }

  private void assertNothingChanged() throws Exception {
    Snapshot now = snapshotNow();
    assertThat(now.keys()).isEqualTo(before.keys());
    assertThat(now.aliases()).isEqualTo(before.aliases());
    assertThat(now.versions()).isEqualTo(before.versions());
    DescribeKeyResponse.KeyMetadata k = now.key();
    assertThat(k.getKeyState()).isEqualTo("Enabled");
    assertThat(k.getDescription()).isEqualTo("the one key");
    assertThat(k.getDeleteDate()).isEmpty();
    assertThat(k.getAutomaticRotation()).isEqualTo("Disabled");
    assertThat(k.getPrimaryKeyVersion()).isEqualTo(before.key().getPrimaryKeyVersion());
    assertThat(describe(kms, "alias/input").getKeyId()).isEqualTo(keyId);
    assertThat(decrypt(kms, blob, CONTEXT)).isEqualTo("guarded");
  }

  @Test
  void requiredParameterAbsent_isMissingParameterNamingIt() throws Exception {
    assertMissing(DescribeKeyRequest::new, "KeyId");
    assertMissing(() -> {
      EncryptRequest r = new EncryptRequest();
      r.setKeyId(keyId);
      return r;
    }, "Plaintext");
    assertMissing(() -> {
      EncryptRequest r = new EncryptRequest();
      r.setPlaintext("p");
      return r;
    }, "KeyId");
    assertMissing(DecryptRequest::new, "CiphertextBlob");
    assertMissing(GenerateDataKeyRequest::new, "KeyId");
    assertMissing(() -> {
      ReEncryptRequest r = new ReEncryptRequest();
      r.setCiphertextBlob(blob);
      return r;
    }, "DestinationKeyId");
    assertMissing(() -> {
      CreateAliasRequest r = new CreateAliasRequest();
      r.setKeyId(keyId);
      return r;
    }, "AliasName");
    assertMissing(() -> {
      UpdateAliasRequest r = new UpdateAliasRequest();
      r.setAliasName("alias/input");
      return r;
    }, "KeyId");
    assertMissing(DeleteAliasRequest::new, "AliasName");
    assertMissing(() -> {
      ScheduleKeyDeletionRequest r = new ScheduleKeyDeletionRequest();
      r.setKeyId(keyId);
      return r;
    }, "PendingWindowInDays");
    assertMissing(() -> {
      UpdateRotationPolicyRequest r = new UpdateRotationPolicyRequest();
      r.setKeyId(keyId);
      return r;
    }, "EnableAutomaticRotation");
    assertMissing(() -> {
      UpdateRotationPolicyRequest r = new UpdateRotationPolicyRequest();
      r.setKeyId(keyId);
      r.setEnableAutomaticRotation(true);
      return r;
    }, "RotationInterval");
    assertMissing(() -> {
      CreateKeyRequest r = new CreateKeyRequest();
      r.setEnableAutomaticRotation(true);
      return r;
    }, "RotationInterval");
    assertMissing(() -> {
      UpdateKeyDescriptionRequest r = new UpdateKeyDescriptionRequest();
      r.setKeyId(keyId);
      return r;
    }, "Description");
    assertMissing(() -> {
      DescribeKeyVersionRequest r = new DescribeKeyVersionRequest();
      r.setKeyId(keyId);
      return r;
    }, "KeyVersionId");
    assertMissing(() -> {
      GetParametersForImportRequest r = new GetParametersForImportRequest();
      r.setKeyId(keyId);
      r.setWrappingKeySpec("RSA_2048");
      return r;
    }, "WrappingAlgorithm");
    assertMissing(() -> {
      ImportKeyMaterialRequest r = new ImportKeyMaterialRequest();
      r.setKeyId(keyId);
      r.setEncryptedKeyMaterial("AAAA");
      return r;
    }, "ImportToken");

    RawAnswer a = raw(coffer, RpcRawRequest.v1("Encrypt").param("KeyId", keyId));
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.code()).isEqualTo("MissingParameter");
    assertNothingChanged();
  }

  @Test
  void createKey_unsupportedValues_areRefusedAndCreateNothing() throws Exception {
    assertCreateRefused(r -> r.setKeySpec("RSA_2048"), "InvalidParameter");
    assertCreateRefused(r -> r.setKeySpec("aliyun_aes_256"), "InvalidParameter");
    assertCreateRefused(r -> r.setOrigin("external"), "InvalidParameter");
    assertCreateRefused(r -> r.setKeyUsage("SIGN/VERIFY"), "InvalidParameter");
    assertCreateRefused(r -> r.setProtectionLevel("FIRMWARE"), "InvalidParameter");
    assertCreateRefused(r -> r.setProtectionLevel("HSM"), "Unsupported.ProtectionLevel");
    assertCreateRefused(r -> r.setDescription("d".repeat(8193)), "InvalidParameter");
    for (String interval : new String[] {"1d", "6d", "731d", "7x", "d", "-7d"}) {
      assertCreateRefused(r -> {
        r.setEnableAutomaticRotation(true);
        r.setRotationInterval(interval);
      }, "InvalidParameter");
    }
    assertCreateRefused(r -> {
      r.setOrigin("EXTERNAL");
      r.setEnableAutomaticRotation(true);
      r.setRotationInterval("30d");
    }, "Rejected.UnsupportedOperation");
    RawAnswer a = raw(coffer, RpcRawRequest.v1("CreateKey").param("EnableAutomaticRotation", "yes")
        .param("RotationInterval", "30d"));
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.code()).isEqualTo("InvalidParameter");
    assertNothingChanged();
  }

  @Test
  void keyManagement_badValues_areInvalidParameterAndChangeNothing() throws Exception {
    for (int days : new int[] {3, 6, 367, 0, -1}) {
      ScheduleKeyDeletionRequest s = new ScheduleKeyDeletionRequest();
      s.setKeyId(keyId);
      s.setPendingWindowInDays(days);
      assertKmsError(() -> kms.call(s), "InvalidParameter");
    }
    RawAnswer a = raw(coffer, RpcRawRequest.v1("ScheduleKeyDeletion").param("KeyId", keyId)
        .param("PendingWindowInDays", "seven"));
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.code()).isEqualTo("InvalidParameter");

    for (String interval : new String[] {"1d", "731d", "604799s", "7 d"}) {
      UpdateRotationPolicyRequest r = new UpdateRotationPolicyRequest();
      r.setKeyId(keyId);
      r.setEnableAutomaticRotation(true);
      r.setRotationInterval(interval);
      assertKmsError(() -> kms.call(r), "InvalidParameter");
    }
    UpdateKeyDescriptionRequest d = new UpdateKeyDescriptionRequest();
    d.setKeyId(keyId);
    d.setDescription("x".repeat(8193));
    assertKmsError(() -> kms.call(d), "InvalidParameter");

    // These actions take a key id, not an alias.
    EnableKeyRequest e = new EnableKeyRequest();
    e.setKeyId("alias/input");
    assertKmsError(() -> kms.call(e), "Unsupported.Alias");
    DisableKeyRequest dis = new DisableKeyRequest();
    dis.setKeyId("alias/input");
    assertKmsError(() -> kms.call(dis), "Unsupported.Alias");
    ScheduleKeyDeletionRequest s = new ScheduleKeyDeletionRequest();
    s.setKeyId("alias/input");
    s.setPendingWindowInDays(7);
    assertKmsError(() -> kms.call(s), "Unsupported.Alias");
    assertNothingChanged();
  }

  @Test
  void listings_badPagingOrFilters_areInvalidParameter() throws Exception {
    for (int[] paging : new int[][] {{1, 0}, {1, 101}, {0, 10}, {-1, 10}}) {
      ListKeysRequest r = new ListKeysRequest();
      r.setPageNumber(paging[0]);
      r.setPageSize(paging[1]);
      assertKmsError(() -> kms.call(r), "InvalidParameter");
      ListAliasesRequest la = new ListAliasesRequest();
      la.setPageNumber(paging[0]);
      la.setPageSize(paging[1]);
      assertKmsError(() -> kms.call(la), "InvalidParameter");
      ListKeyVersionsRequest lv = new ListKeyVersionsRequest();
      lv.setKeyId(keyId);
      lv.setPageNumber(paging[0]);
      lv.setPageSize(paging[1]);
      assertKmsError(() -> kms.call(lv), "InvalidParameter");
    }
    StringBuilder eleven = new StringBuilder("[");
    for (int i = 0; i < 11; i++) eleven.append(i == 0 ? "" : ",").append("{\"Key\":\"KeyState\",\"Values\":[\"Enabled\"]}");
    for (String filters : List.of("KeyState=Enabled", "{\"Key\":\"KeyState\",\"Values\":[\"Enabled\"]}",
        "[{\"Key\":\"Color\",\"Values\":[\"Blue\"]}]", "[{\"Key\":\"KeyState\",\"Values\":[]}]",
        "[{\"Key\":\"KeyState\",\"Values\":[1]}]", "[{\"Key\":\"KeyState\"}]",
        "[{\"Key\":\"KeyState\",\"Values\":[\"Enabled\"]}] trailing", eleven.append("]").toString())) {
      ListKeysRequest r = new ListKeysRequest();
      r.setFilters(filters);
      assertKmsError(() -> kms.call(r), "InvalidParameter");
    }
    RawAnswer a = raw(coffer, RpcRawRequest.v1("ListKeys").param("PageSize", "0"));
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.code()).isEqualTo("InvalidParameter");
    assertNothingChanged();
  }

  @Test
  void decrypt_malformedCiphertextBlob_isInvalidParameter() throws Exception {
    byte[] good = Base64.getDecoder().decode(blob);
    byte[] tampered = good.clone();
    tampered[tampered.length - 1] ^= 1;
    byte[] otherFormat = good.clone();
    otherFormat[36] = 2;
    byte[] junk = new byte[120];
    new Random(7).nextBytes(junk);
    String urlSafe = Base64.getUrlEncoder().encodeToString(good);
    List<String> bad = List.of("not base64 at all!", "****", Base64.getEncoder().encodeToString(junk), "AAAA",
        Base64.getEncoder().encodeToString(tampered), Base64.getEncoder().encodeToString(otherFormat),
        Base64.getEncoder().encodeToString("x".repeat(40).getBytes(StandardCharsets.US_ASCII)),
        urlSafe.equals(blob) ? "%" + blob : urlSafe);
    for (String b : bad) {
      assertKmsError(() -> decrypt(kms, b, CONTEXT), "InvalidParameter");
      ReEncryptRequest r = new ReEncryptRequest();
      r.setCiphertextBlob(b);
      r.setSourceEncryptionContext(CONTEXT);
      r.setDestinationKeyId(keyId);
      assertKmsError(() -> kms.call(r), "InvalidParameter");
    }
    RawAnswer a = raw(coffer, RpcRawRequest.v1("Decrypt").param("CiphertextBlob", "not base64 at all!"));
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.code()).isEqualTo("InvalidParameter");
    assertThat(a.body().path("Message").asText()).contains("CiphertextBlob");

    // Well formed, naming a version that never existed: no key to open it with.
    byte[] unknownVersion = good.clone();
    System.arraycopy("00000000-0000-4000-8000-000000000000".getBytes(StandardCharsets.US_ASCII), 0, unknownVersion, 0, 36);
    assertKmsError(() -> decrypt(kms, Base64.getEncoder().encodeToString(unknownVersion), CONTEXT),
        "Forbidden.KeyNotFound");
    assertNothingChanged();
  }

  @Test
  void encryptionContext_wrongOrMalformed_isInvalidParameter() throws Exception {
    assertKmsError(() -> decrypt(kms, blob, "{\"app\":\"billing\"}"), "InvalidParameter");
    assertKmsError(() -> decrypt(kms, blob, "{\"app\":\"orders\",\"extra\":\"1\"}"), "InvalidParameter");
    assertKmsError(() -> decrypt(kms, blob, "{\"APP\":\"orders\"}"), "InvalidParameter");
    List<String> malformed = List.of("app=orders", "[\"app\",\"orders\"]", "{\"app\":1}", "{\"app\":{\"x\":\"y\"}}",
        "{\"app\":null}", "{\"app\":\"orders\",\"app\":\"orders\"}", "{\"app\":\"orders\"} trailing", "\"orders\"",
        "{\"app\":\"" + "o".repeat(8192) + "\"}", "{");
    for (String ctx : malformed) {
      assertKmsError(() -> decrypt(kms, blob, ctx), "InvalidParameter");
      assertKmsError(() -> encrypt(kms, keyId, "p", ctx), "InvalidParameter");
      GenerateDataKeyRequest g = new GenerateDataKeyRequest();
      g.setKeyId(keyId);
      g.setEncryptionContext(ctx);
      assertKmsError(() -> kms.call(g), "InvalidParameter");
      ReEncryptRequest r = new ReEncryptRequest();
      r.setCiphertextBlob(blob);
      r.setSourceEncryptionContext(CONTEXT);
      r.setDestinationKeyId(keyId);
      r.setDestinationEncryptionContext(ctx);
      assertKmsError(() -> kms.call(r), "InvalidParameter");
    }
    RawAnswer a = raw(coffer, RpcRawRequest.v3("Decrypt").param("CiphertextBlob", blob)
        .param("EncryptionContext", "{\"app\":\"billing\"}"));
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.code()).isEqualTo("InvalidParameter");
    assertNothingChanged();
  }

  @Test
  void cryptography_badSizesAndSpecs_areInvalidParameter() throws Exception {
    assertKmsError(() -> encrypt(kms, keyId, "x".repeat(6145), null), "InvalidParameter");
    // 6,144 bytes is the limit in UTF-8 bytes, not characters.
    assertKmsError(() -> encrypt(kms, keyId, "中".repeat(2049), null), "InvalidParameter");
    for (int n : new int[] {0, -1, 1025}) {
      GenerateDataKeyRequest g = new GenerateDataKeyRequest();
      g.setKeyId(keyId);
      g.setNumberOfBytes(n);
      assertKmsError(() -> kms.call(g), "InvalidParameter");
    }
    for (String spec : new String[] {"AES_512", "aes_256", "Aliyun_AES_256"}) {
      GenerateDataKeyRequest g = new GenerateDataKeyRequest();
      g.setKeyId(keyId);
      g.setKeySpec(spec);
      assertKmsError(() -> kms.call(g), "InvalidParameter");
    }
    ReEncryptRequest r = new ReEncryptRequest();
    r.setCiphertextBlob(blob);
    r.setSourceEncryptionContext(CONTEXT);
    r.setDestinationKeyId(keyId);
    r.setSourceKeyId(keyId);
    r.setSourceEncryptionAlgorithm("RSAES_OAEP_SHA_256");
    assertKmsError(() -> kms.call(r), "Rejected.UnsupportedOperation");
    assertNothingChanged();
  }

  // ---- helpers ----

  private static void assertMissing(Supplier<AcsRequest<?>> request, String parameter) {
    ClientException e = catchThrowableOfType(ClientException.class, () -> kms.call(request.get()));
    assertThat(e).as(parameter).isNotNull();
    assertThat(e.getErrCode()).as(parameter).isEqualTo("MissingParameter");
    assertThat(e.getErrMsg()).isEqualTo("The parameter \"" + parameter + "\" is needed but not provided.");
  }

  private static void assertCreateRefused(java.util.function.Consumer<CreateKeyRequest> setup, String code) {
    CreateKeyRequest r = new CreateKeyRequest();
    setup.accept(r);
    assertKmsError(() -> kms.call(r), code);
  }
}
