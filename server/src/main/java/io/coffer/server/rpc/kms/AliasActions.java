package io.coffer.server.rpc.kms;

import io.coffer.core.kms.KmsService;
import io.coffer.server.rpc.RpcJson;
import io.coffer.server.rpc.RpcRoutes;

/** KMS aliases: CreateAlias, UpdateAlias, DeleteAlias, ListAliases, ListAliasesByKeyId. */
public final class AliasActions {
  private final KmsService kms;

  public AliasActions(KmsService kms) {
    this.kms = kms;
  }

  public void register(RpcRoutes routes) {
    routes.add(RpcRoutes.KMS, "CreateAlias", c -> {
          kms.createAlias(c.principal(), c.required("AliasName"), c.required("KeyId"));
          return RpcJson.object();
        })
        .add(RpcRoutes.KMS, "UpdateAlias", c -> {
          kms.updateAlias(c.principal(), c.required("AliasName"), c.required("KeyId"));
          return RpcJson.object();
        })
        .add(RpcRoutes.KMS, "DeleteAlias", c -> {
          kms.deleteAlias(c.principal(), c.required("AliasName"));
          return RpcJson.object();
        })
        .add(RpcRoutes.KMS, "ListAliases", c -> KmsJson.page(c, kms.listAliases(c.principal()), "Aliases", "Alias",
            a -> KmsJson.alias(a, c.region())))
        .add(RpcRoutes.KMS, "ListAliasesByKeyId", c -> KmsJson.page(c,
            kms.listAliasesByKeyId(c.principal(), c.required("KeyId")), "Aliases", "Alias",
            a -> KmsJson.alias(a, c.region())));
  }
}
