package io.coffer.server.rpc.ram;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.core.iam.ram.PolicyType;
import io.coffer.core.iam.ram.RamPolicy;
import io.coffer.core.iam.ram.RamService;
import io.coffer.server.rpc.RpcCall;
import io.coffer.server.rpc.RpcJson;
import io.coffer.server.rpc.RpcRoutes;

/**
 * RAM policies and their versions: CreatePolicy, GetPolicy, UpdatePolicyDescription, DeletePolicy,
 * ListPolicies, CreatePolicyVersion, GetPolicyVersion, ListPolicyVersions, DeletePolicyVersion,
 * SetDefaultPolicyVersion. System policies are read-only. Docs:
 * https://www.alibabacloud.com/help/en/ram/developer-reference/ (API reference 2015-05-01, "Policies").
 */
public final class PolicyActions {
  private static final String ROTATE_NONE = "None";
  private static final String ROTATE_OLDEST = "DeleteOldestNonDefaultVersionWhenLimitExceeded";

  private final RamService ram;

  public PolicyActions(RamService ram) {
    this.ram = ram;
  }

  public void register(RpcRoutes routes) {
    routes.add(RpcRoutes.RAM, "CreatePolicy", c -> RamJson.wrap("Policy", RamJson.policy(ram.createPolicy(
            c.principal(), c.required("PolicyName"), c.required("PolicyDocument"), c.optional("Description", "")))))
        .add(RpcRoutes.RAM, "GetPolicy", this::getPolicy)
        .add(RpcRoutes.RAM, "UpdatePolicyDescription", c -> {
          RamPolicy p = ram.updatePolicyDescription(c.principal(), c.required("PolicyName"),
              c.optional("NewDescription", ""));
          return RamJson.wrap("Policy", RamJson.policy(p).put("UpdateDate", RpcJson.time(p.updated())));
        })
        .add(RpcRoutes.RAM, "DeletePolicy", c -> {
          ram.deletePolicy(c.principal(), c.required("PolicyName"));
          return RpcJson.object();
        })
        .add(RpcRoutes.RAM, "ListPolicies", c -> {
          String type = c.optional("PolicyType", "");
          return RamJson.page(ram.listPolicies(c.principal(), type.isEmpty() ? null : PolicyType.parse(type),
              c.optional("Marker", ""), RamJson.maxItems(c)), "Policies", "Policy", RamJson::policyWithCounts);
        })
        .add(RpcRoutes.RAM, "CreatePolicyVersion", c -> {
          String name = c.required("PolicyName");
          String document = c.required("PolicyDocument");
          boolean setAsDefault = c.optionalBoolean("SetAsDefault", false);
          String rotate = c.optionalOneOf("RotateStrategy", ROTATE_NONE, ROTATE_NONE, ROTATE_OLDEST);
          return RamJson.wrap("PolicyVersion", RamJson.version(ram.createPolicyVersion(c.principal(), name, document,
              setAsDefault, rotate.equals(ROTATE_OLDEST))));
        })
        .add(RpcRoutes.RAM, "GetPolicyVersion", c -> RamJson.wrap("PolicyVersion", RamJson.version(
            ram.getPolicyVersion(c.principal(), type(c), c.required("PolicyName"), c.required("VersionId")))))
        .add(RpcRoutes.RAM, "ListPolicyVersions", c -> RamJson.list("PolicyVersions", "PolicyVersion",
            ram.listPolicyVersions(c.principal(), type(c), c.required("PolicyName")), RamJson::version))
        .add(RpcRoutes.RAM, "DeletePolicyVersion", c -> {
          ram.deletePolicyVersion(c.principal(), c.required("PolicyName"), c.required("VersionId"));
          return RpcJson.object();
        })
        .add(RpcRoutes.RAM, "SetDefaultPolicyVersion", c -> {
          ram.setDefaultPolicyVersion(c.principal(), c.required("PolicyName"), c.required("VersionId"));
          return RpcJson.object();
        });
  }

  ObjectNode getPolicy(RpcCall c) {
    PolicyType type = type(c);
    RamService.PolicyDetail d = ram.getPolicy(c.principal(), type, c.required("PolicyName"));
    ObjectNode n = RamJson.wrap("Policy",
        RamJson.policyWithCounts(d.policy()).put("PolicyDocument", d.defaultVersion().document()));
    n.set("DefaultPolicyVersion", RamJson.version(d.defaultVersion()));
    return n;
  }

  /** The required {@code PolicyType}: {@code System} or {@code Custom}. */
  static PolicyType type(RpcCall c) {
    return PolicyType.parse(c.required("PolicyType"));
  }
}
