package io.coffer.cli;

import static io.coffer.cli.RpcCliSupport.assertServiceError;
import static io.coffer.cli.RpcCliSupport.assertUsageError;
import static io.coffer.cli.RpcCliSupport.fields;
import static io.coffer.cli.RpcCliSupport.json;
import static io.coffer.cli.RpcCliSupport.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.OSSObjectSummary;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.ram.model.v20150501.GetPolicyRequest;
import com.aliyuncs.ram.model.v20150501.ListAccessKeysRequest;
import com.aliyuncs.ram.model.v20150501.ListAccessKeysResponse;
import com.aliyuncs.ram.model.v20150501.ListUsersRequest;
import com.fasterxml.jackson.databind.JsonNode;
import io.coffer.cli.client.ClientOptions;
import io.coffer.cli.client.Clients;
import io.coffer.cli.testing.CliServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code coffer ram …} against a real server: users, access keys, policies and attachments, and a
 * user set up entirely by the CLI whose key then works (and works only as far as its policies allow).
 */
class RamCommandsIT {
  @RegisterExtension static final CliServer coffer = new CliServer();
  static final String KMS_READ =
      "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"kms:List*\",\"kms:Describe*\"],\"Resource\":\"*\"}]}";
  static final String ALLOW_ALL = "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
  static Clients.Rpc ram;

  @BeforeAll
  static void sdk() {
    ram = RpcCliSupport.rootSdk(coffer);
  }

  @AfterAll
  static void close() {
    ram.close();
  }

  @Test
  void users_createGetListUpdateDelete() throws Exception {
    Map<String, String> created = fields(ok(coffer, "ram", "create-user", "bob", "--display-name", "Bob",
        "--email", "bob@example.com", "--mobile-phone", "86-18600008888", "--comments", "builds").out());
    assertThat(created).containsEntry("UserName", "bob").containsEntry("DisplayName", "Bob")
        .containsEntry("Email", "bob@example.com").containsEntry("MobilePhone", "86-18600008888")
        .containsEntry("Comments", "builds");
    assertThat(created.get("UserId")).matches("\\d{16}");

    JsonNode got = json(coffer, "ram", "get-user", "bob");
    assertThat(got.get("UserId").asText()).isEqualTo(created.get("UserId"));
    assertThat(got.has("LastLoginDate")).isTrue();

    CliServer.Result listed = ok(coffer, "ram", "list-users");
    assertThat(listed.out().lines().findFirst().orElseThrow()).matches("UserName +UserId +DisplayName +CreateDate");
    assertThat(listed.out()).containsPattern("(?m)^bob +" + created.get("UserId") + " +Bob ");

    Map<String, String> updated = fields(ok(coffer, "ram", "update-user", "bob", "--new-user-name", "robert",
        "--new-display-name", "Robert").out());
    assertThat(updated).containsEntry("UserName", "robert").containsEntry("DisplayName", "Robert")
        .containsEntry("Email", "bob@example.com").containsKey("UpdateDate");
    assertServiceError(coffer.run("ram", "get-user", "bob"), "EntityNotExist.User");

    assertThat(ok(coffer, "ram", "delete-user", "robert").out()).isEqualTo("Deleted user robert.\n");
    assertThat(names(json(coffer, "ram", "list-users").get("Users"), "UserName")).doesNotContain("robert", "bob");
    ListUsersRequest lr = new ListUsersRequest();
    assertThat(ram.call(lr).getUsers()).extracting(u -> u.getUserName()).doesNotContain("robert");
  }

  @Test
  void users_badInput_printsRamErrorsAndChangesNothing() throws Exception {
    ok(coffer, "ram", "create-user", "carol");
    assertServiceError(coffer.run("ram", "create-user", "carol", "--display-name", "Other"), "EntityAlreadyExists.User");
    assertServiceError(coffer.run("ram", "create-user", "no spaces"), "InvalidParameter.UserName.InvalidChars");
    assertServiceError(coffer.run("ram", "update-user", "carol", "--new-email", "not-an-email"),
        "InvalidParameter.NewEmail.Format");
    assertUsageError(coffer.run("ram", "update-user", "carol"), "nothing to change");
    assertServiceError(coffer.run("ram", "delete-user", "nobody"), "EntityNotExist.User");
    JsonNode carol = json(coffer, "ram", "get-user", "carol");
    assertThat(carol.get("DisplayName").asText()).isEmpty();
    assertThat(carol.get("Email").asText()).isEmpty();
    assertThat(names(json(coffer, "ram", "list-users").get("Users"), "UserName")).containsOnlyOnce("carol")
        .doesNotContain("no spaces");
  }

