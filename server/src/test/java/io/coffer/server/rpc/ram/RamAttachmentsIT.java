package io.coffer.server.rpc.ram;

import static io.coffer.server.rpc.ram.RamCalls.ALLOW_ALL;
import static io.coffer.server.rpc.ram.RamCalls.TIME;
import static io.coffer.server.rpc.ram.RamCalls.assertRamError;
import static io.coffer.server.rpc.ram.RamCalls.createPolicy;
import static io.coffer.server.rpc.ram.RamCalls.createUser;
import static io.coffer.server.rpc.ram.RamCalls.policiesOf;
import static io.coffer.server.rpc.ram.RamCalls.raw;
import static io.coffer.server.rpc.ram.RamCalls.rawRam;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyuncs.ram.model.v20150501.AttachPolicyToUserRequest;
import com.aliyuncs.ram.model.v20150501.DeletePolicyRequest;
import com.aliyuncs.ram.model.v20150501.DetachPolicyFromUserRequest;
import com.aliyuncs.ram.model.v20150501.GetPolicyRequest;
import com.aliyuncs.ram.model.v20150501.ListPoliciesForUserRequest;
import com.aliyuncs.ram.model.v20150501.ListPoliciesForUserResponse;
import com.aliyuncs.ram.model.v20150501.ListPoliciesRequest;
import com.aliyuncs.ram.model.v20150501.UpdateUserRequest;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.PopClient;
import io.coffer.server.testing.RawAnswer;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Policies attached to users through the official RAM SDK: AttachPolicyToUser, DetachPolicyFromUser, ListPoliciesForUser. */
class RamAttachmentsIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static PopClient ram;

  @BeforeAll
  static void setUp() {
    ram = coffer.kms();
  }

  private static AttachPolicyToUserRequest attachRequest(String type, String policy, String user) {
    AttachPolicyToUserRequest r = new AttachPolicyToUserRequest();
    r.setPolicyType(type);
    r.setPolicyName(policy);
    r.setUserName(user);
    return r;
  }

  private static void attach(String type, String policy, String user) throws Exception {
    ram.call(attachRequest(type, policy, user));
  }

  private static void detach(String type, String policy, String user) throws Exception {
    DetachPolicyFromUserRequest r = new DetachPolicyFromUserRequest();
    r.setPolicyType(type);
    r.setPolicyName(policy);
    r.setUserName(user);
    ram.call(r);
  }

  private static int attachmentCount(String type, String policy) throws Exception {
    GetPolicyRequest r = new GetPolicyRequest();
    r.setPolicyType(type);
    r.setPolicyName(policy);
    return ram.call(r).getPolicy().getAttachmentCount();
  }

  @Test
  void attach_systemAndCustom_areListedForTheUser_andCounted() throws Exception {
    createUser(ram, "analyst");
    createUser(ram, "auditor");
    createPolicy(ram, "analysts", ALLOW_ALL);
    attach("System", "AliyunOSSReadOnlyAccess", "analyst");
    attach("Custom", "analysts", "analyst");
    attach("Custom", "analysts", "auditor");

    ListPoliciesForUserRequest r = new ListPoliciesForUserRequest();
    r.setUserName("analyst");
    List<ListPoliciesForUserResponse.Policy> listed = ram.call(r).getPolicies();
    assertThat(listed).extracting(p -> p.getPolicyType() + ":" + p.getPolicyName())
        .containsExactly("System:AliyunOSSReadOnlyAccess", "Custom:analysts");
    assertThat(listed).allSatisfy(p -> {
      assertThat(p.getAttachDate()).matches(TIME);
      assertThat(p.getDefaultVersion()).isEqualTo("v1");
    });
    assertThat(listed.get(0).getDescription()).isNotEmpty();
    assertThat(attachmentCount("Custom", "analysts")).isEqualTo(2);
    assertThat(attachmentCount("System", "AliyunOSSReadOnlyAccess")).isEqualTo(1);
    ListPoliciesRequest lp = new ListPoliciesRequest();
    lp.setPolicyType("Custom");
    assertThat(ram.call(lp).getPolicies()).filteredOn(p -> p.getPolicyName().equals("analysts"))
        .singleElement().satisfies(p -> assertThat(p.getAttachmentCount()).isEqualTo(2));
  }

  @Test
  void detach_removesTheAttachment_andASecondDetachIsEntityNotExistUserPolicy() throws Exception {
    createUser(ram, "mover");
    attach("System", "AliyunKMSFullAccess", "mover");
    detach("System", "AliyunKMSFullAccess", "mover");
    assertThat(policiesOf(ram, "mover")).isEmpty();
    assertThat(attachmentCount("System", "AliyunKMSFullAccess")).isZero();
    assertRamError(() -> detach("System", "AliyunKMSFullAccess", "mover"), "EntityNotExist.User.Policy");
    RawAnswer a = raw(coffer, rawRam("DetachPolicyFromUser").param("PolicyType", "System")
        .param("PolicyName", "AliyunKMSFullAccess").param("UserName", "mover"));
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.code()).isEqualTo("EntityNotExist.User.Policy");
  }

  @Test
  void badAttachments_areRefusedWithTheirCodes_andAttachNothing() throws Exception {
    createUser(ram, "picky");
    attach("System", "ReadOnlyAccess", "picky");
    assertRamError(() -> attach("System", "ReadOnlyAccess", "picky"), "EntityAlreadyExists.User.Policy");
    assertThat(raw(coffer, rawRam("AttachPolicyToUser").param("PolicyType", "System")
        .param("PolicyName", "ReadOnlyAccess").param("UserName", "picky")).status()).isEqualTo(409);
    assertRamError(() -> attach("System", "ReadOnlyAccess", "no-such-user"), "EntityNotExist.User");
    assertRamError(() -> attach("System", "NoSuchAccess", "picky"), "EntityNotExist.Policy");
    assertRamError(() -> attach("Custom", "no-such-policy", "picky"), "EntityNotExist.Policy");
    // A system policy's name is no custom policy.
    assertRamError(() -> attach("Custom", "AdministratorAccess", "picky"), "EntityNotExist.Policy");
    assertRamError(() -> attach("Builtin", "ReadOnlyAccess", "picky"), "InvalidParameter.PolicyType");
    assertRamError(() -> detach("System", "ReadOnlyAccess", "no-such-user"), "EntityNotExist.User");
    assertRamError(() -> ram.call(attachRequest("System", "ReadOnlyAccess", null)), "MissingParameter");
    assertThat(policiesOf(ram, "picky")).containsExactly("System:ReadOnlyAccess");
    assertRamError(() -> policiesOf(ram, "no-such-user"), "EntityNotExist.User");
  }

  @Test
  void eleventhCustomPolicy_isLimitExceededUserPolicy_andAttachesNothing() throws Exception {
    createUser(ram, "collector");
    for (int i = 1; i <= 11; i++) createPolicy(ram, "p" + i, ALLOW_ALL);
    for (int i = 1; i <= 10; i++) attach("Custom", "p" + i, "collector");
    assertRamError(() -> attach("Custom", "p11", "collector"), "LimitExceeded.User.Policy");
    assertThat(policiesOf(ram, "collector")).hasSize(10).doesNotContain("Custom:p11");
    // The limits are per type: a system policy still fits.
    attach("System", "ReadOnlyAccess", "collector");
    assertThat(policiesOf(ram, "collector")).hasSize(11);
  }

  @Test
  void attachedPolicy_cannotBeDeleted_untilDetached() throws Exception {
    createUser(ram, "holder");
    createPolicy(ram, "held", ALLOW_ALL);
    attach("Custom", "held", "holder");
    DeletePolicyRequest d = new DeletePolicyRequest();
    d.setPolicyName("held");
    assertRamError(() -> ram.call(d), "DeleteConflict.Policy.User");
    assertThat(attachmentCount("Custom", "held")).isEqualTo(1);
    detach("Custom", "held", "holder");
    ram.call(d);
    assertRamError(() -> attachmentCount("Custom", "held"), "EntityNotExist.Policy");
  }

  @Test
  void renamedUser_keepsItsPolicies() throws Exception {
    createUser(ram, "old-name");
    attach("System", "AliyunRAMReadOnlyAccess", "old-name");
    UpdateUserRequest r = new UpdateUserRequest();
    r.setUserName("old-name");
    r.setNewUserName("new-name");
    ram.call(r);
    assertThat(policiesOf(ram, "new-name")).containsExactly("System:AliyunRAMReadOnlyAccess");
    detach("System", "AliyunRAMReadOnlyAccess", "new-name");
    assertThat(policiesOf(ram, "new-name")).isEmpty();
  }
}
