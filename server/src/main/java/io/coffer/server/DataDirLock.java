package io.coffer.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** An exclusive lock on a data directory, so two servers never share one. Held until closed. */
public final class DataDirLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** @throws IllegalStateException with a message for people when another server holds the directory */
  public static DataDirLock acquire(Path dataDir) throws IOException {
    FileChannel ch = FileChannel.open(dataDir.resolve("coffer.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    }
    if (l == null) {
      ch.close();
      throw new IllegalStateException("another Coffer server is already using the data directory " + dataDir.toAbsolutePath()
          + "; stop it first or choose another --data-dir");
    }
    return new DataDirLock(ch, l);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
