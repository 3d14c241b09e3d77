package io.coffer.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.coffer.server.testing.CofferExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console API's sessions and protections over plain HTTP: sign-in, the cookie's attributes,
 * CSRF and origin checks that refuse and change nothing, expiry, and the error document for bad
 * requests.
 */
class ConsoleApiIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();

  @Test
  void signingInSetsAnHttpOnlyStrictCookieAndAnswersTheIdentity() throws Exception {
    ConsoleHttp c = new ConsoleHttp(coffer);
    ConsoleHttp.Answer a = c.signIn(CofferExtension.ACCESS_KEY_ID, CofferExtension.ACCESS_KEY_SECRET);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.header("Set-Cookie")).startsWith(ConsoleApi.COOKIE + "=").contains("HttpOnly")
        .contains("SameSite=Strict").contains("Path=/");
    assertThat(a.json().get("root").asBoolean()).isTrue();
    assertThat(a.json().get("accessKeyId").asText()).isEqualTo(CofferExtension.ACCESS_KEY_ID);
    assertThat(a.body()).doesNotContain(CofferExtension.ACCESS_KEY_SECRET);
    assertThat(c.get("/api/session").json().get("csrfToken").asText()).isEqualTo(c.csrf());
  }

  @Test
  void aWrongSecretOrUnknownKeyIsRefusedAlike() throws Exception {
    ConsoleHttp c = new ConsoleHttp(coffer);
    ConsoleHttp.Answer wrong = c.signIn(CofferExtension.ACCESS_KEY_ID, "not-the-secret");
    ConsoleHttp.Answer unknown = c.signIn("LTAIunknown", "whatever");
    for (ConsoleHttp.Answer a : new ConsoleHttp.Answer[] {wrong, unknown}) {
      assertThat(a.status()).isEqualTo(401);
      assertThat(a.json().get("Code").asText()).isEqualTo("InvalidCredentials");
      assertThat(a.json().get("RequestId").asText()).matches("[0-9A-F]{24}");
      assertThat(a.header("Set-Cookie")).isNull();
    }
    assertThat(c.signIn("", "").json().get("Code").asText()).isEqualTo("MalformedJson");
    assertThat(c.send("POST", "/api/session", "[1,2", Map.of()).json().get("Code").asText())
        .isEqualTo("MalformedJson");
  }

  @Test
  void withoutASessionEveryRouteAnswersNotSignedIn() throws Exception {
    ConsoleHttp c = new ConsoleHttp(coffer);
    ConsoleHttp.Answer a = c.get("/api/session");
    assertThat(a.status()).isEqualTo(401);
    assertThat(a.json().get("Code").asText()).isEqualTo("NotSignedIn");
    ConsoleHttp.Answer forged = c.send("GET", "/api/session", null, Map.of("Cookie", ConsoleApi.COOKIE + "=forged"));
    assertThat(forged.json().get("Code").asText()).isEqualTo("SessionExpired");
  }

  @Test
  void aChangeWithoutTheCsrfTokenIsRefusedAndChangesNothing() throws Exception {
    ConsoleHttp c = new ConsoleHttp(coffer);
    c.signIn(CofferExtension.ACCESS_KEY_ID, CofferExtension.ACCESS_KEY_SECRET);
    ConsoleHttp.Answer missing = c.send("DELETE", "/api/session", null, Map.of());
    ConsoleHttp.Answer wrong = c.send("DELETE", "/api/session", null, Map.of(ConsoleApi.CSRF_HEADER, "x" + c.csrf()));
    for (ConsoleHttp.Answer a : new ConsoleHttp.Answer[] {missing, wrong}) {
      assertThat(a.status()).isEqualTo(403);
      assertThat(a.json().get("Code").asText()).isEqualTo("InvalidCsrfToken");
    }
    assertThat(c.get("/api/session").status()).as("still signed in").isEqualTo(200);
  }

  @Test
  void aChangeFromAnotherOriginIsRefused() throws Exception {
    ConsoleHttp c = new ConsoleHttp(coffer);
    c.signIn(CofferExtension.ACCESS_KEY_ID, CofferExtension.ACCESS_KEY_SECRET);
    ConsoleHttp.Answer a = c.send("DELETE", "/api/session", null,
        Map.of(ConsoleApi.CSRF_HEADER, c.csrf(), "Origin", "http://evil.example"));
    assertThat(a.status()).isEqualTo(403);
    assertThat(a.json().get("Code").asText()).isEqualTo("CrossOriginRequest");
    assertThat(c.get("/api/session").status()).isEqualTo(200);
    ConsoleHttp.Answer same = c.send("DELETE", "/api/session", null,
        Map.of(ConsoleApi.CSRF_HEADER, c.csrf(), "Origin", c.base()));
    assertThat(same.status()).isEqualTo(204);
    assertThat(c.get("/api/session").json().get("Code").asText()).isEqualTo("SessionExpired");
  }

  @Test
  void anIdleSessionExpires() throws Exception {
    ConsoleHttp c = new ConsoleHttp(coffer);
    c.signIn(CofferExtension.ACCESS_KEY_ID, CofferExtension.ACCESS_KEY_SECRET);
    coffer.kmsClock().advance(ConsoleSessions.IDLE.minus(Duration.ofMinutes(1)));
    assertThat(c.get("/api/session").status()).as("activity keeps it alive").isEqualTo(200);
    coffer.kmsClock().advance(ConsoleSessions.IDLE);
    ConsoleHttp.Answer a = c.get("/api/session");
    assertThat(a.status()).isEqualTo(401);
    assertThat(a.json().get("Code").asText()).isEqualTo("SessionExpired");
  }

  @Test
  void aDeactivatedKeyEndsItsSessions() throws Exception {
    ConsoleFixtures.Key k = ConsoleFixtures.ramUser(coffer, "api-deactivated", "System:ReadOnlyAccess");
    ConsoleHttp c = new ConsoleHttp(coffer);
    assertThat(c.signIn(k.id(), k.secret()).json().get("userName").asText()).isEqualTo("api-deactivated");
    var update = new com.aliyuncs.ram.model.v20150501.UpdateAccessKeyRequest();
    update.setUserName("api-deactivated");
    update.setUserAccessKeyId(k.id());
    update.setStatus("Inactive");
    coffer.kms().call(update);
    assertThat(c.get("/api/session").json().get("Code").asText()).isEqualTo("SessionExpired");
    assertThat(new ConsoleHttp(coffer).signIn(k.id(), k.secret()).json().get("Code").asText())
        .isEqualTo("InactiveAccessKey");
  }

  @Test
  void repeatedFailuresFromOneAddressAreThrottled() throws Exception {
    ConsoleHttp c = new ConsoleHttp(coffer);
    for (int i = 0; i < SignInThrottle.MAX_FAILURES; i++) c.signIn(CofferExtension.ACCESS_KEY_ID, "wrong-" + i);
    ConsoleHttp.Answer a = c.signIn(CofferExtension.ACCESS_KEY_ID, CofferExtension.ACCESS_KEY_SECRET);
    assertThat(a.status()).isEqualTo(429);
    assertThat(a.json().get("Code").asText()).isEqualTo("TooManySignInAttempts");
    coffer.kmsClock().advance(SignInThrottle.WINDOW);
    assertThat(c.signIn(CofferExtension.ACCESS_KEY_ID, CofferExtension.ACCESS_KEY_SECRET).status()).isEqualTo(200);
  }

  @Test
  void unknownRoutesMethodsAndPagesAnswerErrors() throws Exception {
    ConsoleHttp c = new ConsoleHttp(coffer);
    ConsoleHttp.Answer route = c.get("/api/no-such-thing");
    assertThat(route.status()).isEqualTo(404);
    assertThat(route.json().get("Code").asText()).isEqualTo("NotFound");
    ConsoleHttp.Answer method = c.send("PATCH", "/api/session", null, Map.of());
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.json().get("Code").asText()).isEqualTo("MethodNotAllowed");
    ConsoleHttp.Answer traversal = c.get("/../pom.xml");
    assertThat(traversal.status()).isIn(400, 404);
    assertThat(traversal.json().get("Code").asText()).isIn("BadRequest", "NotFound");
    assertThat(c.get("/js/%2e%2e/console.css").status()).isIn(400, 404);
    assertThat(c.get("/js/missing.js").status()).isEqualTo(404);
  }

  @Test
  void pagesCarryAStrictContentSecurityPolicyAndNoInlineScript() throws Exception {
    ConsoleHttp c = new ConsoleHttp(coffer);
    ConsoleHttp.Answer index = c.get("/");
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.header("Content-Type")).startsWith("text/html");
    assertThat(index.header("Content-Security-Policy")).contains("script-src 'self'").contains("frame-ancestors 'none'");
    assertThat(index.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(index.body()).contains("<script type=\"module\" src=\"/js/app.js\"></script>")
        .doesNotContain("<script>").doesNotContain("https://");
    ConsoleHttp.Answer js = c.get("/js/app.js");
    assertThat(js.header("Content-Type")).startsWith("text/javascript");
    ConsoleHttp.Answer again = c.send("GET", "/js/app.js", null, Map.of("If-None-Match", js.header("ETag")));
    assertThat(again.status()).isEqualTo(304);
  }
}
