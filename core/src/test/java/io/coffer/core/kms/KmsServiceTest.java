package io.coffer.core.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.config.CryptoConfig;
import io.coffer.core.error.CofferException;
import io.coffer.core.iam.Authorizer;
import io.coffer.core.iam.Principal;
import io.coffer.core.sse.KeyHierarchy;
import io.coffer.core.storage.sqlite.SqliteMetadataStore;
import io.coffer.core.testing.MutableClock;
import io.coffer.core.testing.SeededRandom;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The KMS domain over a real SQLite store and a real root key. */
class KmsServiceTest {
  private static final Principal ME = new Principal("1234567890123456", "AK1");
  private static final Principal OTHER = new Principal("9999999999999999", "AK2");
  private static final Map<String, String> CTX = Map.of("bucket", "b", "object", "o");

  @TempDir Path dataDir;
  private SqliteMetadataStore store;
  private KeyHierarchy keys;
  private KmsService kms;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final SeededRandom random = new SeededRandom(4);

  @BeforeEach
  void setUp() throws IOException {
    store = new SqliteMetadataStore(dataDir.resolve("coffer.db"));
    keys = KeyHierarchy.open(dataDir, new CryptoConfig(0, null), store, clock, random);
    kms = new KmsService(store.kms(), keys.root(), new Authorizer(), clock, random, "cn-hangzhou");
  }

  @AfterEach
  void tearDown() {
    keys.close();
    store.close();
  }

  private String newKey(KeySpec spec) {
    return kms.createKey(ME, new KmsService.CreateKeyRequest(spec, KeyOrigin.Aliyun_KMS, "d", null)).keyId();
  }

  @Test
  void dataKey_decryptsToTheSamePlaintext_underAesAndSm4Keys() {
    for (KeySpec spec : KeySpec.values()) {
      String id = newKey(spec);
      KmsCrypto.DataKey dk = kms.crypto().generateDataKey(ME, id, 32, CTX, true);
      KmsCrypto.Decrypted d = kms.crypto().decrypt(ME, dk.ciphertextBlob(), Map.of("object", "o", "bucket", "b"));
      assertThat(new String(d.plaintext(), StandardCharsets.US_ASCII))
          .isEqualTo(java.util.Base64.getEncoder().encodeToString(dk.plaintext().bytes()));
      assertThat(d.keyId()).isEqualTo(id);
      assertThat(new String(dk.ciphertextBlob(), 0, 36, StandardCharsets.US_ASCII)).isEqualTo(dk.versionId());
    }
  }

  @Test
  void decrypt_withOtherContext_orTamperedBlob_isInvalidCiphertext() {
    String id = newKey(KeySpec.Aliyun_AES_256);
    byte[] blob = kms.crypto().encrypt(ME, id, "secret".getBytes(StandardCharsets.UTF_8), CTX).ciphertextBlob();
    assertThatThrownBy(() -> kms.crypto().decrypt(ME, blob, Map.of("bucket", "b", "object", "x")))
        .isInstanceOf(CofferException.KmsInvalidCiphertext.class);
    assertThatThrownBy(() -> kms.crypto().decrypt(ME, blob, Map.of()))
        .isInstanceOf(CofferException.KmsInvalidCiphertext.class);
    byte[] bad = blob.clone();
    bad[bad.length - 1] ^= 1;
    assertThatThrownBy(() -> kms.crypto().decrypt(ME, bad, CTX)).isInstanceOf(CofferException.KmsInvalidCiphertext.class);
    assertThatThrownBy(() -> kms.crypto().decrypt(ME, "not a blob".getBytes(StandardCharsets.UTF_8), CTX))
        .isInstanceOf(CofferException.KmsInvalidCiphertext.class);
  }

  @Test
  void otherAccount_cannotSeeOrUseTheKey() {
    String id = newKey(KeySpec.Aliyun_AES_256);
    byte[] blob = kms.crypto().encrypt(ME, id, new byte[] {1}, CTX).ciphertextBlob();
    assertThatThrownBy(() -> kms.describeKey(OTHER, id)).isInstanceOf(CofferException.KmsKeyNotFound.class);
    assertThatThrownBy(() -> kms.crypto().decrypt(OTHER, blob, CTX)).isInstanceOf(CofferException.KmsKeyNotFound.class);
    assertThat(kms.listKeys(OTHER)).isEmpty();
  }

