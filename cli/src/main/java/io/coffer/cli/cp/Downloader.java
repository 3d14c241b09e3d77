package io.coffer.cli.cp;

import com.aliyun.oss.common.utils.CRC64;
import com.aliyun.oss.event.ProgressEventType;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.ObjectMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Object to local file, always through a temporary file next to the destination that replaces it
 * only when complete and verified. Below the threshold one GetObject (the SDK checks the CRC-64);
 * above it ranged GETs in parallel into {@code <file>.temp}, each part forced to disk before the
 * checkpoint records it, pinned to the object's ETag so a changed object fails instead of mixing
 * versions; the parts' combined CRC-64 must equal the object's.
 */
final class Downloader {
  static final String TEMP_SUFFIX = ".temp";
  private static final int BUFFER_BYTES = 64 * 1024;

  private final CpContext ctx;

  Downloader(CpContext ctx) {
    this.ctx = ctx;
  }

  void download(Transfer.Download t) throws IOException {
    Path parent = t.file().toAbsolutePath().getParent();
    Files.createDirectories(parent);
    if (t.size() == 0 || t.size() < ctx.thresholdBytes()) {
      getObject(t, parent);
    } else {
      multipart(t);
    }
  }

  private void getObject(Transfer.Download t, Path parent) throws IOException {
    Path tmp = Files.createTempFile(parent, "." + t.file().getFileName(), TEMP_SUFFIX);
    AtomicLong counted = new AtomicLong();
    try {
      GetObjectRequest req = new GetObjectRequest(t.source().bucket(), t.source().key());
      req.setProgressListener(Uploader.counting(ctx.progress(), counted, ProgressEventType.RESPONSE_BYTE_TRANSFER_EVENT));
      ctx.oss().getObject(req, tmp.toFile());
      replace(tmp, t.file());
    } catch (RuntimeException | IOException e) {
      ctx.progress().untransferred(counted.get());
      throw e;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private void multipart(Transfer.Download t) throws IOException {
    ObjectMetadata head = ctx.oss().getObjectMetadata(t.source().bucket(), t.source().key());
    long size = head.getContentLength();
    PartPlan plan = ctx.plan(size);
    String destination = t.file().toAbsolutePath().normalize().toString();
    Path temp = Path.of(destination + TEMP_SUFFIX);
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("kind", "download");
    expected.put("source", t.source().toString());
    expected.put("destination", destination);
    expected.put("size", Long.toString(size));
    expected.put("etag", String.valueOf(head.getETag()));
    expected.put("lastModified", String.valueOf(head.getLastModified() == null ? 0 : head.getLastModified().getTime()));
    expected.put("partSize", Long.toString(plan.partSizeBytes()));
    Path cpFile = Checkpoint.fileFor(ctx.checkpointDir(), "download", t.source().toString(), destination);

    Checkpoint cp = Checkpoint.load(cpFile).orElse(null);
    boolean usable = cp != null && cp.matches(expected) && Files.isRegularFile(temp) && Files.size(temp) == size;
    if (cp != null && !usable) {
      ctx.progress().println("cp: " + t.from() + " changed since the interrupted download; starting it over");
      cp.delete();
    }
    if (!usable) {
      try (FileChannel f = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        if (size > 0) f.write(ByteBuffer.allocate(1), size - 1); // the full length up front: parts land anywhere
      }
      cp = Checkpoint.create(cpFile, expected);
    }
    Checkpoint journal = cp;
    String etag = head.getETag();
    try (FileChannel file = FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      List<Integer> remaining = cp.remainingParts(plan, file, ctx.progress()::resumed);
      Parts.runAll(plan.parallel(), remaining, n -> {
        long crc = fetch(t.source(), etag, file, plan.offset(n), plan.length(n));
        file.force(false); // the bytes are on disk before the checkpoint says the part is done
        journal.record(new Checkpoint.Part(n, "-", plan.length(n), crc));
      });
    } finally {
      cp.close();
    }
    long crc = 0;
    for (Checkpoint.Part p : cp.parts().values()) crc = CRC64.combine(crc, p.crc64(), p.size());
    Long expectedCrc = head.getServerCRC();
    if (expectedCrc != null && expectedCrc != crc) {
      cp.delete();
      Files.deleteIfExists(temp);
      throw new IOException("CRC-64 of the downloaded " + t.from() + " is " + Long.toUnsignedString(crc)
          + " but the object's is " + Long.toUnsignedString(expectedCrc));
    }
    replace(temp, t.file());
    cp.delete();
  }

  /** One ranged GET written at its offset; returns the CRC-64 of the bytes written. */
  private long fetch(OssUrl source, String etag, FileChannel file, long offset, long length) throws IOException {
    GetObjectRequest req = new GetObjectRequest(source.bucket(), source.key());
    req.setRange(offset, offset + length - 1);
    if (etag != null) req.setMatchingETagConstraints(List.of(etag));
    CRC64 crc = new CRC64();
    long written = 0;
    try (OSSObject o = ctx.oss().getObject(req); InputStream in = o.getObjectContent()) {
      byte[] buf = new byte[BUFFER_BYTES];
      int n;
      while (written < length && (n = in.read(buf, 0, (int) Math.min(buf.length, length - written))) > 0) {
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
        long at = offset + written;
        while (bb.hasRemaining()) at += file.write(bb, at);
        crc.update(buf, 0, n);
        written += n;
        ctx.progress().transferred(n);
      }
    } catch (RuntimeException | IOException e) {
      ctx.progress().untransferred(written);
      throw e;
    }
    if (written != length) {
      ctx.progress().untransferred(written);
      throw new IOException("range " + offset + "-" + (offset + length - 1) + " of " + source + " ended after "
          + written + " bytes");
    }
    return crc.getValue();
  }

  private static void replace(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
