package io.coffer.server.rpc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.TreeMap;

/**
 * The signature nonces seen per AccessKeyId, each remembered for as long as its request's
 * timestamp would still be accepted (timestamp + allowed skew): after that the timestamp check
 * alone refuses a replay. Memory is bounded by a hard cap on live entries; when it is reached new
 * requests are refused (throttled) rather than old nonces forgotten, because forgetting one would
 * let its request be replayed. Only requests with a valid signature get here, so only key holders
 * can fill it. Thread-safe.
 *
 * <p>Each nonce is kept as a 64-bit fingerprint (SHA-256 of key id and nonce) in a primitive hash
 * set per minute of expiry, about 16 bytes an entry, and a whole minute is dropped at once once it
 * has passed. So a cap of millions of live nonces costs tens of MiB, enough for thousands of
 * signed requests a second sustained over the 15-minute window. Two nonces share a fingerprint
 * with probability about n²/2⁶⁵ (1 in 10⁷ at two million live nonces), which refuses a fresh
 * request as replayed; it never lets a replay through.
 */
public final class SignatureNonces {
  private final int capacity;
  /** Minute buckets by the epoch second they end at: everything in one may be forgotten then. */
  private final TreeMap<Long, LongSet> byMinute = new TreeMap<>();
  private int size;

  public SignatureNonces(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be positive");
    this.capacity = capacity;
  }

  public enum Outcome { FRESH, USED, FULL }

  /**
   * Records a nonce unless it is already live.
   *
   * @param expires when the nonce may be forgotten (it is kept up to a minute longer)
   * @param now the current time, for dropping expired entries
   */
  public synchronized Outcome record(String accessKeyId, String nonce, Instant expires, Instant now) {
    while (!byMinute.isEmpty() && byMinute.firstKey() <= now.getEpochSecond()) {
      size -= byMinute.pollFirstEntry().getValue().size();
    }
    long f = fingerprint(accessKeyId, nonce);
    for (LongSet s : byMinute.values()) {
      if (s.contains(f)) return Outcome.USED;
    }
    if (size >= capacity) return Outcome.FULL;
    long expirySecond = expires.getEpochSecond() + (expires.getNano() > 0 ? 1 : 0);
    byMinute.computeIfAbsent(Math.ceilDiv(expirySecond, 60L) * 60L, k -> new LongSet()).add(f);
    size++;
    return Outcome.FRESH;
  }

  public synchronized int size() {
    return size;
  }

  private static long fingerprint(String accessKeyId, String nonce) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(accessKeyId.getBytes(StandardCharsets.UTF_8));
      d.update((byte) '\n');
      byte[] h = d.digest(nonce.getBytes(StandardCharsets.UTF_8));
      long f = 0;
      for (int i = 0; i < 8; i++) f = (f << 8) | (h[i] & 0xff);
      return f;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  /** An insert-only open-addressing set of longs (linear probing); 0 is stored as a flag. */
  static final class LongSet {
    private long[] slots = new long[64];
    private int count;
    private boolean hasZero;

    boolean contains(long v) {
      if (v == 0) return hasZero;
      int mask = slots.length - 1;
      for (int i = mix(v) & mask; ; i = (i + 1) & mask) {
        long s = slots[i];
        if (s == 0) return false;
        if (s == v) return true;
      }
    }

    void add(long v) {
      if (v == 0) {
        if (!hasZero) count++;
        hasZero = true;
        return;
      }
      if ((count + 1) * 4L > slots.length * 3L) grow();
      if (insert(slots, v)) count++;
    }

    int size() {
      return count;
    }

    private void grow() {
      long[] bigger = new long[slots.length * 2];
      for (long s : slots) if (s != 0) insert(bigger, s);
      slots = bigger;
    }

    private static boolean insert(long[] table, long v) {
      int mask = table.length - 1;
      for (int i = mix(v) & mask; ; i = (i + 1) & mask) {
        if (table[i] == v) return false;
        if (table[i] == 0) {
          table[i] = v;
          return true;
        }
      }
    }

    private static int mix(long v) {
      long h = v * 0x9E3779B97F4A7C15L;
      return (int) (h ^ (h >>> 32));
    }
  }
}
