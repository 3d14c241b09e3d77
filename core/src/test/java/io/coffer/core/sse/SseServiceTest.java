package io.coffer.core.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.config.CryptoConfig;
import io.coffer.core.crypto.CiphertextSpan;
import io.coffer.core.crypto.KeyMaterial;
import io.coffer.core.crypto.KeyUnwrapException;
import io.coffer.core.crypto.OpeningInputStream;
import io.coffer.core.crypto.SealingOutputStream;
import io.coffer.core.crypto.SegmentLayout;
import io.coffer.core.error.CofferException;
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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SseService and DataKeyWrapper under a real key hierarchy. */
class SseServiceTest {
  private static final BucketName BUCKET = new BucketName("photos");
  private static final Bucket PHOTOS = bucket("photos");
  private static final ObjectKey KEY = new ObjectKey("2025/beach.jpg");
  private static final SseSpec AES = SseSpec.oss(SseAlgorithm.AES256);
  private static final SseSpec SM4 = SseSpec.oss(SseAlgorithm.SM4);

  @TempDir Path dataDir;
  private SqliteMetadataStore store;
  private KeyHierarchy keys;
  private SseService sse;
  private final SeededRandom random = new SeededRandom(21);

  @BeforeEach
  void setUp() throws IOException {
    store = new SqliteMetadataStore(dataDir.resolve("coffer.db"));
    keys = KeyHierarchy.open(dataDir, new CryptoConfig(0, null), store,
        new MutableClock(Instant.parse("2025-02-01T00:00:00Z")), random);
    sse = new SseService(keys.masterKeys(), random);
  }

  @AfterEach
  void tearDown() {
    keys.close();
    store.close();
  }

  private static Bucket bucket(String name) {
    return new Bucket(new BucketName(name), "1234567890123456", Instant.parse("2025-01-01T00:00:00Z"),
        BucketAcl.PRIVATE, StorageClass.STANDARD, "LRS");
  }

  private static KeyMaterial copy(DataSeal seal) {
    return KeyMaterial.copyOf(seal.key().bytes());
  }

  // ---- new keys and opening ----

  @Test
  void newKey_thenOpen_givesTheSameDataKey() {
    for (SseSpec spec : new SseSpec[] {AES, SM4}) {
      SseService.NewKey k = sse.newKey(PHOTOS, KEY, spec);
      EncryptionInfo info = k.info();
      assertThat(info.method()).isEqualTo(SseMethod.OSS);
      assertThat(info.algorithm()).isEqualTo(spec.algorithm());
      assertThat(info.kmsKeyId()).isNull();
      assertThat(info.keyVersion()).isEqualTo(1);
      assertThat(info.wrappedKey()).hasSize(1 + 32 + 12 + 32 + 16);
      assertThat(k.seal().suite()).isEqualTo(spec.algorithm().suite());
      assertThat(k.seal().key().length()).isEqualTo(SseService.DATA_KEY_BYTES);
      try (DataSeal opened = sse.open(PHOTOS, KEY, info)) {
        assertThat(opened.suite()).isEqualTo(spec.algorithm().suite());
        assertThat(opened.key().sameAs(k.seal().key())).isTrue();
      }
      k.seal().close();
    }
  }

  @Test
  void newKey_twice_givesDifferentDataKeys() {
    try (DataSeal a = sse.newKey(PHOTOS, KEY, AES).seal(); DataSeal b = sse.newKey(PHOTOS, KEY, AES).seal()) {
      assertThat(a.key().sameAs(b.key())).isFalse();
    }
  }

  @Test
  void open_afterTheWritersSealWasClosed_stillOpens() {
    SseService.NewKey k = sse.newKey(PHOTOS, KEY, AES);
    KeyMaterial expected = copy(k.seal());
    k.seal().close();
    try (DataSeal opened = sse.open(PHOTOS, KEY, k.info())) {
      assertThat(opened.key().sameAs(expected)).isTrue();
    }
  }

  @Test
  void open_underAnotherBucketKeyOrAlgorithm_isIntegrityViolation() {
    EncryptionInfo info = sse.newKey(PHOTOS, KEY, AES).info();
    EncryptionInfo asSm4 = new EncryptionInfo(SseMethod.OSS, SseAlgorithm.SM4, null, info.keyVersion(),
        info.wrappedKey());
    assertThatThrownBy(() -> sse.open(bucket("photos2"), KEY, info))
        .isInstanceOf(CofferException.IntegrityViolation.class);
    assertThatThrownBy(() -> sse.open(PHOTOS, new ObjectKey("2025/beach.jpg2"), info))
        .isInstanceOf(CofferException.IntegrityViolation.class);
    assertThatThrownBy(() -> sse.open(PHOTOS, new ObjectKey("2025/Beach.jpg"), info))
        .isInstanceOf(CofferException.IntegrityViolation.class);
    assertThatThrownBy(() -> sse.open(PHOTOS, KEY, asSm4)).isInstanceOf(CofferException.IntegrityViolation.class);
    // Shifting a character between bucket and key must not produce the same binding.
    assertThat(SseService.binding(new BucketName("abc"), new ObjectKey("dx"), SseMethod.OSS, SseAlgorithm.AES256))
        .isNotEqualTo(SseService.binding(new BucketName("abcd"), new ObjectKey("x"), SseMethod.OSS, SseAlgorithm.AES256));
  }

