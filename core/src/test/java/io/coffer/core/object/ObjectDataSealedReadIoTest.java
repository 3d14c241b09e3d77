package io.coffer.core.object;

import static org.assertj.core.api.Assertions.assertThat;

import io.coffer.core.crypto.CipherSuite;
import io.coffer.core.crypto.CiphertextSpan;
import io.coffer.core.crypto.KeyMaterial;
import io.coffer.core.crypto.SegmentLayout;
import io.coffer.core.model.BlobId;
import io.coffer.core.model.ByteRange;
import io.coffer.core.model.Extent;
import io.coffer.core.storage.BlobStore;
import io.coffer.core.storage.BlobWriter;
import io.coffer.core.storage.file.FileBlobStore;
import io.coffer.core.testing.SeededRandom;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a sealed read asks of the blob store: one open per blob, and only the header and the
 * segments the range overlaps, whatever the object's size. The store is the real file store,
 * counted on its way through.
 */
class ObjectDataSealedReadIoTest {
  @TempDir Path dataDir;
  private final AtomicLong opens = new AtomicLong();
  private final AtomicLong bytesRead = new AtomicLong();
  private ObjectData data;
  private final SeededRandom random = new SeededRandom(91);
  private final byte[] dataKey = new byte[32];

  @BeforeEach
  void setUp() throws IOException {
    FileBlobStore files = new FileBlobStore(dataDir, random);
    data = new ObjectData(new CountingStore(files), random);
    random.nextBytes(dataKey);
  }

  private DataSeal seal(CipherSuite suite) {
    return new DataSeal(suite, KeyMaterial.copyOf(dataKey));
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void read_sealedRanges_openTheBlobOnceAndReadOnlyTheCoveringSegments(CipherSuite suite) throws IOException {
    int n = 40 * SegmentLayout.PLAINTEXT_SEGMENT_BYTES + 999;
    byte[] p = new byte[n];
    random.nextBytes(p);
    BlobId blob;
    try (DataSeal s = seal(suite)) {
      blob = data.write(new ByteArrayInputStream(p), n, 1L << 30, null, s).blob();
    }
    SegmentLayout layout = new SegmentLayout(suite);
    long[][] ranges = {{0, 4095}, {1_000_001, 1_000_001 + (1 << 20) - 1}, {n - 10, n - 1}, {0, n - 1}};
    for (long[] r : ranges) {
      opens.set(0);
      bytesRead.set(0);
      byte[] got;
      try (InputStream in = data.read(List.of(new Extent(blob, n)), new ByteRange(r[0], r[1]), seal(suite), "t")) {
        got = in.readAllBytes();
      }
      assertThat(got).isEqualTo(Arrays.copyOfRange(p, (int) r[0], (int) r[1] + 1));
      CiphertextSpan span = layout.span(n, r[0], r[1]);
      assertThat(opens.get()).as("opens for %d-%d", r[0], r[1]).isEqualTo(1);
      assertThat(bytesRead.get()).as("bytes read for %d-%d", r[0], r[1])
          .isEqualTo(layout.headerBytes() + span.ciphertextLength());
    }
  }

  /** The file store, counting opens and the bytes read through what it opens. */
  private final class CountingStore implements BlobStore {
    private final BlobStore inner;

    CountingStore(BlobStore inner) {
      this.inner = inner;
    }

    @Override
    public BlobWriter create() throws IOException {
      return inner.create();
    }

    @Override
    public InputStream open(BlobId id, long offset, long length) throws IOException {
      opens.incrementAndGet();
      return new FilterInputStream(inner.open(id, offset, length)) {
        @Override
        public int read() throws IOException {
          int b = super.read();
          if (b >= 0) bytesRead.incrementAndGet();
          return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int r = super.read(b, off, len);
          if (r > 0) bytesRead.addAndGet(r);
          return r;
        }
      };
    }

    @Override
    public long size(BlobId id) throws IOException {
      return inner.size(id);
    }

    @Override
    public void delete(BlobId id) throws IOException {
      inner.delete(id);
    }

    @Override
    public void forEach(Consumer<BlobId> visitor) throws IOException {
      inner.forEach(visitor);
    }

    @Override
    public void clearTemporary() throws IOException {
      inner.clearTemporary();
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
