package io.coffer.core.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.crypto.CipherSuite;
import io.coffer.core.crypto.KeyMaterial;
import io.coffer.core.crypto.SealedBlobException;
import io.coffer.core.crypto.SegmentLayout;
import io.coffer.core.error.CofferException;
import io.coffer.core.model.BlobId;
import io.coffer.core.model.ByteRange;
import io.coffer.core.model.Extent;
import io.coffer.core.storage.BlobWriter;
import io.coffer.core.storage.file.FileBlobStore;
import io.coffer.core.testing.SeededRandom;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Sealed writes and reads through ObjectData over a real FileBlobStore, with damage done on disk. */
class ObjectDataSealedTest {
  private static final long MAX = 1L << 30;

  @TempDir Path dataDir;
  private FileBlobStore blobs;
  private ObjectData data;
  private final SeededRandom random = new SeededRandom(77);
  private byte[] dataKey;

  @BeforeEach
  void setUp() throws IOException {
    blobs = new FileBlobStore(dataDir, random);
    data = new ObjectData(blobs, random);
    dataKey = new byte[32];
    random.nextBytes(dataKey);
  }

  /** A fresh seal over the object's data key: a read stream takes ownership of the one it gets. */
  private DataSeal seal(CipherSuite suite) {
    return new DataSeal(suite, KeyMaterial.copyOf(dataKey));
  }

  private byte[] plaintext(int n) {
    byte[] b = new byte[n];
    new SeededRandom(n).nextBytes(b);
    return b;
  }

  private ObjectData.WrittenBlob write(CipherSuite suite, byte[] plaintext) {
    try (DataSeal s = seal(suite)) {
      return data.write(new ByteArrayInputStream(plaintext), plaintext.length, MAX, null, s);
    }
  }

  private byte[] read(CipherSuite suite, List<Extent> extents, long first, long last) throws IOException {
    try (InputStream in = data.read(extents, new ByteRange(first, last), seal(suite), "test/object")) {
      return in.readAllBytes();
    }
  }

  private Path fileOf(BlobId id) throws IOException {
    try (Stream<Path> files = Files.walk(dataDir.resolve("blobs"))) {
      return files.filter(p -> p.getFileName().toString().equals(id.value())).findFirst().orElseThrow();
    }
  }

