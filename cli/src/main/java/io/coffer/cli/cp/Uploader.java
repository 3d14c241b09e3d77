package io.coffer.cli.cp;

import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.common.utils.CRC64;
import com.aliyun.oss.event.ProgressEventType;
import com.aliyun.oss.event.ProgressListener;
import com.aliyun.oss.internal.Mimetypes;
import com.aliyun.oss.model.AbortMultipartUploadRequest;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.CompleteMultipartUploadResult;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.PutObjectRequest;
import com.aliyun.oss.model.UploadPartRequest;
import com.aliyun.oss.model.UploadPartResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Local file to object: one PutObject below the threshold; above it a resumable multipart upload
 * (InitiateMultipartUpload, UploadPart per part read straight from the file, CompleteMultipartUpload)
 * whose finished parts are journalled in a {@link Checkpoint}. A re-run of the same cp continues the
 * recorded upload: it re-reads each recorded part locally and sends only parts that are missing or
 * no longer match the file, then checks the object's CRC-64 against the one computed here.
 */
final class Uploader {
  private final CpContext ctx;

  Uploader(CpContext ctx) {
    this.ctx = ctx;
  }

  void upload(Transfer.Upload t) throws IOException {
    if (t.size() < ctx.thresholdBytes()) {
      putObject(t);
    } else {
      multipart(t, true);
    }
  }

  private void putObject(Transfer.Upload t) {
    ObjectMetadata meta = metadata(t, true);
    PutObjectRequest req = new PutObjectRequest(t.target().bucket(), t.target().key(), t.file().toFile(), meta);
    AtomicLong counted = new AtomicLong();
    req.setProgressListener(counting(ctx.progress(), counted, ProgressEventType.REQUEST_BYTE_TRANSFER_EVENT));
    try {
      ctx.oss().putObject(req); // the SDK compares its CRC-64 of the bytes sent with the server's
    } catch (RuntimeException e) {
      ctx.progress().untransferred(counted.get());
      throw e;
    }
  }

  private void multipart(Transfer.Upload t, boolean mayRestart) throws IOException {
    PartPlan plan = ctx.plan(t.size());
    String source = t.file().toAbsolutePath().normalize().toString();
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("kind", "upload");
    expected.put("source", source);
    expected.put("destination", t.target().toString());
    expected.put("size", Long.toString(t.size()));
    expected.put("mtime", Long.toString(t.mtimeMillis()));
    expected.put("partSize", Long.toString(plan.partSizeBytes()));
    expected.put("meta", Checkpoint.digest(ctx.meta().canonical()));
    java.nio.file.Path cpFile = Checkpoint.fileFor(ctx.checkpointDir(), "upload", source, t.target().toString());

    Checkpoint cp = Checkpoint.load(cpFile).orElse(null);
    if (cp != null && (!cp.matches(expected) || cp.get("uploadId") == null)) {
      ctx.progress().println("cp: " + t.from() + " changed since the interrupted upload (or the options did);"
          + " starting it over");
      abortQuietly(t.target(), cp.get("uploadId"));
      cp.delete();
      cp = null;
    }
    boolean resumed = cp != null;
    if (cp == null) {
      InitiateMultipartUploadRequest init = new InitiateMultipartUploadRequest(t.target().bucket(), t.target().key(),
          metadata(t, false));
      Map<String, String> header = new LinkedHashMap<>(expected);
      header.put("uploadId", ctx.oss().initiateMultipartUpload(init).getUploadId());
      cp = Checkpoint.create(cpFile, header);
    }
    String uploadId = cp.get("uploadId");
    try (FileChannel file = FileChannel.open(t.file(), StandardOpenOption.READ)) {
      List<Integer> remaining = cp.remainingParts(plan, file, ctx.progress()::resumed);
      Checkpoint journal = cp;
      Parts.runAll(plan.parallel(), remaining, n -> {
        long offset = plan.offset(n);
        long length = plan.length(n);
        UploadPartResult r;
        try (InputStream in = FileRegion.stream(file, offset, length)) {
          r = ctx.oss().uploadPart(new UploadPartRequest(t.target().bucket(), t.target().key(), uploadId, n, in, length));
        }
        // the SDK's CRC of the bytes it sent (already compared with the server's); computed here if absent
        long crc = r.getClientCRC() != null ? r.getClientCRC() : FileRegion.crc64(file, offset, length);
        journal.record(new Checkpoint.Part(n, r.getETag(), length, crc));
        ctx.progress().transferred(length);
      });
      complete(t, plan, cp, uploadId);
    } catch (OSSException | ClientException e) {
      if (resumed && mayRestart && Parts.noSuchUpload(e)) {
        // the server no longer has the recorded upload: start a new one
        cp.delete();
        multipart(t, false);
        return;
      }
      throw e;
    } finally {
      cp.close();
    }
    cp.delete();
  }

  private void complete(Transfer.Upload t, PartPlan plan, Checkpoint cp, String uploadId) throws IOException {
    Map<Integer, Checkpoint.Part> parts = cp.parts();
    if (parts.size() != plan.partCount()) {
      throw new IOException("upload of " + t.from() + " is missing parts (" + parts.size() + " of " + plan.partCount() + ")");
    }
    List<PartETag> etags = new ArrayList<>();
    long crc = 0;
    for (Checkpoint.Part p : parts.values()) {
      etags.add(new PartETag(p.number(), p.etag(), p.size(), p.crc64()));
      crc = CRC64.combine(crc, p.crc64(), p.size());
    }
    CompleteMultipartUploadRequest req = new CompleteMultipartUploadRequest(t.target().bucket(), t.target().key(),
        uploadId, etags);
    if (ctx.meta().acl() != null) req.setObjectACL(ctx.meta().acl());
    CompleteMultipartUploadResult r = ctx.oss().completeMultipartUpload(req);
    if (r.getServerCRC() != null && r.getServerCRC() != crc) {
      throw new IOException("CRC-64 of " + t.to() + " is " + Long.toUnsignedString(r.getServerCRC())
          + " but the file's is " + Long.toUnsignedString(crc) + " (request id " + r.getRequestId() + ")");
    }
  }

  /** The new object's headers: Content-Type from the file name unless --meta gives one, then --meta. */
  private ObjectMetadata metadata(Transfer.Upload t, boolean withAcl) {
    ObjectMetadata meta = new ObjectMetadata();
    if (!ctx.meta().has("Content-Type")) {
      meta.setContentType(Mimetypes.getInstance().getMimetype(t.file().toFile(), t.target().key()));
    }
    ctx.meta().applyTo(meta, withAcl);
    return meta;
  }

  private void abortQuietly(OssUrl target, String uploadId) {
    if (uploadId == null) return;
    try {
      ctx.oss().abortMultipartUpload(new AbortMultipartUploadRequest(target.bucket(), target.key(), uploadId));
    } catch (OSSException | ClientException e) {
      // already gone, or not ours to abort: the new upload does not depend on it
    }
  }

  /** Feeds the SDK's byte counts of one request into the run's progress. */
  static ProgressListener counting(Progress progress, AtomicLong counted, ProgressEventType type) {
    return event -> {
      if (event.getEventType() == type) {
        counted.addAndGet(event.getBytes());
        progress.transferred(event.getBytes());
      }
    };
  }
}
