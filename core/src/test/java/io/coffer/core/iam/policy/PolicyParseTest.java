package io.coffer.core.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.error.CofferException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyParseTest {

  /** One statement's body (without braces) inside an otherwise valid RAM policy; ' stands for ". */
  private static String ram(String statementBody) {
    return ("{'Version':'1','Statement':[{" + statementBody + "}]}").replace('\'', '"');
  }

  private static String bucket(String statementBody) {
    return ram(statementBody);
  }

  private static final String OK = "'Effect':'Allow','Action':'oss:GetObject','Resource':'*'";

  // ---- accepted ----

  /** The seeds' KMS policy (000/002), without the explanatory // comment the doc page adds. */
  static final String SEED_KMS = """
      {
        "Version": "1",
        "Statement": [
          {
            "Effect": "Allow",
            "Action": [
              "kms:List*",
              "kms:DescribeKey",
              "kms:GenerateDataKey",
              "kms:Decrypt"
            ],
            "Resource": [
              "acs:kms:*:1416614965936597:*"
            ]
          }
        ]
      }""";

  @Test
  void parse_seedKmsPolicy_keepsStatementAndText() {
    Policy p = Policy.parse(SEED_KMS);
    assertThat(p.kind()).isEqualTo(PolicyKind.RAM);
    assertThat(p.document()).isEqualTo(SEED_KMS);
    assertThat(p.statements()).singleElement().satisfies(s -> {
      assertThat(s.effect()).isEqualTo(Effect.ALLOW);
      assertThat(s.notAction()).isFalse();
      assertThat(s.actions()).extracting(Wildcard::pattern)
          .containsExactly("kms:List*", "kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt");
      assertThat(s.resources()).extracting(Wildcard::pattern).containsExactly("acs:kms:*:1416614965936597:*");
      assertThat(s.principal()).isEmpty();
      assertThat(s.conditions()).isEmpty();
    });
  }

  @Test
  void parse_seedKmsPolicyWithItsDocComment_isRefusedAsInvalidJson() {
    String withComment = SEED_KMS.replace("\"acs:kms:*:1416614965936597:*\"",
        "\"acs:kms:*:1416614965936597:*\" // all CMKs of the account");
    assertThatThrownBy(() -> Policy.parse(withComment))
        .isInstanceOf(CofferException.MalformedPolicyDocument.class).hasMessageContaining("not valid JSON");
  }

  static Stream<String> acceptedRam() {
    return Stream.of(
        ram(OK),
        ram("'Effect':'Deny','Action':['oss:GetObject','oss:PutObject'],'Resource':['acs:oss:*:1:b','acs:oss:*:1:b/*']"),
        ram("'Sid':'Stmt1'," + OK),
        ram("'Effect':'Allow','NotAction':'oss:DeleteObject','Resource':'acs:oss:*:*:*'"),
        ram("'Effect':'Allow','Action':'*','Resource':'*'"),
        ram("'Effect':'Allow','Action':'*:Get*','Resource':'*'"),
        ram("'Effect':'Allow','Action':'oss:*','Resource':'acs:oss:*'"),
        ram("'Effect':'Allow','Action':'oss:?etObject','Resource':'acs:oss:*:1:my bucket/a:b:c/文件.txt'"),
        ram(OK + ",'Condition':{'IpAddress':{'acs:SourceIp':['10.0.0.0/8','2001:db8::/32','192.168.1.1','*']}}"),
        ram(OK + ",'Condition':{'Bool':{'acs:SecureTransport':true},'NumericLessThan':{'acs:N':10.5},"
            + "'DateLessThan':{'acs:CurrentTime':'2030-01-01T00:00:00+08:00'},"
            + "'StringLike':{'oss:Prefix':['home/*',''],'oss:Delimiter':'/'}}"),
        ram(OK + ",'Condition':{'NumericEquals':{'acs:N':[1,2e3,-0.5]}}"),
        "{\"Statement\":[{" + OK.replace('\'', '"') + "}],\"Version\":\"1\"}",
        " \n\t" + ram(OK) + "\n ");
  }

  @ParameterizedTest
  @MethodSource("acceptedRam")
  void parse_validRamPolicy_isAccepted(String json) {
    assertThat(Policy.parse(json).statements()).isNotEmpty();
  }

  static Stream<String> acceptedBucket() {
    return Stream.of(
        bucket("'Principal':'*'," + OK),
        bucket("'Principal':['*']," + OK),
        bucket("'Principal':['1416614965936597','2037541213452301']," + OK),
        bucket("'Principal':['arn:sts::1416614965936597:assumed-role/reader/*']," + OK),
        bucket("'Principal':'*','Effect':'Deny','Action':'oss:*','Resource':'acs:oss:*:1:b/*',"
            + "'Condition':{'NotIpAddress':{'acs:SourceIp':'192.168.0.0/16'}}"));
  }

  @ParameterizedTest
  @MethodSource("acceptedBucket")
  void parseBucketPolicy_validBucketPolicy_isAccepted(String json) {
    Policy p = Policy.parseBucketPolicy(json);
    assertThat(p.kind()).isEqualTo(PolicyKind.BUCKET);
    assertThat(p.statements()).allSatisfy(s -> assertThat(s.principal()).isPresent());
  }

  @Test
  void parse_conditionNumbersAndBooleans_becomeTheirText() {
    Policy p = Policy.parse(ram(OK + ",'Condition':{'NumericEquals':{'acs:N':[1,2.50]},'Bool':{'acs:B':false}}"));
    assertThat(p.statements().get(0).conditions()).extracting(Condition::values)
        .containsExactly(List.of("1", "2.5"), List.of("false"));
  }

  // ---- refused ----

  static Stream<Arguments> refusedRam() {
    return Stream.of(
        refused("", "empty"),
        refused("   ", "empty"),
        refused("not json", "not valid JSON"),
        refused("[]", "JSON object"),
        refused("\"x\"", "JSON object"),
        refused("{\"Version\":\"1\"}", "no Statement"),
        refused("{\"Statement\":[{" + OK.replace('\'', '"') + "}]}", "no Version"),
        refused(ram(OK).replace("'1'".replace('\'', '"'), "\"2\""), "Version"),
        refused(ram(OK).replace("\"Version\":\"1\"", "\"Version\":1"), "Version"),
        refused(ram(OK).replace("\"Version\":\"1\"", "\"Version\":\"1\",\"Version\":\"1\""), "Duplicate"),
        refused(ram(OK + ",'Effect':'Deny'"), "Duplicate"),
        refused(ram(OK) + ",", "not valid JSON"),
        refused(ram(OK).replace("}]}", "},]}"), "not valid JSON"),
        refused(ram(OK).replace("}]}", "}],}"), "not valid JSON"),
        refused("/* c */" + ram(OK), "not valid JSON"),
        refused(ram(OK) + " {}", "not valid JSON"),
        refused(ram(OK).replace('"', '\''), "not valid JSON"),
        refused(ram(OK).replace("{\"Version\"", "{\"Id\":\"x\",\"Version\""), "Unknown field \"Id\""),
        refused(ram(OK + ",'Foo':1"), "Unknown field \"Foo\""),
        refused(ram("'effect':'Allow','Action':'oss:GetObject','Resource':'*'"), "Unknown field \"effect\""),
        refused(ram("'Effect':'allow','Action':'oss:GetObject','Resource':'*'"), "Effect"),
        refused(ram("'Effect':'Permit','Action':'oss:GetObject','Resource':'*'"), "Effect"),
        refused(ram("'Effect':['Allow'],'Action':'oss:GetObject','Resource':'*'"), "Effect"),
        refused(ram("'Action':'oss:GetObject','Resource':'*'"), "no Effect"),
        refused(ram(OK + ",'NotAction':'oss:PutObject'"), "both Action and NotAction"),
        refused(ram("'Effect':'Allow','Resource':'*'"), "neither Action nor NotAction"),
        refused(ram("'Effect':'Allow','Action':[],'Resource':'*'"), "empty list"),
        refused(ram("'Effect':'Allow','Action':'','Resource':'*'"), "empty string"),
        refused(ram("'Effect':'Allow','Action':[''],'Resource':'*'"), "empty string"),
        refused(ram("'Effect':'Allow','Action':5,'Resource':'*'"), "string or a list"),
        refused(ram("'Effect':'Allow','Action':{'a':'b'},'Resource':'*'"), "string or a list"),
        refused(ram("'Effect':'Allow','Action':['oss:GetObject',3],'Resource':'*'"), "strings only"),
        refused(ram("'Effect':'Allow','Action':['oss:GetObject',null],'Resource':'*'"), "strings only"),
        refused(ram("'Effect':'Allow','Action':'GetObject','Resource':'*'"), "action \"GetObject\""),
        refused(ram("'Effect':'Allow','Action':'oss:Get Object','Resource':'*'"), "action"),
        refused(ram("'Effect':'Allow','Action':'oss:GetObject'"), "no Resource"),
        refused(ram("'Effect':'Allow','Action':'oss:GetObject','Resource':[]"), "empty list"),
        refused(ram("'Effect':'Allow','Action':'oss:GetObject','Resource':'mybucket/*'"), "resource \"mybucket/*\""),
        refused(ram("'Effect':'Allow','Action':'oss:GetObject','Resource':'oss:*:1:b/*'"), "resource"),
        refused(ram("'Effect':'Allow','Action':'oss:GetObject','Resource':'acs:'"), "resource"),
        refused(ram("'Effect':'Allow','Action':'oss:GetObject','NotResource':'acs:oss:*:1:b'"), "NotResource"),
        refused(ram(OK + ",'NotResource':'acs:oss:*:1:b'"), "NotResource"),
        refused(ram(OK + ",'Sid':5"), "Sid"),
        refused("{\"Version\":\"1\",\"Statement\":{" + OK.replace('\'', '"') + "}}", "list of statements"),
        refused("{\"Version\":\"1\",\"Statement\":[]}", "empty list"),
        refused("{\"Version\":\"1\",\"Statement\":[\"x\"]}", "not a JSON object"),
        refused(ram("'Principal':'*'," + OK), "only bucket policies"),
        refused(ram(OK + ",'Condition':{}"), "Condition is empty"),
        refused(ram(OK + ",'Condition':[]"), "JSON object of operators"),
        refused(ram(OK + ",'Condition':{'StringEqualsIfExists':{'acs:K':'v'}}"), "unknown condition operator"),
        refused(ram(OK + ",'Condition':{'stringequals':{'acs:K':'v'}}"), "unknown condition operator"),
        refused(ram(OK + ",'Condition':{'Null':{'acs:K':'true'}}"), "unknown condition operator"),
        refused(ram(OK + ",'Condition':{'StringEquals':'v'}"), "must map keys"),
        refused(ram(OK + ",'Condition':{'StringEquals':{}}"), "has no keys"),
        refused(ram(OK + ",'Condition':{'StringEquals':{'SourceIp':'v'}}"), "<prefix>:<name>"),
        refused(ram(OK + ",'Condition':{'StringEquals':{'acs:K':[]}}"), "empty list"),
        refused(ram(OK + ",'Condition':{'StringEquals':{'acs:K':null}}"), "string, number or boolean"),
        refused(ram(OK + ",'Condition':{'StringEquals':{'acs:K':{'x':'y'}}}"), "string, number or boolean"),
        refused(ram(OK + ",'Condition':{'StringEquals':{'acs:K':[['x']]}}"), "string, number or boolean"),
        refused(ram(OK + ",'Condition':{'IpAddress':{'acs:SourceIp':'300.1.1.1'}}"), "300.1.1.1"),
        refused(ram(OK + ",'Condition':{'IpAddress':{'acs:SourceIp':'10.0.0.0/33'}}"), "CIDR"),
        refused(ram(OK + ",'Condition':{'NotIpAddress':{'acs:SourceIp':['10.0.0.1','::1/200']}}"), "::1/200"),
        refused(ram(OK + ",'Condition':{'DateLessThan':{'acs:CurrentTime':'2024-02-30T00:00:00Z'}}"), "ISO-8601"),
        refused(ram(OK + ",'Condition':{'DateLessThan':{'acs:CurrentTime':'next week'}}"), "ISO-8601"),
        refused(ram(OK + ",'Condition':{'NumericLessThan':{'acs:N':'ten'}}"), "a number"),
        refused(ram(OK + ",'Condition':{'Bool':{'acs:SecureTransport':'HTTPS'}}"), "true or false"),
        refused(ram(OK + ",'Condition':{'Bool':{'acs:SecureTransport':1}}"), "true or false"));
  }

  private static Arguments refused(String json, String messagePart) {
    return Arguments.of(json, messagePart);
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("refusedRam")
  void parse_malformedRamPolicy_isMalformedPolicyDocument(String json, String messagePart) {
    assertThatThrownBy(() -> Policy.parse(json))
        .isInstanceOf(CofferException.MalformedPolicyDocument.class)
        .hasMessageContaining(messagePart);
  }

  @Test
  void parse_null_isMalformed() {
    assertThatThrownBy(() -> Policy.parse(null)).isInstanceOf(CofferException.MalformedPolicyDocument.class);
  }

  @Test
  void parse_errorInSecondStatement_namesIt() {
    String json = ("{'Version':'1','Statement':[{" + OK + "},{'Effect':'Allow','Action':'oss:GetObject'}]}").replace('\'', '"');
    assertThatThrownBy(() -> Policy.parse(json)).hasMessageContaining("Statement 2 has no Resource");
  }

  static Stream<Arguments> refusedBucket() {
    return Stream.of(
        refused(bucket(OK), "no Principal"),
        refused(bucket("'Principal':[]," + OK), "empty list"),
        refused(bucket("'Principal':''," + OK), "empty string"),
        refused(bucket("'Principal':{'RAM':['1234']}," + OK), "string or a list"),
        refused(bucket("'Principal':['12 34']," + OK), "principal"),
        refused(bucket("'Principal':['acs:ram::1234:root']," + OK), "principal"),
        refused(bucket("'Principal':'*','Principal':'*'," + OK), "Duplicate"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("refusedBucket")
  void parseBucketPolicy_malformed_isMalformedPolicyDocument(String json, String messagePart) {
    assertThatThrownBy(() -> Policy.parseBucketPolicy(json))
        .isInstanceOf(CofferException.MalformedPolicyDocument.class)
        .hasMessageContaining(messagePart);
  }

  // ---- size limits ----

  /** A valid RAM policy of exactly {@code size} characters, padded inside the Sid. */
  private static String ramOfSize(int size, String padChar) {
    String base = ram("'Sid':'','Effect':'Allow','Action':'oss:GetObject','Resource':'*'");
    int pad = size - base.codePointCount(0, base.length());
    return base.replace("\"Sid\":\"\"", "\"Sid\":\"" + padChar.repeat(pad) + "\"");
  }

  @Test
  void parse_ramPolicyAtLimit_isAcceptedAndOneOver_isRefused() {
    assertThat(Policy.parse(ramOfSize(6144, "x")).statements()).hasSize(1);
    assertThatThrownBy(() -> Policy.parse(ramOfSize(6145, "x")))
        .isInstanceOf(CofferException.MalformedPolicyDocument.class).hasMessageContaining("6145 characters");
  }

  @Test
  void parse_ramLimit_countsCharactersNotBytes() {
    assertThat(Policy.parse(ramOfSize(6144, "文")).statements()).hasSize(1);
  }

  @Test
  void parseBucketPolicy_limitCountsUtf8Bytes() {
    String base = bucket("'Sid':'','Principal':'*'," + OK);
    String atLimit = base.replace("\"Sid\":\"\"", "\"Sid\":\"" + "x".repeat(16384 - base.length()) + "\"");
    assertThat(Policy.parseBucketPolicy(atLimit).statements()).hasSize(1);
    String over = atLimit.replaceFirst("x", "é"); // as many characters, one byte more
    assertThatThrownBy(() -> Policy.parseBucketPolicy(over))
        .isInstanceOf(CofferException.MalformedPolicyDocument.class).hasMessageContaining("16385 bytes");
  }

  @Test
  void parse_explicitLimit_isHonoured() {
    String json = ram(OK);
    assertThatThrownBy(() -> Policy.parse(json, PolicyKind.RAM, json.length() - 1))
        .isInstanceOf(CofferException.MalformedPolicyDocument.class);
    assertThat(Policy.parse(json, PolicyKind.RAM, json.length()).statements()).hasSize(1);
  }
}