  private void flipByteOnDisk(BlobId id, long offset) throws IOException {
    try (FileChannel ch = FileChannel.open(fileOf(id), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      ch.read(one, offset);
      one.flip();
      one.put(0, (byte) (one.get(0) ^ 0x20));
      ch.write(one, offset);
    }
  }

  private static int firstSegmentBytes(CipherSuite suite) {
    return new SegmentLayout(suite).firstSegmentPlaintextBytes();
  }

  // ---- round trips ----

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void write_sealed_storesOnlyCiphertextOfTheDocumentedSize(CipherSuite suite) throws Exception {
    byte[] p = plaintext(3 * 65536 + 1000);
    ObjectData.WrittenBlob w = write(suite, p);

    assertThat(w.digest().size()).isEqualTo(p.length);
    assertThat(w.digest().md5()).isEqualTo(MessageDigest.getInstance("MD5").digest(p));
    byte[] onDisk = Files.readAllBytes(fileOf(w.blob()));
    assertThat(onDisk.length).isEqualTo(new SegmentLayout(suite).ciphertextLength(p.length));
    assertThat(Arrays.copyOf(onDisk, 4)).isEqualTo("CFSB".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    for (int at : new int[] {0, 65536, p.length - 64}) {
      byte[] window = Arrays.copyOfRange(p, at, at + 32);
      assertThat(indexOf(onDisk, window)).as("plaintext at %d on disk", at).isEqualTo(-1);
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void read_sealedRanges_returnExactlyThePlaintextSlice(CipherSuite suite) throws IOException {
    byte[] p = plaintext(3 * 65536 + 1000);
    List<Extent> extents = List.of(write(suite, p).extent());
    int s0 = firstSegmentBytes(suite);
    long[][] ranges = {{0, p.length - 1}, {0, 0}, {p.length - 1, p.length - 1}, {s0 - 1, s0}, {s0, s0 + 65535},
        {s0 + 65536 + 5, s0 + 2 * 65536 + 5}, {100, p.length - 100}};
    for (long[] r : ranges) {
      assertThat(read(suite, extents, r[0], r[1])).as("range %d-%d", r[0], r[1])
          .isEqualTo(Arrays.copyOfRange(p, (int) r[0], (int) r[1] + 1));
    }
    assertThat(data.integrityFailures()).isZero();
  }

  @Test
  void read_acrossTwoSealedExtents_joinsThem() throws IOException {
    CipherSuite suite = CipherSuite.AES_256_GCM;
    byte[] a = plaintext(70_000);
    byte[] b = plaintext(5_000);
    List<Extent> extents = List.of(write(suite, a).extent(), write(suite, b).extent());
    byte[] whole = ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    assertThat(read(suite, extents, 0, whole.length - 1)).isEqualTo(whole);
    assertThat(read(suite, extents, 69_990, 70_010)).isEqualTo(Arrays.copyOfRange(whole, 69_990, 70_011));
    assertThat(read(suite, extents, 70_000, 70_000)).isEqualTo(new byte[] {b[0]});
  }

  @Test
  void read_closingTheStream_destroysTheSeal() throws IOException {
    byte[] p = plaintext(10);
    List<Extent> extents = List.of(write(CipherSuite.AES_256_GCM, p).extent());
    DataSeal s = seal(CipherSuite.AES_256_GCM);
    try (InputStream in = data.read(extents, new ByteRange(0, 9), s, "test/object")) {
      assertThat(in.readAllBytes()).isEqualTo(p);
    }
    assertThatThrownBy(() -> s.key().bytes()).isInstanceOf(IllegalStateException.class);
  }

  // ---- damage ----

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void read_byteFlippedInTheFirstSegmentRead_failsBeforeAnyByteAndIsCounted(CipherSuite suite) throws IOException {
    byte[] p = plaintext(3 * 65536);
    BlobId blob = write(suite, p).blob();
    List<Extent> extents = List.of(new Extent(blob, p.length));
    SegmentLayout layout = new SegmentLayout(suite);
    flipByteOnDisk(blob, layout.ciphertextStart(1) + 10);

    DataSeal s = seal(suite);
    assertThatThrownBy(() -> data.read(extents, new ByteRange(layout.plaintextStart(1), p.length - 1), s, "b/k"))
        .isInstanceOf(CofferException.IntegrityViolation.class);
    assertThat(data.integrityFailures()).isEqualTo(1);
    assertThatThrownBy(() -> s.key().bytes()).as("seal destroyed on failure").isInstanceOf(IllegalStateException.class);
    // Segment 0 is intact: a range inside it still reads.
    assertThat(read(suite, extents, 0, 99)).isEqualTo(Arrays.copyOf(p, 100));
    assertThat(data.integrityFailures()).isEqualTo(1);
  }

  @Test
  void read_byteFlippedInTheHeader_isIntegrityViolation() throws IOException {
    CipherSuite suite = CipherSuite.AES_256_GCM;
    byte[] p = plaintext(1000);
    BlobId blob = write(suite, p).blob();
    flipByteOnDisk(blob, 20); // inside the salt
    assertThatThrownBy(() -> read(suite, List.of(new Extent(blob, p.length)), 0, 999))
        .isInstanceOf(CofferException.IntegrityViolation.class);
    assertThat(data.integrityFailures()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void read_byteFlippedInALaterSegment_endsTheStreamWithIOExceptionAfterTheGoodBytes(CipherSuite suite)
      throws IOException {
    byte[] p = plaintext(3 * 65536 + 1000);
    BlobId blob = write(suite, p).blob();
    SegmentLayout layout = new SegmentLayout(suite);
    flipByteOnDisk(blob, layout.ciphertextStart(2) + 65_000);

    ByteArrayOutputStream got = new ByteArrayOutputStream();
    try (InputStream in = data.read(List.of(new Extent(blob, p.length)), new ByteRange(0, p.length - 1), seal(suite),
        "b/k")) {
      byte[] buf = new byte[8192];
      assertThatThrownBy(() -> {
        int n;
        while ((n = in.read(buf)) >= 0) got.write(buf, 0, n);
      }).isInstanceOf(SealedBlobException.class).hasMessageContaining("segment 2");
    }
    // Only bytes of segments that authenticated came out, and they are the plaintext's.
    assertThat(got.size()).isEqualTo(layout.plaintextStart(2));
    assertThat(got.toByteArray()).isEqualTo(Arrays.copyOf(p, got.size()));
    assertThat(data.integrityFailures()).isEqualTo(1);
  }

  @Test
  void read_blobTruncatedOnDisk_isIntegrityViolation() throws IOException {
    CipherSuite suite = CipherSuite.AES_256_GCM;
    byte[] p = plaintext(70_000);
    BlobId blob = write(suite, p).blob();
    try (FileChannel ch = FileChannel.open(fileOf(blob), StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 1);
    }
    assertThatThrownBy(() -> read(suite, List.of(new Extent(blob, p.length)), 0, 10))
        .isInstanceOf(CofferException.IntegrityViolation.class);
    assertThat(data.integrityFailures()).isEqualTo(1);
  }

  @Test
  void read_blobMovedUnderAnotherId_isIntegrityViolation() throws IOException {
    CipherSuite suite = CipherSuite.AES_256_GCM;
    byte[] p = plaintext(5000);
    BlobId original = write(suite, p).blob();
    BlobId other;
    try (BlobWriter w = blobs.create()) {
      other = w.commit();
    }
    // The same data key sealed both; only the blob id bound into the key derivation tells them apart.
    Files.move(fileOf(original), fileOf(other), StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(() -> read(suite, List.of(new Extent(other, p.length)), 0, p.length - 1))
        .isInstanceOf(CofferException.IntegrityViolation.class);
    assertThat(data.integrityFailures()).isEqualTo(1);
  }

  @Test
  void read_twoPartsSwappedOnDisk_isIntegrityViolation() throws IOException {
    CipherSuite suite = CipherSuite.SM4_GCM;
    byte[] a = plaintext(4000);
    byte[] b = plaintext(4100);
    BlobId first = write(suite, a).blob();
    BlobId second = write(suite, b).blob();
    Path fa = fileOf(first);
    Path fb = fileOf(second);
    Path tmp = dataDir.resolve("swap");
    Files.move(fa, tmp);
    Files.move(fb, fa);
    Files.move(tmp, fb);
    List<Extent> extents = List.of(new Extent(first, a.length), new Extent(second, b.length));
    assertThatThrownBy(() -> read(suite, extents, 0, a.length + b.length - 1))
        .isInstanceOf(CofferException.IntegrityViolation.class);
    assertThat(data.integrityFailures()).isEqualTo(1);
  }

  @Test
  void read_withAnotherDataKey_isIntegrityViolation() throws IOException {
    byte[] p = plaintext(100);
    List<Extent> extents = List.of(write(CipherSuite.AES_256_GCM, p).extent());
    random.nextBytes(dataKey);
    assertThatThrownBy(() -> read(CipherSuite.AES_256_GCM, extents, 0, 99))
        .isInstanceOf(CofferException.IntegrityViolation.class);
    assertThat(data.integrityFailures()).isEqualTo(1);
    assertThatThrownBy(() -> read(CipherSuite.AES_256_GCM, extents, 0, 99))
        .isInstanceOf(CofferException.IntegrityViolation.class);
    assertThat(data.integrityFailures()).isEqualTo(2);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }
}
