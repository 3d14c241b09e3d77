package io.coffer.core.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.coffer.core.config.CryptoConfig;
import io.coffer.core.crypto.KeyMaterial;
import io.coffer.core.model.BlobId;
import io.coffer.core.model.Bucket;
import io.coffer.core.model.BucketAcl;
import io.coffer.core.model.BucketName;
import io.coffer.core.model.ContentHeaders;
import io.coffer.core.model.EncryptionInfo;
import io.coffer.core.model.Extent;
import io.coffer.core.model.ObjectAcl;
import io.coffer.core.model.ObjectKey;
import io.coffer.core.model.ObjectRecord;
import io.coffer.core.model.ObjectType;
import io.coffer.core.model.SseAlgorithm;
import io.coffer.core.model.SseSpec;
import io.coffer.core.model.StorageClass;
import io.coffer.core.object.DataSeal;
import io.coffer.core.storage.MetadataStore;
import io.coffer.core.storage.Upload;
import io.coffer.core.storage.sqlite.SqliteMetadataStore;
import io.coffer.core.testing.MutableClock;
import io.coffer.core.testing.SeededRandom;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rewrapper over a real SQLite store and key hierarchy. */
class RewrapperTest {
  private static final Instant T0 = Instant.parse("2025-04-01T00:00:00Z");

  @TempDir Path dataDir;
  private SqliteMetadataStore store;
  private KeyHierarchy keys;
  private SseService sse;
  private final SeededRandom random = new SeededRandom(31);
  /** The plaintext data key each encrypted record was written with, by "bucket/key" or upload id. */
  private final Map<String, KeyMaterial> dataKeys = new HashMap<>();

  @BeforeEach
  void setUp() throws IOException {
    store = new SqliteMetadataStore(dataDir.resolve("coffer.db"));
    keys = KeyHierarchy.open(dataDir, new CryptoConfig(0, null), store, new MutableClock(T0), random);
    sse = new SseService(keys.masterKeys(), random);
  }

  @AfterEach
  void tearDown() {
    keys.close();
    store.close();
  }

  // ---- fixtures ----

  private BucketName bucket(String name) {
    BucketName b = new BucketName(name);
    store.createBucket(new Bucket(b, "owner", T0, BucketAcl.PRIVATE, StorageClass.STANDARD, "LRS"));
    return b;
  }

  private EncryptionInfo newKey(BucketName b, ObjectKey key, SseAlgorithm alg, String remember) {
    SseService.NewKey k = sse.newKey(store.bucket(b).orElseThrow(), key, SseSpec.oss(alg));
    try (DataSeal seal = k.seal()) {
      dataKeys.put(remember, KeyMaterial.copyOf(seal.key().bytes()));
    }
    return k.info();
  }

  private ObjectRecord record(BucketName b, String key, EncryptionInfo enc) {
    return new ObjectRecord(b, new ObjectKey(key), ObjectType.NORMAL, 3, "900150983CD24FB0D6963F7D28E17F72", null, 7L,
        T0, ContentHeaders.empty(), StorageClass.STANDARD, ObjectAcl.DEFAULT, List.of(new Extent(BlobId.random(random), 3)),
        enc);
  }

  private void putEncrypted(BucketName b, String key, SseAlgorithm alg) {
    ObjectRecord r = record(b, key, newKey(b, new ObjectKey(key), alg, b.value() + "/" + key));
    store.putObject(b, r.key(), cur -> r);
  }

  private void putPlain(BucketName b, String key) {
    ObjectRecord r = record(b, key, null);
    store.putObject(b, r.key(), cur -> r);
  }

  private Upload createUpload(BucketName b, String key, SseAlgorithm alg) {
    byte[] id = new byte[16];
    random.nextBytes(id);
    String uploadId = HexFormat.of().withUpperCase().formatHex(id);
    EncryptionInfo enc = alg == null ? null : newKey(b, new ObjectKey(key), alg, uploadId);
    Upload u = new Upload(uploadId, b, new ObjectKey(key), T0, ContentHeaders.empty(), StorageClass.STANDARD,
        ObjectAcl.DEFAULT, false, enc);
    store.createUpload(u);
    return u;
  }

  private List<ObjectRecord> allObjects() {
    List<ObjectRecord> out = new ArrayList<>();
    for (Bucket b : store.buckets()) out.addAll(store.listObjects(b.name(), "", null, 100_000));
    return out;
  }

  private List<Upload> allUploads() {
    List<Upload> out = new ArrayList<>();
    for (Bucket b : store.buckets()) out.addAll(store.uploads(b.name(), "", null, null, 100_000));
    return out;
  }

