package io.coffer.cli.ram;

import com.aliyuncs.ram.model.v20150501.CreateAccessKeyRequest;
import com.aliyuncs.ram.model.v20150501.DeleteAccessKeyRequest;
import com.aliyuncs.ram.model.v20150501.ListAccessKeysRequest;
import com.aliyuncs.ram.model.v20150501.UpdateAccessKeyRequest;
import io.coffer.cli.client.Clients;
import io.coffer.cli.rpc.Printer;
import io.coffer.cli.rpc.RpcCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The access key commands: CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey. */
final class AccessKeyCommands {
  private AccessKeyCommands() {}

  @Command(name = "create-access-key",
      description = "Create an access key for a RAM user (CreateAccessKey); the secret is shown this once only.")
  static final class CreateAccessKey extends RpcCommand {
    @Option(names = "--user-name", paramLabel = "NAME",
        description = "The user (default: the calling RAM user; the account's root key must name one).")
    String userName;

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      CreateAccessKeyRequest r = new CreateAccessKeyRequest();
      if (userName != null) r.setUserName(userName);
      out.record(Printer.fields(rpc.call(r).getAccessKey(), "AccessKeyId", "AccessKeySecret", "Status", "CreateDate"));
      if (!out.json()) note("Store the AccessKeySecret now: it cannot be shown again.");
    }
  }

  @Command(name = "list-access-keys", description = "List a RAM user's access keys, without secrets (ListAccessKeys).")
  static final class ListAccessKeys extends RpcCommand {
    @Option(names = "--user-name", paramLabel = "NAME", description = "The user (default: the calling RAM user).")
    String userName;

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      ListAccessKeysRequest r = new ListAccessKeysRequest();
      if (userName != null) r.setUserName(userName);
      String[] columns = {"AccessKeyId", "Status", "CreateDate"};
      out.table("AccessKeys", Printer.rows(rpc.call(r).getAccessKeys(), columns), columns);
    }
  }

  @Command(name = "update-access-key", description = "Activate or deactivate an access key (UpdateAccessKey).")
  static final class UpdateAccessKey extends RpcCommand {
    @Parameters(paramLabel = "ACCESS_KEY_ID") String accessKeyId;

    @Option(names = "--status", paramLabel = "STATUS", required = true, description = "Active or Inactive.")
    String status;

    @Option(names = "--user-name", paramLabel = "NAME", description = "The key's user (default: the calling RAM user).")
    String userName;

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      UpdateAccessKeyRequest r = new UpdateAccessKeyRequest();
      r.setUserAccessKeyId(accessKeyId);
      r.setStatus(status);
      if (userName != null) r.setUserName(userName);
      String requestId = rpc.call(r).getRequestId();
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("AccessKeyId", accessKeyId);
      fields.put("Status", status);
      fields.put("RequestId", requestId);
      out.done("Access key " + accessKeyId + " is now " + status + ".", fields);
    }
  }

  @Command(name = "delete-access-key", description = "Delete an access key (DeleteAccessKey).")
  static final class DeleteAccessKey extends RpcCommand {
    @Parameters(paramLabel = "ACCESS_KEY_ID") String accessKeyId;

    @Option(names = "--user-name", paramLabel = "NAME", description = "The key's user (default: the calling RAM user).")
    String userName;

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      DeleteAccessKeyRequest r = new DeleteAccessKeyRequest();
      r.setUserAccessKeyId(accessKeyId);
      if (userName != null) r.setUserName(userName);
      String requestId = rpc.call(r).getRequestId();
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("AccessKeyId", accessKeyId);
      fields.put("RequestId", requestId);
      out.done("Deleted access key " + accessKeyId + ".", fields);
    }
  }
}
