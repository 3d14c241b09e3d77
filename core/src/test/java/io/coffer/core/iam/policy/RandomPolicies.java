package io.coffer.core.iam.policy;

import io.coffer.core.iam.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded generators of policies, statements, callers and requests for the property tests. Every
 * statement is built as JSON text and goes through the real parser. Quotes are written as ' and
 * turned into " when a document is assembled.
 */
final class RandomPolicies {
  static final String OWNER = "1416614965936597";
  static final String OTHER = "2037541213452301";

  private static final String[] ACTIONS = {"oss:GetObject", "oss:PutObject", "oss:DeleteObject", "oss:ListObjects",
      "oss:ListBuckets", "kms:Decrypt", "kms:ListKeys", "kms:GenerateDataKey", "ram:ListUsers"};
  private static final String[] ACTION_PATTERNS = {"*", "oss:*", "oss:Get*", "OSS:getobject", "kms:*", "kms:List*",
      "*:List*", "oss:?utObject", "oss:DeleteObject", "ram:*", "kms:Generate*", "oss:List?bjects"};
  private static final String[] RESOURCES = {
      OssResources.object(OWNER, "b", "k"), OssResources.object(OWNER, "b", "dir/x.txt"), OssResources.bucket(OWNER, "b"),
      OssResources.service(OWNER), OssResources.object(OWNER, "other", "k"), OssResources.object(OTHER, "b", "k"),
      KmsResources.key("cn-hangzhou", OWNER, "k1"), KmsResources.keyContainer("cn-hangzhou", OWNER),
      RamResources.allUsers(OWNER)};
  private static final String[] RESOURCE_PATTERNS = {"*", "acs:oss:*:*:b/*", "acs:oss:*:" + OWNER + ":b",
      "acs:oss:*:*:*", "acs:kms:*:" + OWNER + ":*", "acs:oss:*:" + OWNER + ":b/dir/*", "acs:oss:*:*:?/k",
      "acs:ram:*:*:user/*", "acs:oss:*:" + OWNER + ":B/*", "acs:kms:cn-hangzhou:*:key"};
  private static final String[] CONDITIONS = {
      "'IpAddress':{'acs:SourceIp':'10.0.0.0/8'}",
      "'NotIpAddress':{'acs:SourceIp':['192.168.0.0/16','2001:db8::/32']}",
      "'Bool':{'acs:SecureTransport':'true'}",
      "'StringLike':{'oss:Prefix':'home/*'}",
      "'StringNotEquals':{'oss:x-oss-server-side-encryption':['AES256','KMS']}",
      "'DateLessThan':{'acs:CurrentTime':'2026-12-01T00:00:00Z'}",
      "'NumericGreaterThan':{'acs:N':'5'}",
      "'StringEqualsIgnoreCase':{'acs:UserAgent':'SDK'}"};
  /** Context keys a request may carry, each with candidate values. */
  private static final String[][] CONTEXT = {
      {ConditionKeys.SOURCE_IP, "10.1.2.3", "192.168.1.1", "2001:db8::1", "8.8.8.8"},
      {ConditionKeys.SECURE_TRANSPORT, "true", "false"},
      {ConditionKeys.OSS_PREFIX, "home/a", "etc/"},
      {ConditionKeys.OSS_SERVER_SIDE_ENCRYPTION, "AES256", "KMS", "SM4"},
      {ConditionKeys.CURRENT_TIME, "2026-11-23T10:00:00Z", "2027-01-01T00:00:00Z"},
      {"acs:N", "3", "10"},
      {ConditionKeys.USER_AGENT, "sdk", "curl"}};

  private RandomPolicies() {}

  static <T> T pick(Random r, T[] items) {
    return items[r.nextInt(items.length)];
  }

  static AccessRequest request(Random r) {
    AccessRequest req = AccessRequest.of(pick(r, ACTIONS), pick(r, RESOURCES));
    for (String[] key : CONTEXT) {
      if (r.nextBoolean()) req = req.with(key[0], key[1 + r.nextInt(key.length - 1)]);
    }
    return req;
  }

  static CallerIdentity caller(Random r) {
    return switch (r.nextInt(5)) {
      case 0 -> CallerIdentity.of(new Principal(OWNER, "LTAIowner"), OWNER);
      case 1 -> CallerIdentity.of(new Principal(OWNER, "LTAIalice", "2000000000000001", "alice"), OWNER);
      case 2 -> CallerIdentity.of(new Principal(OTHER, "LTAIother"), OWNER);
      case 3 -> CallerIdentity.of(new Principal(OTHER, "LTAIbob", "2000000000000002", "bob"), OWNER);
      default -> CallerIdentity.of(Principal.anonymous(), OWNER);
    };
  }

  /** A random statement, which may or may not apply to any given request. */
  static String statement(Random r, String effect, boolean bucket) {
    StringBuilder s = new StringBuilder("{'Effect':'" + effect + "'");
    s.append(r.nextInt(4) == 0 ? ",'NotAction':" : ",'Action':").append(list(r, ACTION_PATTERNS, 1 + r.nextInt(3)));
    s.append(",'Resource':").append(list(r, RESOURCE_PATTERNS, 1 + r.nextInt(2)));
    if (bucket) s.append(",'Principal':").append(list(r, new String[] {"*", OWNER, OTHER, "2000000000000001",
        "2000000000000002", "arn:sts::*:*/*/*"}, 1 + r.nextInt(2)));
    int conditions = r.nextInt(3);
    if (conditions > 0) {
      List<String> picked = new ArrayList<>();
      while (picked.size() < conditions) {
        String c = pick(r, CONDITIONS);
        if (!picked.contains(c)) picked.add(c);
      }
      s.append(",'Condition':{").append(String.join(",", picked)).append('}');
    }
    return s.append('}').toString();
  }