  @Test
  void disabledKey_refusesCryptography_untilEnabled() {
    String id = newKey(KeySpec.Aliyun_AES_256);
    byte[] blob = kms.crypto().encrypt(ME, id, new byte[] {7}, CTX).ciphertextBlob();
    kms.disableKey(ME, id);
    assertThatThrownBy(() -> kms.crypto().decrypt(ME, blob, CTX))
        .isInstanceOfSatisfying(CofferException.KmsKeyStateRejected.class, e -> assertThat(e.state()).isEqualTo("Disabled"));
    assertThatThrownBy(() -> kms.crypto().generateDataKey(ME, id, 32, CTX, true))
        .isInstanceOf(CofferException.KmsKeyStateRejected.class);
    kms.enableKey(ME, id);
    assertThat(kms.crypto().decrypt(ME, blob, CTX).plaintext()).containsExactly(7);
  }

  @Test
  void scheduledDeletion_blocksUse_cancelRestores_windowEndDestroys() {
    String id = newKey(KeySpec.Aliyun_AES_256);
    byte[] blob = kms.crypto().encrypt(ME, id, new byte[] {7}, CTX).ciphertextBlob();
    kms.createAlias(ME, "alias/doomed", id);
    kms.scheduleKeyDeletion(ME, id, 7);
    assertThat(kms.describeKey(ME, id).state()).isEqualTo(KeyState.PendingDeletion);
    assertThatThrownBy(() -> kms.crypto().decrypt(ME, blob, CTX))
        .isInstanceOfSatisfying(CofferException.KmsKeyStateRejected.class, e -> assertThat(e.state()).isEqualTo("PendingDeletion"));
    assertThatThrownBy(() -> kms.enableKey(ME, id)).isInstanceOf(CofferException.KmsStateModifiedFailed.class);
    kms.cancelKeyDeletion(ME, id);
    assertThat(kms.crypto().decrypt(ME, blob, CTX).plaintext()).containsExactly(7);
    kms.scheduleKeyDeletion(ME, id, 7);
    clock.advance(Duration.ofDays(6));
    assertThat(kms.maintain().destroyed()).isZero();
    clock.advance(Duration.ofDays(1));
    assertThat(kms.maintain().destroyed()).isEqualTo(1);
    assertThatThrownBy(() -> kms.describeKey(ME, id)).isInstanceOf(CofferException.KmsKeyNotFound.class);
    assertThatThrownBy(() -> kms.crypto().decrypt(ME, blob, CTX)).isInstanceOf(CofferException.KmsKeyNotFound.class);
    assertThat(kms.listAliases(ME)).isEmpty();
  }

  @Test
  void rotation_keepsOldBlobsOpen_andSealsNewOnesWithTheNewVersion() {
    String id = newKey(KeySpec.Aliyun_SM4);
    KmsCrypto.Encrypted before = kms.crypto().encrypt(ME, id, new byte[] {1}, CTX);
    KeyVersion v2 = kms.createKeyVersion(ME, id);
    KmsCrypto.Encrypted after = kms.crypto().encrypt(ME, id, new byte[] {2}, CTX);
    assertThat(after.versionId()).isEqualTo(v2.versionId()).isNotEqualTo(before.versionId());
    assertThat(kms.crypto().decrypt(ME, before.ciphertextBlob(), CTX).plaintext()).containsExactly(1);
    assertThat(kms.listKeyVersions(ME, id)).hasSize(2);
    assertThat(kms.describeKey(ME, id).primaryVersionId()).isEqualTo(v2.versionId());
  }

  @Test
  void automaticRotation_happensWhenTheIntervalPasses() {
    String id = newKey(KeySpec.Aliyun_AES_256);
    kms.updateRotationPolicy(ME, id, Duration.ofDays(7));
    assertThat(kms.maintain().rotated()).isZero();
    clock.advance(Duration.ofDays(7));
    assertThat(kms.maintain().rotated()).isEqualTo(1);
    assertThat(kms.listKeyVersions(ME, id)).hasSize(2);
    assertThat(kms.maintain().rotated()).isZero();
  }

