package io.coffer.core.iam.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.error.CofferException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConditionTest {

  /** operator, key, statement values, request values (null: the request lacks the key), expected. */
  static Stream<Arguments> operators() {
    return Stream.of(
        row("StringEquals", "acs:UserAgent", List.of("sdk"), List.of("sdk"), true),
        row("StringEquals", "acs:UserAgent", List.of("sdk"), List.of("SDK"), false),
        row("StringEquals", "acs:UserAgent", List.of("a", "b"), List.of("b"), true),
        row("StringEquals", "acs:UserAgent", List.of("a", "b"), List.of("c", "b"), true),
        row("StringEquals", "acs:UserAgent", List.of("a"), null, false),
        row("StringEquals", "acs:UserAgent", List.of("a*"), List.of("ab"), false),
        row("StringNotEquals", "acs:UserAgent", List.of("a", "b"), List.of("c"), true),
        row("StringNotEquals", "acs:UserAgent", List.of("a", "b"), List.of("b"), false),
        row("StringNotEquals", "acs:UserAgent", List.of("a"), null, true),
        row("StringEqualsIgnoreCase", "acs:UserAgent", List.of("SDK"), List.of("sdk"), true),
        row("StringEqualsIgnoreCase", "acs:UserAgent", List.of("SDK"), List.of("sdx"), false),
        row("StringEqualsIgnoreCase", "acs:UserAgent", List.of("SDK"), null, false),
        row("StringNotEqualsIgnoreCase", "acs:UserAgent", List.of("SDK"), List.of("sdk"), false),
        row("StringNotEqualsIgnoreCase", "acs:UserAgent", List.of("SDK"), List.of("other"), true),
        row("StringNotEqualsIgnoreCase", "acs:UserAgent", List.of("SDK"), null, true),
        row("StringLike", "oss:Prefix", List.of("home/*"), List.of("home/alice/"), true),
        row("StringLike", "oss:Prefix", List.of("home/*"), List.of("Home/alice/"), false),
        row("StringLike", "oss:Prefix", List.of("home/?"), List.of("home/a"), true),
        row("StringLike", "oss:Prefix", List.of("home/*", "tmp/*"), List.of("tmp/x"), true),
        row("StringLike", "oss:Prefix", List.of("home/*"), null, false),
        row("StringLike", "oss:Prefix", List.of("*"), List.of(""), true),
        row("StringNotLike", "oss:Prefix", List.of("home/*"), List.of("etc/"), true),
        row("StringNotLike", "oss:Prefix", List.of("home/*"), List.of("home/x"), false),
        row("StringNotLike", "oss:Prefix", List.of("home/*"), null, true),
        row("NumericEquals", "acs:N", List.of("10"), List.of("10.0"), true),
        row("NumericEquals", "acs:N", List.of("10"), List.of("11"), false),
        row("NumericEquals", "acs:N", List.of("1e3"), List.of("1000"), true),
        row("NumericEquals", "acs:N", List.of("10"), List.of("ten"), false),
        row("NumericEquals", "acs:N", List.of("10"), null, false),
        row("NumericNotEquals", "acs:N", List.of("10"), List.of("11"), true),
        row("NumericNotEquals", "acs:N", List.of("10"), List.of("10"), false),
        row("NumericNotEquals", "acs:N", List.of("10"), null, true),
        row("NumericLessThan", "acs:N", List.of("10"), List.of("9.99"), true),
        row("NumericLessThan", "acs:N", List.of("10"), List.of("10"), false),
        row("NumericLessThan", "acs:N", List.of("10"), List.of("-100"), true),
        row("NumericLessThanEquals", "acs:N", List.of("10"), List.of("10"), true),
        row("NumericLessThanEquals", "acs:N", List.of("10"), List.of("10.5"), false),
        row("NumericGreaterThan", "acs:N", List.of("10"), List.of("10"), false),
        row("NumericGreaterThan", "acs:N", List.of("10"), List.of("11"), true),
        row("NumericGreaterThan", "acs:N", List.of("10"), null, false),
        row("NumericGreaterThanEquals", "acs:N", List.of("10"), List.of("10"), true),
        row("NumericGreaterThanEquals", "acs:N", List.of("10"), List.of("9"), false),
        row("DateEquals", "acs:CurrentTime", List.of("2024-01-01T08:00:00+08:00"), List.of("2024-01-01T00:00:00Z"), true),
        row("DateEquals", "acs:CurrentTime", List.of("2024-01-01T00:00:00Z"), List.of("2024-01-01T00:00:01Z"), false),
        row("DateNotEquals", "acs:CurrentTime", List.of("2024-01-01T00:00:00Z"), List.of("2024-01-01T00:00:01Z"), true),
        row("DateNotEquals", "acs:CurrentTime", List.of("2024-01-01T00:00:00Z"), null, true),
        row("DateLessThan", "acs:CurrentTime", List.of("2012-11-11T23:59:59Z"), List.of("2012-11-11T23:59:58.999Z"), true),
        row("DateLessThan", "acs:CurrentTime", List.of("2012-11-11T23:59:59Z"), List.of("2012-11-11T23:59:59Z"), false),
        row("DateLessThan", "acs:CurrentTime", List.of("2012-11-11T23:59:59Z"), List.of("yesterday"), false),
        row("DateLessThan", "acs:CurrentTime", List.of("2012-11-11T23:59:59Z"), null, false),
        row("DateLessThanEquals", "acs:CurrentTime", List.of("2012-11-11T23:59:59Z"), List.of("2012-11-11T23:59:59Z"), true),
        row("DateGreaterThan", "acs:CurrentTime", List.of("2012-11-11T23:59:59Z"), List.of("2026-11-23T10:00:00Z"), true),
        row("DateGreaterThan", "acs:CurrentTime", List.of("2012-11-11T23:59:59Z"), List.of("2012-11-11T23:59:59Z"), false),
        row("DateGreaterThanEquals", "acs:CurrentTime", List.of("2012-11-11T23:59:59Z"), List.of("2012-11-11T23:59:59Z"), true),
        row("DateGreaterThanEquals", "acs:CurrentTime", List.of("2012-11-11T23:59:59Z"), List.of("2012-11-11T23:59:58Z"), false),
        row("Bool", "acs:SecureTransport", List.of("true"), List.of("true"), true),
        row("Bool", "acs:SecureTransport", List.of("true"), List.of("TRUE"), true),
        row("Bool", "acs:SecureTransport", List.of("true"), List.of("false"), false),
        row("Bool", "acs:SecureTransport", List.of("False"), List.of("false"), true),
        row("Bool", "acs:SecureTransport", List.of("true"), List.of("HTTPS"), false),
        row("Bool", "acs:SecureTransport", List.of("true"), null, false),
        row("IpAddress", "acs:SourceIp", List.of("192.168.0.0/16"), List.of("192.168.3.4"), true),
        row("IpAddress", "acs:SourceIp", List.of("192.168.0.0/16"), List.of("10.0.0.1"), false),
        row("IpAddress", "acs:SourceIp", List.of("10.0.0.0/8", "2001:db8::/32"), List.of("2001:db8::7"), true),
        row("IpAddress", "acs:SourceIp", List.of("192.168.0.0/16"), List.of("garbage"), false),
        row("IpAddress", "acs:SourceIp", List.of("192.168.0.0/16"), null, false),
        row("NotIpAddress", "acs:SourceIp", List.of("192.168.0.0/16"), List.of("10.0.0.1"), true),
        row("NotIpAddress", "acs:SourceIp", List.of("192.168.0.0/16"), List.of("192.168.9.9"), false),
        row("NotIpAddress", "acs:SourceIp", List.of("192.168.0.0/16"), null, true));
  }

  private static Arguments row(String op, String key, List<String> values, List<String> request, boolean expected) {
    return Arguments.of(op, key, values, request, expected);
  }

  @ParameterizedTest(name = "{0} {1}={2} vs {3} -> {4}")
  @MethodSource("operators")
  void holds_table(String op, String key, List<String> values, List<String> requestValues, boolean expected) {
    Condition condition = new Condition(ConditionOperator.fromJson(op), key, values);
    AccessRequest request = AccessRequest.of("oss:GetObject", "acs:oss:*:1:b/k");
    if (requestValues != null) request = request.with(key, requestValues.toArray(String[]::new));
    assertThat(condition.holds(request)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operators")
  void holds_keyLookupIgnoresCase(String op, String key, List<String> values, List<String> requestValues, boolean expected) {
    Condition condition = new Condition(ConditionOperator.fromJson(op), key.toUpperCase(), values);
    AccessRequest request = AccessRequest.of("oss:GetObject", "acs:oss:*:1:b/k");
    if (requestValues != null) request = request.with(key.toLowerCase(), requestValues.toArray(String[]::new));
    assertThat(condition.holds(request)).isEqualTo(expected);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("IpAddress", List.of("300.1.1.1")),
        Arguments.of("IpAddress", List.of("10.0.0.0/33")),
        Arguments.of("NotIpAddress", List.of("host.example.com")),
        Arguments.of("IpAddress", List.of("10.0.0.1", "fe80::1%eth0")),
        Arguments.of("DateLessThan", List.of("2024-13-01T00:00:00Z")),
        Arguments.of("DateEquals", List.of("2024-01-01")),
        Arguments.of("DateGreaterThan", List.of("2024-01-01T00:00:00")),
        Arguments.of("DateNotEquals", List.of("1700000000")),
        Arguments.of("NumericLessThan", List.of("ten")),
        Arguments.of("NumericEquals", List.of("1,000")),
        Arguments.of("NumericEquals", List.of(" 1")),
        Arguments.of("NumericEquals", List.of("NaN")),
        Arguments.of("NumericEquals", List.of("1".repeat(65))),
        Arguments.of("Bool", List.of("yes")),
        Arguments.of("Bool", List.of("1")));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("malformed")
  void constructor_valueNotOfOperatorType_isMalformed(String op, List<String> values) {
    assertThatThrownBy(() -> new Condition(ConditionOperator.fromJson(op), "acs:Key", values))
        .isInstanceOf(CofferException.MalformedPolicyDocument.class)
        .hasMessageContaining(op).hasMessageContaining("acs:Key");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"", "SourceIp", ":SourceIp", "acs:", "acs: SourceIp"})
  void constructor_keyWithoutPrefix_isMalformed(String key) {
    assertThatThrownBy(() -> new Condition(ConditionOperator.STRING_EQUALS, key, List.of("x")))
        .isInstanceOf(CofferException.MalformedPolicyDocument.class);
  }

  @org.junit.jupiter.api.Test
  void constructor_noValues_isMalformed() {
    assertThatThrownBy(() -> new Condition(ConditionOperator.STRING_EQUALS, "acs:K", List.of()))
        .isInstanceOf(CofferException.MalformedPolicyDocument.class).hasMessageContaining("no value");
  }

  @org.junit.jupiter.api.Test
  void operators_everyJsonNameResolves() {
    assertThat(Arrays.stream(ConditionOperator.values()).map(o -> ConditionOperator.fromJson(o.jsonName())))
        .containsExactly(ConditionOperator.values());
    assertThat(ConditionOperator.fromJson("stringequals")).isNull();
    assertThat(ConditionOperator.fromJson("StringEqualsIfExists")).isNull();
  }
}