  @Test
  void listUsers_smallPages_listsEveryUserOnce() throws Exception {
    for (int i = 0; i < 5; i++) ok(coffer, "ram", "create-user", "pager-" + i);
    List<String> all = names(json(coffer, "ram", "list-users", "--page-size", "2").get("Users"), "UserName");
    assertThat(all).doesNotHaveDuplicates().contains("pager-0", "pager-1", "pager-2", "pager-3", "pager-4");
    assertThat(all).isEqualTo(names(json(coffer, "ram", "list-users").get("Users"), "UserName"));
    assertServiceError(coffer.run("ram", "list-users", "--page-size", "0"), "InvalidParameter");
  }

  @Test
  void accessKeys_secretShownOnce_listUpdateDelete() throws Exception {
    ok(coffer, "ram", "create-user", "dave");
    CliServer.Result created = ok(coffer, "ram", "create-access-key", "--user-name", "dave");
    Map<String, String> key = fields(created.out());
    String id = key.get("AccessKeyId");
    String secret = key.get("AccessKeySecret");
    assertThat(id).matches("LTAI[A-Za-z0-9]{20}");
    assertThat(secret).matches("[A-Za-z0-9]{30}");
    assertThat(key).containsEntry("Status", "Active");
    assertThat(created.err()).contains("cannot be shown again");

    CliServer.Result listed = ok(coffer, "ram", "list-access-keys", "--user-name", "dave");
    assertThat(listed.out()).containsPattern("(?m)^" + id + " +Active +\\S+$").doesNotContain(secret);
    assertThat(json(coffer, "ram", "list-access-keys", "--user-name", "dave").toString()).doesNotContain(secret);

    try (Clients.Rpc asDave = RpcCliSupport.sdk(coffer, id, secret)) {
      assertThatThrownBy(() -> asDave.call(new ListUsersRequest())).isInstanceOf(ClientException.class)
          .extracting(e -> ((ClientException) e).getErrCode()).isEqualTo("NoPermission");
      assertThat(ok(coffer, "ram", "update-access-key", id, "--status", "Inactive", "--user-name", "dave").out())
          .isEqualTo("Access key " + id + " is now Inactive.\n");
      assertThat(keys("dave")).extracting(ListAccessKeysResponse.AccessKey::getStatus).containsExactly("Inactive");
      assertThatThrownBy(() -> asDave.call(new ListUsersRequest())).isInstanceOf(ClientException.class)
          .extracting(e -> ((ClientException) e).getErrCode()).isEqualTo("InvalidAccessKeyId.Inactive");
    }
    assertServiceError(coffer.run("ram", "update-access-key", id, "--status", "Sleeping", "--user-name", "dave"),
        "InvalidParameter.Status");
    assertUsageError(coffer.run("ram", "update-access-key", id, "--user-name", "dave"), "--status");
    ok(coffer, "ram", "update-access-key", id, "--status", "Active", "--user-name", "dave");
    assertThat(keys("dave")).extracting(ListAccessKeysResponse.AccessKey::getStatus).containsExactly("Active");

    // The account's root key is no RAM user: it must name one.
    assertServiceError(coffer.run("ram", "create-access-key"), "MissingParameter");
    ok(coffer, "ram", "delete-access-key", id, "--user-name", "dave");
    assertThat(ok(coffer, "ram", "list-access-keys", "--user-name", "dave").out()).isEqualTo("No access keys.\n");
    assertServiceError(coffer.run("ram", "delete-access-key", id, "--user-name", "dave"),
        "EntityNotExist.User.AccessKey");
    ok(coffer, "ram", "delete-user", "dave");
  }

