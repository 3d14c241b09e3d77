package io.coffer.server.iam;

import static io.coffer.server.iam.IamTesting.assertOssDenied;
import static io.coffer.server.iam.IamTesting.assertRpcError;
import static io.coffer.server.iam.IamTesting.in;
import static io.coffer.server.iam.IamTesting.read;
import static io.coffer.server.iam.IamTesting.statement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.kms.model.v20160120.ListKeysRequest;
import com.aliyuncs.ram.model.v20150501.AttachPolicyToUserRequest;
import com.aliyuncs.ram.model.v20150501.CreateAccessKeyRequest;
import com.aliyuncs.ram.model.v20150501.CreatePolicyVersionRequest;
import com.aliyuncs.ram.model.v20150501.CreateUserRequest;
import com.aliyuncs.ram.model.v20150501.DeleteAccessKeyRequest;
import com.aliyuncs.ram.model.v20150501.DeleteUserRequest;
import com.aliyuncs.ram.model.v20150501.DetachPolicyFromUserRequest;
import com.aliyuncs.ram.model.v20150501.GetPolicyRequest;
import com.aliyuncs.ram.model.v20150501.GetUserRequest;
import com.aliyuncs.ram.model.v20150501.ListPoliciesRequest;
import com.aliyuncs.ram.model.v20150501.ListPoliciesResponse;
import com.aliyuncs.ram.model.v20150501.ListPolicyVersionsRequest;
import com.aliyuncs.ram.model.v20150501.ListPolicyVersionsResponse;
import com.aliyuncs.ram.model.v20150501.ListUsersRequest;
import com.aliyuncs.ram.model.v20150501.ListUsersResponse;
import com.aliyuncs.ram.model.v20150501.SetDefaultPolicyVersionRequest;
import com.aliyuncs.ram.model.v20150501.UpdateAccessKeyRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.server.iam.IamTesting.Caller;
import io.coffer.server.rpc.RpcRoutes;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.PopClient;
import io.coffer.server.testing.RpcRawRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What authorization does with bad input: policy documents the policy language refuses (400
 * MalformedPolicyDocument, nothing made, the user's rights unchanged), unknown users, inactive
 * and deleted keys, deleted users, and policy changes taking effect on the very next request.
 */
class IamBadInputIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "bad-input";
  static final String READ_BUCKET = statement("Allow", "[\"oss:GetObject\",\"oss:ListObjects\"]",
      "[\"acs:oss:*:*:bad-input\",\"acs:oss:*:*:bad-input/*\"]");
  static final String DENY_ALL = statement("Deny", "\"*\"", "\"*\"");
  static final List<String> REFUSED = List.of(
      "{\"Version\":\"1\",\"Statement\":[{\"Action\":\"oss:*\",\"Resource\":\"*\"}]}",
      "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"allow\",\"Action\":\"oss:*\",\"Resource\":\"*\"}]}",
      "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"oss:*\",\"NotAction\":\"oss:Get*\","
          + "\"Resource\":\"*\"}]}",
      "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"GetObject\",\"Resource\":\"*\"}]}",
      "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"oss:*\",\"Resource\":\"bad-input/*\"}]}",
      "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"oss:*\",\"NotResource\":\"*\"}]}",
      "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"oss:*\",\"Resource\":\"*\","
          + "\"Principal\":\"*\"}]}",
      "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"oss:*\",\"Resource\":\"*\","
          + "\"Condition\":{\"StringEqualz\":{\"oss:Prefix\":\"a\"}}}]}",
      "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"oss:*\",\"Resource\":\"*\","
          + "\"Condition\":{\"IpAddress\":{\"acs:SourceIp\":\"1.2.3.999\"}}}]}",
      "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"oss:*\",\"Resource\":\"*\","
          + "\"Condition\":{\"DateLessThan\":{\"acs:CurrentTime\":\"yesterday\"}}}]}",
      "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"oss:*\",\"Resource\":\"*\","
          + "\"Condition\":{}}]}",
      "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"oss:*\",\"Resource\":\"*\"}],\"Id\":\"x\"}",
      "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[],\"Resource\":\"*\"}]}");
  static final ObjectMapper JSON = new ObjectMapper();
  static OSS root;
  static PopClient ram;

  @BeforeAll
  static void setUp() {
    root = coffer.client();
    ram = coffer.kms();
    root.createBucket(BUCKET);
    root.putObject(BUCKET, "doc.txt", in("document"));
  }

  // ---- malformed documents ----

  @Test
  void documentsThePolicyLanguageRefuses_areMalformedPolicyDocument400_andChangeNoRights() throws Exception {
    IamTesting.createPolicy(ram, "readers", READ_BUCKET);
    Caller reader = IamTesting.ramUser(coffer, "reader", List.of("Custom:readers"));
    List<String> before = customPolicies();
    for (String doc : REFUSED) {
      assertRpcError(() -> IamTesting.createPolicy(ram, "refused", doc), "MalformedPolicyDocument");
      CreatePolicyVersionRequest v = new CreatePolicyVersionRequest();
      v.setPolicyName("readers");
      v.setPolicyDocument(doc);
      v.setSetAsDefault(true);
      assertRpcError(() -> ram.call(v), "MalformedPolicyDocument");
      HttpResponse<String> raw = RpcRawRequest.v1("CreatePolicyVersion").version(RpcRoutes.RAM)
          .param("PolicyName", "readers").param("PolicyDocument", doc).param("SetAsDefault", "true").send(coffer);
      assertThat(raw.statusCode()).as(doc).isEqualTo(400);
      assertThat(JSON.readTree(raw.body()).path("Code").asText()).isEqualTo("MalformedPolicyDocument");
    }
    assertThat(customPolicies()).isEqualTo(before);
    ListPolicyVersionsRequest lv = new ListPolicyVersionsRequest();
    lv.setPolicyType("Custom");
    lv.setPolicyName("readers");
    assertThat(ram.call(lv).getPolicyVersions()).extracting(ListPolicyVersionsResponse.PolicyVersion::getVersionId)
        .containsExactly("v1");
    // The reader reads as before, and still cannot write.
    assertThat(read(reader.oss(), BUCKET, "doc.txt")).isEqualTo("document");
    assertOssDenied(() -> reader.oss().putObject(BUCKET, "by-reader", in("x")));
    assertThat(root.doesObjectExist(BUCKET, "by-reader")).isFalse();
  }

  // ---- unknown users ----

  @Test
  void unknownUsers_areEntityNotExistForThoseAllowedToAsk_andNoPermissionForOthers() throws Exception {
    Caller admin = IamTesting.ramUser(coffer, "ram-admin", List.of("System:AliyunRAMFullAccess"));
    Caller nobody = IamTesting.ramUser(coffer, "no-rights", List.of());
    GetUserRequest get = new GetUserRequest();
    get.setUserName("ghost");
    AttachPolicyToUserRequest attach = new AttachPolicyToUserRequest();
    attach.setPolicyType("System");
    attach.setPolicyName("AdministratorAccess");
    attach.setUserName("ghost");
    CreateAccessKeyRequest key = new CreateAccessKeyRequest();
    key.setUserName("ghost");
    int attachments = attachmentCount("AdministratorAccess");
    for (PopClient asker : List.of(ram, admin.pop())) {
      assertRpcError(() -> asker.call(get), "EntityNotExist.User");
      assertRpcError(() -> asker.call(attach), "EntityNotExist.User");
      assertRpcError(() -> asker.call(key), "EntityNotExist.User");
    }
    // Authorisation comes first: a caller without rights learns nothing about who exists.
    assertRpcError(() -> nobody.pop().call(get), "NoPermission");
    assertRpcError(() -> nobody.pop().call(attach), "NoPermission");
    GetUserRequest real = new GetUserRequest();
    real.setUserName("ram-admin");
    assertRpcError(() -> nobody.pop().call(real), "NoPermission");
    assertThat(userNames()).doesNotContain("ghost");
    assertThat(attachmentCount("AdministratorAccess")).isEqualTo(attachments);
  }

  // ---- keys and users that are gone ----

  @Test
  void anAdministratorsInactiveOrDeletedKey_doesNothingAnywhere() throws Exception {
    Caller admin = IamTesting.ramUser(coffer, "admin-keys", List.of("System:AdministratorAccess"));
    assertThat(read(admin.oss(), BUCKET, "doc.txt")).isEqualTo("document");

    UpdateAccessKeyRequest off = new UpdateAccessKeyRequest();
    off.setUserName("admin-keys");
    off.setUserAccessKeyId(admin.accessKeyId());
    off.setStatus("Inactive");
    ram.call(off);
    assertRefusedEverywhere(admin, "InvalidAccessKeyId.Inactive", "by-inactive");

    DeleteAccessKeyRequest del = new DeleteAccessKeyRequest();
    del.setUserName("admin-keys");
    del.setUserAccessKeyId(admin.accessKeyId());
    ram.call(del);
    assertRefusedEverywhere(admin, "InvalidAccessKeyId.NotFound", "by-deleted");
  }

  @Test
  void aDeletedUsersKey_isRefused_evenOnceAUserOfTheSameNameHasRightsAgain() throws Exception {
    Caller leaver = IamTesting.ramUser(coffer, "leaver", List.of("System:AliyunOSSFullAccess"));
    leaver.oss().putObject(BUCKET, "by-leaver", in("before"));
    DeleteAccessKeyRequest del = new DeleteAccessKeyRequest();
    del.setUserName("leaver");
    del.setUserAccessKeyId(leaver.accessKeyId());
    ram.call(del);
    DetachPolicyFromUserRequest detach = new DetachPolicyFromUserRequest();
    detach.setPolicyType("System");
    detach.setPolicyName("AliyunOSSFullAccess");
    detach.setUserName("leaver");
    ram.call(detach);
    DeleteUserRequest d = new DeleteUserRequest();
    d.setUserName("leaver");
    ram.call(d);
    assertRefusedEverywhere(leaver, "InvalidAccessKeyId.NotFound", "by-leaver-after");

    CreateUserRequest again = new CreateUserRequest();
    again.setUserName("leaver");
    ram.call(again);
    IamTesting.attach(ram, "System:AdministratorAccess", "leaver");
    assertRefusedEverywhere(leaver, "InvalidAccessKeyId.NotFound", "by-leaver-after");
    assertThat(read(root, BUCKET, "by-leaver")).isEqualTo("before");
  }

  /** The key signs nothing: OSS, KMS and RAM refuse it at authentication, and nothing changes. */
  static void assertRefusedEverywhere(Caller c, String rpcCode, String key) throws Exception {
    OSSException e = catchThrowableOfType(OSSException.class,
        () -> c.oss().putObject(BUCKET, key, in("refused")));
    assertThat(e).isNotNull();
    assertThat(e.getErrorCode()).isEqualTo("InvalidAccessKeyId");
    assertThat(catchThrowableOfType(OSSException.class, () -> read(c.oss(), BUCKET, "doc.txt")).getErrorCode())
        .isEqualTo("InvalidAccessKeyId");
    assertThat(root.doesObjectExist(BUCKET, key)).isFalse();
    assertRpcError(() -> c.pop().call(new ListKeysRequest()), rpcCode);
    CreateUserRequest u = new CreateUserRequest();
    u.setUserName("made-by-" + key);
    assertRpcError(() -> c.pop().call(u), rpcCode);
    assertThat(userNames()).doesNotContain("made-by-" + key);
  }

  // ---- changes take effect at once ----

  @Test
  void policyChanges_governTheNextRequest() throws Exception {
    IamTesting.createPolicy(ram, "switchable", READ_BUCKET);
    Caller c = IamTesting.ramUser(coffer, "switched", List.of("Custom:switchable"));
    assertThat(read(c.oss(), BUCKET, "doc.txt")).isEqualTo("document");

    CreatePolicyVersionRequest v2 = new CreatePolicyVersionRequest();
    v2.setPolicyName("switchable");
    v2.setPolicyDocument(DENY_ALL);
    v2.setSetAsDefault(true);
    ram.call(v2);
    assertOssDenied(() -> read(c.oss(), BUCKET, "doc.txt"));
    SetDefaultPolicyVersionRequest back = new SetDefaultPolicyVersionRequest();
    back.setPolicyName("switchable");
    back.setVersionId("v1");
    ram.call(back);
    assertThat(read(c.oss(), BUCKET, "doc.txt")).isEqualTo("document");

    DetachPolicyFromUserRequest detach = new DetachPolicyFromUserRequest();
    detach.setPolicyType("Custom");
    detach.setPolicyName("switchable");
    detach.setUserName("switched");
    ram.call(detach);
    assertOssDenied(() -> read(c.oss(), BUCKET, "doc.txt"));
    IamTesting.attach(ram, "System:AliyunOSSReadOnlyAccess", "switched");
    assertThat(read(c.oss(), BUCKET, "doc.txt")).isEqualTo("document");
  }

  // ---- helpers ----

  static List<String> customPolicies() throws ClientException {
    ListPoliciesRequest l = new ListPoliciesRequest();
    l.setPolicyType("Custom");
    l.setMaxItems(100);
    return ram.call(l).getPolicies().stream().map(ListPoliciesResponse.Policy::getPolicyName).toList();
  }

  static List<String> userNames() throws ClientException {
    ListUsersRequest l = new ListUsersRequest();
    l.setMaxItems(100);
    return ram.call(l).getUsers().stream().map(ListUsersResponse.User::getUserName).toList();
  }

  static int attachmentCount(String systemPolicy) throws ClientException {
    GetPolicyRequest g = new GetPolicyRequest();
    g.setPolicyType("System");
    g.setPolicyName(systemPolicy);
    return ram.call(g).getPolicy().getAttachmentCount();
  }
}
