package io.coffer.cli.ram;

import com.aliyuncs.ram.model.v20150501.AttachPolicyToUserRequest;
import com.aliyuncs.ram.model.v20150501.DetachPolicyFromUserRequest;
import com.aliyuncs.ram.model.v20150501.ListPoliciesForUserRequest;
import io.coffer.cli.client.Clients;
import io.coffer.cli.rpc.Printer;
import io.coffer.cli.rpc.RpcCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The attachment commands: AttachPolicyToUser, DetachPolicyFromUser, ListPoliciesForUser. */
final class AttachmentCommands {
  private AttachmentCommands() {}

  /** The three names an attachment is made of. */
  static final class Attachment {
    @Option(names = "--policy-type", paramLabel = "TYPE", required = true, description = "System or Custom.")
    String policyType;

    @Option(names = "--policy-name", paramLabel = "NAME", required = true) String policyName;

    @Option(names = "--user-name", paramLabel = "NAME", required = true) String userName;

    Map<String, Object> fields(String requestId) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("PolicyType", policyType);
      fields.put("PolicyName", policyName);
      fields.put("UserName", userName);
      fields.put("RequestId", requestId);
      return fields;
    }
  }

  @Command(name = "attach-policy-to-user", description = "Grant a user a policy (AttachPolicyToUser).")
  static final class AttachPolicyToUser extends RpcCommand {
    @Mixin Attachment a;

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      AttachPolicyToUserRequest r = new AttachPolicyToUserRequest();
      r.setPolicyType(a.policyType);
      r.setPolicyName(a.policyName);
      r.setUserName(a.userName);
      String requestId = rpc.call(r).getRequestId();
      out.done("Attached " + a.policyType + " policy " + a.policyName + " to user " + a.userName + ".",
          a.fields(requestId));
    }
  }

  @Command(name = "detach-policy-from-user", description = "Take a policy from a user (DetachPolicyFromUser).")
  static final class DetachPolicyFromUser extends RpcCommand {
    @Mixin Attachment a;

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      DetachPolicyFromUserRequest r = new DetachPolicyFromUserRequest();
      r.setPolicyType(a.policyType);
      r.setPolicyName(a.policyName);
      r.setUserName(a.userName);
      String requestId = rpc.call(r).getRequestId();
      out.done("Detached " + a.policyType + " policy " + a.policyName + " from user " + a.userName + ".",
          a.fields(requestId));
    }
  }

  @Command(name = "list-policies-for-user", description = "List the policies attached to a user (ListPoliciesForUser).")
  static final class ListPoliciesForUser extends RpcCommand {
    @Parameters(paramLabel = "USER") String userName;

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      ListPoliciesForUserRequest r = new ListPoliciesForUserRequest();
      r.setUserName(userName);
      String[] names = {"PolicyName", "PolicyType", "DefaultVersion", "AttachDate", "Description"};
      out.table("Policies", Printer.rows(rpc.call(r).getPolicies(), names), names);
    }
  }
}