  @Test
  void policies_createFromFileOrInline_getListVersionDelete() throws Exception {
    Path file = coffer.work().resolve("kms-read.json");
    Files.writeString(file, KMS_READ);
    Map<String, String> created = fields(ok(coffer, "ram", "create-policy", "kms-read", "--policy-document",
        file.toString(), "--description", "read keys").out());
    assertThat(created).containsEntry("PolicyName", "kms-read").containsEntry("PolicyType", "Custom")
        .containsEntry("DefaultVersion", "v1").containsEntry("Description", "read keys");
    ok(coffer, "ram", "create-policy", "allow-all", "--policy-document", ALLOW_ALL);

    CliServer.Result got = ok(coffer, "ram", "get-policy", "kms-read");
    assertThat(fields(got.out())).containsEntry("AttachmentCount", "0").containsEntry("PolicyDocument", "{");
    assertThat(got.out()).contains("\"Action\" : [ \"kms:List*\", \"kms:Describe*\" ]");
    JsonNode gotJson = json(coffer, "ram", "get-policy", "kms-read");
    assertThat(gotJson.at("/Policy/PolicyDocument").asText()).isEqualTo(KMS_READ);
    assertThat(gotJson.at("/DefaultPolicyVersion/VersionId").asText()).isEqualTo("v1");
    assertThat(json(coffer, "ram", "get-policy", "AliyunKMSFullAccess", "--policy-type", "System")
        .at("/Policy/PolicyType").asText()).isEqualTo("System");

    List<String> custom = names(json(coffer, "ram", "list-policies", "--policy-type", "Custom").get("Policies"),
        "PolicyName");
    assertThat(custom).contains("kms-read", "allow-all").doesNotContain("AdministratorAccess");
    List<String> all = names(json(coffer, "ram", "list-policies", "--page-size", "3").get("Policies"), "PolicyName");
    assertThat(all).doesNotHaveDuplicates().contains("kms-read", "allow-all", "AdministratorAccess",
        "AliyunOSSReadOnlyAccess");
    assertThat(ok(coffer, "ram", "list-policies").out()).containsPattern("(?m)^kms-read +Custom +v1 +0 +read keys$");

    Map<String, String> v2 = fields(ok(coffer, "ram", "create-policy-version", "kms-read", "--policy-document",
        ALLOW_ALL, "--set-as-default").out());
    assertThat(v2).containsEntry("VersionId", "v2").containsEntry("IsDefaultVersion", "true");
    GetPolicyRequest gp = new GetPolicyRequest();
    gp.setPolicyName("kms-read");
    gp.setPolicyType("Custom");
    assertThat(ram.call(gp).getDefaultPolicyVersion().getPolicyDocument()).isEqualTo(ALLOW_ALL);
    assertServiceError(coffer.run("ram", "delete-policy", "kms-read"), "DeleteConflict.Policy.Version");
    assertThat(ok(coffer, "ram", "delete-policy", "allow-all").out()).isEqualTo("Deleted policy allow-all.\n");
    assertServiceError(coffer.run("ram", "get-policy", "allow-all"), "EntityNotExist.Policy");
  }

  @Test
  void policies_badDocuments_areRefusedAndNothingIsCreated() throws Exception {
    assertServiceError(coffer.run("ram", "create-policy", "broken", "--policy-document", "{\"Version\":\"1\""),
        "MalformedPolicyDocument");
    assertUsageError(coffer.run("ram", "create-policy", "broken", "--policy-document",
        coffer.work().resolve("absent.json").toString()), "neither JSON nor a file");
    assertUsageError(coffer.run("ram", "create-policy", "broken"), "--policy-document");
    assertServiceError(coffer.run("ram", "create-policy", "AdministratorAccess", "--policy-document", ALLOW_ALL),
        "EntityAlreadyExists.Policy");
    assertServiceError(coffer.run("ram", "create-policy-version", "absent", "--policy-document", ALLOW_ALL),
        "EntityNotExist.Policy");
    assertThat(names(json(coffer, "ram", "list-policies", "--policy-type", "Custom").get("Policies"), "PolicyName"))
        .doesNotContain("broken");
  }

