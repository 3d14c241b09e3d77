package io.coffer.core.object;

import io.coffer.core.model.BlobId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.TreeMap;

/**
 * Defers deleting a replaced blob until no read that might still open it is running.
 *
 * <p>A reader pins the current epoch before it looks up an object's metadata. A blob retired at
 * epoch E was replaced by a committed metadata change, so only pins of epoch E or earlier can have
 * seen a record naming it; retiring ends the epoch, and the blob is released once every pin of
 * epoch E or earlier is gone. Thread-safe. Pending deletions are not persisted: after a crash the
 * start-up sweep removes them as orphans.
 */
final class ReadPins {
  private record Retired(long epoch, List<BlobId> blobs) {}

  private final TreeMap<Long, Integer> active = new TreeMap<>();
  private final Deque<Retired> retired = new ArrayDeque<>();
  private long epoch;

  /** Pins the current epoch; pass the result to {@link #unpin} exactly once. */
  synchronized long pin() {
    active.merge(epoch, 1, Integer::sum);
    return epoch;
  }

  /** Unpins, returning the blobs no pin protects any more (the caller deletes them). */
  synchronized List<BlobId> unpin(long pinned) {
    active.computeIfPresent(pinned, (e, n) -> n == 1 ? null : n - 1);
    long oldest = active.isEmpty() ? Long.MAX_VALUE : active.firstKey();
    List<BlobId> free = new ArrayList<>();
    while (!retired.isEmpty() && retired.peekFirst().epoch() < oldest) free.addAll(retired.pollFirst().blobs());
    return free;
  }

  /** Retires blobs nothing refers to any more; returns those that may be deleted at once. */
  synchronized List<BlobId> retire(Collection<BlobId> blobs) {
    if (active.isEmpty() && retired.isEmpty()) return List.copyOf(blobs);
    retired.addLast(new Retired(epoch, List.copyOf(blobs)));
    epoch++;
    return List.of();
  }
}
