package io.coffer.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyuncs.kms.model.v20160120.CreateKeyRequest;
import com.aliyuncs.kms.model.v20160120.DescribeKeyRequest;
import com.aliyuncs.kms.model.v20160120.DescribeKeyResponse;
import com.aliyuncs.kms.model.v20160120.ListAliasesRequest;
import com.aliyuncs.kms.model.v20160120.ListKeysRequest;
import io.coffer.server.testing.CofferExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console's KMS API over plain HTTP: bad bodies and bad values answer the KMS API's codes (or
 * MalformedJson for a body that is not the request's JSON) and change nothing; a read-only RAM user
 * may list but not create; a change without the CSRF token is refused.
 */
class ConsoleKmsApiIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();

  private static ConsoleHttp root() throws Exception {
    ConsoleHttp c = new ConsoleHttp(coffer);
    assertThat(c.signIn(CofferExtension.ACCESS_KEY_ID, CofferExtension.ACCESS_KEY_SECRET).status()).isEqualTo(200);
    return c;
  }

  private static int keyCount() throws Exception {
    ListKeysRequest r = new ListKeysRequest();
    r.setPageSize(100);
    return coffer.kms().call(r).getTotalCount();
  }

  private static int aliasCount() throws Exception {
    ListAliasesRequest r = new ListAliasesRequest();
    r.setPageSize(100);
    return coffer.kms().call(r).getTotalCount();
  }

  private static DescribeKeyResponse.KeyMetadata describe(String keyId) throws Exception {
    DescribeKeyRequest r = new DescribeKeyRequest();
    r.setKeyId(keyId);
    return coffer.kms().call(r).getKeyMetadata();
  }

  private static String sdkKey() throws Exception {
    return coffer.kms().call(new CreateKeyRequest()).getKeyMetadata().getKeyId();
  }

  private static void assertError(ConsoleHttp.Answer a, int status, String code) {
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    assertThat(a.json().get("Code").asText()).as(a.body()).isEqualTo(code);
    assertThat(a.json().get("RequestId").asText()).isNotEmpty();
  }

  @Test
  void createKey_malformedBodiesAndBadValues_answerTheirCodes_andCreateNothing() throws Exception {
    ConsoleHttp c = root();
    int keys = keyCount();
    int aliases = aliasCount();
    assertError(c.send("POST", "/api/kms/keys", "[1]"), 400, "MalformedJson");
    assertError(c.send("POST", "/api/kms/keys", "{\"keySpec\":"), 400, "MalformedJson");
    assertError(c.send("POST", "/api/kms/keys", "{\"keySpec\":5}"), 400, "MalformedJson");
    assertError(c.send("POST", "/api/kms/keys", "{\"automaticRotation\":\"yes\"}"), 400, "MalformedJson");
    assertError(c.send("POST", "/api/kms/keys", "{\"automaticRotation\":true}"), 400, "MalformedJson");
    assertError(c.send("POST", "/api/kms/keys", "{\"automaticRotation\":true,\"rotationIntervalDays\":7.5}"), 400,
        "MalformedJson");
    ConsoleHttp.Answer spec = c.send("POST", "/api/kms/keys", "{\"keySpec\":\"RSA_2048\"}");
    assertError(spec, 400, "InvalidParameter");
    assertThat(spec.json().get("Message").asText()).contains("KeySpec");
    assertError(c.send("POST", "/api/kms/keys", "{\"origin\":\"HSM\"}"), 400, "InvalidParameter");
    assertError(c.send("POST", "/api/kms/keys", "{\"automaticRotation\":true,\"rotationIntervalDays\":6}"), 400,
        "InvalidParameter");
    assertError(c.send("POST", "/api/kms/keys",
        "{\"origin\":\"EXTERNAL\",\"automaticRotation\":true,\"rotationIntervalDays\":30}"), 400,
        "Rejected.UnsupportedOperation");
    assertError(c.send("POST", "/api/kms/keys", "{\"alias\":\"no-prefix\"}"), 400, "InvalidParameter");
    assertError(c.send("POST", "/api/kms/keys", "{\"alias\":\"alias/acs/reserved\"}"), 400, "InvalidParameter");
    assertThat(keyCount()).isEqualTo(keys);
    assertThat(aliasCount()).isEqualTo(aliases);

    ConsoleHttp.Answer made = c.send("POST", "/api/kms/keys",
        "{\"keySpec\":\"Aliyun_SM4\",\"alias\":\"alias/api-made\",\"automaticRotation\":true,\"rotationIntervalDays\":90}");
    assertThat(made.status()).as(made.body()).isEqualTo(200);
    String keyId = made.json().get("keyId").asText();
    assertThat(made.json().get("rotationIntervalSeconds").asLong()).isEqualTo(Duration.ofDays(90).toSeconds());
    assertThat(Instant.parse(made.json().get("creationDate").asText())).isNotNull();
    assertThat(describe(keyId).getRotationInterval()).isEqualTo("7776000s");
    assertError(c.send("POST", "/api/kms/keys", "{\"alias\":\"alias/api-made\"}"), 400, "AliasAlreadyExists");
    assertThat(keyCount()).as("a taken alias leaves no key").isEqualTo(keys + 1);
  }

  @Test
  void scheduleDeletion_badWindow_isRefused_andTheKeyStaysEnabled() throws Exception {
    ConsoleHttp c = root();
    String keyId = sdkKey();
    String path = "/api/kms/keys/" + keyId + "/deletion";
    assertError(c.send("POST", path, "{\"pendingWindowInDays\":6}"), 400, "InvalidParameter");
    assertError(c.send("POST", path, "{\"pendingWindowInDays\":367}"), 400, "InvalidParameter");
    assertError(c.send("POST", path, "{\"pendingWindowInDays\":\"7\"}"), 400, "MalformedJson");
    assertError(c.send("POST", path, "{}"), 400, "MalformedJson");
    assertThat(describe(keyId).getKeyState()).isEqualTo("Enabled");
    assertError(c.send("POST", "/api/kms/keys/no-such-key/deletion", "{\"pendingWindowInDays\":7}"), 404,
        "Forbidden.KeyNotFound");
    ConsoleHttp.Answer ok = c.send("POST", path, "{\"pendingWindowInDays\":7}");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(describe(keyId).getKeyState()).isEqualTo("PendingDeletion");
    assertThat(Instant.parse(ok.json().get("deleteDate").asText()).truncatedTo(ChronoUnit.SECONDS))
        .isEqualTo(Instant.parse(describe(keyId).getDeleteDate()));
    assertError(c.send("POST", path, "{\"pendingWindowInDays\":7}"), 409, "Rejected.StateModifiedFailed");
  }

  @Test
  void importRoutes_badInput_answerKmsCodes_andChangeNothing() throws Exception {
    ConsoleHttp c = root();
    String kmsKey = sdkKey();
    assertError(c.send("POST", "/api/kms/keys/" + kmsKey + "/import-parameters",
        "{\"wrappingAlgorithm\":\"RSAES_OAEP_SHA_256\"}"), 400, "Unsupported.Origin");
    CreateKeyRequest ext = new CreateKeyRequest();
    ext.setOrigin("EXTERNAL");
    String keyId = coffer.kms().call(ext).getKeyMetadata().getKeyId();
    String base = "/api/kms/keys/" + keyId;
    assertError(c.send("POST", base + "/import-parameters", "{\"wrappingAlgorithm\":\"RSA_NONE\"}"), 400,
        "InvalidParameter");
    assertError(c.send("POST", base + "/import-parameters",
        "{\"wrappingAlgorithm\":\"RSAES_OAEP_SHA_1\",\"wrappingKeySpec\":\"RSA_1024\"}"), 400, "InvalidParameter");
    ConsoleHttp.Answer p = c.send("POST", base + "/import-parameters", "{\"wrappingAlgorithm\":\"RSAES_OAEP_SHA_1\"}");
    assertThat(p.status()).isEqualTo(200);
    String token = p.json().get("importToken").asText();
    assertThat(Instant.parse(p.json().get("tokenExpireTime").asText())).isAfter(Instant.now().plusSeconds(3600));
    assertError(c.send("PUT", base + "/material", "{\"encryptedKeyMaterial\":\"***\",\"importToken\":\"" + token + "\"}"),
        400, "InvalidKeyMaterial");
    assertError(c.send("PUT", base + "/material", "{\"encryptedKeyMaterial\":\"AAAA\"}"), 400, "MalformedJson");
    assertError(c.send("PUT", base + "/material", "{\"encryptedKeyMaterial\":\"AAAA\",\"importToken\":\"" + token
        + "\",\"keyMaterialExpireTime\":\"next week\"}"), 400, "MalformedJson");
    assertError(c.send("PUT", base + "/material", "{\"encryptedKeyMaterial\":\"AAAA\",\"importToken\":\"" + token
        + "\",\"keyMaterialExpireTime\":\"2001-01-01\"}"), 400, "InvalidParameter");
    assertError(c.send("PUT", base + "/material", "{\"encryptedKeyMaterial\":\"AAAA\",\"importToken\":\"forged\"}"),
        400, "InvalidImportToken");
    assertThat(describe(keyId).getKeyState()).isEqualTo("PendingImport");
  }

  @Test
  void readOnlyRamUser_listsKeys_butIsRefusedCreateKey_andNothingIsCreated() throws Exception {
    String existing = sdkKey();
    ConsoleFixtures.Key k = ConsoleFixtures.ramUser(coffer, "kms-reader", "System:AliyunKMSReadOnlyAccess");
    ConsoleHttp c = new ConsoleHttp(coffer);
    assertThat(c.signIn(k.id(), k.secret()).status()).isEqualTo(200);
    ConsoleHttp.Answer list = c.get("/api/kms/keys");
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    assertThat(list.body()).contains(existing);
    assertThat(c.get("/api/kms/keys/" + existing).json().get("keyState").asText()).isEqualTo("Enabled");
    int keys = keyCount();
    ConsoleHttp.Answer refused = c.send("POST", "/api/kms/keys", "{\"description\":\"should not exist\"}");
    assertError(refused, 403, "Forbidden.NoPermission");
    assertThat(refused.json().get("Message").asText()).contains("kms:CreateKey");
    assertError(c.send("POST", "/api/kms/keys/" + existing + "/disable", ""), 403, "Forbidden.NoPermission");
    assertThat(keyCount()).isEqualTo(keys);
    assertThat(describe(existing).getKeyState()).isEqualTo("Enabled");
    assertThat(auditLine("kms:CreateKey", "kms-reader")).contains("Forbidden.NoPermission");
  }

  @Test
  void anAllowedConsoleKmsAction_isAuditedWithTheStatusItAnswered() throws Exception {
    String keyId = sdkKey();
    ConsoleFixtures.Key k = ConsoleFixtures.ramUser(coffer, "kms-operator", "System:AliyunKMSFullAccess");
    ConsoleHttp c = new ConsoleHttp(coffer);
    c.signIn(k.id(), k.secret());
    assertThat(c.send("POST", "/api/kms/keys/" + keyId + "/disable", "").status()).isEqualTo(204);
    assertThat(describe(keyId).getKeyState()).isEqualTo("Disabled");
    String line = auditLine("kms:DisableKey", "kms-operator");
    assertThat(line).contains("\"allow\"").contains("\"status\":204").contains(keyId);
  }

  @Test
  void changesWithoutTheCsrfToken_areRefused_andChangeNothing() throws Exception {
    ConsoleHttp c = root();
    String keyId = sdkKey();
    int keys = keyCount();
    int aliases = aliasCount();
    assertError(c.send("POST", "/api/kms/keys", "{}", Map.of()), 403, "InvalidCsrfToken");
    assertError(c.send("POST", "/api/kms/keys/" + keyId + "/disable", "", Map.of()), 403, "InvalidCsrfToken");
    assertError(c.send("POST", "/api/kms/aliases", "{\"aliasName\":\"alias/csrf\",\"keyId\":\"" + keyId + "\"}",
        Map.of(ConsoleApi.CSRF_HEADER, "wrong")), 403, "InvalidCsrfToken");
    assertThat(keyCount()).isEqualTo(keys);
    assertThat(describe(keyId).getKeyState()).isEqualTo("Enabled");
    assertThat(aliasCount()).isEqualTo(aliases);
  }

  /** The audit line for this action by this user; the log is written in the background, so poll. */
  private static String auditLine(String action, String user) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(coffer.auditLog())) {
        for (String line : Files.readAllLines(coffer.auditLog(), StandardCharsets.UTF_8)) {
          if (line.contains("\"" + action + "\"") && line.contains(user)) return line;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no audit event " + action + " by " + user);
  }
}