  @Test
  void attachments_attachListDetach() throws Exception {
    ok(coffer, "ram", "create-user", "erin");
    ok(coffer, "ram", "create-policy", "erin-kms", "--policy-document", KMS_READ);
    CliServer.Result attached = ok(coffer, "ram", "attach-policy-to-user", "--policy-type", "System",
        "--policy-name", "AliyunOSSReadOnlyAccess", "--user-name", "erin");
    assertThat(attached.out()).isEqualTo("Attached System policy AliyunOSSReadOnlyAccess to user erin.\n");
    ok(coffer, "ram", "attach-policy-to-user", "--policy-type", "Custom", "--policy-name", "erin-kms",
        "--user-name", "erin");

    CliServer.Result listed = ok(coffer, "ram", "list-policies-for-user", "erin");
    assertThat(listed.out().lines().findFirst().orElseThrow())
        .matches("PolicyName +PolicyType +DefaultVersion +AttachDate +Description");
    assertThat(listed.out()).containsPattern("(?m)^AliyunOSSReadOnlyAccess +System +v1 ")
        .containsPattern("(?m)^erin-kms +Custom +v1 ");
    assertThat(names(json(coffer, "ram", "list-policies-for-user", "erin").get("Policies"), "PolicyName"))
        .containsExactly("AliyunOSSReadOnlyAccess", "erin-kms");

    assertServiceError(coffer.run("ram", "attach-policy-to-user", "--policy-type", "Custom", "--policy-name",
        "erin-kms", "--user-name", "erin"), "EntityAlreadyExists.User.Policy");
    assertServiceError(coffer.run("ram", "attach-policy-to-user", "--policy-type", "Custom", "--policy-name",
        "absent", "--user-name", "erin"), "EntityNotExist.Policy");
    assertUsageError(coffer.run("ram", "attach-policy-to-user", "--policy-name", "erin-kms", "--user-name", "erin"),
        "--policy-type");
    assertServiceError(coffer.run("ram", "delete-user", "erin"), "DeleteConflict.User.Policy");

    ok(coffer, "ram", "detach-policy-from-user", "--policy-type", "System", "--policy-name",
        "AliyunOSSReadOnlyAccess", "--user-name", "erin");
    assertThat(names(json(coffer, "ram", "list-policies-for-user", "erin").get("Policies"), "PolicyName"))
        .containsExactly("erin-kms");
    assertServiceError(coffer.run("ram", "detach-policy-from-user", "--policy-type", "System", "--policy-name",
        "AliyunOSSReadOnlyAccess", "--user-name", "erin"), "EntityNotExist.User.Policy");
  }

  @Test
  void userMadeByTheCli_getsAKeyAndPolicies_andItsKeyWorksAsFarAsTheyAllow() throws Exception {
    try (Clients.Rpc kms = RpcCliSupport.rootSdk(coffer)) {
      kms.call(new com.aliyuncs.kms.model.v20160120.CreateKeyRequest());
    }
    OSS root = Clients.oss(resolved(CliServer.ACCESS_KEY_ID, CliServer.ACCESS_KEY_SECRET));
    try {
      root.createBucket("cli-ram-bucket");
      root.putObject("cli-ram-bucket", "hello.txt", new ByteArrayInputStream("hi".getBytes(StandardCharsets.UTF_8)));
    } finally {
      root.shutdown();
    }

    ok(coffer, "ram", "create-user", "frank");
    JsonNode key = json(coffer, "ram", "create-access-key", "--user-name", "frank");
    String id = key.get("AccessKeyId").asText();
    String secret = key.get("AccessKeySecret").asText();

    // Without policies the key authenticates but may do nothing.
    assertServiceError(coffer.run("kms", "list-keys", "-i", id, "-k", secret), "Forbidden.NoPermission");
    OSS asFrank = Clients.oss(resolved(id, secret));
    try {
      assertThatThrownBy(() -> asFrank.listObjects("cli-ram-bucket")).isInstanceOf(OSSException.class)
          .extracting(e -> ((OSSException) e).getErrorCode()).isEqualTo("AccessDenied");

      ok(coffer, "ram", "create-policy", "frank-kms", "--policy-document", KMS_READ);
      ok(coffer, "ram", "attach-policy-to-user", "--policy-type", "Custom", "--policy-name", "frank-kms",
          "--user-name", "frank");
      ok(coffer, "ram", "attach-policy-to-user", "--policy-type", "System", "--policy-name",
          "AliyunOSSReadOnlyAccess", "--user-name", "frank");

      JsonNode keys = json(coffer, "kms", "list-keys", "-i", id, "-k", secret).get("Keys");
      assertThat(keys.size()).isPositive();
      assertThat(asFrank.listObjects("cli-ram-bucket").getObjectSummaries()).extracting(OSSObjectSummary::getKey)
          .containsExactly("hello.txt");
      // Read-only: writing stays refused, and so do RAM and KMS changes.
      assertThatThrownBy(() -> asFrank.putObject("cli-ram-bucket", "x", new ByteArrayInputStream(new byte[1])))
          .isInstanceOf(OSSException.class).extracting(e -> ((OSSException) e).getErrorCode()).isEqualTo("AccessDenied");
      assertServiceError(coffer.run("kms", "create-key", "-i", id, "-k", secret), "Forbidden.NoPermission");
      assertServiceError(coffer.run("ram", "list-users", "-i", id, "-k", secret), "NoPermission");
      assertThat(keys.size()).isEqualTo(json(coffer, "kms", "list-keys").get("Keys").size());
    } finally {
      asFrank.shutdown();
    }
  }

