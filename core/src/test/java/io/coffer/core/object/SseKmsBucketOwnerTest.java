package io.coffer.core.object;

import static org.assertj.core.api.Assertions.assertThat;

import io.coffer.core.bucket.BucketService;
import io.coffer.core.config.CryptoConfig;
import io.coffer.core.iam.Authorizer;
import io.coffer.core.iam.Principal;
import io.coffer.core.kms.KmsService;
import io.coffer.core.model.BucketAcl;
import io.coffer.core.model.BucketName;
import io.coffer.core.model.ContentHeaders;
import io.coffer.core.model.ObjectAcl;
import io.coffer.core.model.ObjectKey;
import io.coffer.core.model.ObjectRecord;
import io.coffer.core.model.SseAlgorithm;
import io.coffer.core.model.SseMethod;
import io.coffer.core.model.SseSpec;
import io.coffer.core.model.StorageClass;
import io.coffer.core.multipart.MultipartService;
import io.coffer.core.sse.KeyHierarchy;
import io.coffer.core.sse.SseService;
import io.coffer.core.storage.Upload;
import io.coffer.core.storage.file.FileBlobStore;
import io.coffer.core.storage.sqlite.SqliteMetadataStore;
import io.coffer.core.testing.MutableClock;
import io.coffer.core.testing.SeededRandom;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SSE-KMS data keys are made and opened under the CMKs of the object's bucket owner, never the
 * caller's nor another bucket's owner: the services hand SseService the bucket they authorised
 * with, so a cross-account read, write, copy or part copy shows which bucket went where. Real
 * SQLite store, blob store and built-in KMS.
 */
class SseKmsBucketOwnerTest {
  private static final String ALICE = "1111111111111111";
  private static final String BOB = "2222222222222222";
  private static final Principal ALICE_ROOT = new Principal(ALICE, "LTAIalice");
  private static final Principal BOB_ROOT = new Principal(BOB, "LTAIbob");
  private static final BucketName SHARED = new BucketName("alice-shared");
  private static final BucketName OWN = new BucketName("bob-own");
  private static final SseSpec KMS = new SseSpec(SseMethod.KMS, SseAlgorithm.AES256, null);
  private static final byte[] TEXT = "kept under the bucket owner's key".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dataDir;
  private SqliteMetadataStore store;
  private KeyHierarchy keys;
  private KmsService kms;
  private ObjectService objects;
  private MultipartService multipart;

  @BeforeEach
  void setUp() throws IOException {
    SeededRandom random = new SeededRandom(31);
    MutableClock clock = new MutableClock(Instant.parse("2025-03-01T00:00:00Z"));
    store = new SqliteMetadataStore(dataDir.resolve("coffer.db"));
    keys = KeyHierarchy.open(dataDir, new CryptoConfig(0, null), store, clock, random);
    Authorizer authorizer = new Authorizer(clock);
    kms = new KmsService(store.kms(), keys.root(), authorizer, clock, random, "cn-hangzhou");
    BucketService buckets = new BucketService(store, authorizer, clock, "cn-hangzhou");
    SseService sse = new SseService(keys.masterKeys(), random, kms.crypto());
    ObjectData data = new ObjectData(new FileBlobStore(dataDir, random), random);
    objects = new ObjectService(store, data, buckets, authorizer, sse, clock);
    multipart = new MultipartService(store, data, buckets, authorizer, objects, sse, clock, random);
    // Alice's bucket takes anyone's reads and writes; Bob's is private.
    buckets.createNewBucket(ALICE_ROOT, new BucketService.CreateBucketRequest(SHARED, BucketAcl.PUBLIC_READ_WRITE,
        StorageClass.STANDARD, null, null));
    buckets.createNewBucket(BOB_ROOT, new BucketService.CreateBucketRequest(OWN, BucketAcl.PRIVATE,
        StorageClass.STANDARD, null, null));
  }

  @AfterEach
  void tearDown() {
    keys.close();
    store.close();
  }

  private ObjectRecord put(Principal caller, BucketName bucket, String key, byte[] body) {
    return objects.putObject(caller, new ObjectService.PutObjectRequest(bucket, new ObjectKey(key),
        ContentHeaders.empty(), StorageClass.STANDARD, ObjectAcl.DEFAULT, false, body.length, null, KMS),
        new ByteArrayInputStream(body));
  }

  private byte[] get(Principal caller, BucketName bucket, String key) throws IOException {
    ObjectService.GetObjectRequest req = new ObjectService.GetObjectRequest(bucket, new ObjectKey(key),
        Conditions.NONE, null, true);
    try (InputStream in = objects.getObject(caller, req, true).body()) {
      return in.readAllBytes();
    }
  }

  private String defaultCmkOf(String account) {
    return kms.ossDefaultKey(account).keyId();
  }

