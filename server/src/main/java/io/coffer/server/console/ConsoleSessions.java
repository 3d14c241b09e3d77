package io.coffer.server.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in console sessions, in memory: a restart signs everyone out. A session remembers only
 * the access key id it was opened with, never the secret; every request looks the key up again,
 * so a key made inactive or deleted ends its sessions at once.
 *
 * <p>Sessions are found by the SHA-256 of the cookie value, so the map never holds a usable token.
 * A session ends after {@link #IDLE} without requests or {@link #ABSOLUTE} after sign-in, whichever
 * comes first.
 */
public final class ConsoleSessions {
  public static final Duration IDLE = Duration.ofMinutes(30);
  public static final Duration ABSOLUTE = Duration.ofHours(12);
  /** Bounds memory against sign-in floods; the oldest sessions are dropped first. */
  static final int MAX_SESSIONS = 10_000;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Clock clock;
  private final SecureRandom random;

  public ConsoleSessions(Clock clock, SecureRandom random) {
    this.clock = clock;
    this.random = random;
  }

  /**
   * One session.
   *
   * @param csrfToken sent by the page on every state-changing request (the cookie alone never suffices)
   */
  public record Session(String accessKeyId, String csrfToken, Instant created, Instant lastSeen) {}

  /** A new session: the cookie value to send (shown once) and the session. */
  public record Opened(String cookieValue, Session session) {}

  /** What a cookie value names. */
  public sealed interface Lookup {}

  public record Found(Session session) implements Lookup {}

  /** The session ended (idle, too old, signed out elsewhere or the server restarted). */
  public record Ended() implements Lookup {}

  public Opened open(String accessKeyId) {
    String cookie = token();
    Instant now = clock.instant();
    Session s = new Session(accessKeyId, token(), now, now);
    if (sessions.size() >= MAX_SESSIONS) evict(now);
    sessions.put(hash(cookie), s);
    return new Opened(cookie, s);
  }

  /** The live session for {@code cookieValue}, touched, or {@link Ended}. */
  public Lookup find(String cookieValue) {
    String h = hash(cookieValue);
    Session s = sessions.get(h);
    if (s == null) return new Ended();
    Instant now = clock.instant();
    if (expired(s, now)) {
      sessions.remove(h, s);
      return new Ended();
    }
    Session touched = new Session(s.accessKeyId(), s.csrfToken(), s.created(), now);
    sessions.replace(h, s, touched);
    return new Found(touched);
  }

  public void close(String cookieValue) {
    sessions.remove(hash(cookieValue));
  }

  public int size() {
    return sessions.size();
  }

  private static boolean expired(Session s, Instant now) {
    return !now.isBefore(s.lastSeen().plus(IDLE)) || !now.isBefore(s.created().plus(ABSOLUTE));
  }

  private void evict(Instant now) {
    sessions.values().removeIf(s -> expired(s, now));
    while (sessions.size() >= MAX_SESSIONS) {
      sessions.entrySet().stream().min(Comparator.comparing(e -> e.getValue().lastSeen()))
          .ifPresent(e -> sessions.remove(e.getKey(), e.getValue()));
    }
  }

  private String token() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return B64.encodeToString(b);
  }

  private static String hash(String value) {
    try {
      return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
