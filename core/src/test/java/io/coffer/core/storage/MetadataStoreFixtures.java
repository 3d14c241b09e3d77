package io.coffer.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.coffer.core.model.SseMethod;
import io.coffer.core.model.StorageClass;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store under test and record fixtures shared by the {@link MetadataStore} contract suites. A
 * subclass supplies the adapter over a directory; opening a second store over the same directory
 * after closing the first must show the same state.
 */
public abstract class MetadataStoreFixtures {
  @TempDir protected Path dir;
  protected MetadataStore store;
  private final SecureRandom random = new SecureRandom();
  /** Stored timestamps keep millisecond precision; whole seconds keep the records comparable. */
  protected final Instant t0 = Instant.parse("2024-05-01T10:00:00Z");

  protected abstract MetadataStore open(Path dir);

  @BeforeEach
  void openStore() {
    store = open(dir);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  protected void reopen() {
    store.close();
    store = open(dir);
  }

  // ---- fixtures ----

  protected static BucketName name(String n) {
    return new BucketName(n);
  }

  protected Bucket bucket(String n) {
    return new Bucket(name(n), "owner-1", t0, BucketAcl.PRIVATE, StorageClass.STANDARD, "LRS");
  }

  protected BucketName createBucket(String n) {
    assertThat(store.createBucket(bucket(n))).isTrue();
    return name(n);
  }

  protected BlobId blob() {
    return BlobId.random(random);
  }

  protected ObjectRecord object(BucketName b, String key, long... extentLengths) {
    List<Extent> extents = new ArrayList<>();
    long size = 0;
    for (long len : extentLengths) {
      extents.add(new Extent(blob(), len));
      size += len;
    }
    ContentHeaders h = new ContentHeaders("text/plain", "no-cache", null, null, null, "2015-10-01 00:00:00",
        Map.of("author", "alice 张"));
    return new ObjectRecord(b, new ObjectKey(key), ObjectType.NORMAL, size, "D41D8CD98F00B204E9800998ECF8427E",
        "1B2M2Y8AsgTpgAmY7PhCfg==", -1L, t0.plusSeconds(size), h, StorageClass.IA, ObjectAcl.PUBLIC_READ, extents);
  }

  protected Upload upload(BucketName b, String key) {
    byte[] id = new byte[16];
    random.nextBytes(id);
    return new Upload(HexFormat.of().withUpperCase().formatHex(id), b, new ObjectKey(key), t0,
        new ContentHeaders("image/png", null, "attachment", null, null, null, Map.of("k", "v")), StorageClass.STANDARD,
        ObjectAcl.DEFAULT, false);
  }

  protected Part part(Upload u, int number, long size) {
    String etag = HexFormat.of().withUpperCase().formatHex(new byte[16]).substring(0, 28) + String.format("%04d", number);
    return new Part(u.uploadId(), number, etag, "AAAAAAAAAAAAAAAAAAAAAA==", size, Long.MIN_VALUE + number,
        t0.plusSeconds(number), blob());
  }

  /** An SSE-OSS record with random bytes standing in for the wrapped key (stores never unwrap it). */
  protected EncryptionInfo encryption(SseAlgorithm algorithm, int version) {
    byte[] wrapped = new byte[93];
    random.nextBytes(wrapped);
    return new EncryptionInfo(SseMethod.OSS, algorithm, null, version, wrapped);
  }

  protected static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
