package io.coffer.server.rpc;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The signature nonces seen per AccessKeyId, each remembered for as long as its request's
 * timestamp would still be accepted (timestamp + allowed skew): after that the timestamp check
 * alone refuses a replay. Memory is bounded by a hard cap on live entries; when it is reached new
 * requests are refused (throttled) rather than old nonces forgotten, because forgetting one would
 * let its request be replayed. Only requests with a valid signature get here, so only key holders
 * can fill it. Thread-safe.
 */
public final class SignatureNonces {
  private record Entry(Instant expires, String key) {}

  private final int capacity;
  private final Map<String, Instant> live = new HashMap<>();
  private final PriorityQueue<Entry> byExpiry = new PriorityQueue<>((a, b) -> a.expires.compareTo(b.expires));

  public SignatureNonces(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be positive");
    this.capacity = capacity;
  }

  public enum Outcome { FRESH, USED, FULL }

  /**
   * Records a nonce unless it is already live.
   *
   * @param expires when the nonce may be forgotten
   * @param now the current time, for dropping expired entries
   */
  public synchronized Outcome record(String accessKeyId, String nonce, Instant expires, Instant now) {
    while (!byExpiry.isEmpty() && !byExpiry.peek().expires.isAfter(now)) {
      Entry e = byExpiry.poll();
      // The same key may have been re-recorded with a later expiry after an earlier one lapsed.
      if (e.expires.equals(live.get(e.key))) live.remove(e.key);
    }
    String key = accessKeyId + '\n' + nonce;
    if (live.containsKey(key)) return Outcome.USED;
    if (live.size() >= capacity) return Outcome.FULL;
    live.put(key, expires);
    byExpiry.add(new Entry(expires, key));
    return Outcome.FRESH;
  }

  public synchronized int size() {
    return live.size();
  }
}
