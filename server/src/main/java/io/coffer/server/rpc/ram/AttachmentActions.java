package io.coffer.server.rpc.ram;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.core.iam.ram.AttachedPolicy;
import io.coffer.core.iam.ram.RamService;
import io.coffer.server.rpc.RpcJson;
import io.coffer.server.rpc.RpcRoutes;

/**
 * Policies attached to users: AttachPolicyToUser, DetachPolicyFromUser, ListPoliciesForUser. Docs:
 * https://www.alibabacloud.com/help/en/ram/developer-reference/ (API reference 2015-05-01, "Policies").
 */
public final class AttachmentActions {
  private final RamService ram;

  public AttachmentActions(RamService ram) {
    this.ram = ram;
  }

  public void register(RpcRoutes routes) {
    routes.add(RpcRoutes.RAM, "AttachPolicyToUser", c -> {
          ram.attachPolicyToUser(c.principal(), PolicyActions.type(c), c.required("PolicyName"), c.required("UserName"));
          return RpcJson.object();
        })
        .add(RpcRoutes.RAM, "DetachPolicyFromUser", c -> {
          ram.detachPolicyFromUser(c.principal(), PolicyActions.type(c), c.required("PolicyName"), c.required("UserName"));
          return RpcJson.object();
        })
        .add(RpcRoutes.RAM, "ListPoliciesForUser", c -> RamJson.list("Policies", "Policy",
            ram.listPoliciesForUser(c.principal(), c.required("UserName")), AttachmentActions::attached));
  }

  private static ObjectNode attached(AttachedPolicy a) {
    return RpcJson.object()
        .put("PolicyName", a.policy().name())
        .put("PolicyType", a.policy().type().name())
        .put("Description", a.policy().description())
        .put("DefaultVersion", a.policy().defaultVersion())
        .put("AttachDate", RpcJson.time(a.attached()));
  }
}
