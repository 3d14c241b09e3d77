package io.coffer.core.crypto;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.spec.SecretKeySpec;

/**
 * A 256-bit root key in a file ({@code <data-dir>/keys/root.key}, mode 0600, 32 raw bytes).
 * {@link #create} makes it only when asked to: the caller decides that no encrypted data exists
 * yet, so a lost key file never silently becomes a new key over old data.
 */
public final class FileRootKey implements RootKey {
  public static final int KEY_BYTES = 32;

  private final Path file;
  private final SecretKeySpec key;
  private final SecureRandom random;

  private FileRootKey(Path file, byte[] bytes, SecureRandom random) {
    this.file = file;
    this.key = new SecretKeySpec(bytes, "AES");
    this.random = random;
    Arrays.fill(bytes, (byte) 0);
  }

  /** @throws IOException if the file is missing or not a 32-byte key */
  public static FileRootKey load(Path file, SecureRandom random) throws IOException {
    byte[] b = Files.readAllBytes(file);
    if (b.length != KEY_BYTES) {
      Arrays.fill(b, (byte) 0);
      throw new IOException(file + " is not a 256-bit root key (" + b.length + " bytes)");
    }
    return new FileRootKey(file, b, random);
  }

  /**
   * Writes a new random key (mode 0600, in a 0700 directory, durably).
   *
   * @throws java.nio.file.FileAlreadyExistsException if the file exists: a key is never replaced
   */
  public static FileRootKey create(Path file, SecureRandom random) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(file.toString(), null, "a root key exists and is never replaced");
    }
    byte[] b = new byte[KEY_BYTES];
    random.nextBytes(b);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.write(tmp, b, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
      // Not ATOMIC_MOVE: on POSIX that is a bare rename(2), which silently replaces an existing key.
      // A plain move refuses an existing target and is still a rename within the directory.
      Files.move(tmp, file);
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      }
    } catch (IOException e) {
      Arrays.fill(b, (byte) 0);
      Files.deleteIfExists(tmp);
      throw e;
    }
    return new FileRootKey(file, b, random);
  }

  @Override
  public byte[] wrap(byte[] k, byte[] context) {
    return AesGcmWrap.wrap(key, null, k, context, random);
  }

  @Override
  public byte[] unwrap(byte[] wrapped, byte[] context) throws KeyUnwrapException {
    return AesGcmWrap.unwrap(key, null, wrapped, context);
  }

  @Override
  public String describe() {
    return "key file " + file.toAbsolutePath();
  }

  @Override
  public void close() {
    // SecretKeySpec offers no way to wipe its copy; it becomes garbage with this object.
  }
}
