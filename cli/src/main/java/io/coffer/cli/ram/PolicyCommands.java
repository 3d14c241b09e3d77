package io.coffer.cli.ram;

import com.aliyuncs.ram.model.v20150501.CreatePolicyRequest;
import com.aliyuncs.ram.model.v20150501.CreatePolicyVersionRequest;
import com.aliyuncs.ram.model.v20150501.DeletePolicyRequest;
import com.aliyuncs.ram.model.v20150501.GetPolicyRequest;
import com.aliyuncs.ram.model.v20150501.GetPolicyResponse;
import com.aliyuncs.ram.model.v20150501.ListPoliciesRequest;
import com.aliyuncs.ram.model.v20150501.ListPoliciesResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.cli.client.Clients;
import io.coffer.cli.client.UsageFailure;
import io.coffer.cli.rpc.Paging;
import io.coffer.cli.rpc.Printer;
import io.coffer.cli.rpc.RpcCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The policy commands: CreatePolicy, GetPolicy, ListPolicies, DeletePolicy, CreatePolicyVersion. */
final class PolicyCommands {
  static final String[] CREATED = {"PolicyName", "PolicyType", "Description", "DefaultVersion", "CreateDate"};
  static final String[] LISTED = {"PolicyName", "PolicyType", "Description", "DefaultVersion", "AttachmentCount",
      "CreateDate", "UpdateDate"};
  static final String[] FETCHED = {"PolicyName", "PolicyType", "Description", "DefaultVersion", "AttachmentCount",
      "CreateDate", "UpdateDate", "PolicyDocument"};
  static final String[] VERSION = {"VersionId", "IsDefaultVersion", "CreateDate", "PolicyDocument"};
  /** Far above RAM's 6144 characters: the server judges the length, this only refuses to read a huge file. */
  private static final long MAX_DOCUMENT_FILE = 1 << 20;
  private static final int PAGE_SIZE = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private PolicyCommands() {}

  @Command(name = "create-policy", description = "Create a custom policy (CreatePolicy).")
  static final class CreatePolicy extends RpcCommand {
    @Parameters(paramLabel = "NAME", description = "1-128 of A-Z a-z 0-9 -")
    String policyName;

    @Option(names = "--policy-document", paramLabel = "FILE|JSON", required = true,
        description = "The policy: a file, or the JSON itself ({\"Version\":\"1\",\"Statement\":[…]}).")
    String document;

    @Option(names = "--description", paramLabel = "TEXT") String description;

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      CreatePolicyRequest r = new CreatePolicyRequest();
      r.setPolicyName(policyName);
      r.setPolicyDocument(document(document));
      if (description != null) r.setDescription(description);
      out.record(Printer.fields(rpc.call(r).getPolicy(), CREATED));
    }
  }

  @Command(name = "get-policy", description = "Print a policy and its default version's document (GetPolicy).")
  static final class GetPolicy extends RpcCommand {
    @Parameters(paramLabel = "NAME") String policyName;

    @Option(names = "--policy-type", paramLabel = "TYPE", description = "Custom (default) or System.")
    String policyType = "Custom";

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      GetPolicyRequest r = new GetPolicyRequest();
      r.setPolicyName(policyName);
      r.setPolicyType(policyType);
      GetPolicyResponse answer = rpc.call(r);
      Map<String, Object> policy = Printer.fields(answer.getPolicy(), FETCHED);
      if (out.json()) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("Policy", policy);
        if (answer.getDefaultPolicyVersion() != null) {
          all.put("DefaultPolicyVersion", Printer.fields(answer.getDefaultPolicyVersion(), VERSION));
        }
        out.record(all);
        return;
      }
      policy.computeIfPresent("PolicyDocument", (k, v) -> pretty((String) v));
      out.record(policy);
    }
  }

  @Command(name = "list-policies", description = "List custom and system policies (ListPolicies, all pages).")
  static final class ListPolicies extends RpcCommand {
    @Mixin Paging paging;

    @Option(names = "--policy-type", paramLabel = "TYPE", description = "Only Custom or only System policies.")
    String policyType;

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      List<Map<String, Object>> rows = new ArrayList<>();
      String marker = null;
      do {
        ListPoliciesRequest r = new ListPoliciesRequest();
        r.setMaxItems(paging.size(PAGE_SIZE));
        if (policyType != null) r.setPolicyType(policyType);
        if (marker != null) r.setMarker(marker);
        ListPoliciesResponse page = rpc.call(r);
        rows.addAll(Printer.rows(page.getPolicies(), LISTED));
        marker = Boolean.TRUE.equals(page.getIsTruncated()) ? page.getMarker() : null;
      } while (marker != null && !marker.isEmpty());
      out.table("Policies", rows, "PolicyName", "PolicyType", "DefaultVersion", "AttachmentCount", "Description");
    }
  }

  @Command(name = "delete-policy",
      description = "Delete a custom policy (DeletePolicy); detach it and delete its other versions first.")
  static final class DeletePolicy extends RpcCommand {
    @Parameters(paramLabel = "NAME") String policyName;

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      DeletePolicyRequest r = new DeletePolicyRequest();
      r.setPolicyName(policyName);
      String requestId = rpc.call(r).getRequestId();
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("PolicyName", policyName);
      fields.put("RequestId", requestId);
      out.done("Deleted policy " + policyName + ".", fields);
    }
  }

  @Command(name = "create-policy-version",
      description = "Add a version to a custom policy (CreatePolicyVersion); at most 5 versions are kept.")
  static final class CreatePolicyVersion extends RpcCommand {
    @Parameters(paramLabel = "NAME") String policyName;

    @Option(names = "--policy-document", paramLabel = "FILE|JSON", required = true,
        description = "The new version's document: a file, or the JSON itself.")
    String document;

    @Option(names = "--set-as-default", description = "Make the new version the one in force.")
    boolean setAsDefault;

    @Option(names = "--rotate-strategy", paramLabel = "STRATEGY",
        description = "None (default) or DeleteOldestNonDefaultVersionWhenLimitExceeded.")
    String rotateStrategy;

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      CreatePolicyVersionRequest r = new CreatePolicyVersionRequest();
      r.setPolicyName(policyName);
      r.setPolicyDocument(document(document));
      r.setSetAsDefault(setAsDefault);
      if (rotateStrategy != null) r.setRotateStrategy(rotateStrategy);
      Map<String, Object> version = Printer.fields(rpc.call(r).getPolicyVersion(), VERSION);
      if (!out.json()) version.computeIfPresent("PolicyDocument", (k, v) -> pretty((String) v));
      out.record(version);
    }
  }

  /** {@code --policy-document}: inline JSON when it starts with {@code {}, else a file to read. */
  static String document(String value) throws IOException {
    if (value.strip().startsWith("{")) return value;
    Path file;
    try {
      file = Path.of(value);
    } catch (InvalidPathException e) {
      throw new UsageFailure("--policy-document: neither JSON nor a file: " + value);
    }
    if (!Files.isRegularFile(file)) throw new UsageFailure("--policy-document: neither JSON nor a file: " + value);
    if (Files.size(file) > MAX_DOCUMENT_FILE) throw new UsageFailure("--policy-document: " + file + " is too large");
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** A policy document indented for reading; as it came when it is not JSON. */
  static String pretty(String document) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(document));
    } catch (JsonProcessingException e) {
      return document;
    }
  }
}