  @Test
  void scheduledRotation_fromAStaleScan_doesNotRotateTwice() {
    String id = newKey(KeySpec.Aliyun_AES_256);
    kms.updateRotationPolicy(ME, id, Duration.ofDays(7));
    clock.advance(Duration.ofDays(7));
    Instant scan = clock.instant();
    // Two maintenance passes that both saw the key due: the second finds it rotated already.
    assertThat(kms.rotate(id, scan)).isNotNull();
    assertThat(kms.rotate(id, scan)).isNull();
    assertThat(kms.listKeyVersions(ME, id)).hasSize(2);
  }

  @Test
  void aliases_resolve_move_andRefuseReservedOrDuplicateNames() {
    String a = newKey(KeySpec.Aliyun_AES_256);
    String b = newKey(KeySpec.Aliyun_AES_256);
    kms.createAlias(ME, "alias/app", a);
    assertThat(kms.describeKey(ME, "alias/app").keyId()).isEqualTo(a);
    assertThatThrownBy(() -> kms.createAlias(ME, "alias/app", b)).isInstanceOf(CofferException.KmsAliasAlreadyExists.class);
    assertThatThrownBy(() -> kms.createAlias(ME, "alias/acs/mine", b)).isInstanceOf(CofferException.InvalidParameter.class);
    assertThatThrownBy(() -> kms.createAlias(ME, "app", b)).isInstanceOf(CofferException.InvalidParameter.class);
    kms.updateAlias(ME, "alias/app", b);
    assertThat(kms.describeKey(ME, "alias/app").keyId()).isEqualTo(b);
    assertThat(kms.listAliasesByKeyId(ME, a)).isEmpty();
    kms.deleteAlias(ME, "alias/app");
    assertThatThrownBy(() -> kms.describeKey(ME, "alias/app")).isInstanceOf(CofferException.KmsAliasNotFound.class);
  }

  @Test
  void createKeyWithAlias_namesTheKey_andATakenOrBadAliasLeavesNoKey() {
    var request = new KmsService.CreateKeyRequest(KeySpec.Aliyun_AES_256, KeyOrigin.Aliyun_KMS, "d", null);
    String a = kms.createKey(ME, request, "alias/app").keyId();
    assertThat(kms.describeKey(ME, "alias/app").keyId()).isEqualTo(a);
    assertThatThrownBy(() -> kms.createKey(ME, request, "alias/app"))
        .isInstanceOf(CofferException.KmsAliasAlreadyExists.class);
    assertThatThrownBy(() -> kms.createKey(ME, request, "app")).isInstanceOf(CofferException.InvalidParameter.class);
    assertThatThrownBy(() -> kms.createKey(ME, request, "alias/acs/x"))
        .isInstanceOf(CofferException.InvalidParameter.class);
    assertThat(kms.listKeys(ME)).extracting(KeyMetadata::keyId).containsExactly(a);
    assertThat(kms.listAliases(ME)).extracting(KmsAlias::name).containsExactly("alias/app");
  }

  @Test
  void ossDefaultKey_isMadeOnce_andIsAServiceKey() {
    Cmk k1 = kms.ossDefaultKey(ME.accountId());
    Cmk k2 = kms.ossDefaultKey(ME.accountId());
    assertThat(k1.keyId()).isEqualTo(k2.keyId());
    assertThat(k1.service()).isTrue();
    assertThat(kms.describeKey(ME, KmsService.OSS_DEFAULT_ALIAS).keyId()).isEqualTo(k1.keyId());
    assertThatThrownBy(() -> kms.disableKey(ME, k1.keyId())).isInstanceOf(CofferException.KmsUnsupportedOperation.class);
    assertThatThrownBy(() -> kms.createKeyVersion(ME, k1.keyId()))
        .isInstanceOf(CofferException.KmsUnsupportedOperation.class);
    assertThat(kms.listKeyVersions(ME, k1.keyId())).hasSize(1);
    assertThat(kms.listKeys(ME)).hasSize(1);
  }

