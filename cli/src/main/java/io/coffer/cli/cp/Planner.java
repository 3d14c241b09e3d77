package io.coffer.cli.cp;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.ListObjectsRequest;
import com.aliyun.oss.model.OSSObjectSummary;
import com.aliyun.oss.model.ObjectListing;
import com.aliyun.oss.model.SimplifiedObjectMeta;
import io.coffer.cli.client.UsageFailure;
import io.coffer.cli.filter.NameFilter;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns cp's SRC and DEST into the list of transfers, named as ossutil names them: an upload of
 * a directory puts its files under {@code DEST/} (the directory's own name is not used); a
 * recursive download or copy keeps each key's part after the source prefix's last '/'. With -r only
 * the files and objects the --include/--exclude filter accepts are planned.
 */
final class Planner {
  /** What to do, and objects that cannot be done (keys that would escape DEST). */
  record Plan(Progress.Op op, List<Transfer> transfers, List<String> rejected) {
    long bytes() {
      return transfers.stream().mapToLong(Transfer::size).sum();
    }
  }

  private final OSS oss;
  private final boolean recursive;
  private final NameFilter filter;

  Planner(OSS oss, boolean recursive, NameFilter filter) {
    this.oss = oss;
    this.recursive = recursive;
    this.filter = filter;
  }

  Plan plan(String source, String destination) throws IOException {
    boolean fromCloud = OssUrl.isCloud(source);
    boolean toCloud = OssUrl.isCloud(destination);
    if (!fromCloud && !toCloud) {
      throw new UsageFailure("one of SRC and DEST must be a cloud URL (oss://bucket/key); cp does not copy local files");
    }
    if (!fromCloud) return upload(Path.of(source), OssUrl.parse(destination));
    OssUrl from = OssUrl.parse(source);
    if (toCloud) return copy(from, OssUrl.parse(destination));
    return download(from, destination);
  }

  private Plan upload(Path src, OssUrl to) throws IOException {
    if (!Files.exists(src)) throw new UsageFailure(src + ": no such file or directory");
    List<Transfer> out = new ArrayList<>();
    if (Files.isDirectory(src)) {
      if (!recursive) throw new UsageFailure(src + " is a directory; use -r to upload the files in it");
      String prefix = to.key().isEmpty() || to.key().endsWith("/") ? to.key() : to.key() + "/";
      try (Stream<Path> files = Files.walk(src)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          String relative = src.relativize(f).toString().replace(File.separatorChar, '/');
          if (!filter.accepts(relative)) continue;
          out.add(uploadOf(f, to.withKey(prefix + relative)));
        }
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    } else if (Files.isRegularFile(src)) {
      out.add(uploadOf(src, to.isPrefix() ? to.withKey(to.key() + src.getFileName()) : to));
    } else {
      throw new UsageFailure(src + " is not a regular file");
    }
    return new Plan(Progress.Op.UPLOAD, out, List.of());
  }

  private static Transfer.Upload uploadOf(Path f, OssUrl to) throws IOException {
    return new Transfer.Upload(f, Files.size(f), Files.getLastModifiedTime(f).toMillis(), to);
  }

  private Plan download(OssUrl from, String destination) {
    Path dest = Path.of(destination);
    boolean intoDir = Files.isDirectory(dest) || destination.endsWith("/") || destination.endsWith(File.separator);
    if (!recursive) {
      requireObject(from);
      SimplifiedObjectMeta m = oss.getSimplifiedObjectMeta(from.bucket(), from.key());
      Path file = intoDir ? dest.resolve(from.baseName()) : dest;
      return new Plan(Progress.Op.DOWNLOAD,
          List.of(new Transfer.Download(from, m.getSize(), m.getLastModified().getTime(), file)), List.of());
    }
    if (Files.exists(dest) && !Files.isDirectory(dest)) {
      throw new UsageFailure(destination + " is a file; a recursive download needs a directory");
    }
    Path root = dest.toAbsolutePath().normalize();
    List<Transfer> out = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    for (OSSObjectSummary o : list(from)) {
      String relative = o.getKey().substring(from.parentPrefix().length());
      Path file = null;
      try {
        file = root.resolve(relative).normalize();
      } catch (InvalidPathException e) {
        // rejected below
      }
      if (file == null || !file.startsWith(root) || file.equals(root)) {
        rejected.add("oss://" + from.bucket() + "/" + o.getKey() + " cannot be saved under " + destination
            + ": its key is not a relative path inside it");
        continue;
      }
      out.add(new Transfer.Download(from.withKey(o.getKey()), o.getSize(), o.getLastModified().getTime(), file));
    }
    return new Plan(Progress.Op.DOWNLOAD, out, rejected);
  }

  private Plan copy(OssUrl from, OssUrl to) {
    if (!recursive) {
      requireObject(from);
      SimplifiedObjectMeta m = oss.getSimplifiedObjectMeta(from.bucket(), from.key());
      OssUrl target = to.isPrefix() ? to.withKey(to.key() + from.baseName()) : to;
      return new Plan(Progress.Op.COPY,
          List.of(new Transfer.Copy(from, m.getSize(), m.getLastModified().getTime(), target)), List.of());
    }
    String prefix = to.key().isEmpty() || to.key().endsWith("/") ? to.key() : to.key() + "/";
    List<Transfer> out = new ArrayList<>();
    for (OSSObjectSummary o : list(from)) {
      String relative = o.getKey().substring(from.parentPrefix().length());
      out.add(new Transfer.Copy(from.withKey(o.getKey()), o.getSize(), o.getLastModified().getTime(),
          to.withKey(prefix + relative)));
    }
    return new Plan(Progress.Op.COPY, out, List.of());
  }

  private static void requireObject(OssUrl from) {
    if (from.key().isEmpty()) {
      throw new UsageFailure(from + " names no object; use -r to copy every object under a prefix");
    }
    if (from.key().endsWith("/")) {
      throw new UsageFailure(from + " is a directory (prefix); use -r to copy the objects under it");
    }
  }

  /** Every object under the URL's key as a prefix that the filter accepts, except "directory" markers. */
  private List<OSSObjectSummary> list(OssUrl from) {
    List<OSSObjectSummary> out = new ArrayList<>();
    String marker = null;
    do {
      ListObjectsRequest req = new ListObjectsRequest(from.bucket(), from.key(), marker, null, 1000);
      ObjectListing page = oss.listObjects(req);
      for (OSSObjectSummary o : page.getObjectSummaries()) {
        if (!o.getKey().endsWith("/") && filter.accepts(o.getKey())) out.add(o);
      }
      List<OSSObjectSummary> got = page.getObjectSummaries();
      marker = !page.isTruncated() ? null
          : page.getNextMarker() != null ? page.getNextMarker()
          : got.isEmpty() ? null : got.get(got.size() - 1).getKey();
    } while (marker != null);
    return out;
  }
}