  @Test
  void unwrap_underAnotherMethod_fails() throws KeyUnwrapException {
    DataKeyWrapper wrapper = new DataKeyWrapper(random);
    KeyMaterial master = keys.masterKeys().key(1);
    KeyMaterial dataKey = KeyMaterial.random(random, 32);
    byte[] oss = SseService.binding(BUCKET, KEY, SseMethod.OSS, SseAlgorithm.AES256);
    byte[] kms = SseService.binding(BUCKET, KEY, SseMethod.KMS, SseAlgorithm.AES256);
    byte[] wrapped = wrapper.wrap(master, dataKey, oss);
    assertThat(wrapper.unwrap(master, wrapped, oss).sameAs(dataKey)).isTrue();
    assertThatThrownBy(() -> wrapper.unwrap(master, wrapped, kms)).isInstanceOf(KeyUnwrapException.class);
  }

  @Test
  void binding_isTheDocumentedByteString() {
    byte[] expected = "coffer:sse:v1\0OSS\0SM4\0photos\0002025/beach.jpg\0".getBytes(StandardCharsets.UTF_8);
    assertThat(SseService.binding(BUCKET, KEY, SseMethod.OSS, SseAlgorithm.SM4)).isEqualTo(expected);
    assertThat(SseService.binding(BUCKET, new ObjectKey("张/x"), SseMethod.KMS, SseAlgorithm.AES256))
        .isEqualTo("coffer:sse:v1\0KMS\0AES256\0photos\0张/x\0".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void open_wrappedUnderAnotherVersionsNumber_isIntegrityViolation() {
    EncryptionInfo info = sse.newKey(PHOTOS, KEY, AES).info();
    keys.masterKeys().rotate();
    EncryptionInfo mislabelled = info.rewrapped(2, info.wrappedKey());
    assertThatThrownBy(() -> sse.open(PHOTOS, KEY, mislabelled)).isInstanceOf(CofferException.IntegrityViolation.class);
  }

  @Test
  void open_damagedWrappedKey_isIntegrityViolation() {
    EncryptionInfo info = sse.newKey(PHOTOS, KEY, AES).info();
    byte[] wrapped = info.wrappedKey();
    for (int i = 0; i < wrapped.length; i++) {
      byte[] bad = wrapped.clone();
      bad[i] ^= 0x10;
      EncryptionInfo damaged = info.rewrapped(info.keyVersion(), bad);
      assertThatThrownBy(() -> sse.open(PHOTOS, KEY, damaged)).as("byte %d", i)
          .isInstanceOf(CofferException.IntegrityViolation.class);
    }
    for (int length : new int[] {0, 1, 60, wrapped.length - 1}) {
      EncryptionInfo cut = info.rewrapped(info.keyVersion(), Arrays.copyOf(wrapped, length));
      assertThatThrownBy(() -> sse.open(PHOTOS, KEY, cut)).as("%d bytes", length)
          .isInstanceOf(CofferException.IntegrityViolation.class);
    }
  }

  @Test
  void wrap_sameDataKeyTwice_usesAFreshSaltAndNonce() throws KeyUnwrapException {
    DataKeyWrapper wrapper = new DataKeyWrapper(random);
    KeyMaterial master = keys.masterKeys().key(1);
    KeyMaterial dataKey = KeyMaterial.random(random, 32);
    byte[] binding = SseService.binding(BUCKET, KEY, SseMethod.OSS, SseAlgorithm.AES256);
    byte[] a = wrapper.wrap(master, dataKey, binding);
    byte[] b = wrapper.wrap(master, dataKey, binding);
    assertThat(Arrays.copyOfRange(a, 1, 33)).isNotEqualTo(Arrays.copyOfRange(b, 1, 33));
    assertThat(Arrays.copyOfRange(a, 33, 45)).isNotEqualTo(Arrays.copyOfRange(b, 33, 45));
    assertThat(wrapper.unwrap(master, b, binding).sameAs(dataKey)).isTrue();
    KeyMaterial otherMaster = KeyMaterial.random(random, 32);
    assertThatThrownBy(() -> wrapper.unwrap(otherMaster, a, binding)).isInstanceOf(KeyUnwrapException.class);
  }

  // ---- rotation and re-wrapping ----

  @Test
  void open_keyWrappedUnderV1_stillOpensAfterRotations() {
    SseService.NewKey k = sse.newKey(PHOTOS, KEY, SM4);
    keys.masterKeys().rotate();
    keys.masterKeys().rotate();
    SseService.NewKey later = sse.newKey(PHOTOS, KEY, SM4);
    assertThat(later.info().keyVersion()).isEqualTo(3);
    try (DataSeal opened = sse.open(PHOTOS, KEY, k.info()); DataSeal openedLater = sse.open(PHOTOS, KEY, later.info())) {
      assertThat(opened.key().sameAs(k.seal().key())).isTrue();
      assertThat(openedLater.key().sameAs(later.seal().key())).isTrue();
    }
  }

  @Test
  void rewrap_movesToTheCurrentVersionAndKeepsTheDataKey() throws IOException {
    SseService.NewKey k = sse.newKey(PHOTOS, KEY, AES);
    byte[] plaintext = "the data stays sealed under the same data key".getBytes(StandardCharsets.UTF_8);
    byte[] blob = seal(k.seal(), plaintext);
    k.seal().close();
    assertThat(sse.needsRewrap(k.info())).isFalse();

    keys.masterKeys().rotate();
    assertThat(sse.needsRewrap(k.info())).isTrue();
    EncryptionInfo rewrapped = sse.rewrap(BUCKET, KEY, k.info());

    assertThat(rewrapped.keyVersion()).isEqualTo(2);
    assertThat(rewrapped.method()).isEqualTo(k.info().method());
    assertThat(rewrapped.algorithm()).isEqualTo(k.info().algorithm());
    assertThat(rewrapped.wrappedKey()).isNotEqualTo(k.info().wrappedKey());
    assertThat(sse.needsRewrap(rewrapped)).isFalse();
    try (DataSeal opened = sse.open(PHOTOS, KEY, rewrapped)) {
      assertThat(open(opened, blob, plaintext.length)).isEqualTo(plaintext);
    }
    // Still bound to its object after re-wrapping.
    assertThatThrownBy(() -> sse.open(PHOTOS, new ObjectKey("other"), rewrapped))
        .isInstanceOf(CofferException.IntegrityViolation.class);
  }

  @Test
  void rewrap_alreadyCurrent_returnsTheRecordUnchanged() {
    keys.masterKeys().rotate();
    EncryptionInfo info = sse.newKey(PHOTOS, KEY, AES).info();
    assertThat(sse.rewrap(BUCKET, KEY, info)).isSameAs(info);
  }

  @Test
  void rewrap_keyThatDoesNotOpen_isIntegrityViolation() {
    EncryptionInfo info = sse.newKey(PHOTOS, KEY, AES).info();
    keys.masterKeys().rotate();
    assertThatThrownBy(() -> sse.rewrap(new BucketName("elsewhere"), KEY, info))
        .isInstanceOf(CofferException.IntegrityViolation.class);
  }

  @Test
  void needsRewrap_kmsRecord_isFalse() {
    keys.masterKeys().rotate();
    EncryptionInfo kms = new EncryptionInfo(SseMethod.KMS, SseAlgorithm.AES256, "cmk-1", 0, new byte[93]);
    assertThat(sse.needsRewrap(kms)).isFalse();
  }

  // ---- SSE-KMS is not built yet ----

  @Test
  void newKey_kms_isNotImplemented() {
    for (SseSpec kms : new SseSpec[] {new SseSpec(SseMethod.KMS, SseAlgorithm.AES256, null),
        new SseSpec(SseMethod.KMS, SseAlgorithm.SM4, "cmk-1")}) {
      assertThatThrownBy(() -> sse.newKey(PHOTOS, KEY, kms)).isInstanceOf(CofferException.NotImplemented.class);
    }
  }

  @Test
  void open_kmsRecord_isNotImplemented() {
    EncryptionInfo kms = new EncryptionInfo(SseMethod.KMS, SseAlgorithm.AES256, "cmk-1", 0, new byte[93]);
    assertThatThrownBy(() -> sse.open(PHOTOS, KEY, kms)).isInstanceOf(CofferException.NotImplemented.class);
  }

  private static byte[] seal(DataSeal seal, byte[] plaintext) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var s = new SealingOutputStream(out, seal.suite(), seal.key(), CONTEXT, new SeededRandom(5))) {
      s.write(plaintext);
    }
    return out.toByteArray();
  }

  private static final byte[] CONTEXT = "coffer:blob:test".getBytes(StandardCharsets.US_ASCII);

  private static byte[] open(DataSeal seal, byte[] blob, int length) throws IOException {
    SegmentLayout layout = new SegmentLayout(seal.suite());
    CiphertextSpan span = layout.span(length, 0, length - 1);
    try (InputStream in = new OpeningInputStream(Arrays.copyOf(blob, layout.headerBytes()),
        new ByteArrayInputStream(blob, (int) span.ciphertextOffset(), (int) span.ciphertextLength()), span, blob.length,
        length, seal.key(), CONTEXT)) {
      return in.readAllBytes();
    }
  }
}
