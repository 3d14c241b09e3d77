package io.coffer.bench;

import io.coffer.core.crypto.CipherSuite;
import io.coffer.core.crypto.FileRootKey;
import io.coffer.core.crypto.KeyAead;
import io.coffer.core.crypto.KeyMaterial;
import io.coffer.core.crypto.KeyUnwrapException;
import io.coffer.core.iam.Authorizer;
import io.coffer.core.kms.Cmk;
import io.coffer.core.kms.KeyVersion;
import io.coffer.core.kms.KmsCrypto;
import io.coffer.core.kms.KmsService;
import io.coffer.core.kms.KmsStore;
import io.coffer.core.model.Bucket;
import io.coffer.core.model.BucketAcl;
import io.coffer.core.model.BucketName;
import io.coffer.core.model.StorageClass;
import io.coffer.core.storage.sqlite.SqliteMetadataStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the built-in KMS does for each SSE-KMS object request, in process over a real SQLite store
 * and root key, and its parts: {@code sseOpen} (every GET: the blob's key version and key read
 * from the store, the key's state checked, AES-256-GCM open of the 32-byte data key),
 * {@code sseDataKey} (every PUT: the default key by alias, its primary version, a random key
 * sealed), the store reads alone (and a bucket read, which SseService made to find the owner until
 * callers passed it the bucket they had already read), and the AES-GCM open alone. The difference between the whole
 * and the crypto is what caching the store reads or the opened data keys could save.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KmsPathBenchmark {
  private static final String ACCOUNT = "1234567890123456";
  private static final Map<String, String> CONTEXT = Map.of("acs:oss:bucket", "kms-bench", "acs:oss:object",
      "data/0001", "acs:oss:data-encryption", "AES256");

  private Path dir;
  private SqliteMetadataStore store;
  private FileRootKey root;
  private KmsCrypto crypto;
  private KmsStore kmsStore;
  private final BucketName bucket = new BucketName("kms-bench");
  private byte[] blob;
  private String keyId;
  private String versionId;
  private KeyMaterial material;
  private byte[] sealed;
  private final byte[] aad = "aad of the same length as the KMS's: key id, version id, context".getBytes(StandardCharsets.UTF_8);

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("kms-bench");
    SecureRandom random = new SecureRandom();
    store = new SqliteMetadataStore(dir.resolve("coffer.db"));
    root = FileRootKey.create(dir.resolve("root.key"), random);
    KmsService kms = new KmsService(store.kms(), root, new Authorizer(), Clock.systemUTC(), random, "cn-hangzhou");
    crypto = kms.crypto();
    kmsStore = store.kms();
    KmsCrypto.DataKey dk = crypto.sseDataKey(ACCOUNT, null, CONTEXT);
    dk.plaintext().destroy();
    blob = dk.ciphertextBlob();
    keyId = dk.keyId();
    versionId = dk.versionId();
    store.createBucket(new Bucket(bucket, ACCOUNT, Instant.now(), BucketAcl.PRIVATE, StorageClass.STANDARD, "LRS"));
    material = KeyMaterial.random(random, 32);
    sealed = KeyAead.seal(CipherSuite.AES_256_GCM, material, new byte[32], aad, random);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    root.close();
    LoadDriver.deleteTree(dir);
  }

  /** The KMS work of one SSE-KMS GET. */
  @Benchmark
  public int sseOpen() {
    try (KeyMaterial k = crypto.sseOpen(ACCOUNT, blob, CONTEXT)) {
      return k.length();
    }
  }

  /** The KMS work of one SSE-KMS PUT under the default key. */
  @Benchmark
  public int sseDataKey() {
    KmsCrypto.DataKey dk = crypto.sseDataKey(ACCOUNT, null, CONTEXT);
    dk.plaintext().destroy();
    return dk.ciphertextBlob().length;
  }

  /** One store read: a key version by id (a reader-thread hop and one SELECT). */
  @Benchmark
  public Optional<KeyVersion> storeVersionRead() {
    return kmsStore.version(versionId);
  }

  /** One store read: a key by id (a reader-thread hop, one SELECT and the JSON document's decoding). */
  @Benchmark
  public Optional<Cmk> storeKeyRead() {
    return kmsStore.key(keyId);
  }

  /**
   * One store read: a bucket by name, as SseService's owner look-up did before every SSE-KMS open
   * (removed: callers now pass the bucket they authorised with); kept as the unit cost of a store read.
   */
  @Benchmark
  public Optional<Bucket> storeBucketRead() {
    return store.bucket(bucket);
  }

  /** The cryptography alone: AES-256-GCM open of a 32-byte data key, as KeyAead does it for Decrypt. */
  @Benchmark
  public byte[] keyAeadOpen() throws KeyUnwrapException {
    return KeyAead.open(CipherSuite.AES_256_GCM, material, sealed, 0, aad);
  }
}
