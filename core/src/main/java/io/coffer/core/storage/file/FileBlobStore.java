package io.coffer.core.storage.file;

import io.coffer.core.model.BlobId;
import io.coffer.core.storage.BlobStore;
import io.coffer.core.storage.BlobWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.function.Consumer;

/**
 * Blobs as files: {@code blobs/xx/yy/<id>}, written first to {@code tmp/} on the same file system.
 * Commit is fsync, atomic rename, fsync of the directory, so a crash leaves either no blob or the
 * whole blob; an uncommitted file in {@code tmp/} is garbage.
 */
public final class FileBlobStore implements BlobStore {
  private static final int WRITE_BUFFER_BYTES = 64 * 1024;

  private final Path blobs;
  private final Path tmp;
  private final SecureRandom random;

  public FileBlobStore(Path dataDir, SecureRandom random) throws IOException {
    this.blobs = dataDir.resolve("blobs");
    this.tmp = dataDir.resolve("tmp");
    this.random = random;
    Files.createDirectories(blobs);
    Files.createDirectories(tmp);
  }

  Path pathOf(BlobId id) {
    String v = id.value();
    return blobs.resolve(v.substring(0, 2)).resolve(v.substring(2, 4)).resolve(v);
  }

  @Override
  public BlobWriter create() throws IOException {
    BlobId id = BlobId.random(random);
    Path temp = tmp.resolve(id.value() + ".tmp");
    FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return new FileBlobWriter(id, temp, channel);
  }

  @Override
  public InputStream open(BlobId id, long offset, long length) throws IOException {
    FileChannel ch = FileChannel.open(pathOf(id), StandardOpenOption.READ);
    try {
      if (offset + length > ch.size()) {
        throw new IOException("blob " + id + " is shorter than expected");
      }
      ch.position(offset);
      return new BoundedInputStream(Channels.newInputStream(ch), length);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  @Override
  public long size(BlobId id) throws IOException {
    return Files.size(pathOf(id));
  }

  @Override
  public void delete(BlobId id) throws IOException {
    Files.deleteIfExists(pathOf(id));
  }

  @Override
  public void forEach(Consumer<BlobId> visitor) throws IOException {
    try (DirectoryStream<Path> level1 = Files.newDirectoryStream(blobs)) {
      for (Path d1 : level1) {
        if (!Files.isDirectory(d1)) continue;
        try (DirectoryStream<Path> level2 = Files.newDirectoryStream(d1)) {
          for (Path d2 : level2) {
            if (!Files.isDirectory(d2)) continue;
            try (DirectoryStream<Path> files = Files.newDirectoryStream(d2)) {
              for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.matches("[0-9a-f]{32}")) visitor.accept(new BlobId(name));
              }
            }
          }
        }
      }
    }
  }

  @Override
  public void clearTemporary() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp)) {
      for (Path f : files) Files.deleteIfExists(f);
    }
  }

  @Override
  public void close() {}

  private static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  /** Creates the fan-out directories of a blob, making each new directory entry durable. */
  private void ensureParent(Path file) throws IOException {
    Path parent = file.getParent();
    if (Files.isDirectory(parent)) return;
    Path grand = parent.getParent();
    if (!Files.isDirectory(grand)) {
      Files.createDirectories(grand);
      fsyncDirectory(blobs);
    }
    Files.createDirectories(parent);
    fsyncDirectory(grand);
  }

  private final class FileBlobWriter implements BlobWriter {
    private final BlobId id;
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream out;
    private boolean committed;
    private boolean closed;

    FileBlobWriter(BlobId id, Path temp, FileChannel channel) {
      this.id = id;
      this.temp = temp;
      this.channel = channel;
      OutputStream raw = Channels.newOutputStream(channel);
      this.out = new BufferedOutputStream(new NonClosingOutputStream(raw), WRITE_BUFFER_BYTES);
    }

    @Override
    public BlobId id() {
      return id;
    }

    @Override
    public OutputStream stream() {
      return out;
    }

    @Override
    public BlobId commit() throws IOException {
      if (closed) throw new IOException("blob writer already closed");
      out.flush();
      channel.force(true);
      channel.close();
      Path target = pathOf(id);
      ensureParent(target);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      fsyncDirectory(target.getParent());
      committed = true;
      closed = true;
      return id;
    }

    @Override
    public void close() throws IOException {
      if (closed) return;
      closed = true;
      try {
        channel.close();
      } finally {
        if (!committed) {
          try {
            Files.deleteIfExists(temp);
          } catch (NoSuchFileException ignored) {
            // already gone
          }
        }
      }
    }
  }

  /** Keeps callers from closing the channel behind the writer's back. */
  private static final class NonClosingOutputStream extends java.io.FilterOutputStream {
    NonClosingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