  /** A statement built from the request so that it applies to it (and, for buckets, to the caller). */
  static String matchingStatement(Random r, AccessRequest req, String effect, CallerIdentity caller) {
    String action = req.action();
    String actionPart = switch (r.nextInt(6)) {
      case 0 -> "'Action':'" + action + "'";
      case 1 -> "'Action':'" + action.toUpperCase() + "'";
      case 2 -> "'Action':['zzz:Nothing','*']";
      case 3 -> "'Action':'" + action.substring(0, action.indexOf(':')) + ":*'";
      case 4 -> "'Action':'" + action.substring(0, action.length() - 1) + "?'";
      default -> "'NotAction':['zzz:Nothing','yyy:*']";
    };
    String resource = req.resource();
    String resourcePart = switch (r.nextInt(3)) {
      case 0 -> resource;
      case 1 -> "*";
      default -> resource.substring(0, 5 + r.nextInt(resource.length() - 4)) + "*";
    };
    List<String> conditions = new ArrayList<>();
    for (String[] key : CONTEXT) {
      List<String> values = req.contextValues(key[0]);
      if (values.isEmpty() || r.nextInt(3) != 0) continue;
      String v = values.get(0);
      conditions.add(switch (key[0]) {
        case ConditionKeys.SOURCE_IP -> "'IpAddress':{'acs:SourceIp':'" + v + "'}";
        case ConditionKeys.SECURE_TRANSPORT -> "'Bool':{'acs:SecureTransport':'" + v + "'}";
        case ConditionKeys.OSS_PREFIX -> "'StringLike':{'oss:Prefix':'" + v.substring(0, 2) + "*'}";
        case ConditionKeys.OSS_SERVER_SIDE_ENCRYPTION -> "'StringEquals':{'oss:x-oss-server-side-encryption':['x','" + v + "']}";
        case ConditionKeys.CURRENT_TIME -> "'DateLessThanEquals':{'acs:CurrentTime':'" + v + "'}";
        case ConditionKeys.USER_AGENT -> "'StringEqualsIgnoreCase':{'ACS:USERAGENT':'" + v.toUpperCase() + "'}";
        default -> "'NumericEquals':{'" + key[0] + "':'" + v + ".0'}";
      });
    }
    if (r.nextInt(4) == 0) conditions.add("'StringNotLike':{'acs:NeverSet':'*'}");
    StringBuilder s = new StringBuilder("{'Effect':'" + effect + "'," + actionPart + ",'Resource':'" + resourcePart + "'");
    if (caller != null) {
      String who = caller.isAnonymous() ? "*"
          : caller.principal().isRamUser() ? caller.userId() : caller.accountId();
      // "*" names the owner's root only together with a condition.
      if (r.nextBoolean() && (!caller.isBucketOwnerRoot() || !conditions.isEmpty())) who = "*";
      s.append(",'Principal':['" + who + "']");
    }
    if (!conditions.isEmpty()) s.append(",'Condition':{").append(String.join(",", conditions)).append('}');
    return s.append('}').toString();
  }

  /** {@code n} picks as a JSON list, or as a bare string when there is one and a coin says so. */
  private static String list(Random r, String[] items, int n) {
    List<String> picked = new ArrayList<>();
    for (int i = 0; i < n; i++) picked.add("'" + pick(r, items) + "'");
    return n == 1 && r.nextBoolean() ? picked.get(0) : "[" + String.join(",", picked) + "]";
  }

  /** Between 0 and 3 policies of 1 to 4 random statements each. */
  static List<List<String>> policies(Random r, boolean bucket, int maxPolicies) {
    List<List<String>> out = new ArrayList<>();
    int n = r.nextInt(maxPolicies + 1);
    for (int i = 0; i < n; i++) {
      List<String> statements = new ArrayList<>();
      int m = 1 + r.nextInt(4);
      for (int j = 0; j < m; j++) statements.add(statement(r, r.nextInt(3) == 0 ? "Deny" : "Allow", bucket));
      out.add(statements);
    }
    return out;
  }

  static String document(List<String> statements) {
    return ("{'Version':'1','Statement':[" + String.join(",", statements) + "]}").replace('\'', '"');
  }

  static List<Policy> parseAll(List<List<String>> policies) {
    return policies.stream().map(s -> Policy.parse(document(s))).toList();
  }

  /** Copies {@code policies} with {@code statement} inserted at a random place: a new policy or inside one. */
  static List<List<String>> withInserted(Random r, List<List<String>> policies, String statement) {
    List<List<String>> out = new ArrayList<>();
    for (List<String> p : policies) out.add(new ArrayList<>(p));
    if (out.isEmpty() || r.nextBoolean()) {
      out.add(r.nextInt(out.size() + 1), new ArrayList<>(List.of(statement)));
    } else {
      List<String> target = out.get(r.nextInt(out.size()));
      target.add(r.nextInt(target.size() + 1), statement);
    }
    return out;
  }
}
