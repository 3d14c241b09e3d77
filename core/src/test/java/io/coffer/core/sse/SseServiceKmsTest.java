package io.coffer.core.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.config.CryptoConfig;
import io.coffer.core.error.CofferException;
import io.coffer.core.iam.Authorizer;
import io.coffer.core.kms.KmsCiphertext;
import io.coffer.core.kms.KmsService;
import io.coffer.core.model.Bucket;
import io.coffer.core.model.BucketAcl;
import io.coffer.core.model.BucketName;
import io.coffer.core.model.EncryptionInfo;
import io.coffer.core.model.ObjectKey;
import io.coffer.core.model.SseAlgorithm;
import io.coffer.core.model.SseMethod;
import io.coffer.core.model.SseSpec;
import io.coffer.core.model.StorageClass;
import io.coffer.core.object.DataSeal;
import io.coffer.core.storage.sqlite.SqliteMetadataStore;
import io.coffer.core.testing.MutableClock;
import io.coffer.core.testing.SeededRandom;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SSE-KMS data keys under the real built-in KMS: the CiphertextBlob's EncryptionContext binds a
 * data key to its bucket, object and data algorithm, and to the bucket owner's keys.
 */
class SseServiceKmsTest {
  private static final BucketName BUCKET = new BucketName("photos");
  private static final ObjectKey KEY = new ObjectKey("2025/beach.jpg");
  private static final String OWNER = "1234567890123456";
  private static final Bucket PHOTOS = bucket(BUCKET, OWNER);
  // The other bucket belongs to another account.
  private static final Bucket OTHER_BUCKET = bucket(new BucketName("elsewhere"), "999");

  @TempDir Path dataDir;
  private SqliteMetadataStore store;
  private KeyHierarchy keys;
  private KmsService kms;
  private SseService sse;
  private final SeededRandom random = new SeededRandom(22);

  @BeforeEach
  void setUp() throws IOException {
    store = new SqliteMetadataStore(dataDir.resolve("coffer.db"));
    MutableClock clock = new MutableClock(Instant.parse("2025-02-01T00:00:00Z"));
    keys = KeyHierarchy.open(dataDir, new CryptoConfig(0, null), store, clock, random);
    kms = new KmsService(store.kms(), keys.root(), new Authorizer(), clock, random, "cn-hangzhou");
    sse = new SseService(keys.masterKeys(), random, kms.crypto());
  }

  private static Bucket bucket(BucketName name, String owner) {
    return new Bucket(name, owner, Instant.parse("2025-01-01T00:00:00Z"), BucketAcl.PRIVATE, StorageClass.STANDARD,
        "LRS");
  }

  @AfterEach
  void tearDown() {
    keys.close();
    store.close();
  }

  @Test
  void newKmsKey_usesTheOwnersDefaultCmk_andOpensToTheSameDataKey() {
    for (SseAlgorithm alg : SseAlgorithm.values()) {
      SseService.NewKey k = sse.newKey(PHOTOS, KEY, new SseSpec(SseMethod.KMS, alg, null));
      EncryptionInfo info = k.info();
      String dflt = kms.ossDefaultKey(OWNER).keyId();
      assertThat(info.method()).isEqualTo(SseMethod.KMS);
      assertThat(info.algorithm()).isEqualTo(alg);
      assertThat(info.kmsKeyId()).isEqualTo(dflt);
      assertThat(KmsCiphertext.versionId(info.wrappedKey())).isEqualTo(kms.ossDefaultKey(OWNER).primaryVersionId());
      assertThat(k.seal().suite()).isEqualTo(alg.suite());
      try (DataSeal opened = sse.open(PHOTOS, KEY, info)) {
        assertThat(opened.key().bytes()).isEqualTo(k.seal().key().bytes());
      }
      k.seal().close();
    }
  }

  @Test
  void kmsDataKey_movedToAnotherObjectOrReadAsTheOtherAlgorithm_doesNotOpen() {
    SseService.NewKey k = sse.newKey(PHOTOS, KEY, new SseSpec(SseMethod.KMS, SseAlgorithm.AES256, null));
    k.seal().close();
    EncryptionInfo info = k.info();
    assertThatThrownBy(() -> sse.open(PHOTOS, new ObjectKey("2025/other.jpg"), info))
        .isInstanceOf(CofferException.KmsInvalidCiphertext.class);
    EncryptionInfo asSm4 = new EncryptionInfo(SseMethod.KMS, SseAlgorithm.SM4, info.kmsKeyId(), 0, info.wrappedKey());
    assertThatThrownBy(() -> sse.open(PHOTOS, KEY, asSm4)).isInstanceOf(CofferException.KmsInvalidCiphertext.class);
    // In another account's bucket, the key is not that account's: unknown.
    assertThatThrownBy(() -> sse.open(OTHER_BUCKET, KEY, info)).isInstanceOf(CofferException.KmsKeyNotFound.class);
    // Same bucket name and object, but owned by another account: the owner alone picks the CMKs.
    assertThatThrownBy(() -> sse.open(bucket(BUCKET, "999"), KEY, info))
        .isInstanceOf(CofferException.KmsKeyNotFound.class);
  }

  @Test
  void kmsContext_namesBucketObjectAndDataAlgorithm() {
    assertThat(SseService.kmsContext(BUCKET, KEY, SseAlgorithm.SM4)).isEqualTo(Map.of("acs:oss:bucket", "photos",
        "acs:oss:object", "2025/beach.jpg", "acs:oss:data-encryption", "SM4"));
  }

  @Test
  void unknownCmk_isRefusedBeforeAnyKeyIsMade() {
    assertThatThrownBy(() -> sse.newKey(PHOTOS, KEY, new SseSpec(SseMethod.KMS, SseAlgorithm.AES256, "no-such-key")))
        .isInstanceOf(CofferException.KmsKeyNotFound.class);
    assertThatThrownBy(() -> sse.newKey(PHOTOS, KEY, new SseSpec(SseMethod.KMS, SseAlgorithm.AES256, "alias/none")))
        .isInstanceOf(CofferException.KmsAliasNotFound.class);
  }
}
