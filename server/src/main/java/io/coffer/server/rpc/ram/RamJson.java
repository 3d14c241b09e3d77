package io.coffer.server.rpc.ram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.core.iam.ram.Page;
import io.coffer.core.iam.ram.PolicyVersion;
import io.coffer.core.iam.ram.RamAccessKey;
import io.coffer.core.iam.ram.RamPolicy;
import io.coffer.core.iam.ram.RamUser;
import io.coffer.server.rpc.RpcCall;
import io.coffer.server.rpc.RpcJson;
import java.util.List;
import java.util.function.Function;

/**
 * RAM response shapes (kms-ram-api.md §3.2; field names as the RAM SDK models read them). Which
 * fields an object carries depends on the action, as in RAM: CreateUser's User has no UpdateDate,
 * GetUser's adds LastLoginDate.
 */
final class RamJson {
  /** ListUsers and ListPolicies: {@code MaxItems} 1–1000, default 100. */
  static final int MAX_ITEMS = 1000;
  static final int DEFAULT_ITEMS = 100;

  private RamJson() {}

  enum UserFields { CREATED, UPDATED, WITH_LAST_LOGIN }

  static ObjectNode user(RamUser u, UserFields fields) {
    ObjectNode n = RpcJson.object()
        .put("UserId", u.userId())
        .put("UserName", u.userName())
        .put("DisplayName", u.displayName())
        .put("MobilePhone", u.mobilePhone())
        .put("Email", u.email())
        .put("Comments", u.comments())
        .put("CreateDate", RpcJson.time(u.created()));
    if (fields != UserFields.CREATED) n.put("UpdateDate", RpcJson.time(u.updated()));
    // Coffer has no console logins.
    if (fields == UserFields.WITH_LAST_LOGIN) n.put("LastLoginDate", "");
    return n;
  }

  static ObjectNode accessKey(RamAccessKey k) {
    return RpcJson.object()
        .put("AccessKeyId", k.accessKeyId())
        .put("Status", k.status().name())
        .put("CreateDate", RpcJson.time(k.created()));
  }

  /** The fields every policy rendering shares. */
  static ObjectNode policy(RamPolicy p) {
    return RpcJson.object()
        .put("PolicyName", p.name())
        .put("PolicyType", p.type().name())
        .put("Description", p.description())
        .put("DefaultVersion", p.defaultVersion())
        .put("CreateDate", RpcJson.time(p.created()));
  }

  /** As ListPolicies and GetPolicy show a policy: with UpdateDate and AttachmentCount. */
  static ObjectNode policyWithCounts(RamPolicy p) {
    return policy(p).put("UpdateDate", RpcJson.time(p.updated())).put("AttachmentCount", p.attachmentCount());
  }

  static ObjectNode version(PolicyVersion v) {
    return RpcJson.object()
        .put("VersionId", v.versionId())
        .put("IsDefaultVersion", v.isDefault())
        .put("PolicyDocument", v.document())
        .put("CreateDate", RpcJson.time(v.created()));
  }

  static ObjectNode wrap(String name, JsonNode item) {
    ObjectNode n = RpcJson.object();
    n.set(name, item);
    return n;
  }

  static <T> ObjectNode list(String listName, String itemName, List<T> items, Function<T, ? extends JsonNode> render) {
    return RpcJson.list(RpcJson.object(), listName, itemName, items.stream().map(render).map(JsonNode.class::cast).toList());
  }

  /** A page as RAM lists it: the wrapped items, {@code IsTruncated}, and {@code Marker} when there is more. */
  static <T> ObjectNode page(Page<T> page, String listName, String itemName, Function<T, ? extends JsonNode> render) {
    ObjectNode n = list(listName, itemName, page.items(), render).put("IsTruncated", page.truncated());
    if (page.truncated()) n.put("Marker", page.marker());
    return n;
  }

  static int maxItems(RpcCall c) {
    return c.optionalInt("MaxItems", 1, MAX_ITEMS, DEFAULT_ITEMS);
  }

  /** An optional parameter: null when absent or empty. */
  static String optional(RpcCall c, String name) {
    return c.optional(name, null);
  }
}
