package io.coffer.core.iam.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.coffer.core.error.CofferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns policy JSON into a {@link Policy}, refusing anything outside the grammar. Works on a
 * Jackson tree read with duplicate-key detection and no leniency (no comments, trailing commas,
 * single quotes or trailing content), then walks it field by field.
 */
final class PolicyParser {
  /** Configured once, never changed afterwards; Jackson mappers are thread-safe in that state. */
  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();

  private static final Set<String> TOP_FIELDS = Set.of("Version", "Statement");
  private static final Set<String> STATEMENT_FIELDS =
      Set.of("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "Condition");
  /** {@code <service>:<name>}, wildcards allowed in both parts, or {@code *} alone. */
  private static final Pattern ACTION = Pattern.compile("\\*|[A-Za-z0-9*?_-]+:[A-Za-z0-9*?_-]+");
  /**
   * {@code *} or an ARN pattern starting {@code acs:}. Not more than that: a star may stand for
   * several ARN parts ({@code acs:oss:*} covers every OSS resource), and object keys may hold
   * colons, spaces and anything else.
   */
  private static final Pattern RESOURCE = Pattern.compile("\\*|acs:.+", Pattern.DOTALL);
  /** Account or RAM user UIDs (Alibaba's are digits), or an STS role-session ARN. */
  private static final Pattern PRINCIPAL = Pattern.compile("\\*|[A-Za-z0-9._-]{1,64}|arn:sts::[^\\s]+");

  private PolicyParser() {}

  static Policy parse(String json, PolicyKind kind, int maxSize) {
    if (json == null || json.isBlank()) throw malformed("The policy document is empty.");
    int size = kind.sizeOf(json);
    if (size > maxSize) {
      throw malformed("The policy document is " + size + " " + kind.unit() + " long; at most " + maxSize + " are allowed.");
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
      throw malformed("The policy document is not valid JSON" + where + ": " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) throw malformed("The policy document must be a JSON object.");
    checkFields(root, TOP_FIELDS, "the policy document");
    JsonNode version = root.get("Version");
    if (version == null) throw malformed("The policy document has no Version.");
    if (!version.isTextual() || !version.textValue().equals("1")) {
      throw malformed("Version must be the string \"1\", not " + clip(version) + ".");
    }
    JsonNode statements = root.get("Statement");
    if (statements == null) throw malformed("The policy document has no Statement.");
    if (!statements.isArray()) throw malformed("Statement must be a list of statements.");
    if (statements.isEmpty()) throw malformed("Statement is an empty list.");
    List<Statement> out = new ArrayList<>();
    for (int i = 0; i < statements.size(); i++) out.add(statement(statements.get(i), i + 1, kind));
    return new Policy(kind, out, json);
  }

  private static Statement statement(JsonNode node, int number, PolicyKind kind) {
    String where = "Statement " + number;
    if (!node.isObject()) throw malformed(where + " is not a JSON object.");
    checkFields(node, STATEMENT_FIELDS, where);
    if (node.has("NotResource")) {
      throw malformed(where + " uses NotResource, which RAM policies do not support; list the resources in Resource.");
    }
    String sid = "";
    if (node.has("Sid")) {
      if (!node.get("Sid").isTextual()) throw malformed(where + ": Sid must be a string.");
      sid = node.get("Sid").textValue();
    }
    JsonNode effectNode = node.get("Effect");
    if (effectNode == null) throw malformed(where + " has no Effect.");
    Effect effect = effectNode.isTextual() ? Effect.fromJson(effectNode.textValue()) : null;
    if (effect == null) throw malformed(where + ": Effect must be \"Allow\" or \"Deny\", not " + effectNode + ".");
    boolean hasAction = node.has("Action");
    boolean notAction = node.has("NotAction");
    if (hasAction == notAction) {
      throw malformed(where + (hasAction ? " has both Action and NotAction." : " has neither Action nor NotAction."));
    }
    String actionField = notAction ? "NotAction" : "Action";
    List<Wildcard> actions = new ArrayList<>();
    for (String a : strings(node.get(actionField), where + " " + actionField)) {
      if (!ACTION.matcher(a).matches()) {
        throw malformed(where + ": action " + quote(a) + " is not of the form <service>:<ActionName> (or *).");
      }
      actions.add(Wildcard.ignoringCase(a));
    }
    if (!node.has("Resource")) throw malformed(where + " has no Resource.");
    List<Wildcard> resources = new ArrayList<>();
    for (String r : strings(node.get("Resource"), where + " Resource")) {
      if (!RESOURCE.matcher(r).matches()) {
        throw malformed(where + ": resource " + quote(r) + " is neither * nor an ARN starting with acs:.");
      }
      resources.add(Wildcard.caseSensitive(r));
    }
    Optional<PrincipalSet> principal = Optional.empty();
    if (node.has("Principal")) {
      if (!kind.principalRequired()) throw malformed(where + " has a Principal, which only bucket policies may have.");
      List<String> entries = strings(node.get("Principal"), where + " Principal");
      for (String p : entries) {
        if (!PRINCIPAL.matcher(p).matches()) {
          throw malformed(where + ": principal " + quote(p)
              + " is not *, an account or user UID, nor an arn:sts:: role session.");
        }
      }
      principal = Optional.of(new PrincipalSet(entries));
    } else if (kind.principalRequired()) {
      throw malformed(where + " has no Principal; every bucket policy statement names one.");
    }
    List<Condition> conditions = node.has("Condition") ? conditions(node.get("Condition"), where) : List.of();
    return new Statement(sid, effect, actions, notAction, resources, principal, conditions);
  }

  private static List<Condition> conditions(JsonNode block, String where) {
    if (!block.isObject()) throw malformed(where + ": Condition must be a JSON object of operators.");
    if (block.isEmpty()) throw malformed(where + ": Condition is empty.");
    List<Condition> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> op : block.properties()) {
      ConditionOperator operator = ConditionOperator.fromJson(op.getKey());
      if (operator == null) throw malformed(where + ": unknown condition operator " + quote(op.getKey()) + ".");
      JsonNode keys = op.getValue();
      if (!keys.isObject()) throw malformed(where + ": condition " + op.getKey() + " must map keys to values.");
      if (keys.isEmpty()) throw malformed(where + ": condition " + op.getKey() + " has no keys.");
      for (Map.Entry<String, JsonNode> entry : keys.properties()) {
        List<String> values = conditionValues(entry.getValue(), where + ": " + op.getKey() + " " + quote(entry.getKey()));
        try {
          out.add(new Condition(operator, entry.getKey(), values));
        } catch (CofferException.MalformedPolicyDocument e) {
          throw malformed(where + ": " + e.getMessage());
        }
      }
    }
    return out;
  }

  /** Condition values may also be JSON numbers or booleans, read as their text. */
  private static List<String> conditionValues(JsonNode node, String where) {
    List<String> out = new ArrayList<>();
    List<JsonNode> items = new ArrayList<>();
    if (node.isArray()) {
      if (node.isEmpty()) throw malformed(where + " is an empty list.");
      node.forEach(items::add);
    } else {
      items.add(node);
    }
    for (JsonNode item : items) {
      if (item.isTextual()) out.add(item.textValue());
      else if (item.isNumber()) out.add(item.isBigDecimal() ? item.decimalValue().toPlainString() : item.asText());
      else if (item.isBoolean()) out.add(Boolean.toString(item.booleanValue()));
      else throw malformed(where + " must be a string, number or boolean, or a list of them; found " + item.getNodeType() + ".");
    }
    return out;
  }

  /** A string or a non-empty list of non-empty strings. */
  private static List<String> strings(JsonNode node, String where) {
    List<String> out = new ArrayList<>();
    if (node.isTextual()) {
      out.add(node.textValue());
    } else if (node.isArray()) {
      if (node.isEmpty()) throw malformed(where + " is an empty list.");
      for (JsonNode item : node) {
        if (!item.isTextual()) throw malformed(where + " must hold strings only; found " + item.getNodeType() + ".");
        out.add(item.textValue());
      }
    } else {
      throw malformed(where + " must be a string or a list of strings; found " + node.getNodeType() + ".");
    }
    for (String s : out) if (s.isEmpty()) throw malformed(where + " holds an empty string.");
    return out;
  }

  private static void checkFields(JsonNode node, Set<String> allowed, String where) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!allowed.contains(field.getKey())) throw malformed("Unknown field " + quote(field.getKey()) + " in " + where + ".");
    }
  }

  private static String clip(JsonNode node) {
    String s = node.toString();
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }

  /** Quotes text from the document for a message, cut short so a message stays readable. */
  static String quote(String s) {
    return "\"" + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + "\"";
  }

  private static CofferException.MalformedPolicyDocument malformed(String message) {
    return new CofferException.MalformedPolicyDocument(message);
  }
}