  /** Every encrypted record names the current version and still opens to the data key it was written with. */
  private void assertAllCurrentAndOpening() {
    int current = keys.masterKeys().currentVersion();
    for (ObjectRecord o : allObjects()) {
      if (o.encryption() == null) continue;
      assertThat(o.encryption().keyVersion()).as("%s/%s", o.bucket(), o.key()).isEqualTo(current);
      try (DataSeal seal = sse.open(store.bucket(o.bucket()).orElseThrow(), o.key(), o.encryption())) {
        assertThat(seal.key().sameAs(dataKeys.get(o.bucket().value() + "/" + o.key().value()))).isTrue();
      }
    }
    for (Upload u : allUploads()) {
      if (u.encryption() == null) continue;
      assertThat(u.encryption().keyVersion()).as("upload %s", u.uploadId()).isEqualTo(current);
      try (DataSeal seal = sse.open(store.bucket(u.bucket()).orElseThrow(), u.key(), u.encryption())) {
        assertThat(seal.key().sameAs(dataKeys.get(u.uploadId()))).isTrue();
      }
    }
  }

  /** Only the wrapped key and its version may differ. */
  private static ObjectRecord withoutKey(ObjectRecord r) {
    return r.encryption() == null ? r : r.withEncryption(r.encryption().rewrapped(0, new byte[0]));
  }

  private static Upload withoutKey(Upload u) {
    return u.encryption() == null ? u : new Upload(u.uploadId(), u.bucket(), u.key(), u.initiated(), u.headers(),
        u.storageClass(), u.acl(), u.sequential(), u.encryption().rewrapped(0, new byte[0]));
  }

  // ---- tests ----

  @Test
  void rewrapAll_objectsAndUploadsAcrossBucketsAndPages_moveToTheCurrentVersion() {
    // The Rewrapper reads 1000 records a page: alpha's objects span two.
    BucketName alpha = bucket("alpha");
    BucketName beta = bucket("beta");
    BucketName gamma = bucket("gamma");
    bucket("empty");
    for (int i = 0; i <= 1000; i++) putEncrypted(alpha, String.format("k%04d", i), SseAlgorithm.AES256);
    putPlain(alpha, "k0500-plain");
    putPlain(alpha, "zz-plain");
    for (String k : List.of("a", "b/c", "张")) putEncrypted(beta, k, SseAlgorithm.SM4);
    putPlain(beta, "plain");
    createUpload(beta, "big", SseAlgorithm.AES256);
    createUpload(beta, "big", SseAlgorithm.SM4);
    createUpload(beta, "plain-upload", null);
    createUpload(gamma, "only-upload", SseAlgorithm.SM4);
    keys.masterKeys().rotate();
    putEncrypted(beta, "written-under-v2", SseAlgorithm.AES256);
    createUpload(gamma, "upload-under-v2", SseAlgorithm.AES256);
    keys.masterKeys().rotate();
    putEncrypted(alpha, "written-under-v3", SseAlgorithm.AES256);
    ObjectRecord current = store.object(alpha, new ObjectKey("written-under-v3")).orElseThrow();
    List<ObjectRecord> objectsBefore = allObjects();
    List<Upload> uploadsBefore = allUploads();

    Rewrapper.Result r = new Rewrapper(store, sse).rewrapAll();

    assertThat(r).isEqualTo(new Rewrapper.Result(1001 + 3 + 1, 2 + 1 + 1, 0));
    assertAllCurrentAndOpening();
    assertThat(allObjects()).map(RewrapperTest::withoutKey)
        .containsExactlyElementsOf(objectsBefore.stream().map(RewrapperTest::withoutKey).toList());
    assertThat(allUploads()).map(RewrapperTest::withoutKey)
        .containsExactlyElementsOf(uploadsBefore.stream().map(RewrapperTest::withoutKey).toList());
    // Plaintext records and the record already under the current version are byte for byte unchanged.
    for (ObjectRecord o : objectsBefore) {
      if (o.encryption() == null) assertThat(store.object(o.bucket(), o.key())).contains(o);
    }
    assertThat(store.object(alpha, current.key())).contains(current);
    assertThat(store.upload(uploadsBefore.stream().filter(u -> u.encryption() == null).findFirst().orElseThrow()
        .uploadId()).orElseThrow().encryption()).isNull();
  }

