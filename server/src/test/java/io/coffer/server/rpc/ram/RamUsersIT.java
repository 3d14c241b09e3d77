package io.coffer.server.rpc.ram;

import static io.coffer.server.rpc.ram.RamCalls.TIME;
import static io.coffer.server.rpc.ram.RamCalls.assertRamError;
import static io.coffer.server.rpc.ram.RamCalls.createKey;
import static io.coffer.server.rpc.ram.RamCalls.createUser;
import static io.coffer.server.rpc.ram.RamCalls.raw;
import static io.coffer.server.rpc.ram.RamCalls.rawRam;
import static io.coffer.server.rpc.ram.RamCalls.repeat;
import static io.coffer.server.rpc.ram.RamCalls.userNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyuncs.ram.model.v20150501.AttachPolicyToUserRequest;
import com.aliyuncs.ram.model.v20150501.CreateUserRequest;
import com.aliyuncs.ram.model.v20150501.CreateUserResponse;
import com.aliyuncs.ram.model.v20150501.DeleteAccessKeyRequest;
import com.aliyuncs.ram.model.v20150501.DeleteUserRequest;
import com.aliyuncs.ram.model.v20150501.DetachPolicyFromUserRequest;
import com.aliyuncs.ram.model.v20150501.GetUserRequest;
import com.aliyuncs.ram.model.v20150501.GetUserResponse;
import com.aliyuncs.ram.model.v20150501.ListUsersRequest;
import com.aliyuncs.ram.model.v20150501.ListUsersResponse;
import com.aliyuncs.ram.model.v20150501.UpdateUserRequest;
import com.aliyuncs.ram.model.v20150501.UpdateUserResponse;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.PopClient;
import io.coffer.server.testing.RawAnswer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** RAM users through the official RAM SDK: CreateUser, GetUser, UpdateUser, DeleteUser, ListUsers and their errors. */
class RamUsersIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static PopClient ram;

  @BeforeAll
  static void setUp() {
    ram = coffer.kms();
  }

  private static GetUserResponse.User get(String name) throws Exception {
    GetUserRequest r = new GetUserRequest();
    r.setUserName(name);
    return ram.call(r).getUser();
  }

  private static CreateUserRequest create(String name, Consumer<CreateUserRequest> setup) {
    CreateUserRequest r = new CreateUserRequest();
    r.setUserName(name);
    setup.accept(r);
    return r;
  }

  @Test
  void createUser_allFields_areReturnedAndKeptByGetUser() throws Exception {
    Instant before = Instant.now().minusSeconds(2);
    CreateUserResponse.User u = ram.call(create("alice.w-1_x", r -> {
      r.setDisplayName("Alice@Ops");
      r.setMobilePhone("86-18600008888");
      r.setEmail("alice@example.com");
      r.setComments("on call");
    })).getUser();

    assertThat(u.getUserId()).matches("[1-9][0-9]{15}");
    assertThat(u.getUserName()).isEqualTo("alice.w-1_x");
    assertThat(u.getDisplayName()).isEqualTo("Alice@Ops");
    assertThat(u.getMobilePhone()).isEqualTo("86-18600008888");
    assertThat(u.getEmail()).isEqualTo("alice@example.com");
    assertThat(u.getComments()).isEqualTo("on call");
    assertThat(u.getCreateDate()).matches(TIME);
    assertThat(Instant.parse(u.getCreateDate())).isBetween(before, Instant.now().plusSeconds(2));

    GetUserResponse.User g = get("alice.w-1_x");
    assertThat(g.getUserId()).isEqualTo(u.getUserId());
    assertThat(g.getDisplayName()).isEqualTo("Alice@Ops");
    assertThat(g.getMobilePhone()).isEqualTo("86-18600008888");
    assertThat(g.getEmail()).isEqualTo("alice@example.com");
    assertThat(g.getComments()).isEqualTo("on call");
    assertThat(g.getCreateDate()).isEqualTo(u.getCreateDate());
    assertThat(g.getUpdateDate()).isEqualTo(u.getCreateDate());
    assertThat(g.getLastLoginDate()).isEmpty();
  }

  @Test
  void createUser_onlyName_leavesOptionalFieldsEmpty() throws Exception {
    CreateUserResponse.User u = createUser(ram, "bare");
    assertThat(u.getDisplayName()).isEmpty();
    assertThat(u.getEmail()).isEmpty();
    assertThat(get("bare").getMobilePhone()).isEmpty();
  }

  @Test
  void updateUser_renameAndFields_keepsTheIdAndChangesOnlyWhatWasGiven() throws Exception {
    CreateUserResponse.User u = ram.call(create("bob", r -> {
      r.setEmail("bob@example.com");
      r.setComments("first");
    })).getUser();
    UpdateUserRequest r = new UpdateUserRequest();
    r.setUserName("bob");
    r.setNewUserName("robert");
    r.setNewComments("second");
    UpdateUserResponse.User changed = ram.call(r).getUser();

    assertThat(changed.getUserId()).isEqualTo(u.getUserId());
    assertThat(changed.getUserName()).isEqualTo("robert");
    assertThat(changed.getComments()).isEqualTo("second");
    assertThat(changed.getEmail()).isEqualTo("bob@example.com");
    assertThat(changed.getUpdateDate()).matches(TIME);
    assertThat(get("robert").getUserId()).isEqualTo(u.getUserId());
    assertRamError(() -> get("bob"), "EntityNotExist.User");
  }

  @Test
  void listUsers_maxItems_pagesThroughEveryUserOnceInNameOrder() throws Exception {
    List<String> names = List.of("page-a", "page-b", "page-c", "page-d", "page-e");
    for (String n : names) createUser(ram, n);
    List<String> seen = new ArrayList<>();
    String marker = null;
    int pages = 0;
    do {
      ListUsersRequest r = new ListUsersRequest();
      r.setMaxItems(2);
      if (marker != null) r.setMarker(marker);
      ListUsersResponse page = ram.call(r);
      assertThat(page.getUsers()).hasSizeLessThanOrEqualTo(2);
      page.getUsers().forEach(x -> {
        seen.add(x.getUserName());
        assertThat(x.getUpdateDate()).matches(TIME);
      });
      marker = page.getIsTruncated() ? page.getMarker() : null;
      if (page.getIsTruncated()) assertThat(page.getMarker()).isNotEmpty();
      pages++;
    } while (marker != null);

    assertThat(seen).doesNotHaveDuplicates().isSorted().containsAll(names);
    assertThat(seen).isEqualTo(userNames(ram));
    assertThat(pages).isEqualTo((seen.size() + 1) / 2);
  }

  @Test
  void deleteUser_removesItFromGetAndList() throws Exception {
    createUser(ram, "short-lived");
    DeleteUserRequest r = new DeleteUserRequest();
    r.setUserName("short-lived");
    ram.call(r);
    assertRamError(() -> get("short-lived"), "EntityNotExist.User");
    assertThat(userNames(ram)).doesNotContain("short-lived");
  }

  @Test
  void createUser_badFields_areInvalidParameterWithTheirCode_andCreateNothing() throws Exception {
    List<String> before = userNames(ram);
    assertRamError(() -> ram.call(create(repeat('a', 65), r -> { })), "InvalidParameter.UserName.Length");
    assertRamError(() -> ram.call(create("has space", r -> { })), "InvalidParameter.UserName.InvalidChars");
    assertRamError(() -> ram.call(create("slash/name", r -> { })), "InvalidParameter.UserName.InvalidChars");
    assertRamError(() -> ram.call(create("ok1", r -> r.setDisplayName("a b"))), "InvalidParameter.DisplayName.InvalidChars");
    assertRamError(() -> ram.call(create("ok2", r -> r.setDisplayName(repeat('d', 129)))),
        "InvalidParameter.DisplayName.Length");
    assertRamError(() -> ram.call(create("ok3", r -> r.setMobilePhone("18600008888"))),
        "InvalidParameter.MobilePhone.Format");
    assertRamError(() -> ram.call(create("ok4", r -> r.setEmail("not-an-email"))), "InvalidParameter.Email.Format");
    assertRamError(() -> ram.call(create("ok5", r -> r.setComments(repeat('c', 129)))), "InvalidParameter.Comments.Length");
    assertThat(userNames(ram)).isEqualTo(before);
  }

  @Test
  void createUser_missingName_isMissingParameter() throws Exception {
    RawAnswer a = raw(coffer, rawRam("CreateUser"));
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.code()).isEqualTo("MissingParameter");
  }

  @Test
  void createUser_duplicateName_isEntityAlreadyExists409_andKeepsTheFirst() throws Exception {
    String id = createUser(ram, "twin").getUserId();
    assertRamError(() -> ram.call(create("twin", r -> r.setComments("second"))), "EntityAlreadyExists.User");
    RawAnswer a = raw(coffer, rawRam("CreateUser").param("UserName", "twin"));
    assertThat(a.status()).isEqualTo(409);
    assertThat(a.code()).isEqualTo("EntityAlreadyExists.User");
    assertThat(get("twin").getUserId()).isEqualTo(id);
    assertThat(get("twin").getComments()).isEmpty();
  }

  @Test
  void unknownUser_getUpdateDelete_areEntityNotExistUser404() throws Exception {
    assertRamError(() -> get("nobody"), "EntityNotExist.User");
    UpdateUserRequest u = new UpdateUserRequest();
    u.setUserName("nobody");
    u.setNewComments("x");
    assertRamError(() -> ram.call(u), "EntityNotExist.User");
    DeleteUserRequest d = new DeleteUserRequest();
    d.setUserName("nobody");
    assertRamError(() -> ram.call(d), "EntityNotExist.User");
    RawAnswer a = raw(coffer, rawRam("GetUser").param("UserName", "nobody"));
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.code()).isEqualTo("EntityNotExist.User");
    assertThat(userNames(ram)).doesNotContain("nobody");
  }

  @Test
  void updateUser_renameOntoAnotherUser_orBadValues_isRefusedAndChangesNothing() throws Exception {
    createUser(ram, "carol");
    createUser(ram, "dave");
    UpdateUserRequest r = new UpdateUserRequest();
    r.setUserName("carol");
    r.setNewUserName("dave");
    r.setNewComments("lost");
    assertRamError(() -> ram.call(r), "EntityAlreadyExists.User");
    UpdateUserRequest bad = new UpdateUserRequest();
    bad.setUserName("carol");
    bad.setNewUserName("bad name");
    assertRamError(() -> ram.call(bad), "InvalidParameter.NewUserName.InvalidChars");
    UpdateUserRequest badMail = new UpdateUserRequest();
    badMail.setUserName("carol");
    badMail.setNewEmail("nope");
    assertRamError(() -> ram.call(badMail), "InvalidParameter.NewEmail.Format");
    assertThat(get("carol").getComments()).isEmpty();
    assertThat(get("carol").getEmail()).isEmpty();
    assertThat(get("dave").getComments()).isEmpty();
  }

  @Test
  void deleteUser_withAccessKeyOrPolicy_isDeleteConflict_untilTheyAreRemoved() throws Exception {
    createUser(ram, "busy");
    String keyId = createKey(ram, "busy").getAccessKeyId();
    AttachPolicyToUserRequest attach = new AttachPolicyToUserRequest();
    attach.setUserName("busy");
    attach.setPolicyType("System");
    attach.setPolicyName("ReadOnlyAccess");
    ram.call(attach);
    DeleteUserRequest d = new DeleteUserRequest();
    d.setUserName("busy");

    assertRamError(() -> ram.call(d), "DeleteConflict.User.AccessKey");
    assertThat(raw(coffer, rawRam("DeleteUser").param("UserName", "busy")).status()).isEqualTo(409);
    assertThat(RamCalls.keys(ram, "busy")).hasSize(1);
    DeleteAccessKeyRequest dk = new DeleteAccessKeyRequest();
    dk.setUserName("busy");
    dk.setUserAccessKeyId(keyId);
    ram.call(dk);

    assertRamError(() -> ram.call(d), "DeleteConflict.User.Policy");
    assertThat(RamCalls.policiesOf(ram, "busy")).containsExactly("System:ReadOnlyAccess");
    DetachPolicyFromUserRequest detach = new DetachPolicyFromUserRequest();
    detach.setUserName("busy");
    detach.setPolicyType("System");
    detach.setPolicyName("ReadOnlyAccess");
    ram.call(detach);

    ram.call(d);
    assertRamError(() -> get("busy"), "EntityNotExist.User");
  }

  @Test
  void listUsers_maxItemsOutOfRange_isInvalidParameter() throws Exception {
    ListUsersRequest r = new ListUsersRequest();
    r.setMaxItems(0);
    assertRamError(() -> ram.call(r), "InvalidParameter");
    r.setMaxItems(1001);
    assertRamError(() -> ram.call(r), "InvalidParameter");
  }

  @Test
  void updateUser_bumpsUpdateDateOnly() throws Exception {
    CreateUserResponse.User u = createUser(ram, "dated");
    UpdateUserRequest r = new UpdateUserRequest();
    r.setUserName("dated");
    r.setNewDisplayName("Dated");
    UpdateUserResponse.User changed = ram.call(r).getUser();
    assertThat(changed.getCreateDate()).isEqualTo(u.getCreateDate());
    assertThat(Instant.parse(changed.getUpdateDate())).isAfterOrEqualTo(Instant.parse(u.getCreateDate()));
    assertThat(get("dated").getDisplayName()).isEqualTo("Dated");
  }
}
