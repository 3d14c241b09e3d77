package io.coffer.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.core.error.CofferException;
import io.coffer.core.iam.ram.AccessKeyStatus;
import io.coffer.core.iam.ram.AttachedPolicy;
import io.coffer.core.iam.ram.NewAccessKey;
import io.coffer.core.iam.ram.Page;
import io.coffer.core.iam.ram.PolicyType;
import io.coffer.core.iam.ram.PolicyVersion;
import io.coffer.core.iam.ram.RamAccessKey;
import io.coffer.core.iam.ram.RamPolicy;
import io.coffer.core.iam.ram.RamService;
import io.coffer.core.iam.ram.RamUser;
import io.coffer.server.console.ConsoleErrors.Area;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The console's RAM pages: users, their access keys, policies and their versions, and which
 * policies are attached to which user. Each route is one {@link RamService} call with the
 * signed-in caller, as the RAM API's actions are (rpc/ram/*Actions), so the same rules, limits and
 * authorisation apply and failures carry RAM's codes ({@code DeleteConflict.User.AccessKey},
 * {@code MalformedPolicyDocument}, {@code NoPermission}, ...). A new access key's secret is in
 * the answer that made it and nowhere else.
 */
public final class RamApi {
  private static final int DEFAULT_ITEMS = 100;
  private static final int MAX_ITEMS = 1000;

  private final RamService ram;

  public RamApi(RamService ram) {
    this.ram = ram;
  }

  public void register(ConsoleRoutes r) {
    r.add("GET", "/api/ram/users", "ram:ListUsers", Area.RAM, this::listUsers);
    r.add("POST", "/api/ram/users", "ram:CreateUser", Area.RAM, this::createUser);
    r.add("GET", "/api/ram/users/{userName}", "ram:GetUser", Area.RAM, this::getUser);
    r.add("PUT", "/api/ram/users/{userName}", "ram:UpdateUser", Area.RAM, this::updateUser);
    r.add("DELETE", "/api/ram/users/{userName}", "ram:DeleteUser", Area.RAM, this::deleteUser);

    r.add("GET", "/api/ram/users/{userName}/access-keys", "ram:ListAccessKeys", Area.RAM, this::listKeys);
    r.add("POST", "/api/ram/users/{userName}/access-keys", "ram:CreateAccessKey", Area.RAM, this::createKey);
    r.add("PUT", "/api/ram/users/{userName}/access-keys/{accessKeyId}", "ram:UpdateAccessKey", Area.RAM,
        this::updateKey);
    r.add("DELETE", "/api/ram/users/{userName}/access-keys/{accessKeyId}", "ram:DeleteAccessKey", Area.RAM,
        this::deleteKey);

    r.add("GET", "/api/ram/users/{userName}/policies", "ram:ListPoliciesForUser", Area.RAM, this::userPolicies);
    r.add("POST", "/api/ram/users/{userName}/policies", "ram:AttachPolicyToUser", Area.RAM, this::attach);
    r.add("DELETE", "/api/ram/users/{userName}/policies/{policyType}/{policyName}", "ram:DetachPolicyFromUser",
        Area.RAM, this::detach);

    r.add("GET", "/api/ram/policies", "ram:ListPolicies", Area.RAM, this::listPolicies);
    r.add("POST", "/api/ram/policies", "ram:CreatePolicy", Area.RAM, this::createPolicy);
    r.add("GET", "/api/ram/policies/{policyName}", "ram:GetPolicy", Area.RAM, this::getPolicy);
    r.add("PUT", "/api/ram/policies/{policyName}", "ram:UpdatePolicyDescription", Area.RAM, this::describePolicy);
    r.add("DELETE", "/api/ram/policies/{policyName}", "ram:DeletePolicy", Area.RAM, this::deletePolicy);
    r.add("GET", "/api/ram/policies/{policyName}/versions", "ram:ListPolicyVersions", Area.RAM, this::listVersions);
    r.add("POST", "/api/ram/policies/{policyName}/versions", "ram:CreatePolicyVersion", Area.RAM,
        this::createVersion);
    r.add("DELETE", "/api/ram/policies/{policyName}/versions/{versionId}", "ram:DeletePolicyVersion", Area.RAM,
        this::deleteVersion);
    r.add("PUT", "/api/ram/policies/{policyName}/default-version", "ram:SetDefaultPolicyVersion", Area.RAM,
        this::setDefaultVersion);
  }

  // ---- users ----

  void listUsers(ConsoleExchange ex) {
    ex.resource(userArn(ex, "*"));
    Page<RamUser> page = ram.listUsers(ex.principal(), marker(ex), maxItems(ex));
    ex.sendOk(page(ex, page, "users", u -> user(ex, u)));
  }

