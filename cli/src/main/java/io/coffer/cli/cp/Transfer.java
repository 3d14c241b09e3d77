package io.coffer.cli.cp;

import java.nio.file.Path;

/** One file or object a cp run moves, as planned before anything is sent. */
public sealed interface Transfer {
  long size();

  /** The source as the user would write it. */
  String from();

  /** The destination as the user would write it. */
  String to();

  /** A local file to an object. */
  record Upload(Path file, long size, long mtimeMillis, OssUrl target) implements Transfer {
    @Override
    public String from() {
      return file.toString();
    }

    @Override
    public String to() {
      return target.toString();
    }
  }

  /** An object to a local file. */
  record Download(OssUrl source, long size, long lastModifiedMillis, Path file) implements Transfer {
    @Override
    public String from() {
      return source.toString();
    }

    @Override
    public String to() {
      return file.toString();
    }
  }

  /** An object to another object, without the bytes leaving the server. */
  record Copy(OssUrl source, long size, long lastModifiedMillis, OssUrl target) implements Transfer {
    @Override
    public String from() {
      return source.toString();
    }

    @Override
    public String to() {
      return target.toString();
    }
  }
}
