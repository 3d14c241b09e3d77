package io.coffer.server.rpc.kms;

import static io.coffer.server.rpc.kms.KmsCalls.assertKmsError;
import static io.coffer.server.rpc.kms.KmsCalls.createExternalKey;
import static io.coffer.server.rpc.kms.KmsCalls.createKey;
import static io.coffer.server.rpc.kms.KmsCalls.decrypt;
import static io.coffer.server.rpc.kms.KmsCalls.describe;
import static io.coffer.server.rpc.kms.KmsCalls.encrypt;
import static io.coffer.server.rpc.kms.KmsCalls.state;
import static io.coffer.server.rpc.kms.KmsCalls.wrap;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyuncs.kms.model.v20160120.DeleteKeyMaterialRequest;
import com.aliyuncs.kms.model.v20160120.DescribeKeyResponse;
import com.aliyuncs.kms.model.v20160120.GenerateDataKeyRequest;
import com.aliyuncs.kms.model.v20160120.GenerateDataKeyResponse;
import com.aliyuncs.kms.model.v20160120.GetParametersForImportRequest;
import com.aliyuncs.kms.model.v20160120.GetParametersForImportResponse;
import com.aliyuncs.kms.model.v20160120.ImportKeyMaterialRequest;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.PopClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bring your own key through the official KMS SDK: GetParametersForImport, material wrapped locally
 * with JCE, ImportKeyMaterial, DeleteKeyMaterial, re-import, expiry, and the import errors.
 */
class KmsImportIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final SecureRandom RANDOM = new SecureRandom();
  static PopClient kms;

  @BeforeAll
  static void setUp() {
    kms = coffer.kms();
  }

  @ParameterizedTest
  @ValueSource(strings = {"RSAES_OAEP_SHA_256", "RSAES_OAEP_SHA_1", "RSAES_PKCS1_V1_5"})
  void importKeyMaterial_eachWrapping_enablesTheKeyWithExactlyThatMaterial(String algorithm) throws Exception {
    String keyId = createExternalKey(kms, "Aliyun_AES_256");
    Instant now = coffer.kmsClock().instant();
    GetParametersForImportResponse p = parameters(keyId, algorithm);
    assertThat(p.getKeyId()).isEqualTo(keyId);
    RSAPublicKey pub = (RSAPublicKey) KeyFactory.getInstance("RSA")
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(p.getPublicKey())));
    assertThat(pub.getModulus().bitLength()).isEqualTo(2048);
    assertThat(p.getImportToken()).isNotBlank();
    assertThat(Instant.parse(p.getTokenExpireTime()))
        .isBetween(now.plus(Duration.ofHours(24)).minusSeconds(2), now.plus(Duration.ofHours(24)).plusSeconds(5));

    byte[] material = random(32);
    importMaterial(keyId, wrap(algorithm, p.getPublicKey(), material), p.getImportToken(), 0L);
    DescribeKeyResponse.KeyMetadata m = describe(kms, keyId);
    assertThat(m.getKeyState()).isEqualTo("Enabled");
    assertThat(m.getMaterialExpireTime()).isEmpty();

    String blob = encrypt(kms, keyId, "imported " + algorithm, null);
    assertThat(decrypt(kms, blob, null)).isEqualTo("imported " + algorithm);
    // The blob opens locally under the imported bytes (docs/crypto/kms-format.md): the key is ours.
    assertThat(openLocally(material, keyId, Base64.getDecoder().decode(blob))).isEqualTo("imported " + algorithm);
  }

  @Test
  void byokFlow_v3Signature_importsDeletesAndReimports() throws Exception {
    PopClient v3 = coffer.kmsV3();
    String keyId = createExternalKey(v3, "Aliyun_SM4");
    byte[] material = random(16);
    GetParametersForImportRequest gp = new GetParametersForImportRequest();
    gp.setKeyId(keyId);
    gp.setWrappingAlgorithm("RSAES_OAEP_SHA_256");
    gp.setWrappingKeySpec("RSA_2048");
    GetParametersForImportResponse p = v3.call(gp);
    ImportKeyMaterialRequest im = new ImportKeyMaterialRequest();
    im.setKeyId(keyId);
    im.setEncryptedKeyMaterial(wrap("RSAES_OAEP_SHA_256", p.getPublicKey(), material));
    im.setImportToken(p.getImportToken());
    im.setKeyMaterialExpireUnix(0L);
    v3.call(im);
    String blob = encrypt(v3, keyId, "over v3", null);
    DeleteKeyMaterialRequest d = new DeleteKeyMaterialRequest();
    d.setKeyId(keyId);
    v3.call(d);
    assertThat(state(v3, keyId)).isEqualTo("PendingImport");
    v3.call(im);
    assertThat(decrypt(v3, blob, null)).isEqualTo("over v3");
  }

  @Test
  void importKeyMaterial_sm4Key_takes16Bytes() throws Exception {
    String keyId = createExternalKey(kms, "Aliyun_SM4");
    GetParametersForImportResponse p = parameters(keyId, "RSAES_OAEP_SHA_256");
    assertKmsError(() -> importMaterial(keyId, wrap("RSAES_OAEP_SHA_256", p.getPublicKey(), random(32)),
        p.getImportToken(), 0L), "InvalidKeyMaterial");
    assertThat(state(kms, keyId)).isEqualTo("PendingImport");
    importMaterial(keyId, wrap("RSAES_OAEP_SHA_256", p.getPublicKey(), random(16)), p.getImportToken(), 0L);
    assertThat(state(kms, keyId)).isEqualTo("Enabled");
    GenerateDataKeyRequest g = new GenerateDataKeyRequest();
    g.setKeyId(keyId);
    GenerateDataKeyResponse dk = kms.call(g);
    assertThat(decrypt(kms, dk.getCiphertextBlob(), null)).isEqualTo(dk.getPlaintext());
  }

  @Test
  void deleteKeyMaterial_thenReimport_sameMaterialReopensOldBlobsAndOtherMaterialIsRefused() throws Exception {
    String keyId = createExternalKey(kms, "Aliyun_AES_256");
    byte[] material = random(32);
    GetParametersForImportResponse p = parameters(keyId, "RSAES_OAEP_SHA_1");
    importMaterial(keyId, wrap("RSAES_OAEP_SHA_1", p.getPublicKey(), material), p.getImportToken(), 0L);
    String blob = encrypt(kms, keyId, "survives re-import", "{\"c\":\"1\"}");

    DeleteKeyMaterialRequest d = new DeleteKeyMaterialRequest();
    d.setKeyId(keyId);
    kms.call(d);
    assertThat(state(kms, keyId)).isEqualTo("PendingImport");
    assertKmsError(() -> decrypt(kms, blob, "{\"c\":\"1\"}"), "Rejected.PendingImport");
    assertKmsError(() -> encrypt(kms, keyId, "x", null), "Rejected.PendingImport");

    // Other material never binds, whether the key waits for material or has it.
    GetParametersForImportResponse p2 = parameters(keyId, "RSAES_PKCS1_V1_5");
    assertKmsError(() -> importMaterial(keyId, wrap("RSAES_PKCS1_V1_5", p2.getPublicKey(), random(32)),
        p2.getImportToken(), 0L), "InvalidKeyMaterial");
    assertThat(state(kms, keyId)).isEqualTo("PendingImport");

    importMaterial(keyId, wrap("RSAES_PKCS1_V1_5", p2.getPublicKey(), material), p2.getImportToken(), 0L);
    assertThat(state(kms, keyId)).isEqualTo("Enabled");
    assertThat(decrypt(kms, blob, "{\"c\":\"1\"}")).isEqualTo("survives re-import");

    assertKmsError(() -> importMaterial(keyId, wrap("RSAES_PKCS1_V1_5", p2.getPublicKey(), random(32)),
        p2.getImportToken(), 0L), "InvalidKeyMaterial");
    assertThat(state(kms, keyId)).isEqualTo("Enabled");
    assertThat(decrypt(kms, blob, "{\"c\":\"1\"}")).isEqualTo("survives re-import");
  }

  @Test
  void importKeyMaterial_withExpiry_keyFallsBackToPendingImportWhenTheMaterialExpires() throws Exception {
    String keyId = createExternalKey(kms, "Aliyun_AES_256");
    byte[] material = random(32);
    long expires = coffer.kmsClock().instant().plus(Duration.ofDays(2)).getEpochSecond();
    GetParametersForImportResponse p = parameters(keyId, "RSAES_OAEP_SHA_256");
    importMaterial(keyId, wrap("RSAES_OAEP_SHA_256", p.getPublicKey(), material), p.getImportToken(), expires);
    DescribeKeyResponse.KeyMetadata m = describe(kms, keyId);
    assertThat(m.getKeyState()).isEqualTo("Enabled");
    assertThat(Instant.parse(m.getMaterialExpireTime())).isEqualTo(Instant.ofEpochSecond(expires));
    String blob = encrypt(kms, keyId, "until expiry", null);

    coffer.kmsClock().advance(Duration.ofDays(1));
    coffer.server().kms().maintain();
    assertThat(decrypt(kms, blob, null)).isEqualTo("until expiry");

    coffer.kmsClock().advance(Duration.ofDays(1).plusMinutes(1));
    assertThat(state(kms, keyId)).isEqualTo("PendingImport");
    coffer.server().kms().maintain();
    m = describe(kms, keyId);
    assertThat(m.getKeyState()).isEqualTo("PendingImport");
    assertThat(m.getMaterialExpireTime()).isEmpty();
    assertKmsError(() -> decrypt(kms, blob, null), "Rejected.PendingImport");

    GetParametersForImportResponse again = parameters(keyId, "RSAES_OAEP_SHA_256");
    importMaterial(keyId, wrap("RSAES_OAEP_SHA_256", again.getPublicKey(), material), again.getImportToken(), 0L);
    assertThat(state(kms, keyId)).isEqualTo("Enabled");
    assertThat(decrypt(kms, blob, null)).isEqualTo("until expiry");
  }

  // ---- errors: each leaves the key as it was ----

  @Test
  void importKeyMaterial_badWrappedMaterial_isInvalidKeyMaterial() throws Exception {
    String keyId = createExternalKey(kms, "Aliyun_AES_256");
    GetParametersForImportResponse p = parameters(keyId, "RSAES_OAEP_SHA_256");
    String token = p.getImportToken();
    String junk = Base64.getEncoder().encodeToString(random(256));
    String otherPadding = wrap("RSAES_OAEP_SHA_1", p.getPublicKey(), random(32));
    String wrongLength = wrap("RSAES_OAEP_SHA_256", p.getPublicKey(), random(16));
    for (String bad : new String[] {junk, otherPadding, wrongLength, "not base64 !!", "AAAA"}) {
      assertKmsError(() -> importMaterial(keyId, bad, token, 0L), "InvalidKeyMaterial");
    }
    assertThat(state(kms, keyId)).isEqualTo("PendingImport");
    // The token still works afterwards.
    importMaterial(keyId, wrap("RSAES_OAEP_SHA_256", p.getPublicKey(), random(32)), token, 0L);
    assertThat(state(kms, keyId)).isEqualTo("Enabled");
  }

  @Test
  void importKeyMaterial_unknownOrOtherKeysToken_isInvalidImportToken() throws Exception {
    String keyId = createExternalKey(kms, "Aliyun_AES_256");
    String other = createExternalKey(kms, "Aliyun_AES_256");
    GetParametersForImportResponse mine = parameters(keyId, "RSAES_OAEP_SHA_256");
    GetParametersForImportResponse theirs = parameters(other, "RSAES_OAEP_SHA_256");
    byte[] material = random(32);
    assertKmsError(() -> importMaterial(keyId, wrap("RSAES_OAEP_SHA_256", theirs.getPublicKey(), material),
        theirs.getImportToken(), 0L), "InvalidImportToken");
    assertKmsError(() -> importMaterial(keyId, wrap("RSAES_OAEP_SHA_256", mine.getPublicKey(), material),
        Base64.getEncoder().encodeToString(random(32)), 0L), "InvalidImportToken");
    assertThat(state(kms, keyId)).isEqualTo("PendingImport");
    assertThat(state(kms, other)).isEqualTo("PendingImport");
  }

  @Test
  void importKeyMaterial_tokenOlderThan24Hours_isExpiredImportToken() throws Exception {
    String keyId = createExternalKey(kms, "Aliyun_AES_256");
    GetParametersForImportResponse p = parameters(keyId, "RSAES_OAEP_SHA_256");
    String wrapped = wrap("RSAES_OAEP_SHA_256", p.getPublicKey(), random(32));
    coffer.kmsClock().advance(Duration.ofHours(25));
    // Maintenance runs on its own schedule too; an expired token must still be told apart from a made-up one.
    coffer.server().kms().maintain();
    assertKmsError(() -> importMaterial(keyId, wrapped, p.getImportToken(), 0L), "ExpiredImportToken");
    assertThat(state(kms, keyId)).isEqualTo("PendingImport");
  }

  @Test
  void importKeyMaterial_expiryInThePast_isInvalidParameter() throws Exception {
    String keyId = createExternalKey(kms, "Aliyun_AES_256");
    GetParametersForImportResponse p = parameters(keyId, "RSAES_OAEP_SHA_256");
    long past = coffer.kmsClock().instant().minusSeconds(60).getEpochSecond();
    assertKmsError(() -> importMaterial(keyId, wrap("RSAES_OAEP_SHA_256", p.getPublicKey(), random(32)),
        p.getImportToken(), past), "InvalidParameter");
    assertThat(state(kms, keyId)).isEqualTo("PendingImport");
  }

  @Test
  void byokActions_onAKmsMadeKey_areUnsupportedOrigin() throws Exception {
    String keyId = createKey(kms);
    String external = createExternalKey(kms, "Aliyun_AES_256");
    GetParametersForImportResponse p = parameters(external, "RSAES_OAEP_SHA_256");
    String blob = encrypt(kms, keyId, "unchanged", null);
    assertKmsError(() -> parameters(keyId, "RSAES_OAEP_SHA_256"), "Unsupported.Origin");
    assertKmsError(() -> importMaterial(keyId, wrap("RSAES_OAEP_SHA_256", p.getPublicKey(), random(32)),
        p.getImportToken(), 0L), "Unsupported.Origin");
    DeleteKeyMaterialRequest d = new DeleteKeyMaterialRequest();
    d.setKeyId(keyId);
    assertKmsError(() -> kms.call(d), "Unsupported.Origin");
    assertThat(state(kms, keyId)).isEqualTo("Enabled");
    assertThat(decrypt(kms, blob, null)).isEqualTo("unchanged");
  }

  @Test
  void getParametersForImport_badOrMissingParameters_areRefused() throws Exception {
    String keyId = createExternalKey(kms, "Aliyun_AES_256");
    assertKmsError(() -> parameters(keyId, "RSAES_OAEP_SHA_512"), "InvalidParameter");
    GetParametersForImportRequest r = new GetParametersForImportRequest();
    r.setKeyId(keyId);
    r.setWrappingAlgorithm("RSAES_OAEP_SHA_256");
    r.setWrappingKeySpec("RSA_3072");
    assertKmsError(() -> kms.call(r), "InvalidParameter");
    GetParametersForImportRequest noSpec = new GetParametersForImportRequest();
    noSpec.setKeyId(keyId);
    noSpec.setWrappingAlgorithm("RSAES_OAEP_SHA_256");
    assertKmsError(() -> kms.call(noSpec), "MissingParameter");
    assertKmsError(() -> parameters("00000000-0000-4000-8000-000000000000", "RSAES_OAEP_SHA_256"),
        "Forbidden.KeyNotFound");
    assertKmsError(() -> parameters("alias/some-alias", "RSAES_OAEP_SHA_256"), "Unsupported.Alias");
    assertThat(state(kms, keyId)).isEqualTo("PendingImport");
  }

  @Test
  void importKeyMaterial_keyPendingDeletion_isStateModifiedFailed() throws Exception {
    String keyId = createExternalKey(kms, "Aliyun_AES_256");
    GetParametersForImportResponse p = parameters(keyId, "RSAES_OAEP_SHA_256");
    com.aliyuncs.kms.model.v20160120.ScheduleKeyDeletionRequest s =
        new com.aliyuncs.kms.model.v20160120.ScheduleKeyDeletionRequest();
    s.setKeyId(keyId);
    s.setPendingWindowInDays(7);
    kms.call(s);
    assertKmsError(() -> importMaterial(keyId, wrap("RSAES_OAEP_SHA_256", p.getPublicKey(), random(32)),
        p.getImportToken(), 0L), "Rejected.StateModifiedFailed");
    assertThat(state(kms, keyId)).isEqualTo("PendingDeletion");
  }

  // ---- helpers ----

  private static GetParametersForImportResponse parameters(String keyId, String algorithm) throws Exception {
    GetParametersForImportRequest r = new GetParametersForImportRequest();
    r.setKeyId(keyId);
    r.setWrappingAlgorithm(algorithm);
    r.setWrappingKeySpec("RSA_2048");
    return kms.call(r);
  }

  private static void importMaterial(String keyId, String wrapped, String token, long expireUnix) throws Exception {
    ImportKeyMaterialRequest r = new ImportKeyMaterialRequest();
    r.setKeyId(keyId);
    r.setEncryptedKeyMaterial(wrapped);
    r.setImportToken(token);
    r.setKeyMaterialExpireUnix(expireUnix);
    kms.call(r);
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /** AES-256-GCM open of a context-free blob, as docs/crypto/kms-format.md specifies it. */
  private static String openLocally(byte[] material, String keyId, byte[] blob) throws Exception {
    String versionId = new String(blob, 0, 36, StandardCharsets.US_ASCII);
    assertThat(blob[36]).isEqualTo((byte) 1);
    ByteBuffer aad = ByteBuffer.allocate(200);
    for (String s : new String[] {"coffer:kms:v1", keyId, versionId}) {
      aad.put(s.getBytes(StandardCharsets.UTF_8)).put((byte) 0);
    }
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(material, "AES"),
        new GCMParameterSpec(128, Arrays.copyOfRange(blob, 37, 49)));
    c.updateAAD(aad.array(), 0, aad.position());
    return new String(c.doFinal(blob, 49, blob.length - 49), StandardCharsets.UTF_8);
  }
}