  @Test
  void putAndAppend_byAnotherAccount_useTheBucketOwnersCmk_andReadBackForBoth() throws IOException {
    ObjectRecord put = put(BOB_ROOT, SHARED, "from-bob", TEXT);
    assertThat(put.encryption().kmsKeyId()).isEqualTo(defaultCmkOf(ALICE));
    assertThat(get(BOB_ROOT, SHARED, "from-bob")).isEqualTo(TEXT);
    assertThat(get(ALICE_ROOT, SHARED, "from-bob")).isEqualTo(TEXT);

    byte[] first = "first;".getBytes(StandardCharsets.UTF_8);
    objects.appendObject(ALICE_ROOT, new ObjectService.AppendObjectRequest(SHARED, new ObjectKey("log"), 0,
        ContentHeaders.empty(), StorageClass.STANDARD, ObjectAcl.DEFAULT, first.length, null, KMS),
        new ByteArrayInputStream(first));
    // Bob's append reopens the object's data key for writing: under Alice's CMK, not his.
    ObjectRecord appended = objects.appendObject(BOB_ROOT, new ObjectService.AppendObjectRequest(SHARED,
        new ObjectKey("log"), first.length, ContentHeaders.empty(), StorageClass.STANDARD, ObjectAcl.DEFAULT,
        TEXT.length, null), new ByteArrayInputStream(TEXT));
    assertThat(appended.encryption().kmsKeyId()).isEqualTo(defaultCmkOf(ALICE));
    assertThat(get(BOB_ROOT, SHARED, "log")).isEqualTo(("first;" + new String(TEXT, StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void copy_acrossAccounts_opensTheSourceUnderItsOwner_andSealsUnderTheTargetOwner() throws IOException {
    put(ALICE_ROOT, SHARED, "src", TEXT);
    ObjectRecord copy = objects.copyObject(BOB_ROOT, new ObjectService.CopyObjectRequest(SHARED, new ObjectKey("src"),
        OWN, new ObjectKey("copy"), false, null, null, null, Conditions.NONE, false, KMS));
    assertThat(copy.encryption().kmsKeyId()).isEqualTo(defaultCmkOf(BOB)).isNotEqualTo(defaultCmkOf(ALICE));
    assertThat(get(BOB_ROOT, OWN, "copy")).isEqualTo(TEXT);

    // And back into Alice's bucket: the new key is hers again.
    ObjectRecord back = objects.copyObject(BOB_ROOT, new ObjectService.CopyObjectRequest(OWN, new ObjectKey("copy"),
        SHARED, new ObjectKey("back"), false, null, null, null, Conditions.NONE, false, KMS));
    assertThat(back.encryption().kmsKeyId()).isEqualTo(defaultCmkOf(ALICE));
    assertThat(get(ALICE_ROOT, SHARED, "back")).isEqualTo(TEXT);
  }

  @Test
  void uploadPartCopy_andSequentialComplete_acrossAccounts_useEachBucketsOwner() throws Exception {
    put(ALICE_ROOT, SHARED, "src", TEXT);
    Upload u = multipart.initiate(BOB_ROOT, new MultipartService.InitiateRequest(OWN, new ObjectKey("assembled"),
        ContentHeaders.empty(), StorageClass.STANDARD, ObjectAcl.DEFAULT, true, KMS));
    assertThat(u.encryption().kmsKeyId()).isEqualTo(defaultCmkOf(BOB));
    multipart.uploadPartCopy(BOB_ROOT, OWN, new ObjectKey("assembled"), u.uploadId(), 1, SHARED,
        new ObjectKey("src"), null, Conditions.NONE);
    // A sequential upload's completion reads the assembled object back for its Content-MD5.
    ObjectRecord done = multipart.complete(BOB_ROOT, OWN, new ObjectKey("assembled"), u.uploadId(), null, null);
    assertThat(done.contentMd5())
        .isEqualTo(Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(TEXT)));
    assertThat(get(BOB_ROOT, OWN, "assembled")).isEqualTo(TEXT);

    // Parts uploaded by Bob into Alice's bucket are sealed with her key and read back.
    Upload theirs = multipart.initiate(BOB_ROOT, new MultipartService.InitiateRequest(SHARED,
        new ObjectKey("parts"), ContentHeaders.empty(), StorageClass.STANDARD, ObjectAcl.DEFAULT, false, KMS));
    assertThat(theirs.encryption().kmsKeyId()).isEqualTo(defaultCmkOf(ALICE));
    multipart.uploadPart(BOB_ROOT, SHARED, new ObjectKey("parts"), theirs.uploadId(), 1, TEXT.length, null,
        new ByteArrayInputStream(TEXT));
    multipart.complete(BOB_ROOT, SHARED, new ObjectKey("parts"), theirs.uploadId(), null, null);
    assertThat(get(ALICE_ROOT, SHARED, "parts")).isEqualTo(TEXT);
  }
}
