package io.coffer.core.sse;

import io.coffer.core.model.Bucket;
import io.coffer.core.model.EncryptionInfo;
import io.coffer.core.model.ObjectRecord;
import io.coffer.core.storage.MetadataStore;
import io.coffer.core.storage.Upload;
import java.util.List;
import java.util.Objects;

/**
 * Re-wraps every stored data key under the newest master key version, touching no object data:
 * only the wrapped key in each record changes. Safe while the server runs: each record is replaced
 * only if it is still the one read. A running server adopts a version added by another process
 * within seconds; objects it wrapped just before that keep the older version until the next rewrap.
 */
public final class Rewrapper {
  private static final int BATCH = 1000;

  private final MetadataStore store;
  private final SseService sse;
  private final int batch;

  public Rewrapper(MetadataStore store, SseService sse) {
    this(store, sse, BATCH);
  }

  /** @param batch records read per page (tests page through small stores with a small one) */
  Rewrapper(MetadataStore store, SseService sse, int batch) {
    this.store = store;
    this.sse = sse;
    this.batch = batch;
  }

  /** @param objects records re-wrapped; @param uploads unfinished uploads re-wrapped; @param skipped changed meanwhile */
  public record Result(long objects, long uploads, long skipped) {}

  /** Thrown inside a store transaction to leave a record that changed since it was read. */
  private static final class Changed extends RuntimeException {
    Changed() {
      super(null, null, false, false);
    }
  }

  public Result rewrapAll() {
    long objects = 0;
    long uploads = 0;
    long skipped = 0;
    for (Bucket b : store.buckets()) {
      byte[] after = null;
      while (true) {
        List<ObjectRecord> page = store.listObjects(b.name(), "", after, batch);
        if (page.isEmpty()) break;
        for (ObjectRecord o : page) {
          after = o.key().utf8();
          EncryptionInfo old = o.encryption();
          if (old == null || !sse.needsRewrap(old)) continue;
          EncryptionInfo fresh = sse.rewrap(o.bucket(), o.key(), old);
          try {
            store.putObject(o.bucket(), o.key(), current -> {
              if (current.isEmpty() || !Objects.equals(current.get().encryption(), old)) throw new Changed();
              return current.get().withEncryption(fresh);
            });
            objects++;
          } catch (Changed e) {
            skipped++;
          }
        }
      }
      byte[] keyMarker = null;
      String idMarker = null;
      while (true) {
        List<Upload> page = store.uploads(b.name(), "", keyMarker, idMarker, batch);
        if (page.isEmpty()) break;
        for (Upload u : page) {
          keyMarker = u.key().utf8();
          idMarker = u.uploadId();
          EncryptionInfo old = u.encryption();
          if (old == null || !sse.needsRewrap(old)) continue;
          if (store.replaceUploadEncryption(u.uploadId(), old, sse.rewrap(u.bucket(), u.key(), old))) {
            uploads++;
          } else {
            skipped++;
          }
        }
      }
    }
    return new Result(objects, uploads, skipped);
  }
}
