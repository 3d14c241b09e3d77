package io.coffer.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.testing.SeededRandom;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FileRootKey on disk, and the AES-GCM key wrapping (AesGcmWrap) it performs. */
class FileRootKeyTest {
  private static final byte[] CONTEXT = "coffer:test-context:v1".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;
  private final SecureRandom random = new SeededRandom(42);

  private Path keyFile() {
    return dir.resolve("keys/root.key");
  }

  private static byte[] key(int length, int fill) {
    byte[] k = new byte[length];
    Arrays.fill(k, (byte) fill);
    return k;
  }

  @Test
  void create_writesA32ByteKeyOwnerOnlyInAnOwnerOnlyDirectory() throws IOException {
    try (FileRootKey root = FileRootKey.create(keyFile(), random)) {
      assertThat(root.describe()).contains(keyFile().toAbsolutePath().toString());
    }
    assertThat(Files.size(keyFile())).isEqualTo(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile()))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile().getParent())))
        .isEqualTo("rwx------");
    try (var files = Files.list(keyFile().getParent())) {
      assertThat(files).containsExactly(keyFile());
    }
  }

  @Test
  void create_existingKeysDirectoryWithLooserMode_isTightened() throws IOException {
    Files.createDirectories(keyFile().getParent(), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwxr-xr-x")));
    FileRootKey.create(keyFile(), random).close();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile().getParent())))
        .isEqualTo("rwx------");
  }

  @Test
  void create_existingKeyFile_isRefusedAndLeftUntouched() throws IOException {
    FileRootKey.create(keyFile(), random).close();
    byte[] before = Files.readAllBytes(keyFile());
    assertThatThrownBy(() -> FileRootKey.create(keyFile(), new SeededRandom(43)))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readAllBytes(keyFile())).isEqualTo(before);
    try (var files = Files.list(keyFile().getParent())) {
      assertThat(files).containsExactly(keyFile());
    }
  }

  @Test
  void load_afterCreate_unwrapsWhatTheCreatedKeyWrapped() throws Exception {
    byte[] wrapped;
    try (FileRootKey created = FileRootKey.create(keyFile(), random)) {
      wrapped = created.wrap(key(32, 7), CONTEXT);
    }
    try (FileRootKey loaded = FileRootKey.load(keyFile(), random)) {
      assertThat(loaded.unwrap(wrapped, CONTEXT)).isEqualTo(key(32, 7));
    }
  }

  @Test
  void load_fileOfWrongLength_failsWithoutUsingIt() throws IOException {
    Files.createDirectories(keyFile().getParent());
    for (int length : new int[] {0, 16, 31, 33, 64}) {
      Files.write(keyFile(), key(length, 1));
      assertThatThrownBy(() -> FileRootKey.load(keyFile(), random))
          .as("%d bytes", length)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("not a 256-bit root key (" + length + " bytes)");
    }
  }

  @Test
  void load_missingFile_isNoSuchFile() {
    assertThatThrownBy(() -> FileRootKey.load(keyFile(), random)).isInstanceOf(NoSuchFileException.class);
  }

  // ---- wrapping (AesGcmWrap) ----

  @Test
  void wrap_thenUnwrap_roundTripsKeysOfEverySize() throws Exception {
    try (FileRootKey root = FileRootKey.create(keyFile(), random)) {
      for (int length : new int[] {0, 1, 16, 32, 64}) {
        byte[] wrapped = root.wrap(key(length, length + 1), CONTEXT);
        assertThat(wrapped).hasSize(1 + 12 + length + 16);
        assertThat(wrapped[0]).isEqualTo((byte) 1);
        assertThat(root.unwrap(wrapped, CONTEXT)).isEqualTo(key(length, length + 1));
      }
    }
  }

  @Test
  void wrap_sameKeyTwice_givesDifferentCiphertexts() throws Exception {
    try (FileRootKey root = FileRootKey.create(keyFile(), random)) {
      byte[] a = root.wrap(key(32, 5), CONTEXT);
      byte[] b = root.wrap(key(32, 5), CONTEXT);
      assertThat(a).isNotEqualTo(b);
      assertThat(Arrays.copyOfRange(a, 1, 13)).isNotEqualTo(Arrays.copyOfRange(b, 1, 13));
      assertThat(root.unwrap(b, CONTEXT)).isEqualTo(key(32, 5));
    }
  }

  @Test
  void unwrap_otherContext_fails() throws Exception {
    try (FileRootKey root = FileRootKey.create(keyFile(), random)) {
      byte[] wrapped = root.wrap(key(32, 5), CONTEXT);
      for (String other : new String[] {"", "coffer:test-context:v2", "coffer:test-context:v1\0"}) {
        assertThatThrownBy(() -> root.unwrap(wrapped, other.getBytes(StandardCharsets.US_ASCII)))
            .as("context %s", other)
            .isInstanceOf(KeyUnwrapException.class);
      }
    }
  }

  @Test
  void unwrap_withAnotherRootKey_fails() throws Exception {
    try (FileRootKey root = FileRootKey.create(keyFile(), random);
        FileRootKey other = FileRootKey.create(dir.resolve("other/root.key"), new SeededRandom(99))) {
      byte[] wrapped = root.wrap(key(32, 5), CONTEXT);
      assertThatThrownBy(() -> other.unwrap(wrapped, CONTEXT)).isInstanceOf(KeyUnwrapException.class);
    }
  }

  @Test
  void unwrap_anyFlippedBit_fails() throws Exception {
    try (FileRootKey root = FileRootKey.create(keyFile(), random)) {
      byte[] wrapped = root.wrap(key(32, 5), CONTEXT);
      for (int i = 0; i < wrapped.length; i++) {
        for (int bit : new int[] {0x01, 0x80}) {
          byte[] bad = wrapped.clone();
          bad[i] ^= (byte) bit;
          assertThatThrownBy(() -> root.unwrap(bad, CONTEXT)).as("byte %d bit %x", i, bit)
              .isInstanceOf(KeyUnwrapException.class);
        }
      }
    }
  }

  @Test
  void unwrap_unknownVersionOrShortInput_failsAsUnwrap() throws Exception {
    try (FileRootKey root = FileRootKey.create(keyFile(), random)) {
      byte[] wrapped = root.wrap(key(32, 5), CONTEXT);
      for (int version : new int[] {0, 2, 0xFF}) {
        byte[] bad = wrapped.clone();
        bad[0] = (byte) version;
        assertThatThrownBy(() -> root.unwrap(bad, CONTEXT)).as("version %d", version)
            .isInstanceOf(KeyUnwrapException.class).hasMessageContaining("known version");
      }
      for (int length : new int[] {0, 1, 28, wrapped.length - 1}) {
        byte[] cut = Arrays.copyOf(wrapped, length);
        assertThatThrownBy(() -> root.unwrap(cut, CONTEXT)).as("%d bytes", length)
            .isInstanceOf(KeyUnwrapException.class);
      }
      byte[] longer = Arrays.copyOf(wrapped, wrapped.length + 1);
      assertThatThrownBy(() -> root.unwrap(longer, CONTEXT)).isInstanceOf(KeyUnwrapException.class);
    }
  }
}
