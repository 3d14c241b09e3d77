package io.coffer.cli;

import static io.coffer.cli.RpcCliSupport.assertServiceError;
import static io.coffer.cli.RpcCliSupport.assertUsageError;
import static io.coffer.cli.RpcCliSupport.fields;
import static io.coffer.cli.RpcCliSupport.json;
import static io.coffer.cli.RpcCliSupport.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyuncs.kms.model.v20160120.CreateKeyRequest;
import com.aliyuncs.kms.model.v20160120.DescribeKeyRequest;
import com.aliyuncs.kms.model.v20160120.DescribeKeyResponse;
import com.aliyuncs.kms.model.v20160120.ListAliasesRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.cli.client.Clients;
import io.coffer.cli.testing.CliServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code coffer kms …} against a real server: each key and alias command, output forms, and bad input. */
class KmsCommandsIT {
  @RegisterExtension static final CliServer coffer = new CliServer();
  static Clients.Rpc kms;

  @BeforeAll
  static void sdk() {
    kms = RpcCliSupport.rootSdk(coffer);
  }

  @AfterAll
  static void close() {
    kms.close();
  }

  @Test
  void createKey_defaults_printsMetadataAsAlignedLines() throws Exception {
    CliServer.Result r = ok(coffer, "kms", "create-key", "--description", "for invoices");
    Map<String, String> f = fields(r.out());
    assertThat(f).containsEntry("KeySpec", "Aliyun_AES_256").containsEntry("Origin", "Aliyun_KMS")
        .containsEntry("KeyState", "Enabled").containsEntry("Description", "for invoices")
        .containsEntry("AutomaticRotation", "Disabled");
    assertThat(f.keySet()).startsWith("KeyId", "Arn", "KeyState");
    // One width for every name: the colons line up.
    assertThat(r.out().lines().map(l -> l.indexOf(" : ")).distinct()).hasSize(1);
    DescribeKeyResponse.KeyMetadata m = describe(f.get("KeyId"));
    assertThat(m.getDescription()).isEqualTo("for invoices");
    assertThat(m.getArn()).isEqualTo(f.get("Arn"));
  }

  @Test
  void createKey_sm4ExternalWithRotation_passesEachOption() throws Exception {
    JsonNode sm4 = json(coffer, "kms", "create-key", "--key-spec", "Aliyun_SM4", "--rotation-interval", "30d");
    assertThat(sm4.get("KeySpec").asText()).isEqualTo("Aliyun_SM4");
    assertThat(sm4.get("AutomaticRotation").asText()).isEqualTo("Enabled");
    assertThat(sm4.get("RotationInterval").asText()).isEqualTo("2592000s");

    CliServer.Result ext = ok(coffer, "kms", "create-key", "--origin", "EXTERNAL");
    assertThat(fields(ext.out())).containsEntry("Origin", "EXTERNAL").containsEntry("KeyState", "PendingImport");
    assertThat(ext.err()).contains("import-key-material");
  }

  @Test
  void createKey_badSpec_printsTheKmsErrorAndCreatesNothing() throws Exception {
    int before = json(coffer, "kms", "list-keys").get("Keys").size();
    assertServiceError(coffer.run("kms", "create-key", "--key-spec", "RSA_2048"), "InvalidParameter");
    assertUsageError(coffer.run("kms", "create-key", "--rotation-interval", "often"), "--rotation-interval");
    assertThat(json(coffer, "kms", "list-keys").get("Keys").size()).isEqualTo(before);
  }

  @Test
  void listKeys_moreThanOnePage_listsEveryKey_asTableOrJson() throws Exception {
    Set<String> made = new HashSet<>();
    for (int i = 0; i < 105; i++) made.add(kms.call(new CreateKeyRequest()).getKeyMetadata().getKeyId());

    JsonNode keys = json(coffer, "kms", "list-keys").get("Keys");
    List<String> ids = new ArrayList<>();
    keys.forEach(k -> ids.add(k.get("KeyId").asText()));
    assertThat(ids).doesNotHaveDuplicates().containsAll(made);
    assertThat(keys.get(0).get("KeyArn").asText()).startsWith("acs:kms:cn-hangzhou:");

    CliServer.Result text = ok(coffer, "kms", "list-keys");
    List<String> lines = text.out().lines().toList();
    assertThat(lines.get(0)).matches("KeyId +KeyArn");
    assertThat(lines).endsWith("", "Total: " + ids.size());
    for (String id : made) assertThat(text.out()).contains(id);
  }

  @Test
  void listKeys_long_describesEachKey() throws Exception {
    String id = json(coffer, "kms", "create-key", "--key-spec", "Aliyun_SM4", "--description", "long listing")
        .get("KeyId").asText();
    CliServer.Result r = ok(coffer, "kms", "list-keys", "--long");
    assertThat(r.out().lines().findFirst().orElseThrow()).matches("KeyId +KeyState +KeySpec +Origin +CreationDate +Description");
    assertThat(r.out().lines().filter(l -> l.startsWith(id)).findFirst().orElseThrow())
        .matches(id + " +Enabled +Aliyun_SM4 +Aliyun_KMS +\\S+ +long listing");
  }

