package io.coffer.server.console;

import io.coffer.core.audit.AuditEvent;
import io.coffer.core.audit.AuditEvent.Caller;
import io.coffer.core.audit.AuditEvent.Decision;
import io.coffer.core.audit.AuditLog;
import io.coffer.core.error.CofferException;
import io.coffer.core.iam.AccessKey;
import io.coffer.core.iam.Credentials;
import io.coffer.server.console.ConsoleErrors.Answer;
import io.coffer.server.console.ConsoleErrors.Area;
import io.coffer.server.http.QueryString;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's JSON API under {@code /api/}: resolves the session cookie to the caller, enforces
 * CSRF protection on every state-changing request, runs the route and answers failures as
 * {@code {"Code","Message","RequestId"}}. Each route calls the same core services as the OSS, KMS
 * and RAM APIs with the signed-in caller, so the same authorisation decides.
 *
 * <p>CSRF: the session cookie is {@code SameSite=Strict} and {@code HttpOnly}; in addition every
 * request other than GET must carry the session's token in {@value #CSRF_HEADER} (a page on
 * another site cannot read it) and, when the browser sends {@code Origin}, come from this origin.
 */
public final class ConsoleApi {
  private static final Logger log = LoggerFactory.getLogger(ConsoleApi.class);
  public static final String COOKIE = "coffer_session";
  public static final String CSRF_HEADER = "X-Coffer-Csrf";
  public static final String REQUEST_ID_HEADER = "X-Coffer-Request-Id";

  private final ConsoleRoutes routes;
  private final ConsoleSessions sessions;
  private final Credentials credentials;
  private final AuditLog audit;
  private final Clock clock;

  public ConsoleApi(ConsoleRoutes routes, ConsoleSessions sessions, Credentials credentials, AuditLog audit,
      Clock clock) {
    this.routes = routes;
    this.sessions = sessions;
    this.credentials = credentials;
    this.audit = audit;
    this.clock = clock;
  }

  /** Answers one request whose path starts with {@code /api/}. */
  void handle(Request request, Response response) {
    String requestId = newRequestId();
    response.getHeaders().put(REQUEST_ID_HEADER, requestId);
    response.getHeaders().put("Cache-Control", "no-store");
    ConsoleExchange ex = new ConsoleExchange(requestId, request, response,
        QueryString.parse(request.getHttpURI().getQuery()));
    ConsoleRoutes.Route route = null;
    try {
      ConsoleRoutes.Match match = routes.match(request.getMethod(), request.getHttpURI().getPath());
      route = match.route();
      ex.pathParams(match.params());
      if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) sameOrigin(request);
      if (route.signedIn()) signIn(request, ex);
      route.handler().handle(ex);
      if (route.area() == Area.KMS || route.area() == Area.RAM) record(ex, route, Decision.ALLOW, null, ex.status());
    } catch (ConsoleException e) {
      fail(ex, route, ConsoleErrors.of(e), e.error() == ConsoleError.INVALID_CSRF_TOKEN
          || e.error() == ConsoleError.CROSS_ORIGIN);
    } catch (CofferException e) {
      Answer a = ConsoleErrors.of(route == null ? Area.CONSOLE : route.area(), e);
      boolean denied = e instanceof CofferException.AccessDenied;
      if (route != null && (denied || route.area() == Area.KMS || route.area() == Area.RAM)) {
        record(ex, route, denied ? Decision.DENY : Decision.ALLOW, a.code(), a.status());
      }
      fail(ex, route, a, false);
    } catch (Exception e) {
      if (isClientGone(e)) {
        log.debug("console request {} ended by the client: {}", requestId, e.toString());
        throw new ClientGone(e);
      }
      log.error("console request {} failed", requestId, e);
      fail(ex, route, ConsoleErrors.of(new ConsoleException(ConsoleError.INTERNAL_ERROR)), false);
    }
  }

  /** The client went away mid-answer: nothing more can be sent. */
  static final class ClientGone extends RuntimeException {
    ClientGone(Throwable cause) {
      super(cause);
    }
  }

  private void fail(ConsoleExchange ex, ConsoleRoutes.Route route, Answer a, boolean auditDenial) {
    if (auditDenial && route != null) record(ex, route, Decision.DENY, a.code(), a.status());
    if (ex.responded()) return;
    var body = ex.object().put("Code", a.code()).put("Message", a.message()).put("RequestId", ex.requestId());
    ex.send(a.status(), body);
  }

  /** Resolves the session to its caller; the access key is looked up afresh every time. */
  private void signIn(Request request, ConsoleExchange ex) {
    String cookie = cookie(request);
    if (cookie == null) throw new ConsoleException(ConsoleError.NOT_SIGNED_IN);
    if (!(sessions.find(cookie) instanceof ConsoleSessions.Found found)) {
      throw new ConsoleException(ConsoleError.SESSION_EXPIRED);
    }
    Optional<AccessKey> key = credentials.find(found.session().accessKeyId());
    if (key.isEmpty() || !key.get().active()) {
      sessions.close(cookie);
      throw new ConsoleException(ConsoleError.SESSION_EXPIRED,
          "The access key this session signed in with is no longer active. Sign in again.");
    }
    if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
      String sent = request.getHeaders().get(CSRF_HEADER);
      if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
          found.session().csrfToken().getBytes(StandardCharsets.UTF_8))) {
        throw new ConsoleException(ConsoleError.INVALID_CSRF_TOKEN);
      }
    }
    ex.principal(key.get().principal());
    ex.session(cookie, found.session());
  }

  /** A browser names the page's origin on every cross-site request; it must be this console. */
  private static void sameOrigin(Request request) {
    String origin = request.getHeaders().get("Origin");
    if (origin == null) return;
    String host = request.getHeaders().get("Host");
    String expected = (request.isSecure() ? "https://" : "http://") + host;
    if (host == null || !origin.equalsIgnoreCase(expected)) throw new ConsoleException(ConsoleError.CROSS_ORIGIN);
  }

  static String cookie(Request request) {
    for (HttpCookie c : Request.getCookies(request)) {
      if (COOKIE.equals(c.getName()) && !c.getValue().isEmpty()) return c.getValue();
    }
    return null;
  }

  void record(ConsoleExchange ex, ConsoleRoutes.Route route, Decision decision, String code, int status) {
    Caller caller = ex.principal().isAnonymous() ? Caller.anonymous() : Caller.of(ex.principal());
    audit.record(new AuditEvent(clock.instant(), ex.requestId(), caller, route.action(), ex.resource(), decision,
        code, status, ex.remoteAddress()));
  }

  private static boolean isClientGone(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof org.eclipse.jetty.io.EofException || c instanceof java.nio.channels.ClosedChannelException) {
        return true;
      }
    }
    return false;
  }

  static String newRequestId() {
    byte[] b = new byte[12];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().withUpperCase().formatHex(b);
  }
}
