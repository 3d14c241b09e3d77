package io.coffer.server.rpc.ram;

import io.coffer.core.iam.ram.RamService;
import io.coffer.server.rpc.RpcJson;
import io.coffer.server.rpc.RpcRoutes;
import io.coffer.server.rpc.ram.RamJson.UserFields;

/**
 * RAM users: CreateUser, GetUser, UpdateUser, DeleteUser, ListUsers. Docs:
 * https://www.alibabacloud.com/help/en/ram/developer-reference/ (API reference 2015-05-01, "Users").
 */
public final class UserActions {
  private final RamService ram;

  public UserActions(RamService ram) {
    this.ram = ram;
  }

  public void register(RpcRoutes routes) {
    routes.add(RpcRoutes.RAM, "CreateUser", c -> RamJson.wrap("User", RamJson.user(ram.createUser(c.principal(),
            new RamService.NewUser(c.required("UserName"), c.optional("DisplayName", ""), c.optional("MobilePhone", ""),
                c.optional("Email", ""), c.optional("Comments", ""))), UserFields.CREATED)))
        .add(RpcRoutes.RAM, "GetUser", c -> RamJson.wrap("User",
            RamJson.user(ram.getUser(c.principal(), c.required("UserName")), UserFields.WITH_LAST_LOGIN)))
        .add(RpcRoutes.RAM, "UpdateUser", c -> RamJson.wrap("User", RamJson.user(ram.updateUser(c.principal(),
            c.required("UserName"), new RamService.UserUpdate(c.optional("NewUserName").orElse(null),
                c.optional("NewDisplayName").orElse(null), c.optional("NewMobilePhone").orElse(null),
                c.optional("NewEmail").orElse(null), c.optional("NewComments").orElse(null))), UserFields.UPDATED)))
        .add(RpcRoutes.RAM, "DeleteUser", c -> {
          ram.deleteUser(c.principal(), c.required("UserName"));
          return RpcJson.object();
        })
        .add(RpcRoutes.RAM, "ListUsers", c -> RamJson.page(
            ram.listUsers(c.principal(), c.optional("Marker", ""), RamJson.maxItems(c)), "Users", "User",
            u -> RamJson.user(u, UserFields.UPDATED)));
  }
}
