package io.coffer.server.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password-guessing against the sign-in form: an address with {@link #MAX_FAILURES} failed
 * sign-ins inside {@link #WINDOW} is refused until the window passes. Access key secrets are long
 * random strings, so this is about noise in the audit log and CPU more than about guessing.
 */
final class SignInThrottle {
  static final int MAX_FAILURES = 10;
  static final Duration WINDOW = Duration.ofMinutes(5);
  /** Bounds memory when failures come from very many addresses. */
  private static final int MAX_ADDRESSES = 10_000;

  private record Failures(Instant since, int count) {}

  private final Map<String, Failures> failures = new ConcurrentHashMap<>();
  private final Clock clock;

  SignInThrottle(Clock clock) {
    this.clock = clock;
  }

  boolean allowed(String address) {
    Failures f = failures.get(address);
    if (f == null) return true;
    if (!clock.instant().isBefore(f.since().plus(WINDOW))) {
      failures.remove(address, f);
      return true;
    }
    return f.count() < MAX_FAILURES;
  }

  void failed(String address) {
    Instant now = clock.instant();
    if (failures.size() >= MAX_ADDRESSES) failures.values().removeIf(f -> !now.isBefore(f.since().plus(WINDOW)));
    failures.merge(address, new Failures(now, 1), (old, one) -> !now.isBefore(old.since().plus(WINDOW)) ? one
        : new Failures(old.since(), old.count() + 1));
  }

  void succeeded(String address) {
    failures.remove(address);
  }
}
