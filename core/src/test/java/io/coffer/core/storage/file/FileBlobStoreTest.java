package io.coffer.core.storage.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.coffer.core.model.BlobId;
import io.coffer.core.storage.BlobStore;
import io.coffer.core.storage.BlobStoreContract;
import io.coffer.core.storage.BlobWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FileBlobStoreTest extends BlobStoreContract {

  @Override
  protected BlobStore open(Path dir) throws IOException {
    return new FileBlobStore(dir, random);
  }

  @Override
  protected long temporaryCount() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("tmp"))) {
      return s.count();
    }
  }

  @Test
  void committedBlob_livesUnderItsFanOutDirectories() throws IOException {
    BlobId id = put(bytes(10, 1));
    String v = id.value();
    Path file = dir.resolve("blobs").resolve(v.substring(0, 2)).resolve(v.substring(2, 4)).resolve(v);
    assertThat(file).isRegularFile().hasSize(10);
  }

  @Test
  void forEach_ignoresForeignFilesInTheBlobTree() throws IOException {
    BlobId id = put(bytes(10, 2));
    Files.writeString(dir.resolve("blobs").resolve("README"), "not a blob");
    Path fan = dir.resolve("blobs").resolve(id.value().substring(0, 2)).resolve(id.value().substring(2, 4));
    Files.writeString(fan.resolve("notes.txt"), "not a blob either");
    Set<BlobId> ids = new HashSet<>();
    store.forEach(ids::add);
    assertThat(ids).containsExactly(id);
  }

  @Test
  void uncommittedWrite_livesInTmpUntilCommit() throws IOException {
    try (BlobWriter w = store.create()) {
      w.stream().write(bytes(10, 3));
      assertThat(temporaryCount()).isEqualTo(1);
      w.commit();
      assertThat(temporaryCount()).isZero();
    }
  }
}