  @Test
  void byok_importUnwrapsWithEachAlgorithm_bindsTheMaterial_andDeletionSuspendsTheKey() throws Exception {
    for (String alg : new String[] {"RSAES_OAEP_SHA_256", "RSAES_OAEP_SHA_1", "RSAES_PKCS1_V1_5"}) {
      String id = kms.createKey(ME, new KmsService.CreateKeyRequest(KeySpec.Aliyun_AES_256, KeyOrigin.EXTERNAL, "", null))
          .keyId();
      assertThat(kms.describeKey(ME, id).state()).isEqualTo(KeyState.PendingImport);
      assertThatThrownBy(() -> kms.crypto().encrypt(ME, id, new byte[] {1}, CTX))
          .isInstanceOf(CofferException.KmsKeyStateRejected.class);
      byte[] material = new byte[32];
      random.nextBytes(material);
      KmsImport.ImportParameters p = kms.imports().getParametersForImport(ME, id, alg, "RSA_2048");
      kms.imports().importKeyMaterial(ME, id, wrap(alg, p.publicKey(), material), p.importToken(), null);
      assertThat(kms.describeKey(ME, id).state()).isEqualTo(KeyState.Enabled);
      byte[] blob = kms.crypto().encrypt(ME, id, new byte[] {9}, CTX).ciphertextBlob();

      byte[] other = material.clone();
      other[0] ^= 1;
      assertThatThrownBy(() -> kms.imports().importKeyMaterial(ME, id, wrap(alg, p.publicKey(), other), p.importToken(), null))
          .isInstanceOf(CofferException.KmsInvalidKeyMaterial.class);

      kms.imports().deleteKeyMaterial(ME, id);
      assertThat(kms.describeKey(ME, id).state()).isEqualTo(KeyState.PendingImport);
      assertThatThrownBy(() -> kms.crypto().decrypt(ME, blob, CTX)).isInstanceOf(CofferException.KmsKeyStateRejected.class);
      kms.imports().importKeyMaterial(ME, id, wrap(alg, p.publicKey(), material), p.importToken(), null);
      assertThat(kms.crypto().decrypt(ME, blob, CTX).plaintext()).containsExactly(9);
    }
  }

  @Test
  void byok_badMaterial_badToken_expiredToken_andExpiredMaterial() throws Exception {
    String id = kms.createKey(ME, new KmsService.CreateKeyRequest(KeySpec.Aliyun_SM4, KeyOrigin.EXTERNAL, "", null)).keyId();
    KmsImport.ImportParameters p = kms.imports().getParametersForImport(ME, id, "RSAES_OAEP_SHA_256", "RSA_2048");
    byte[] sixteen = new byte[16];
    random.nextBytes(sixteen);
    assertThatThrownBy(() -> kms.imports().importKeyMaterial(ME, id, wrap("RSAES_OAEP_SHA_256", p.publicKey(), new byte[32]),
        p.importToken(), null)).isInstanceOf(CofferException.KmsInvalidKeyMaterial.class);
    assertThatThrownBy(() -> kms.imports().importKeyMaterial(ME, id, new byte[256], p.importToken(), null))
        .isInstanceOf(CofferException.KmsInvalidKeyMaterial.class);
    assertThatThrownBy(() -> kms.imports().importKeyMaterial(ME, id, wrap("RSAES_OAEP_SHA_256", p.publicKey(), sixteen),
        "bogus", null)).isInstanceOf(CofferException.KmsInvalidImportToken.class);
    assertThat(kms.describeKey(ME, id).state()).isEqualTo(KeyState.PendingImport);

    kms.imports().importKeyMaterial(ME, id, wrap("RSAES_OAEP_SHA_256", p.publicKey(), sixteen), p.importToken(),
        clock.instant().plus(Duration.ofHours(1)));
    byte[] blob = kms.crypto().encrypt(ME, id, new byte[] {5}, CTX).ciphertextBlob();
    clock.advance(Duration.ofHours(1));
    assertThat(kms.describeKey(ME, id).state()).isEqualTo(KeyState.PendingImport);
    assertThatThrownBy(() -> kms.crypto().decrypt(ME, blob, CTX)).isInstanceOf(CofferException.KmsKeyStateRejected.class);
    assertThat(kms.maintain().materialExpired()).isEqualTo(1);

    clock.advance(Duration.ofHours(24));
    kms.maintain();
    // Maintenance keeps an expired token for a while, so its holder is told it expired.
    assertThatThrownBy(() -> kms.imports().importKeyMaterial(ME, id, wrap("RSAES_OAEP_SHA_256", p.publicKey(), sixteen),
        p.importToken(), null)).isInstanceOf(CofferException.KmsExpiredImportToken.class);
    clock.advance(KmsImport.EXPIRED_TOKEN_MEMORY);
    kms.maintain();
    assertThatThrownBy(() -> kms.imports().importKeyMaterial(ME, id, wrap("RSAES_OAEP_SHA_256", p.publicKey(), sixteen),
        p.importToken(), null)).isInstanceOf(CofferException.KmsInvalidImportToken.class);
    KmsImport.ImportParameters p2 = kms.imports().getParametersForImport(ME, id, "RSAES_OAEP_SHA_256", "RSA_2048");
    kms.imports().importKeyMaterial(ME, id, wrap("RSAES_OAEP_SHA_256", p2.publicKey(), sixteen), p2.importToken(), null);
    assertThat(kms.crypto().decrypt(ME, blob, CTX).plaintext()).containsExactly(5);
  }

