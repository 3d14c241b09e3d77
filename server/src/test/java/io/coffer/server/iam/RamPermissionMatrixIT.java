package io.coffer.server.iam;

import static io.coffer.server.iam.IamTesting.assertRpcError;
import static io.coffer.server.iam.IamTesting.policy;
import static io.coffer.server.iam.IamTesting.statement;
import static io.coffer.server.iam.IamTesting.stmt;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.kms.model.v20160120.ListKeysRequest;
import com.aliyuncs.ram.model.v20150501.AttachPolicyToUserRequest;
import com.aliyuncs.ram.model.v20150501.CreateAccessKeyRequest;
import com.aliyuncs.ram.model.v20150501.CreatePolicyVersionRequest;
import com.aliyuncs.ram.model.v20150501.CreateUserRequest;
import com.aliyuncs.ram.model.v20150501.DeleteAccessKeyRequest;
import com.aliyuncs.ram.model.v20150501.DeletePolicyRequest;
import com.aliyuncs.ram.model.v20150501.DeletePolicyVersionRequest;
import com.aliyuncs.ram.model.v20150501.DeleteUserRequest;
import com.aliyuncs.ram.model.v20150501.DetachPolicyFromUserRequest;
import com.aliyuncs.ram.model.v20150501.GetPolicyRequest;
import com.aliyuncs.ram.model.v20150501.GetPolicyResponse;
import com.aliyuncs.ram.model.v20150501.GetPolicyVersionRequest;
import com.aliyuncs.ram.model.v20150501.GetUserRequest;
import com.aliyuncs.ram.model.v20150501.GetUserResponse;
import com.aliyuncs.ram.model.v20150501.ListAccessKeysRequest;
import com.aliyuncs.ram.model.v20150501.ListAccessKeysResponse;
import com.aliyuncs.ram.model.v20150501.ListPoliciesForUserRequest;
import com.aliyuncs.ram.model.v20150501.ListPoliciesForUserResponse;
import com.aliyuncs.ram.model.v20150501.ListPoliciesRequest;
import com.aliyuncs.ram.model.v20150501.ListPoliciesResponse;
import com.aliyuncs.ram.model.v20150501.ListPolicyVersionsRequest;
import com.aliyuncs.ram.model.v20150501.ListPolicyVersionsResponse;
import com.aliyuncs.ram.model.v20150501.ListUsersRequest;
import com.aliyuncs.ram.model.v20150501.ListUsersResponse;
import com.aliyuncs.ram.model.v20150501.SetDefaultPolicyVersionRequest;
import com.aliyuncs.ram.model.v20150501.UpdateAccessKeyRequest;
import com.aliyuncs.ram.model.v20150501.UpdatePolicyDescriptionRequest;
import com.aliyuncs.ram.model.v20150501.UpdateUserRequest;
import io.coffer.server.iam.IamTesting.Caller;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.PopClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The RAM permission matrix: every RAM action Coffer serves, through the official RAM SDK request
 * classes, by RAM users with system policies, a custom policy scoped to one user's ARN, and the
 * root identity, against a table written out by hand. Allowed cells do their work; denied ones
 * are 403 NoPermission and change nothing. Cells that change a user or policy make their own.
 */
class RamPermissionMatrixIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String SHARED_DOC = statement("Allow", "\"oss:GetObject\"", "\"acs:oss:*:*:nowhere/*\"");
  static final String OTHER_DOC = statement("Allow", "\"oss:ListObjects\"", "\"acs:oss:*:*:nowhere\"");

  enum Col {
    NONE("u-none"), OSS_FULL("u-oss-full"), KMS_FULL("u-kms-full"), RAM_READ("u-ram-read"), RAM_FULL("u-ram-full"),
    ADMIN("u-admin"), ROOT("root"), TARGET_READER("u-target-reader");

    final String caller;

    Col(String caller) {
      this.caller = caller;
    }
  }

  /**
   * targetReader: ram:GetUser, ram:ListAccessKeys and ram:ListPoliciesForUser on
   * {@code user/target} only. User and AccessKey actions name the user's ARN (CreateUser and
   * ListUsers {@code user/*}), policy actions the policy's, attachments both.
   */
  static final String HEADER = "none ossFull kmsFull ramRead ramFull admin root targetReader";
  static final List<String> TABLE = List.of(
      "CreateUser                -    -       -       -       Y       Y     Y    -",
      "GetUser                   -    -       -       Y       Y       Y     Y    Y",
      "UpdateUser                -    -       -       -       Y       Y     Y    -",
      "DeleteUser                -    -       -       -       Y       Y     Y    -",
      "ListUsers                 -    -       -       Y       Y       Y     Y    -",
      "CreateAccessKey           -    -       -       -       Y       Y     Y    -",
      "UpdateAccessKey           -    -       -       -       Y       Y     Y    -",
      "DeleteAccessKey           -    -       -       -       Y       Y     Y    -",
      "ListAccessKeys            -    -       -       Y       Y       Y     Y    Y",
      "CreatePolicy              -    -       -       -       Y       Y     Y    -",
      "GetPolicy                 -    -       -       Y       Y       Y     Y    -",
      "DeletePolicy              -    -       -       -       Y       Y     Y    -",
      "ListPolicies              -    -       -       Y       Y       Y     Y    -",
      "UpdatePolicyDescription   -    -       -       -       Y       Y     Y    -",
      "CreatePolicyVersion       -    -       -       -       Y       Y     Y    -",
      "GetPolicyVersion          -    -       -       Y       Y       Y     Y    -",
      "ListPolicyVersions        -    -       -       Y       Y       Y     Y    -",
      "DeletePolicyVersion       -    -       -       -       Y       Y     Y    -",
      "SetDefaultPolicyVersion   -    -       -       -       Y       Y     Y    -",
      "AttachPolicyToUser        -    -       -       -       Y       Y     Y    -",
      "DetachPolicyFromUser      -    -       -       -       Y       Y     Y    -",
      "ListPoliciesForUser       -    -       -       Y       Y       Y     Y    Y");

  static PopClient ram;
  static final Map<String, Caller> callers = new LinkedHashMap<>();

  @BeforeAll
  static void setUp() throws Exception {
    ram = coffer.kms();
    IamTesting.createPolicy(ram, "shared-policy", SHARED_DOC);
    description("shared-policy", "shared");
    IamTesting.createPolicy(ram, "target-reader", policy(stmt("Allow",
        "[\"ram:GetUser\",\"ram:ListAccessKeys\",\"ram:ListPoliciesForUser\"]", "\"acs:ram:*:*:user/target\"", null)));
    IamTesting.ramUser(coffer, "target", List.of("Custom:shared-policy"));
    displayName("target", "target-display");
    Map<String, List<String>> users = new LinkedHashMap<>();
    users.put("u-none", List.of());
    users.put("u-oss-full", List.of("System:AliyunOSSFullAccess"));
    users.put("u-kms-full", List.of("System:AliyunKMSFullAccess"));
    users.put("u-ram-read", List.of("System:AliyunRAMReadOnlyAccess"));
    users.put("u-ram-full", List.of("System:AliyunRAMFullAccess"));
    users.put("u-admin", List.of("System:AdministratorAccess"));
    users.put("u-target-reader", List.of("Custom:target-reader"));
    for (var u : users.entrySet()) callers.put(u.getKey(), IamTesting.ramUser(coffer, u.getKey(), u.getValue()));
    callers.put("root", IamTesting.root(coffer));
  }

  /** One cell's working state; {@code name} is the cell's own user or policy name. */
  static final class Row {
    final Col col;
    final PopClient pop;
    final String name;
    final String slug;
    Object result;
    String keyId;

    Row(Col col, String op) {
      this.col = col;
      this.pop = callers.get(col.caller).pop();
      this.slug = col.name().toLowerCase().replace('_', '-');
      this.name = "m-" + op.toLowerCase() + "-" + slug;
    }
  }

  @TestFactory
  Stream<DynamicTest> everyRamAction_byEveryCaller_isAllowedExactlyWhereTheTableSays() {
    return new Matrix<Col, Row>(Col.class, HEADER, TABLE).cells(ops(), (op, col) -> new Row(col, op.name),
        col -> col.caller, (col, act) -> assertRpcError(act, "NoPermission"));
  }

  static Matrix.Op<Row> op(String name) {
    return new Matrix.Op<>(name);
  }

  @SuppressWarnings("unchecked")
  static List<Matrix.Op<Row>> ops() {
    return List.of(
        op("CreateUser").act(r -> createUser(r.pop, r.name))
            .done(r -> assertThat(user(r.name).getUserName()).isEqualTo(r.name))
            .unchanged(r -> assertRpcError(() -> user(r.name), "EntityNotExist.User"))
            .cleanUp(r -> dropUser(r.name)),
        op("GetUser").act(r -> r.result = getUser(r.pop, "target").getDisplayName())
            .done(r -> assertThat(r.result).isEqualTo("target-display")),
        op("UpdateUser").act(r -> displayName(r.pop, "target", "by-" + r.slug))
            .done(r -> assertThat(user("target").getDisplayName()).isEqualTo("by-" + r.slug))
            .unchanged(r -> assertThat(user("target").getDisplayName()).isEqualTo("target-display"))
            .cleanUp(r -> displayName("target", "target-display")),
        op("DeleteUser").arrange(r -> createUser(ram, r.name))
            .act(r -> {
              DeleteUserRequest d = new DeleteUserRequest();
              d.setUserName(r.name);
              r.pop.call(d);
            })
            .done(r -> assertRpcError(() -> user(r.name), "EntityNotExist.User"))
            .unchanged(r -> assertThat(user(r.name).getUserName()).isEqualTo(r.name))
            .cleanUp(r -> dropUser(r.name)),
        op("ListUsers").act(r -> r.result = r.pop.call(new ListUsersRequest()).getUsers().stream()
                .map(ListUsersResponse.User::getUserName).toList())
            .done(r -> assertThat((List<String>) r.result).contains("target", "u-none", "u-admin")),
        op("CreateAccessKey").arrange(r -> createUser(ram, r.name))
            .act(r -> {
              CreateAccessKeyRequest c = new CreateAccessKeyRequest();
              c.setUserName(r.name);
              r.result = r.pop.call(c).getAccessKey().getAccessKeyId();
            })
            .done(r -> assertThat(keyIds(r.name)).containsExactly((String) r.result))
            .unchanged(r -> assertThat(keyIds(r.name)).isEmpty())
            .cleanUp(r -> dropUser(r.name)),
        op("UpdateAccessKey").arrange(RamPermissionMatrixIT::userWithKey)
            .act(r -> {
              UpdateAccessKeyRequest u = new UpdateAccessKeyRequest();
              u.setUserName(r.name);
              u.setUserAccessKeyId(r.keyId);
              u.setStatus("Inactive");
              r.pop.call(u);
            })
            .done(r -> assertThat(keyStatuses(r.name)).containsExactly("Inactive"))
            .unchanged(r -> assertThat(keyStatuses(r.name)).containsExactly("Active"))
            .cleanUp(r -> dropUser(r.name)),
        op("DeleteAccessKey").arrange(RamPermissionMatrixIT::userWithKey)
            .act(r -> deleteKey(r.pop, r.name, r.keyId))
            .done(r -> assertThat(keyIds(r.name)).isEmpty())
            .unchanged(r -> assertThat(keyIds(r.name)).containsExactly(r.keyId))
            .cleanUp(r -> dropUser(r.name)),
        op("ListAccessKeys").act(r -> r.result = keys(r.pop, "target").size())
            .done(r -> assertThat(r.result).isEqualTo(1)),
        op("CreatePolicy").act(r -> IamTesting.createPolicy(r.pop, r.name, SHARED_DOC))
            .done(r -> assertThat(getPolicy(ram, r.name).getPolicyDocument()).isEqualTo(SHARED_DOC))
            .unchanged(r -> assertRpcError(() -> getPolicy(ram, r.name), "EntityNotExist.Policy"))
            .cleanUp(r -> dropPolicy(r.name)),
        op("GetPolicy").act(r -> r.result = getPolicy(r.pop, "shared-policy").getPolicyDocument())
            .done(r -> assertThat(r.result).isEqualTo(SHARED_DOC)),
        op("DeletePolicy").arrange(r -> IamTesting.createPolicy(ram, r.name, SHARED_DOC))
            .act(r -> {
              DeletePolicyRequest d = new DeletePolicyRequest();
              d.setPolicyName(r.name);
              r.pop.call(d);
            })
            .done(r -> assertRpcError(() -> getPolicy(ram, r.name), "EntityNotExist.Policy"))
            .unchanged(r -> assertThat(getPolicy(ram, r.name).getPolicyName()).isEqualTo(r.name))
            .cleanUp(r -> dropPolicy(r.name)),
        op("ListPolicies").act(r -> r.result = policyNames(r.pop))
            .done(r -> assertThat((List<String>) r.result).contains("Custom:shared-policy", "System:AdministratorAccess")),
        op("UpdatePolicyDescription").act(r -> description(r.pop, "shared-policy", "by " + r.slug))
            .done(r -> assertThat(getPolicy(ram, "shared-policy").getDescription()).isEqualTo("by " + r.slug))
            .unchanged(r -> assertThat(getPolicy(ram, "shared-policy").getDescription()).isEqualTo("shared"))
            .cleanUp(r -> description("shared-policy", "shared")),
        op("CreatePolicyVersion").arrange(r -> IamTesting.createPolicy(ram, r.name, SHARED_DOC))
            .act(r -> newVersion(r.pop, r.name))
            .done(r -> assertThat(versions(r.name)).containsExactly("v1", "v2"))
            .unchanged(r -> assertThat(versions(r.name)).containsExactly("v1"))
            .cleanUp(r -> dropPolicy(r.name)),
        op("GetPolicyVersion").act(r -> {
              GetPolicyVersionRequest g = new GetPolicyVersionRequest();
              g.setPolicyType("Custom");
              g.setPolicyName("shared-policy");
              g.setVersionId("v1");
              r.result = r.pop.call(g).getPolicyVersion().getPolicyDocument();
            })
            .done(r -> assertThat(r.result).isEqualTo(SHARED_DOC)),
        op("ListPolicyVersions").act(r -> r.result = versions(r.pop, "shared-policy"))
            .done(r -> assertThat((List<String>) r.result).containsExactly("v1")),
        op("DeletePolicyVersion").arrange(RamPermissionMatrixIT::policyWithTwoVersions)
            .act(r -> {
              DeletePolicyVersionRequest d = new DeletePolicyVersionRequest();
              d.setPolicyName(r.name);
              d.setVersionId("v2");
              r.pop.call(d);
            })
            .done(r -> assertThat(versions(r.name)).containsExactly("v1"))
            .unchanged(r -> assertThat(versions(r.name)).containsExactly("v1", "v2"))
            .cleanUp(r -> dropPolicy(r.name)),
        op("SetDefaultPolicyVersion").arrange(RamPermissionMatrixIT::policyWithTwoVersions)
            .act(r -> {
              SetDefaultPolicyVersionRequest s = new SetDefaultPolicyVersionRequest();
              s.setPolicyName(r.name);
              s.setVersionId("v2");
              r.pop.call(s);
            })
            .done(r -> assertThat(getPolicy(ram, r.name).getDefaultVersion()).isEqualTo("v2"))
            .unchanged(r -> assertThat(getPolicy(ram, r.name).getDefaultVersion()).isEqualTo("v1"))
            .cleanUp(r -> dropPolicy(r.name)),
        op("AttachPolicyToUser").arrange(r -> createUser(ram, r.name))
            .act(r -> attach(r.pop, "System", "AliyunOSSReadOnlyAccess", r.name))
            .done(r -> assertThat(policiesOf(ram, r.name)).containsExactly("System:AliyunOSSReadOnlyAccess"))
            .unchanged(r -> assertThat(policiesOf(ram, r.name)).isEmpty())
            .cleanUp(r -> dropUser(r.name)),
        op("DetachPolicyFromUser").arrange(r -> {
              createUser(ram, r.name);
              attach(ram, "System", "AliyunOSSReadOnlyAccess", r.name);
            })
            .act(r -> detach(r.pop, "System", "AliyunOSSReadOnlyAccess", r.name))
            .done(r -> assertThat(policiesOf(ram, r.name)).isEmpty())
            .unchanged(r -> assertThat(policiesOf(ram, r.name)).containsExactly("System:AliyunOSSReadOnlyAccess"))
            .cleanUp(r -> dropUser(r.name)),
        op("ListPoliciesForUser").act(r -> r.result = policiesOf(r.pop, "target"))
            .done(r -> assertThat((List<String>) r.result).containsExactly("Custom:shared-policy")));
  }

  /**
   * A user whose only policy lets it manage its own access keys rotates them (a key action with no
   * UserName names the caller), but can touch no one else's keys and cannot widen its own rights.
   */
  @Test
  void selfServiceKeysPolicy_rotatesItsOwnKeys_butNoOneElsesAndCannotAttachPolicies() throws Exception {
    IamTesting.createPolicy(ram, "own-keys", policy(stmt("Allow", "\"ram:*AccessKey*\"",
        "\"acs:ram:*:*:user/u-self\"", null)));
    Caller self = IamTesting.ramUser(coffer, "u-self", List.of("Custom:own-keys"));

    String fresh = self.pop().call(new CreateAccessKeyRequest()).getAccessKey().getAccessKeyId();
    assertThat(keyIds("u-self")).containsExactlyInAnyOrder(self.accessKeyId(), fresh);
    deleteKey(self.pop(), "u-self", fresh);
    assertThat(keys(self.pop(), "u-self")).extracting(ListAccessKeysResponse.AccessKey::getAccessKeyId)
        .containsExactly(self.accessKeyId());

    List<String> targetKeys = keyIds("target");
    assertRpcError(() -> keys(self.pop(), "target"), "NoPermission");
    CreateAccessKeyRequest forTarget = new CreateAccessKeyRequest();
    forTarget.setUserName("target");
    assertRpcError(() -> self.pop().call(forTarget), "NoPermission");
    assertRpcError(() -> deleteKey(self.pop(), "target", targetKeys.get(0)), "NoPermission");
    assertThat(keyIds("target")).isEqualTo(targetKeys);
    assertRpcError(() -> attach(self.pop(), "System", "AdministratorAccess", "u-self"), "NoPermission");
    assertThat(policiesOf(ram, "u-self")).containsExactly("Custom:own-keys");
    // Its rights stop at RAM: the key signs, but nothing else is granted.
    assertRpcError(() -> self.pop().call(new ListKeysRequest()), "Forbidden.NoPermission");
  }

  // ---- calls (as root on `ram` unless a client is given) ----

  static void createUser(PopClient pop, String name) throws ClientException {
    CreateUserRequest c = new CreateUserRequest();
    c.setUserName(name);
    pop.call(c);
  }

  static GetUserResponse.User getUser(PopClient pop, String name) throws ClientException {
    GetUserRequest g = new GetUserRequest();
    g.setUserName(name);
    return pop.call(g).getUser();
  }

  static GetUserResponse.User user(String name) throws ClientException {
    return getUser(ram, name);
  }

  static void displayName(PopClient pop, String user, String displayName) throws ClientException {
    UpdateUserRequest u = new UpdateUserRequest();
    u.setUserName(user);
    u.setNewDisplayName(displayName);
    pop.call(u);
  }

  static void displayName(String user, String displayName) throws ClientException {
    displayName(ram, user, displayName);
  }

  static List<ListAccessKeysResponse.AccessKey> keys(PopClient pop, String user) throws ClientException {
    ListAccessKeysRequest l = new ListAccessKeysRequest();
    l.setUserName(user);
    return pop.call(l).getAccessKeys();
  }

  static List<String> keyIds(String user) throws ClientException {
    return keys(ram, user).stream().map(ListAccessKeysResponse.AccessKey::getAccessKeyId).toList();
  }

  static List<String> keyStatuses(String user) throws ClientException {
    return keys(ram, user).stream().map(ListAccessKeysResponse.AccessKey::getStatus).toList();
  }

  static void userWithKey(Row r) throws ClientException {
    createUser(ram, r.name);
    CreateAccessKeyRequest c = new CreateAccessKeyRequest();
    c.setUserName(r.name);
    r.keyId = ram.call(c).getAccessKey().getAccessKeyId();
  }

  static void deleteKey(PopClient pop, String user, String keyId) throws ClientException {
    DeleteAccessKeyRequest d = new DeleteAccessKeyRequest();
    d.setUserName(user);
    d.setUserAccessKeyId(keyId);
    pop.call(d);
  }

  static GetPolicyResponse.Policy getPolicy(PopClient pop, String name) throws ClientException {
    GetPolicyRequest g = new GetPolicyRequest();
    g.setPolicyType("Custom");
    g.setPolicyName(name);
    return pop.call(g).getPolicy();
  }

  static List<String> policyNames(PopClient pop) throws ClientException {
    ListPoliciesRequest l = new ListPoliciesRequest();
    l.setMaxItems(100);
    return pop.call(l).getPolicies().stream()
        .map((ListPoliciesResponse.Policy p) -> p.getPolicyType() + ":" + p.getPolicyName()).toList();
  }

  static void description(PopClient pop, String policy, String text) throws ClientException {
    UpdatePolicyDescriptionRequest u = new UpdatePolicyDescriptionRequest();
    u.setPolicyName(policy);
    u.setNewDescription(text);
    pop.call(u);
  }

  static void description(String policy, String text) throws ClientException {
    description(ram, policy, text);
  }

  static void newVersion(PopClient pop, String policy) throws ClientException {
    CreatePolicyVersionRequest c = new CreatePolicyVersionRequest();
    c.setPolicyName(policy);
    c.setPolicyDocument(OTHER_DOC);
    c.setSetAsDefault(false);
    pop.call(c);
  }

  static void policyWithTwoVersions(Row r) throws ClientException {
    IamTesting.createPolicy(ram, r.name, SHARED_DOC);
    newVersion(ram, r.name);
  }

  static List<String> versions(PopClient pop, String policy) throws ClientException {
    ListPolicyVersionsRequest l = new ListPolicyVersionsRequest();
    l.setPolicyType("Custom");
    l.setPolicyName(policy);
    return pop.call(l).getPolicyVersions().stream().map(ListPolicyVersionsResponse.PolicyVersion::getVersionId)
        .sorted().toList();
  }

  static List<String> versions(String policy) throws ClientException {
    return versions(ram, policy);
  }

  static void attach(PopClient pop, String type, String policy, String user) throws ClientException {
    AttachPolicyToUserRequest a = new AttachPolicyToUserRequest();
    a.setPolicyType(type);
    a.setPolicyName(policy);
    a.setUserName(user);
    pop.call(a);
  }

  static void detach(PopClient pop, String type, String policy, String user) throws ClientException {
    DetachPolicyFromUserRequest d = new DetachPolicyFromUserRequest();
    d.setPolicyType(type);
    d.setPolicyName(policy);
    d.setUserName(user);
    pop.call(d);
  }

  static List<String> policiesOf(PopClient pop, String user) throws ClientException {
    ListPoliciesForUserRequest l = new ListPoliciesForUserRequest();
    l.setUserName(user);
    return pop.call(l).getPolicies().stream()
        .map((ListPoliciesForUserResponse.Policy p) -> p.getPolicyType() + ":" + p.getPolicyName()).toList();
  }

  /** Deletes a user made by a cell, with its keys and attachments, if it is there. */
  static void dropUser(String name) throws ClientException {
    try {
      user(name);
    } catch (ClientException e) {
      return;
    }
    for (String k : keyIds(name)) deleteKey(ram, name, k);
    for (String p : policiesOf(ram, name)) detach(ram, p.split(":")[0], p.split(":")[1], name);
    DeleteUserRequest d = new DeleteUserRequest();
    d.setUserName(name);
    ram.call(d);
  }

  /** Deletes a policy made by a cell, with its non-default versions, if it is there. */
  static void dropPolicy(String name) throws ClientException {
    GetPolicyResponse.Policy p;
    try {
      p = getPolicy(ram, name);
    } catch (ClientException e) {
      return;
    }
    for (String v : versions(name)) {
      if (v.equals(p.getDefaultVersion())) continue;
      DeletePolicyVersionRequest d = new DeletePolicyVersionRequest();
      d.setPolicyName(name);
      d.setVersionId(v);
      ram.call(d);
    }
    DeletePolicyRequest d = new DeletePolicyRequest();
    d.setPolicyName(name);
    ram.call(d);
  }
}
