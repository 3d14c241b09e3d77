package io.coffer.server.rpc.ram;

import io.coffer.core.iam.ram.AccessKeyStatus;
import io.coffer.core.iam.ram.NewAccessKey;
import io.coffer.core.iam.ram.RamService;
import io.coffer.server.rpc.RpcJson;
import io.coffer.server.rpc.RpcRoutes;

/**
 * RAM users' access keys: CreateAccessKey, UpdateAccessKey, DeleteAccessKey, ListAccessKeys.
 * {@code UserName} may be left out: the calling RAM user. The secret is in CreateAccessKey's
 * answer and nowhere else. Docs: https://www.alibabacloud.com/help/en/ram/developer-reference/
 * (API reference 2015-05-01, "AccessKeys").
 */
public final class AccessKeyActions {
  private final RamService ram;

  public AccessKeyActions(RamService ram) {
    this.ram = ram;
  }

  public void register(RpcRoutes routes) {
    routes.add(RpcRoutes.RAM, "CreateAccessKey", c -> {
          NewAccessKey k = ram.createAccessKey(c.principal(), RamJson.optional(c, "UserName"));
          return RamJson.wrap("AccessKey", RamJson.accessKey(k.key()).put("AccessKeySecret", k.secret()));
        })
        .add(RpcRoutes.RAM, "UpdateAccessKey", c -> {
          String keyId = c.required("UserAccessKeyId");
          AccessKeyStatus status = AccessKeyStatus.parse(c.required("Status"));
          ram.updateAccessKey(c.principal(), RamJson.optional(c, "UserName"), keyId, status);
          return RpcJson.object();
        })
        .add(RpcRoutes.RAM, "DeleteAccessKey", c -> {
          ram.deleteAccessKey(c.principal(), RamJson.optional(c, "UserName"), c.required("UserAccessKeyId"));
          return RpcJson.object();
        })
        .add(RpcRoutes.RAM, "ListAccessKeys", c -> RamJson.list("AccessKeys", "AccessKey",
            ram.listAccessKeys(c.principal(), RamJson.optional(c, "UserName")), RamJson::accessKey));
  }
}
