package io.coffer.cli.kms;

import com.aliyuncs.kms.model.v20160120.CreateAliasRequest;
import com.aliyuncs.kms.model.v20160120.DeleteAliasRequest;
import com.aliyuncs.kms.model.v20160120.ListAliasesByKeyIdRequest;
import com.aliyuncs.kms.model.v20160120.ListAliasesByKeyIdResponse;
import com.aliyuncs.kms.model.v20160120.ListAliasesRequest;
import com.aliyuncs.kms.model.v20160120.ListAliasesResponse;
import io.coffer.cli.client.Clients;
import io.coffer.cli.rpc.Paging;
import io.coffer.cli.rpc.Printer;
import io.coffer.cli.rpc.RpcCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The alias commands: CreateAlias, ListAliases / ListAliasesByKeyId, DeleteAlias. */
final class AliasCommands {
  private static final String[] ALIAS = {"AliasName", "KeyId", "AliasArn"};
  private static final int PAGE_SIZE = 100;

  private AliasCommands() {}

  @Command(name = "create-alias", description = "Give a key another name, alias/… (CreateAlias).")
  static final class CreateAlias extends RpcCommand {
    @Parameters(index = "0", paramLabel = "ALIAS", description = "alias/ and 1-255 of A-Z a-z 0-9 _ / -.")
    String alias;

    @Parameters(index = "1", paramLabel = "KEY", description = "Key id or key ARN (not another alias).")
    String keyId;

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      CreateAliasRequest r = new CreateAliasRequest();
      r.setAliasName(alias);
      r.setKeyId(keyId);
      String requestId = rpc.call(r).getRequestId();
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("AliasName", alias);
      fields.put("KeyId", keyId);
      fields.put("RequestId", requestId);
      out.done("Created alias " + alias + " for key " + keyId + ".", fields);
    }
  }

  @Command(name = "list-aliases", description = "List every alias, or a key's (ListAliases, ListAliasesByKeyId; all pages).")
  static final class ListAliases extends RpcCommand {
    @Mixin Paging paging;

    @Option(names = "--key-id", paramLabel = "KEY", description = "Only this key's aliases (key id or key ARN).")
    String keyId;

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int page = 1; ; page++) {
        List<?> got;
        Integer total;
        if (keyId == null) {
          ListAliasesRequest r = new ListAliasesRequest();
          r.setPageNumber(page);
          r.setPageSize(paging.size(PAGE_SIZE));
          ListAliasesResponse answer = rpc.call(r);
          got = answer.getAliases();
          total = answer.getTotalCount();
        } else {
          ListAliasesByKeyIdRequest r = new ListAliasesByKeyIdRequest();
          r.setKeyId(keyId);
          r.setPageNumber(page);
          r.setPageSize(paging.size(PAGE_SIZE));
          ListAliasesByKeyIdResponse answer = rpc.call(r);
          got = answer.getAliases();
          total = answer.getTotalCount();
        }
        rows.addAll(Printer.rows(got, ALIAS));
        if (got == null || got.isEmpty() || total == null || rows.size() >= total) break;
      }
      out.table("Aliases", rows, ALIAS);
    }
  }

  @Command(name = "delete-alias", description = "Remove an alias; the key stays (DeleteAlias).")
  static final class DeleteAlias extends RpcCommand {
    @Parameters(paramLabel = "ALIAS", description = "The alias name, alias/….")
    String alias;

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      DeleteAliasRequest r = new DeleteAliasRequest();
      r.setAliasName(alias);
      String requestId = rpc.call(r).getRequestId();
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("AliasName", alias);
      fields.put("RequestId", requestId);
      out.done("Deleted alias " + alias + ".", fields);
    }
  }
}