  void createUser(ConsoleExchange ex) {
    ObjectNode body = ex.json();
    String name = text(body, "userName");
    ex.resource(userArn(ex, name));
    RamUser u = ram.createUser(ex.principal(), new RamService.NewUser(name, text(body, "displayName"),
        text(body, "mobilePhone"), text(body, "email"), text(body, "comments")));
    ex.sendOk(user(ex, u));
  }

  void getUser(ConsoleExchange ex) {
    String name = userName(ex);
    ex.sendOk(user(ex, ram.getUser(ex.principal(), name)));
  }

  void updateUser(ConsoleExchange ex) {
    String name = userName(ex);
    ObjectNode body = ex.json();
    RamUser u = ram.updateUser(ex.principal(), name, new RamService.UserUpdate(optionalText(body, "newUserName"),
        optionalText(body, "displayName"), optionalText(body, "mobilePhone"), optionalText(body, "email"),
        optionalText(body, "comments")));
    ex.sendOk(user(ex, u));
  }

  void deleteUser(ConsoleExchange ex) {
    ram.deleteUser(ex.principal(), userName(ex));
    ex.sendNoContent();
  }

  // ---- access keys ----

  void listKeys(ConsoleExchange ex) {
    List<RamAccessKey> keys = ram.listAccessKeys(ex.principal(), userName(ex));
    ObjectNode out = ex.object();
    ArrayNode list = out.putArray("accessKeys");
    keys.forEach(k -> list.add(accessKey(ex, k)));
    ex.sendOk(out);
  }

  /** The only answer that ever carries the secret. */
  void createKey(ConsoleExchange ex) {
    NewAccessKey k = ram.createAccessKey(ex.principal(), userName(ex));
    ex.sendOk(accessKey(ex, k.key()).put("accessKeySecret", k.secret()));
  }

  void updateKey(ConsoleExchange ex) {
    String user = userName(ex);
    AccessKeyStatus status = AccessKeyStatus.parse(text(ex.json(), "status"));
    ram.updateAccessKey(ex.principal(), user, ex.path("accessKeyId"), status);
    ex.sendNoContent();
  }

  void deleteKey(ConsoleExchange ex) {
    ram.deleteAccessKey(ex.principal(), userName(ex), ex.path("accessKeyId"));
    ex.sendNoContent();
  }

  // ---- attachments ----

  void userPolicies(ConsoleExchange ex) {
    List<AttachedPolicy> attached = ram.listPoliciesForUser(ex.principal(), userName(ex));
    ObjectNode out = ex.object();
    ArrayNode list = out.putArray("policies");
    attached.forEach(a -> list.add(policy(ex, a.policy()).put("attachDate", time(a.attached()))));
    ex.sendOk(out);
  }

  void attach(ConsoleExchange ex) {
    String user = userName(ex);
    ObjectNode body = ex.json();
    ram.attachPolicyToUser(ex.principal(), PolicyType.parse(text(body, "policyType")), text(body, "policyName"), user);
    ex.sendNoContent();
  }

  void detach(ConsoleExchange ex) {
    String user = userName(ex);
    ram.detachPolicyFromUser(ex.principal(), PolicyType.parse(ex.path("policyType")), ex.path("policyName"), user);
    ex.sendNoContent();
  }

  // ---- policies ----

  void listPolicies(ConsoleExchange ex) {
    ex.resource(policyArn(ex, "*"));
    String type = ex.query("type");
    Page<RamPolicy> page = ram.listPolicies(ex.principal(), type == null || type.isEmpty() ? null
        : PolicyType.parse(type), marker(ex), maxItems(ex));
    ex.sendOk(page(ex, page, "policies", p -> policy(ex, p)));
  }

  void createPolicy(ConsoleExchange ex) {
    ObjectNode body = ex.json();
    String name = text(body, "policyName");
    ex.resource(policyArn(ex, name));
    RamPolicy p = ram.createPolicy(ex.principal(), name, text(body, "policyDocument"), text(body, "description"));
    ex.sendOk(policy(ex, p));
  }

  /** The policy and its default version's document. */
  void getPolicy(ConsoleExchange ex) {
    String name = policyName(ex);
    RamService.PolicyDetail d = ram.getPolicy(ex.principal(), type(ex), name);
    ObjectNode out = policy(ex, d.policy());
    out.put("policyDocument", d.defaultVersion().document());
    out.set("defaultPolicyVersion", version(ex, d.defaultVersion()));
    ex.sendOk(out);
  }

  void describePolicy(ConsoleExchange ex) {
    String name = policyName(ex);
    RamPolicy p = ram.updatePolicyDescription(ex.principal(), name, text(ex.json(), "description"));
    ex.sendOk(policy(ex, p));
  }

  void deletePolicy(ConsoleExchange ex) {
    ram.deletePolicy(ex.principal(), policyName(ex));
    ex.sendNoContent();
  }

  void listVersions(ConsoleExchange ex) {
    String name = policyName(ex);
    List<PolicyVersion> versions = ram.listPolicyVersions(ex.principal(), type(ex), name);
    ObjectNode out = ex.object();
    ArrayNode list = out.putArray("versions");
    versions.forEach(v -> list.add(version(ex, v)));
    ex.sendOk(out);
  }

