package io.coffer.server.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.core.audit.AuditEvent;
import io.coffer.core.audit.AuditEvent.Caller;
import io.coffer.core.audit.AuditEvent.Decision;
import io.coffer.core.audit.AuditLog;
import io.coffer.core.iam.AccessKey;
import io.coffer.core.iam.Credentials;
import io.coffer.core.iam.Principal;
import io.coffer.server.console.ConsoleErrors.Area;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;

/**
 * Sign-in, the current identity, and sign-out. Signing in checks the access key pair the way a
 * request signature would (the key exists, is active, and the secret matches, compared in constant
 * time); the secret is never stored in the session or logged.
 */
public final class SessionApi {
  private final ConsoleSessions sessions;
  private final Credentials credentials;
  private final SignInThrottle throttle;
  private final AuditLog audit;
  private final Clock clock;

  /**
   * @param lifetimes the clock sign-in throttling windows run by (the sessions' own)
   * @param clock the clock audit events are stamped with
   */
  public SessionApi(ConsoleSessions sessions, Credentials credentials, AuditLog audit, Clock lifetimes, Clock clock) {
    this.sessions = sessions;
    this.credentials = credentials;
    this.throttle = new SignInThrottle(lifetimes);
    this.audit = audit;
    this.clock = clock;
  }

  public void register(ConsoleRoutes r) {
    r.add("POST", "/api/session", "console:SignIn", Area.CONSOLE, false, this::signIn);
    r.add("GET", "/api/session", "console:GetSession", Area.CONSOLE, this::current);
    r.add("DELETE", "/api/session", "console:SignOut", Area.CONSOLE, this::signOut);
  }

  void signIn(ConsoleExchange ex) {
    String address = ex.remoteAddress();
    if (!throttle.allowed(address)) throw new ConsoleException(ConsoleError.TOO_MANY_SIGN_IN_ATTEMPTS);
    ObjectNode body = ex.json();
    String id = text(body, "accessKeyId");
    String secret = text(body, "accessKeySecret");
    if (id.isEmpty() || secret.isEmpty()) {
      throw new ConsoleException(ConsoleError.MALFORMED_JSON, "Enter an AccessKey ID and an AccessKey secret.");
    }
    Optional<AccessKey> key = credentials.find(id);
    boolean matches = key.isPresent() && MessageDigest.isEqual(key.get().secret().getBytes(StandardCharsets.UTF_8),
        secret.getBytes(StandardCharsets.UTF_8));
    if (!matches) {
      throttle.failed(address);
      record(ex, Caller.unverified(id), Decision.DENY, ConsoleError.INVALID_CREDENTIALS);
      throw new ConsoleException(ConsoleError.INVALID_CREDENTIALS);
    }
    if (!key.get().active()) {
      record(ex, Caller.of(key.get().principal()), Decision.DENY, ConsoleError.INACTIVE_ACCESS_KEY);
      throw new ConsoleException(ConsoleError.INACTIVE_ACCESS_KEY);
    }
    throttle.succeeded(address);
    ConsoleSessions.Opened opened = sessions.open(id);
    ex.header("Set-Cookie", ConsoleApi.COOKIE + "=" + opened.cookieValue() + "; Path=/; HttpOnly; SameSite=Strict"
        + (ex.secure() ? "; Secure" : ""));
    record(ex, Caller.of(key.get().principal()), Decision.ALLOW, null);
    ex.sendOk(identity(ex, key.get().principal(), opened.session()));
  }

  void current(ConsoleExchange ex) {
    ex.sendOk(identity(ex, ex.principal(), ex.session()));
  }

  void signOut(ConsoleExchange ex) {
    sessions.close(ex.sessionCookie());
    ex.header("Set-Cookie", ConsoleApi.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
        + (ex.secure() ? "; Secure" : ""));
    ex.sendNoContent();
  }

  private ObjectNode identity(ConsoleExchange ex, Principal p, ConsoleSessions.Session s) {
    return ex.object().put("accountId", p.accountId()).put("accessKeyId", p.accessKeyId())
        .put("userName", p.userName()).put("root", p.isRoot()).put("csrfToken", s.csrfToken())
        .put("expiresAt", s.created().plus(ConsoleSessions.ABSOLUTE).toString())
        .put("idleMinutes", ConsoleSessions.IDLE.toMinutes());
  }

  private void record(ConsoleExchange ex, Caller caller, Decision d, ConsoleError error) {
    audit.record(new AuditEvent(clock.instant(), ex.requestId(), caller, "console:SignIn", null, d,
        error == null ? null : error.code(), error == null ? 200 : error.status(), ex.remoteAddress()));
  }

  private static String text(ObjectNode body, String field) {
    var n = body.get(field);
    return n != null && n.isTextual() ? n.asText().strip() : "";
  }
}
