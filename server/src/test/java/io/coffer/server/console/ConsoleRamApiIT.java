package io.coffer.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyuncs.ram.model.v20150501.GetPolicyRequest;
import com.aliyuncs.ram.model.v20150501.GetUserRequest;
import com.aliyuncs.ram.model.v20150501.ListAccessKeysRequest;
import com.aliyuncs.ram.model.v20150501.ListAccessKeysResponse;
import com.aliyuncs.ram.model.v20150501.ListUsersRequest;
import com.aliyuncs.ram.model.v20150501.ListUsersResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.coffer.server.testing.CofferExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console's RAM and audit API over plain HTTP: bad bodies and names, refusals by policy and by
 * CSRF, each answering RAM's code and changing nothing (checked with the RAM SDK); the secret of a
 * new key in its creation answer only; who may read the audit log.
 */
class ConsoleRamApiIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();

  private static ConsoleHttp root() throws Exception {
    ConsoleHttp c = new ConsoleHttp(coffer);
    assertThat(c.signIn(CofferExtension.ACCESS_KEY_ID, CofferExtension.ACCESS_KEY_SECRET).status()).isEqualTo(200);
    return c;
  }

  private static List<String> userNames() throws Exception {
    ListUsersRequest r = new ListUsersRequest();
    r.setMaxItems(1000);
    return coffer.kms().call(r).getUsers().stream().map(ListUsersResponse.User::getUserName).toList();
  }

  private static void assertError(ConsoleHttp.Answer a, int status, String code) {
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    assertThat(a.json().get("Code").asText()).isEqualTo(code);
    assertThat(a.json().get("RequestId").asText()).isNotEmpty();
  }

  private static String getUserError(String name) {
    GetUserRequest r = new GetUserRequest();
    r.setUserName(name);
    return errorCode(() -> coffer.kms().call(r));
  }

  private static String errorCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    try {
      call.call();
      return "(none)";
    } catch (com.aliyuncs.exceptions.ClientException e) {
      return e.getErrCode();
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  @Test
  void createUser_malformedBodies_answerMalformedJsonAndCreateNothing() throws Exception {
    ConsoleHttp c = root();
    List<String> before = userNames();
    assertError(c.send("POST", "/api/ram/users", "{\"userName\":"), 400, "MalformedJson");
    assertError(c.send("POST", "/api/ram/users", "[\"api-bad-1\"]"), 400, "MalformedJson");
    ConsoleHttp.Answer wrongType = c.send("POST", "/api/ram/users", "{\"userName\":\"api-bad-2\",\"comments\":7}");
    assertError(wrongType, 400, "MalformedJson");
    assertThat(wrongType.json().get("Message").asText()).contains("comments");
    assertError(c.send("POST", "/api/ram/policies", "{\"policyName\":\"api-bad-3\",\"policyDocument\":{\"Version\":\"1\"}}"),
        400, "MalformedJson");
    assertThat(userNames()).isEqualTo(before);
    assertThat(getUserError("api-bad-2")).isEqualTo("EntityNotExist.User");
  }

  @Test
  void createUser_badNames_answerRamParameterCodesAndCreateNothing() throws Exception {
    ConsoleHttp c = root();
    List<String> before = userNames();
    ConsoleHttp.Answer chars = c.send("POST", "/api/ram/users", "{\"userName\":\"bad name!\"}");
    assertError(chars, 400, "InvalidParameter.UserName.InvalidChars");
    assertThat(chars.json().get("Message").asText()).contains("letters, digits");
    assertError(c.send("POST", "/api/ram/users", "{\"userName\":\"" + "a".repeat(65) + "\"}"), 400,
        "InvalidParameter.UserName.Length");
    assertError(c.send("POST", "/api/ram/users", "{}"), 400, "InvalidParameter.UserName.Length");
    assertError(c.send("POST", "/api/ram/users", "{\"userName\":\"api-ok\",\"email\":\"not-an-address\"}"), 400,
        "InvalidParameter.Email.Format");
    assertThat(userNames()).isEqualTo(before);
  }

  @Test
  void createUser_byARamReadOnlyUser_isRefusedWithNoPermissionAndCreatesNothing() throws Exception {
    ConsoleFixtures.Key k = ConsoleFixtures.ramUser(coffer, "api-reader", "System:AliyunRAMReadOnlyAccess");
    ConsoleHttp c = new ConsoleHttp(coffer);
    c.signIn(k.id(), k.secret());
    ConsoleHttp.Answer list = c.get("/api/ram/users");
    assertThat(list.status()).as("reading is allowed").isEqualTo(200);
    assertThat(list.json().get("users").findValuesAsText("userName")).contains("api-reader");

    ConsoleHttp.Answer create = c.send("POST", "/api/ram/users", "{\"userName\":\"api-made-by-reader\"}");
    assertError(create, 403, "NoPermission");
    assertThat(create.json().get("Message").asText()).isNotBlank();
    assertError(c.send("POST", "/api/ram/users/api-reader/access-keys", "{}"), 403, "NoPermission");
    assertThat(getUserError("api-made-by-reader")).isEqualTo("EntityNotExist.User");
    ListAccessKeysRequest keys = new ListAccessKeysRequest();
    keys.setUserName("api-reader");
    assertThat(coffer.kms().call(keys).getAccessKeys()).hasSize(1);
  }

  @Test
  void changes_withoutTheCsrfToken_areRefusedAndChangeNothing() throws Exception {
    ConsoleHttp c = root();
    ConsoleHttp.Answer a = c.send("POST", "/api/ram/users", "{\"userName\":\"api-csrf\"}", Map.of());
    assertError(a, 403, "InvalidCsrfToken");
    assertThat(getUserError("api-csrf")).isEqualTo("EntityNotExist.User");
    ConsoleFixtures.ramUser(coffer, "api-csrf-kept");
    assertError(c.send("DELETE", "/api/ram/users/api-csrf-kept", null, Map.of(ConsoleApi.CSRF_HEADER, "forged")), 403,
        "InvalidCsrfToken");
    assertThat(getUserError("api-csrf-kept")).isEqualTo("(none)");
  }

  @Test
  void createPolicy_semanticallyBadDocument_answersMalformedPolicyDocumentNamingTheProblem() throws Exception {
    ConsoleHttp c = root();
    String bad = "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Perhaps\",\"Action\":\"oss:GetObject\",\"Resource\":\"*\"}]}";
    ConsoleHttp.Answer a = c.send("POST", "/api/ram/policies", ConsoleHttp.JSON.createObjectNode()
        .put("policyName", "api-bad-policy").put("policyDocument", bad).toString());
    assertError(a, 400, "MalformedPolicyDocument");
    assertThat(a.json().get("Message").asText()).contains("Effect").contains("Perhaps");
    GetPolicyRequest get = new GetPolicyRequest();
    get.setPolicyType("Custom");
    get.setPolicyName("api-bad-policy");
    assertThat(errorCode(() -> coffer.kms().call(get))).isEqualTo("EntityNotExist.Policy");
  }

  @Test
  void createAccessKey_secretIsInTheCreationAnswerOnly() throws Exception {
    ConsoleHttp c = root();
    assertThat(c.send("POST", "/api/ram/users", "{\"userName\":\"api-keys\"}").status()).isEqualTo(200);
    ConsoleHttp.Answer made = c.send("POST", "/api/ram/users/api-keys/access-keys", "{}");
    assertThat(made.status()).isEqualTo(200);
    String id = made.json().get("accessKeyId").asText();
    String secret = made.json().get("accessKeySecret").asText();
    assertThat(secret).hasSize(30);
    assertThat(made.json().get("status").asText()).isEqualTo("Active");

    ConsoleHttp.Answer list = c.get("/api/ram/users/api-keys/access-keys");
    assertThat(list.json().get("accessKeys").findValuesAsText("accessKeyId")).containsExactly(id);
    assertThat(list.body()).doesNotContain(secret).doesNotContain("Secret");
    assertThat(c.get("/api/ram/users/api-keys").body()).doesNotContain(secret);
    assertThat(new ConsoleHttp(coffer).signIn(id, secret).status()).as("the key signs in").isEqualTo(200);

    assertThat(c.send("PUT", "/api/ram/users/api-keys/access-keys/" + id, "{\"status\":\"Disabled\"}").json()
        .get("Code").asText()).isEqualTo("InvalidParameter.Status");
    assertThat(c.send("PUT", "/api/ram/users/api-keys/access-keys/" + id, "{\"status\":\"Inactive\"}").status())
        .isEqualTo(204);
    ListAccessKeysRequest r = new ListAccessKeysRequest();
    r.setUserName("api-keys");
    assertThat(coffer.kms().call(r).getAccessKeys()).extracting(ListAccessKeysResponse.AccessKey::getStatus)
        .containsExactly("Inactive");
    assertError(c.send("DELETE", "/api/ram/users/api-keys", null), 409, "DeleteConflict.User.AccessKey");
    assertThat(getUserError("api-keys")).isEqualTo("(none)");
  }

  @Test
  void policyVersions_newDefaultVersionGovernsAndSystemPoliciesAreReadOnly() throws Exception {
    ConsoleHttp c = root();
    String v1 = "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"oss:GetObject\",\"Resource\":\"*\"}]}";
    String v2 = "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"oss:ListObjects\",\"Resource\":\"*\"}]}";
    assertThat(c.send("POST", "/api/ram/policies", ConsoleHttp.JSON.createObjectNode().put("policyName", "api-versions")
        .put("description", "two versions").put("policyDocument", v1).toString()).status()).isEqualTo(200);
    ConsoleHttp.Answer made = c.send("POST", "/api/ram/policies/api-versions/versions", ConsoleHttp.JSON
        .createObjectNode().put("policyDocument", v2).put("setAsDefault", true).toString());
    assertThat(made.json().get("versionId").asText()).isEqualTo("v2");

    JsonNode p = c.get("/api/ram/policies/api-versions?type=Custom").json();
    assertThat(p.get("defaultVersion").asText()).isEqualTo("v2");
    assertThat(p.get("policyDocument").asText()).isEqualTo(v2);
    assertThat(c.get("/api/ram/policies/api-versions/versions?type=Custom").json().get("versions")
        .findValuesAsText("versionId")).containsExactly("v1", "v2");
    GetPolicyRequest get = new GetPolicyRequest();
    get.setPolicyType("Custom");
    get.setPolicyName("api-versions");
    assertThat(coffer.kms().call(get).getDefaultPolicyVersion().getVersionId()).isEqualTo("v2");

    assertError(c.send("DELETE", "/api/ram/policies/api-versions", null), 409, "DeleteConflict.Policy.Version");
    assertError(c.get("/api/ram/policies/api-versions"), 400, "InvalidParameter.PolicyType");
    JsonNode system = c.get("/api/ram/policies/AliyunOSSReadOnlyAccess?type=System").json();
    assertThat(system.get("policyType").asText()).isEqualTo("System");
    assertThat(system.get("policyDocument").asText()).contains("oss:Get");
    assertError(c.send("DELETE", "/api/ram/policies/AliyunOSSReadOnlyAccess", null), 404, "EntityNotExist.Policy");
  }

  @Test
  void auditLog_rootReadsItARamUserIsRefusedWithTheReason() throws Exception {
    ConsoleHttp c = root();
    c.send("POST", "/api/ram/users", "{\"userName\":\"api-audited\"}");
    ConsoleHttp.Answer a = awaitEvents(c, "/api/audit?action=ram:CreateUser&caller=" + CofferExtension.ACCESS_KEY_ID);
    JsonNode e = a.json().get("events").get(0);
    assertThat(e.get("action").asText()).isEqualTo("ram:CreateUser");
    assertThat(e.get("resource").asText()).endsWith(":user/api-audited");
    assertThat(e.get("decision").asText()).isEqualTo("allow");
    assertThat(e.get("principal").get("type").asText()).isEqualTo("root");

    assertError(c.get("/api/audit?limit=1001"), 400, "InvalidArgument");
    assertError(c.get("/api/audit?decision=maybe"), 400, "InvalidArgument");

    ConsoleFixtures.Key k = ConsoleFixtures.ramUser(coffer, "api-auditor", "System:AdministratorAccess");
    ConsoleHttp user = new ConsoleHttp(coffer);
    user.signIn(k.id(), k.secret());
    ConsoleHttp.Answer refused = user.get("/api/audit");
    assertError(refused, 403, "AccessDenied");
    assertThat(refused.json().get("Message").asText()).contains("Only the account");
    assertThat(refused.body()).doesNotContain("events");
    JsonNode denial = awaitEvents(c, "/api/audit?action=console:GetAuditLog&decision=deny&caller=api-auditor").json()
        .get("events").get(0);
    assertThat(denial.get("errorCode").asText()).isEqualTo("AccessDenied");
  }

  /** The audit log is written by a background thread: poll until the query finds something. */
  private static ConsoleHttp.Answer awaitEvents(ConsoleHttp c, String path) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      ConsoleHttp.Answer a = c.get(path);
      assertThat(a.status()).as(a.body()).isEqualTo(200);
      if (!a.json().get("events").isEmpty() || System.nanoTime() > deadline) return a;
      Thread.sleep(50);
    }
  }
}
