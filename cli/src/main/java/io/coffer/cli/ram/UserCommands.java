package io.coffer.cli.ram;

import com.aliyuncs.ram.model.v20150501.CreateUserRequest;
import com.aliyuncs.ram.model.v20150501.DeleteUserRequest;
import com.aliyuncs.ram.model.v20150501.GetUserRequest;
import com.aliyuncs.ram.model.v20150501.ListUsersRequest;
import com.aliyuncs.ram.model.v20150501.ListUsersResponse;
import com.aliyuncs.ram.model.v20150501.UpdateUserRequest;
import io.coffer.cli.client.Clients;
import io.coffer.cli.client.UsageFailure;
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

/** The user commands: CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser. */
final class UserCommands {
  static final String[] CREATED = {"UserName", "UserId", "DisplayName", "MobilePhone", "Email", "Comments",
      "CreateDate"};
  static final String[] UPDATED = {"UserName", "UserId", "DisplayName", "MobilePhone", "Email", "Comments",
      "CreateDate", "UpdateDate"};
  static final String[] FETCHED = {"UserName", "UserId", "DisplayName", "MobilePhone", "Email", "Comments",
      "CreateDate", "UpdateDate", "LastLoginDate"};
  private static final int PAGE_SIZE = 1000;

  private UserCommands() {}

  @Command(name = "create-user", description = "Create a RAM user (CreateUser); give it keys with create-access-key.")
  static final class CreateUser extends RpcCommand {
    @Parameters(paramLabel = "NAME", description = "1-64 of A-Z a-z 0-9 . - _")
    String userName;

    @Option(names = "--display-name", paramLabel = "TEXT") String displayName;
    @Option(names = "--mobile-phone", paramLabel = "PHONE", description = "e.g. 86-18600008888.") String mobilePhone;
    @Option(names = "--email", paramLabel = "ADDRESS") String email;
    @Option(names = "--comments", paramLabel = "TEXT") String comments;

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      CreateUserRequest r = new CreateUserRequest();
      r.setUserName(userName);
      if (displayName != null) r.setDisplayName(displayName);
      if (mobilePhone != null) r.setMobilePhone(mobilePhone);
      if (email != null) r.setEmail(email);
      if (comments != null) r.setComments(comments);
      out.record(Printer.fields(rpc.call(r).getUser(), CREATED));
    }
  }

  @Command(name = "get-user", description = "Print a RAM user (GetUser).")
  static final class GetUser extends RpcCommand {
    @Parameters(paramLabel = "NAME") String userName;

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      GetUserRequest r = new GetUserRequest();
      r.setUserName(userName);
      out.record(Printer.fields(rpc.call(r).getUser(), FETCHED));
    }
  }

  @Command(name = "list-users", description = "List every RAM user (ListUsers, all pages).")
  static final class ListUsers extends RpcCommand {
    @Mixin Paging paging;

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      List<Map<String, Object>> rows = new ArrayList<>();
      String marker = null;
      do {
        ListUsersRequest r = new ListUsersRequest();
        r.setMaxItems(paging.size(PAGE_SIZE));
        if (marker != null) r.setMarker(marker);
        ListUsersResponse page = rpc.call(r);
        rows.addAll(Printer.rows(page.getUsers(), UPDATED));
        marker = Boolean.TRUE.equals(page.getIsTruncated()) ? page.getMarker() : null;
      } while (marker != null && !marker.isEmpty());
      out.table("Users", rows, "UserName", "UserId", "DisplayName", "CreateDate");
    }
  }

  @Command(name = "update-user", description = "Change a RAM user's name or details (UpdateUser); what is not given stays.")
  static final class UpdateUser extends RpcCommand {
    @Parameters(paramLabel = "NAME") String userName;

    @Option(names = "--new-user-name", paramLabel = "NAME") String newUserName;
    @Option(names = "--new-display-name", paramLabel = "TEXT") String newDisplayName;
    @Option(names = "--new-mobile-phone", paramLabel = "PHONE") String newMobilePhone;
    @Option(names = "--new-email", paramLabel = "ADDRESS") String newEmail;
    @Option(names = "--new-comments", paramLabel = "TEXT") String newComments;

    @Override
    protected void validate() {
      if (newUserName == null && newDisplayName == null && newMobilePhone == null && newEmail == null
          && newComments == null) {
        throw new UsageFailure("nothing to change: give at least one of --new-user-name, --new-display-name,"
            + " --new-mobile-phone, --new-email, --new-comments");
      }
    }

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      UpdateUserRequest r = new UpdateUserRequest();
      r.setUserName(userName);
      if (newUserName != null) r.setNewUserName(newUserName);
      if (newDisplayName != null) r.setNewDisplayName(newDisplayName);
      if (newMobilePhone != null) r.setNewMobilePhone(newMobilePhone);
      if (newEmail != null) r.setNewEmail(newEmail);
      if (newComments != null) r.setNewComments(newComments);
      out.record(Printer.fields(rpc.call(r).getUser(), UPDATED));
    }
  }

  @Command(name = "delete-user",
      description = "Delete a RAM user (DeleteUser); its access keys and policy attachments must go first.")
  static final class DeleteUser extends RpcCommand {
    @Parameters(paramLabel = "NAME") String userName;

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      DeleteUserRequest r = new DeleteUserRequest();
      r.setUserName(userName);
      String requestId = rpc.call(r).getRequestId();
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("UserName", userName);
      fields.put("RequestId", requestId);
      out.done("Deleted user " + userName + ".", fields);
    }
  }
}