  @Test
  void usage_helpEverywhere_unknownFlagsAndMissingArguments() {
    for (String sub : List.of("create-user", "get-user", "list-users", "update-user", "delete-user",
        "create-access-key", "list-access-keys", "update-access-key", "delete-access-key", "create-policy",
        "get-policy", "list-policies", "delete-policy", "create-policy-version", "attach-policy-to-user",
        "detach-policy-from-user", "list-policies-for-user")) {
      CliServer.Result r = coffer.run("ram", sub, "--help");
      assertThat(r.exit()).as(sub).isZero();
      assertThat(r.out()).as(sub).startsWith("Usage: coffer ram " + sub).contains("--rpc-endpoint");
    }
    CliServer.Result unknown = coffer.run("ram", "list-users", "--user", "x");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unknown option").contains("Usage: coffer ram list-users");
    CliServer.Result missing = coffer.run("ram", "get-user");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing required parameter").contains("NAME");
    CliServer.Result bare = RpcCliSupport.withoutConfig("ram");
    assertThat(bare.exit()).isEqualTo(2);
    assertThat(bare.err()).contains("Missing required subcommand").contains("attach-policy-to-user");
    CliServer.Result noEndpoint = RpcCliSupport.withoutConfig("ram", "list-users", "-c",
        coffer.work().resolve("none").toString(), "-e", coffer.endpoint(), "-i", "x", "-k", "y");
    assertThat(noEndpoint.exit()).isEqualTo(2);
    assertThat(noEndpoint.err()).contains("--rpc-endpoint");
  }

  @Test
  void asAProcess_listAndAnError() throws Exception {
    ok(coffer, "ram", "create-user", "proc-user");
    CliServer.Result listed = coffer.runProcess(60, "ram", "list-users", "--output", "json");
    assertThat(listed.exit()).as(listed.toString()).isZero();
    assertThat(listed.out()).contains("\"UserName\" : \"proc-user\"");
    CliServer.Result missing = coffer.runProcess(60, "ram", "get-user", "nobody");
    assertThat(missing.exit()).as(missing.toString()).isEqualTo(1);
    assertThat(missing.err()).contains("ErrorCode=EntityNotExist.User");
  }

  private static List<ListAccessKeysResponse.AccessKey> keys(String user) throws Exception {
    ListAccessKeysRequest r = new ListAccessKeysRequest();
    r.setUserName(user);
    return ram.call(r).getAccessKeys();
  }

  private static List<String> names(JsonNode array, String field) {
    return array.findValuesAsText(field);
  }

  private static ClientOptions.Resolved resolved(String id, String secret) {
    return new ClientOptions.Resolved(coffer.endpoint(), id, secret, coffer.rpcEndpoint(), "cn-hangzhou");
  }
}
