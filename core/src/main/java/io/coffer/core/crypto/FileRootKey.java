package io.coffer.core.crypto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

  /** Writes a new random key (mode 0600, durably); fails if the file exists. */
  public static FileRootKey create(Path file, SecureRandom random) throws IOException {
    Files.createDirectories(file.getParent());
    Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwx------"));
    byte[] b = new byte[KEY_BYTES];
    random.nextBytes(b);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.write(tmp, b, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
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