  @Test
  void describeKey_byIdAliasAndArn_printsTheSameKey() throws Exception {
    JsonNode created = json(coffer, "kms", "create-key");
    String id = created.get("KeyId").asText();
    ok(coffer, "kms", "create-alias", "alias/describe-me", id);
    for (String name : List.of(id, created.get("Arn").asText(), "alias/describe-me")) {
      JsonNode d = json(coffer, "kms", "describe-key", name);
      assertThat(d.get("KeyId").asText()).isEqualTo(id);
      assertThat(d.get("DeletionProtection").asText()).isEqualTo("Disabled");
    }
    assertThat(fields(ok(coffer, "kms", "describe-key", id).out())).containsEntry("KeyId", id)
        .containsEntry("KeyState", "Enabled");
  }

  @Test
  void describeKey_unknownKey_printsForbiddenKeyNotFoundAndFails() {
    CliServer.Result r = coffer.run("kms", "describe-key", "00000000-0000-4000-8000-000000000000");
    assertServiceError(r, "Forbidden.KeyNotFound");
    assertThat(r.err()).doesNotContain("RequestId=null").doesNotContain("\tat ");
  }

  @Test
  void aliases_createListByKeyAndDelete() throws Exception {
    String a = json(coffer, "kms", "create-key").get("KeyId").asText();
    String b = json(coffer, "kms", "create-key").get("KeyId").asText();
    CliServer.Result created = ok(coffer, "kms", "create-alias", "alias/app-a", a);
    assertThat(created.out()).isEqualTo("Created alias alias/app-a for key " + a + ".\n");
    ok(coffer, "kms", "create-alias", "alias/app-a2", a);
    ok(coffer, "kms", "create-alias", "alias/app-b", b);

    JsonNode ofA = json(coffer, "kms", "list-aliases", "--key-id", a, "--page-size", "1").get("Aliases");
    assertThat(ofA).hasSize(2);
    assertThat(ofA.findValuesAsText("AliasName")).containsExactlyInAnyOrder("alias/app-a", "alias/app-a2");
    assertThat(ofA.findValuesAsText("KeyId")).containsOnly(a);
    assertThat(ofA.get(0).get("AliasArn").asText()).startsWith("acs:kms:cn-hangzhou:").endsWith(":alias/app-a");
    CliServer.Result all = ok(coffer, "kms", "list-aliases", "--page-size", "2");
    assertThat(all.out().lines().findFirst().orElseThrow()).matches("AliasName +KeyId +AliasArn");
    assertThat(all.out()).contains("alias/app-a ").contains("alias/app-b ");

    assertServiceError(coffer.run("kms", "create-alias", "alias/app-a", b), "AliasAlreadyExists");
    assertServiceError(coffer.run("kms", "create-alias", "no-prefix", b), "InvalidParameter");
    ok(coffer, "kms", "delete-alias", "alias/app-a2");
    assertThat(json(coffer, "kms", "list-aliases", "--key-id", a).get("Aliases").findValuesAsText("AliasName"))
        .containsExactly("alias/app-a");
    ListAliasesRequest lr = new ListAliasesRequest();
    lr.setPageSize(100);
    assertThat(kms.call(lr).getAliases()).extracting(x -> x.getAliasName()).doesNotContain("alias/app-a2");
    assertServiceError(coffer.run("kms", "delete-alias", "alias/app-a2"), "Forbidden.AliasNotFound");
    assertThat(ok(coffer, "kms", "list-aliases", "--key-id", a).out()).doesNotContain("alias/app-b");
  }

  @Test
  void disableAndEnableKey_changeTheState() throws Exception {
    String id = json(coffer, "kms", "create-key").get("KeyId").asText();
    assertThat(ok(coffer, "kms", "disable-key", id).out()).isEqualTo("Disabled key " + id + ".\n");
    assertThat(describe(id).getKeyState()).isEqualTo("Disabled");
    JsonNode enabled = json(coffer, "kms", "enable-key", id);
    assertThat(enabled.get("KeyId").asText()).isEqualTo(id);
    assertThat(enabled.get("RequestId").asText()).isNotBlank();
    assertThat(describe(id).getKeyState()).isEqualTo("Enabled");
  }