  void createVersion(ConsoleExchange ex) {
    String name = policyName(ex);
    ObjectNode body = ex.json();
    PolicyVersion v = ram.createPolicyVersion(ex.principal(), name, text(body, "policyDocument"),
        bool(body, "setAsDefault"), bool(body, "rotate"));
    ex.sendOk(version(ex, v));
  }

  void deleteVersion(ConsoleExchange ex) {
    ram.deletePolicyVersion(ex.principal(), policyName(ex), ex.path("versionId"));
    ex.sendNoContent();
  }

  void setDefaultVersion(ConsoleExchange ex) {
    String name = policyName(ex);
    ram.setDefaultPolicyVersion(ex.principal(), name, text(ex.json(), "versionId"));
    ex.sendNoContent();
  }

  // ---- request pieces ----

  /** The user the path names, also named for the audit log. */
  private static String userName(ConsoleExchange ex) {
    String name = ex.path("userName");
    ex.resource(userArn(ex, name));
    return name;
  }

  private static String policyName(ConsoleExchange ex) {
    String name = ex.path("policyName");
    ex.resource(policyArn(ex, name));
    return name;
  }

  /** {@code ?type=System|Custom}, as RAM's PolicyType (required). */
  private static PolicyType type(ConsoleExchange ex) {
    String t = ex.query("type");
    return PolicyType.parse(t == null ? "" : t);
  }

  private static String marker(ConsoleExchange ex) {
    String m = ex.query("marker");
    return m == null ? "" : m;
  }

  private static int maxItems(ConsoleExchange ex) {
    String s = ex.query("maxItems");
    if (s == null || s.isEmpty()) return DEFAULT_ITEMS;
    try {
      int n = Integer.parseInt(s);
      if (n >= 1 && n <= MAX_ITEMS) return n;
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw new CofferException.RamInvalidParameter("MaxItems", CofferException.RamParameterProblem.VALUE,
        "The parameter MaxItems must be a whole number from 1 to " + MAX_ITEMS + ".");
  }

  /** A string field; absent or null is empty (the service's rules then say what is missing). */
  private static String text(ObjectNode body, String field) {
    String s = optionalText(body, field);
    return s == null ? "" : s;
  }

  /** A string field, or null when absent. */
  private static String optionalText(ObjectNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) return null;
    if (!n.isTextual()) throw new ConsoleException(ConsoleError.MALFORMED_JSON, "The field " + field + " must be a string.");
    return n.textValue();
  }

  private static boolean bool(ObjectNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) return false;
    if (!n.isBoolean()) throw new ConsoleException(ConsoleError.MALFORMED_JSON, "The field " + field + " must be true or false.");
    return n.booleanValue();
  }

  /** ARNs as the RAM API's audit events name them (docs/audit-log.md). */
  private static String userArn(ConsoleExchange ex, String name) {
    return "acs:ram::" + ex.principal().accountId() + ":user/" + name;
  }

  private static String policyArn(ConsoleExchange ex, String name) {
    return "acs:ram::" + ex.principal().accountId() + ":policy/" + name;
  }

  // ---- answers ----

  private static <T> ObjectNode page(ConsoleExchange ex, Page<T> page, String name, Function<T, ObjectNode> render) {
    ObjectNode out = ex.object();
    ArrayNode list = out.putArray(name);
    page.items().forEach(i -> list.add(render.apply(i)));
    out.put("truncated", page.truncated());
    if (page.truncated()) out.put("marker", page.marker());
    return out;
  }

  private static ObjectNode user(ConsoleExchange ex, RamUser u) {
    return ex.object().put("userId", u.userId()).put("userName", u.userName()).put("displayName", u.displayName())
        .put("mobilePhone", u.mobilePhone()).put("email", u.email()).put("comments", u.comments())
        .put("createDate", time(u.created())).put("updateDate", time(u.updated()));
  }

  private static ObjectNode accessKey(ConsoleExchange ex, RamAccessKey k) {
    return ex.object().put("accessKeyId", k.accessKeyId()).put("status", k.status().name())
        .put("createDate", time(k.created()));
  }

  private static ObjectNode policy(ConsoleExchange ex, RamPolicy p) {
    return ex.object().put("policyName", p.name()).put("policyType", p.type().name())
        .put("description", p.description()).put("defaultVersion", p.defaultVersion())
        .put("attachmentCount", p.attachmentCount()).put("createDate", time(p.created()))
        .put("updateDate", time(p.updated()));
  }

  private static ObjectNode version(ConsoleExchange ex, PolicyVersion v) {
    return ex.object().put("versionId", v.versionId()).put("isDefaultVersion", v.isDefault())
        .put("policyDocument", v.document()).put("createDate", time(v.created()));
  }

  private static String time(Instant t) {
    return t.toString();
  }
}
