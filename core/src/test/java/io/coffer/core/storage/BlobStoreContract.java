package io.coffer.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.model.BlobId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link BlobStore} adapter must do. A subclass supplies the adapter over a directory (a
 * second store over the same directory must see the first one's committed blobs) and a way to count
 * the uncommitted blobs it keeps.
 */
public abstract class BlobStoreContract {
  @TempDir protected Path dir;
  protected BlobStore store;
  protected final SecureRandom random = new SecureRandom();

  /** A store over {@code dir}; called again after {@link BlobStore#close()} to check durability. */
  protected abstract BlobStore open(Path dir) throws IOException;

  /** How many uncommitted blobs the store holds in its temporary area. */
  protected abstract long temporaryCount() throws IOException;

  @BeforeEach
  void openStore() throws IOException {
    store = open(dir);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  protected static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  protected BlobId put(byte[] data) throws IOException {
    try (BlobWriter w = store.create()) {
      w.stream().write(data);
      return w.commit();
    }
  }

  protected Set<BlobId> listed() throws IOException {
    Set<BlobId> ids = new HashSet<>();
    store.forEach(ids::add);
    return ids;
  }

  private byte[] read(BlobId id, long offset, long length) throws IOException {
    try (InputStream in = store.open(id, offset, length)) {
      return in.readAllBytes();
    }
  }

  @Test
  void commit_thenOpen_returnsEveryByteAndSize() throws IOException {
    byte[] data = bytes(300_000, 1);
    BlobId id = put(data);
    assertThat(store.size(id)).isEqualTo(data.length);
    assertThat(read(id, 0, data.length)).isEqualTo(data);
  }

  @Test
  void open_ranges_returnExactlyThoseBytes() throws IOException {
    byte[] data = bytes(200_001, 2);
    BlobId id = put(data);
    long[][] ranges = {{0, 1}, {0, 0}, {1, 65_535}, {65_536, 65_536}, {199_999, 2}, {200_000, 1}, {123_456, 70_000},
        {200_001, 0}};
    for (long[] r : ranges) {
      int from = (int) r[0];
      int len = (int) r[1];
      assertThat(read(id, from, len)).as("range %d+%d", from, len).isEqualTo(Arrays.copyOfRange(data, from, from + len));
    }
  }

  @Test
  void open_rangeEndingPastTheBlob_fails() throws IOException {
    BlobId id = put(bytes(1000, 3));
    assertThatThrownBy(() -> read(id, 0, 1001)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> read(id, 999, 2)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> read(id, 1001, 0)).isInstanceOf(IOException.class);
    assertThat(read(id, 999, 1)).hasSize(1);
  }

  @Test
  void open_missingBlob_isNoSuchFile() {
    BlobId missing = BlobId.random(random);
    assertThatThrownBy(() -> store.open(missing, 0, 0)).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void emptyBlob_commitsAndReadsAsEmpty() throws IOException {
    BlobId id = put(new byte[0]);
    assertThat(store.size(id)).isZero();
    assertThat(read(id, 0, 0)).isEmpty();
    assertThat(listed()).containsExactly(id);
  }

  @Test
  void writer_oneByteAtATime_storesTheSameBytes() throws IOException {
    byte[] data = bytes(70_000, 4);
    BlobId id;
    try (BlobWriter w = store.create()) {
      OutputStream out = w.stream();
      for (byte b : data) out.write(b);
      id = w.commit();
    }
    assertThat(read(id, 0, data.length)).isEqualTo(data);
  }

  @Test
  void writer_streamClosedByCaller_stillCommits() throws IOException {
    byte[] data = bytes(10, 5);
    BlobId id;
    try (BlobWriter w = store.create()) {
      w.stream().write(data);
      w.stream().close();
      id = w.commit();
    }
    assertThat(read(id, 0, data.length)).isEqualTo(data);
  }

  @Test
  void writer_closedWithoutCommit_leavesNothing() throws IOException {
    try (BlobWriter w = store.create()) {
      w.stream().write(bytes(100_000, 6));
    }
    assertThat(listed()).isEmpty();
    assertThat(temporaryCount()).isZero();
  }

  @Test
  void writer_closeAfterCommit_keepsTheBlob() throws IOException {
    BlobWriter w = store.create();
    w.stream().write(bytes(10, 7));
    BlobId id = w.commit();
    w.close();
    w.close();
    assertThat(listed()).containsExactly(id);
    assertThat(temporaryCount()).isZero();
  }

  @Test
  void writer_commitAfterClose_fails() throws IOException {
    BlobWriter w = store.create();
    w.stream().write(bytes(10, 8));
    w.close();
    assertThatThrownBy(w::commit).isInstanceOf(IOException.class);
    assertThat(listed()).isEmpty();
  }

  @Test
  void delete_removesTheBlobAndIsIdempotent() throws IOException {
    BlobId keep = put(bytes(10, 9));
    BlobId gone = put(bytes(10, 10));
    store.delete(gone);
    store.delete(gone);
    store.delete(BlobId.random(random));
    assertThat(listed()).containsExactly(keep);
    assertThatThrownBy(() -> store.open(gone, 0, 0)).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void forEach_listsCommittedBlobsOnly() throws IOException {
    Set<BlobId> committed = new HashSet<>();
    for (int i = 0; i < 20; i++) committed.add(put(bytes(i, i)));
    try (BlobWriter open = store.create()) {
      open.stream().write(bytes(50, 99));
      open.stream().flush();
      assertThat(listed()).isEqualTo(committed);
    }
    assertThat(listed()).isEqualTo(committed);
  }

  @Test
  void clearTemporary_dropsAbandonedWritesButKeepsCommittedBlobs() throws IOException {
    BlobId kept = put(bytes(100, 11));
    // Writers that a crash abandoned: never closed, never committed.
    BlobWriter a = store.create();
    a.stream().write(bytes(100_000, 12));
    a.stream().flush();
    BlobWriter b = store.create();
    b.stream().write(bytes(5, 13));
    b.stream().flush();
    assertThat(temporaryCount()).isEqualTo(2);
    store.close();
    store = open(dir);
    store.clearTemporary();
    assertThat(temporaryCount()).isZero();
    assertThat(listed()).containsExactly(kept);
    assertThat(read(kept, 0, 100)).isEqualTo(bytes(100, 11));
    a.close();
    b.close();
    assertThat(listed()).containsExactly(kept);
  }

  @Test
  void committedBlobs_surviveReopen() throws IOException {
    byte[] data = bytes(150_000, 14);
    BlobId id = put(data);
    store.close();
    store = open(dir);
    assertThat(listed()).containsExactly(id);
    assertThat(read(id, 1, data.length - 1)).isEqualTo(Arrays.copyOfRange(data, 1, data.length));
  }

  @Test
  void concurrentWriters_eachGetTheirOwnBlob() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<BlobId>> futures = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        int seed = 100 + i;
        Callable<BlobId> task = () -> put(bytes(20_000 + seed, seed));
        futures.add(pool.submit(task));
      }
      Set<BlobId> ids = new HashSet<>();
      for (int i = 0; i < futures.size(); i++) {
        BlobId id = futures.get(i).get();
        ids.add(id);
        int seed = 100 + i;
        assertThat(read(id, 0, 20_000 + seed)).isEqualTo(bytes(20_000 + seed, seed));
      }
      assertThat(ids).hasSize(16);
      assertThat(listed()).isEqualTo(ids);
    } finally {
      pool.shutdownNow();
    }
  }
}
