package io.coffer.server.rpc.kms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.core.kms.KeyVersion;
import io.coffer.core.kms.KmsService;
import io.coffer.server.rpc.RpcJson;
import io.coffer.server.rpc.RpcRoutes;

/**
 * KMS key versions: CreateKeyVersion (rotation now; Coffer allows it for symmetric KMS-made keys
 * and makes the new version primary), ListKeyVersions, DescribeKeyVersion.
 */
public final class VersionActions {
  private final KmsService kms;

  public VersionActions(KmsService kms) {
    this.kms = kms;
  }

  public void register(RpcRoutes routes) {
    routes.add(RpcRoutes.KMS, "CreateKeyVersion", c -> wrap(kms.createKeyVersion(c.principal(), c.required("KeyId"))))
        .add(RpcRoutes.KMS, "ListKeyVersions", c -> KmsJson.page(c,
            kms.listKeyVersions(c.principal(), c.required("KeyId")), "KeyVersions", "KeyVersion", KmsJson::keyVersion))
        .add(RpcRoutes.KMS, "DescribeKeyVersion", c -> wrap(kms.describeKeyVersion(c.principal(), c.required("KeyId"),
            c.required("KeyVersionId"))));
  }

  private static ObjectNode wrap(KeyVersion v) {
    ObjectNode n = RpcJson.object();
    n.set("KeyVersion", KmsJson.keyVersion(v));
    return n;
  }
}