  @Test
  void byokActions_onAKmsMadeKey_areUnsupportedOrigin() {
    String id = newKey(KeySpec.Aliyun_AES_256);
    assertThatThrownBy(() -> kms.imports().getParametersForImport(ME, id, "RSAES_OAEP_SHA_256", "RSA_2048"))
        .isInstanceOf(CofferException.KmsUnsupportedOrigin.class);
    assertThatThrownBy(() -> kms.imports().deleteKeyMaterial(ME, id)).isInstanceOf(CofferException.KmsUnsupportedOrigin.class);
  }

  @Test
  void keyMaterial_isStoredOnlyWrapped() {
    String id = newKey(KeySpec.Aliyun_AES_256);
    KeyVersion v = store.kms().versions(id).get(0);
    assertThat(v.wrappedMaterial().length).isGreaterThan(32);
    KmsCrypto.DataKey dk = kms.crypto().generateDataKey(ME, id, 32, CTX, true);
    byte[] plain = dk.plaintext().bytes();
    assertThat(indexOf(v.wrappedMaterial(), plain)).isEqualTo(-1);
    assertThat(indexOf(dk.ciphertextBlob(), plain)).isEqualTo(-1);
  }

  @Test
  void reEncrypt_movesABlobToAnotherKeyAndContext() {
    String a = newKey(KeySpec.Aliyun_AES_256);
    String b = newKey(KeySpec.Aliyun_SM4);
    byte[] blob = kms.crypto().encrypt(ME, a, new byte[] {3, 4}, CTX).ciphertextBlob();
    KmsCrypto.ReEncrypted r = kms.crypto().reEncrypt(ME, blob, CTX, b, Map.of("k", "v"));
    assertThat(r.sourceKeyId()).isEqualTo(a);
    KmsCrypto.Decrypted d = kms.crypto().decrypt(ME, r.ciphertextBlob(), Map.of("k", "v"));
    assertThat(d.keyId()).isEqualTo(b);
    assertThat(d.plaintext()).containsExactly(3, 4);
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }

  static byte[] wrap(String alg, byte[] publicKeyDer, byte[] material) throws Exception {
    PublicKey pub = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(publicKeyDer));
    Cipher c;
    switch (alg) {
      case "RSAES_OAEP_SHA_256" -> {
        c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(Cipher.ENCRYPT_MODE, pub, new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
            PSource.PSpecified.DEFAULT));
      }
      case "RSAES_OAEP_SHA_1" -> {
        c = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
        c.init(Cipher.ENCRYPT_MODE, pub);
      }
      default -> {
        c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        c.init(Cipher.ENCRYPT_MODE, pub);
      }
    }
    return c.doFinal(Arrays.copyOf(material, material.length));
  }
}