  @Test
  void rewrapAll_smallPages_visitEveryUploadOnceAcrossKeysAndUploadIds() {
    BucketName alpha = bucket("alpha");
    // Most uploads share a key, so pages break inside one key and resume through the upload-id marker.
    List<Upload> uploads = new ArrayList<>();
    for (int i = 0; i < 8; i++) uploads.add(createUpload(alpha, "same-key", SseAlgorithm.SM4));
    for (String k : List.of("a", "same-key0", "z")) uploads.add(createUpload(alpha, k, SseAlgorithm.AES256));
    uploads.add(createUpload(alpha, "plain", null));
    for (String k : List.of("o1", "o2", "o3", "o4")) putEncrypted(alpha, k, SseAlgorithm.AES256);
    keys.masterKeys().rotate();

    assertThat(new Rewrapper(store, sse, 3).rewrapAll()).isEqualTo(new Rewrapper.Result(4, 11, 0));

    assertAllCurrentAndOpening();
    assertThat(allUploads()).map(RewrapperTest::withoutKey)
        .containsExactlyInAnyOrderElementsOf(uploads.stream().map(RewrapperTest::withoutKey).toList());
  }

  @Test
  void rewrapAll_twice_secondRunChangesNothing() {
    BucketName alpha = bucket("alpha");
    putEncrypted(alpha, "a", SseAlgorithm.AES256);
    putPlain(alpha, "b");
    createUpload(alpha, "c", SseAlgorithm.SM4);
    keys.masterKeys().rotate();
    Rewrapper rewrapper = new Rewrapper(store, sse);
    assertThat(rewrapper.rewrapAll()).isEqualTo(new Rewrapper.Result(1, 1, 0));
    List<ObjectRecord> objects = allObjects();
    List<Upload> uploads = allUploads();

    assertThat(rewrapper.rewrapAll()).isEqualTo(new Rewrapper.Result(0, 0, 0));

    assertThat(allObjects()).isEqualTo(objects);
    assertThat(allUploads()).isEqualTo(uploads);
    assertAllCurrentAndOpening();
  }

  @Test
  void rewrapAll_noRotationSinceWriting_isANoOp() {
    BucketName alpha = bucket("alpha");
    putEncrypted(alpha, "a", SseAlgorithm.AES256);
    createUpload(alpha, "c", SseAlgorithm.AES256);
    List<ObjectRecord> objects = allObjects();
    assertThat(new Rewrapper(store, sse).rewrapAll()).isEqualTo(new Rewrapper.Result(0, 0, 0));
    assertThat(allObjects()).isEqualTo(objects);
  }

  @Test
  void rewrapAll_recordsChangedBetweenReadAndWrite_areSkippedAndKeepTheNewerState() {
    BucketName alpha = bucket("alpha");
    for (String k : List.of("a", "overwritten", "deleted", "z")) putEncrypted(alpha, k, SseAlgorithm.AES256);
    Upload aborted = createUpload(alpha, "m", SseAlgorithm.AES256);
    Upload kept = createUpload(alpha, "n", SseAlgorithm.AES256);
    keys.masterKeys().rotate();
    ObjectKey overwritten = new ObjectKey("overwritten");
    ObjectKey deleted = new ObjectKey("deleted");

    // A client writes or deletes right after the rewrapper read the record, before it stores its result.
    MetadataStore interleaved = interleave(store, (method, args) -> {
      if (method.equals("putObject") && args[1].equals(overwritten)) {
        ObjectRecord fresh = record(alpha, "overwritten", newKey(alpha, overwritten, SseAlgorithm.SM4, "alpha/overwritten"));
        store.putObject(alpha, overwritten, cur -> fresh);
      } else if (method.equals("putObject") && args[1].equals(deleted)) {
        store.deleteObject(alpha, deleted);
      } else if (method.equals("replaceUploadEncryption") && args[0].equals(aborted.uploadId())) {
        store.abortUpload(aborted.uploadId());
      }
    });

    Rewrapper.Result r = new Rewrapper(interleaved, sse).rewrapAll();

    assertThat(r).isEqualTo(new Rewrapper.Result(2, 1, 3));
    ObjectRecord concurrent = store.object(alpha, overwritten).orElseThrow();
    assertThat(concurrent.encryption().algorithm()).isEqualTo(SseAlgorithm.SM4);
    assertThat(concurrent.encryption().keyVersion()).isEqualTo(2);
    assertThat(store.object(alpha, deleted)).isEmpty();
    assertThat(store.upload(aborted.uploadId())).isEmpty();
    assertThat(store.upload(kept.uploadId()).orElseThrow().encryption().keyVersion()).isEqualTo(2);
    assertAllCurrentAndOpening();
  }

  /** The real store, with {@code before} run ahead of each call as if another writer got in first. */
  private static MetadataStore interleave(MetadataStore real, BiConsumer<String, Object[]> before) {
    return (MetadataStore) Proxy.newProxyInstance(MetadataStore.class.getClassLoader(),
        new Class<?>[] {MetadataStore.class}, (proxy, method, args) -> {
          before.accept(method.getName(), args == null ? new Object[0] : args);
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