  @Test
  void scheduleAndCancelKeyDeletion_roundTrip_andTheWindowIsChecked() throws Exception {
    String id = json(coffer, "kms", "create-key").get("KeyId").asText();
    assertUsageError(coffer.run("kms", "schedule-key-deletion", id), "--pending-window-in-days");
    assertServiceError(coffer.run("kms", "schedule-key-deletion", id, "--pending-window-in-days", "3"),
        "InvalidParameter");
    assertThat(describe(id).getKeyState()).isEqualTo("Enabled");

    CliServer.Result r = ok(coffer, "kms", "schedule-key-deletion", id, "--pending-window-in-days", "7");
    assertThat(r.out()).contains(id).contains("7 days");
    DescribeKeyResponse.KeyMetadata m = describe(id);
    assertThat(m.getKeyState()).isEqualTo("PendingDeletion");
    assertThat(m.getDeleteDate()).isNotEmpty();
    assertServiceError(coffer.run("kms", "disable-key", id), "Rejected.StateModifiedFailed");

    ok(coffer, "kms", "cancel-key-deletion", id);
    assertThat(describe(id).getKeyState()).isEqualTo("Enabled");
    assertServiceError(coffer.run("kms", "cancel-key-deletion", id), "Rejected.StateModifiedFailed");
  }

  @Test
  void updateRotationPolicy_onAndOff() throws Exception {
    String id = json(coffer, "kms", "create-key").get("KeyId").asText();
    CliServer.Result on = ok(coffer, "kms", "update-rotation-policy", id, "--rotation-interval", "604800");
    assertThat(on.out()).contains("604800s");
    DescribeKeyResponse.KeyMetadata m = describe(id);
    assertThat(m.getAutomaticRotation()).isEqualTo("Enabled");
    assertThat(m.getRotationInterval()).isEqualTo("604800s");
    assertThat(m.getNextRotationDate()).isNotEmpty();
    ok(coffer, "kms", "update-rotation-policy", id, "--disable");
    assertThat(describe(id).getAutomaticRotation()).isEqualTo("Disabled");

    assertUsageError(coffer.run("kms", "update-rotation-policy", id), "exactly one of");
    assertUsageError(coffer.run("kms", "update-rotation-policy", id, "--disable", "--rotation-interval", "7d"),
        "exactly one of");
    assertServiceError(coffer.run("kms", "update-rotation-policy", id, "--rotation-interval", "1h"),
        "InvalidParameter");
    assertThat(describe(id).getAutomaticRotation()).isEqualTo("Disabled");
  }

  @Test
  void usage_unknownFlagMissingArgumentOrSubcommand_exit2WithUsage() {
    CliServer.Result unknown = coffer.run("kms", "list-keys", "--no-such-flag");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unknown option").contains("--no-such-flag").contains("Usage: coffer kms list-keys");
    CliServer.Result missing = coffer.run("kms", "create-alias", "alias/only-one");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing required parameter").contains("KEY");
    CliServer.Result bare = RpcCliSupport.withoutConfig("kms");
    assertThat(bare.exit()).isEqualTo(2);
    assertThat(bare.err()).contains("Missing required subcommand").contains("create-key").contains("import-key-material");
    CliServer.Result format = coffer.run("kms", "list-keys", "--output", "yaml");
    assertThat(format.exit()).isEqualTo(2);
    assertThat(format.err()).contains("--output");
  }

  @Test
  void help_everySubcommand_printsUsageAndExits0() {
    for (String sub : List.of("create-key", "list-keys", "describe-key", "enable-key", "disable-key",
        "schedule-key-deletion", "cancel-key-deletion", "update-rotation-policy", "create-alias", "list-aliases",
        "delete-alias", "import-key-material", "delete-key-material")) {
      CliServer.Result r = coffer.run("kms", sub, "--help");
      assertThat(r.exit()).as(sub).isZero();
      assertThat(r.out()).as(sub).startsWith("Usage: coffer kms " + sub).contains("--output");
    }
    assertThat(coffer.run("kms", "--help").out()).contains("schedule-key-deletion");
  }

  @Test
  void asAProcess_createDescribeAndAnError_exitStatusesAndOutput() throws Exception {
    CliServer.Result created = coffer.runProcess(60, "kms", "create-key", "--output", "json");
    assertThat(created.exit()).as(created.toString()).isZero();
    String id = new ObjectMapper().readTree(created.out()).get("KeyId").asText();
    assertThat(describe(id).getKeyState()).isEqualTo("Enabled");

    CliServer.Result described = coffer.runProcess(60, "kms", "describe-key", id);
    assertThat(described.exit()).as(described.toString()).isZero();
    assertThat(fields(described.out())).containsEntry("KeyId", id);

    CliServer.Result missing = coffer.runProcess(60, "kms", "enable-key", "no-such-key");
    assertThat(missing.exit()).as(missing.toString()).isEqualTo(1);
    assertThat(missing.err()).contains("ErrorCode=Forbidden.KeyNotFound");
  }

  static DescribeKeyResponse.KeyMetadata describe(String keyId) throws Exception {
    DescribeKeyRequest r = new DescribeKeyRequest();
    r.setKeyId(keyId);
    return kms.call(r).getKeyMetadata();
  }
}
