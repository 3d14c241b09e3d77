package io.coffer.cli.cp;

import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.AbortMultipartUploadRequest;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.CompleteMultipartUploadResult;
import com.aliyun.oss.model.CopyObjectRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.UploadPartCopyRequest;
import com.aliyun.oss.model.UploadPartCopyResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Object to object on the server: CopyObject below the threshold, above it a resumable multipart
 * upload whose parts are UploadPartCopy ranges of the source, pinned to the source's ETag. With
 * {@code --meta} naming only ACL, storage class or SSE headers the source's metadata is kept;
 * any other header replaces it ({@code x-oss-metadata-directive: REPLACE}). Encryption is never
 * inherited: OSS decides it for the destination from the request and the bucket's default.
 */
final class Copier {
  /** Headers of the source a multipart copy carries over, as CopyObject's COPY directive would. */
  private static final List<String> CARRIED = List.of("Content-Type", "Cache-Control", "Content-Disposition",
      "Content-Encoding", "Content-Language", "Expires");

  private final CpContext ctx;

  Copier(CpContext ctx) {
    this.ctx = ctx;
  }

  void copy(Transfer.Copy t) throws IOException {
    if (t.size() == 0 || t.size() < ctx.thresholdBytes()) {
      copyObject(t); // an empty source has no range to copy in parts
    } else {
      multipart(t, true);
    }
    ctx.progress().transferred(t.size());
  }

  private void copyObject(Transfer.Copy t) {
    CopyObjectRequest req = new CopyObjectRequest(t.source().bucket(), t.source().key(), t.target().bucket(),
        t.target().key());
    if (ctx.meta().replacesMetadata()) {
      ObjectMetadata meta = new ObjectMetadata();
      ctx.meta().applyTo(meta, true);
      req.setNewObjectMetadata(meta);
    } else {
      ctx.meta().storageHeaders().forEach(req::addHeader);
    }
    ctx.oss().copyObject(req);
  }

  private void multipart(Transfer.Copy t, boolean mayRestart) throws IOException {
    ObjectMetadata src = ctx.oss().getObjectMetadata(t.source().bucket(), t.source().key());
    long size = src.getContentLength();
    PartPlan plan = ctx.plan(size);
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("kind", "copy");
    expected.put("source", t.source().toString());
    expected.put("destination", t.target().toString());
    expected.put("size", Long.toString(size));
    expected.put("etag", String.valueOf(src.getETag()));
    expected.put("partSize", Long.toString(plan.partSizeBytes()));
    expected.put("meta", Checkpoint.digest(ctx.meta().canonical()));
    Path cpFile = Checkpoint.fileFor(ctx.checkpointDir(), "copy", t.source().toString(), t.target().toString());

    Checkpoint cp = Checkpoint.load(cpFile).orElse(null);
    if (cp != null && (!cp.matches(expected) || cp.get("uploadId") == null)) {
      ctx.progress().println("cp: " + t.from() + " changed since the interrupted copy; starting it over");
      abortQuietly(t.target(), cp.get("uploadId"));
      cp.delete();
      cp = null;
    }
    boolean resumed = cp != null;
    if (cp == null) {
      InitiateMultipartUploadRequest init = new InitiateMultipartUploadRequest(t.target().bucket(), t.target().key(),
          targetMetadata(src));
      Map<String, String> header = new LinkedHashMap<>(expected);
      header.put("uploadId", ctx.oss().initiateMultipartUpload(init).getUploadId());
      cp = Checkpoint.create(cpFile, header);
    }
    String uploadId = cp.get("uploadId");
    Checkpoint journal = cp;
    try {
      // A server-side copy has no local bytes to re-check: a recorded part is done.
      List<Integer> remaining = new ArrayList<>();
      for (int n = 1; n <= plan.partCount(); n++) if (!cp.parts().containsKey(n)) remaining.add(n);
      Parts.runAll(plan.parallel(), remaining, n -> {
        UploadPartCopyRequest req = new UploadPartCopyRequest();
        req.setSourceBucketName(t.source().bucket());
        req.setSourceKey(t.source().key());
        req.setBucketName(t.target().bucket());
        req.setKey(t.target().key());
        req.setUploadId(uploadId);
        req.setPartNumber(n);
        req.setBeginIndex(plan.offset(n));
        req.setPartSize(plan.length(n));
        if (src.getETag() != null) req.setMatchingETagConstraints(List.of(src.getETag()));
        UploadPartCopyResult r = ctx.oss().uploadPartCopy(req);
        journal.record(new Checkpoint.Part(n, r.getETag(), plan.length(n), 0));
      });
      List<PartETag> etags = new ArrayList<>();
      for (Checkpoint.Part p : cp.parts().values()) etags.add(new PartETag(p.number(), p.etag()));
      CompleteMultipartUploadRequest done = new CompleteMultipartUploadRequest(t.target().bucket(), t.target().key(),
          uploadId, etags);
      if (ctx.meta().acl() != null) done.setObjectACL(ctx.meta().acl());
      CompleteMultipartUploadResult r = ctx.oss().completeMultipartUpload(done);
      Long srcCrc = src.getServerCRC();
      if (srcCrc != null && r.getServerCRC() != null && !srcCrc.equals(r.getServerCRC())) {
        throw new IOException("CRC-64 of " + t.to() + " is " + Long.toUnsignedString(r.getServerCRC())
            + " but the source's is " + Long.toUnsignedString(srcCrc) + " (request id " + r.getRequestId() + ")");
      }
    } catch (OSSException | ClientException e) {
      if (resumed && mayRestart && Parts.noSuchUpload(e)) {
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

  /** The source's content headers and user metadata (unless --meta replaces them), then --meta. */
  private ObjectMetadata targetMetadata(ObjectMetadata src) {
    ObjectMetadata meta = new ObjectMetadata();
    if (!ctx.meta().replacesMetadata()) {
      Map<String, Object> raw = src.getRawMetadata();
      for (String name : CARRIED) {
        raw.entrySet().stream().filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
            .findFirst().ifPresent(e -> meta.setHeader(name, e.getValue()));
      }
      src.getUserMetadata().forEach(meta::addUserMetadata);
    }
    ctx.meta().applyTo(meta, false);
    return meta;
  }

  private void abortQuietly(OssUrl target, String uploadId) {
    if (uploadId == null) return;
    try {
      ctx.oss().abortMultipartUpload(new AbortMultipartUploadRequest(target.bucket(), target.key(), uploadId));
    } catch (OSSException | ClientException e) {
      // already gone: the new upload does not depend on it
    }
  }
}
