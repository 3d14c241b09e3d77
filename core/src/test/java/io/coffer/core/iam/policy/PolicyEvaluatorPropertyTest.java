package io.coffer.core.iam.policy;

import static io.coffer.core.iam.policy.Decision.ALLOW;
import static io.coffer.core.iam.policy.Decision.EXPLICIT_DENY;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of evaluation over seeded random policies and requests. Each case seeds its own
 * Random with {@code BASE + i}; a failure message names that seed, so the case replays alone.
 */
class PolicyEvaluatorPropertyTest {
  private static final int CASES = 3000;
  private final PolicyEvaluator evaluator = new PolicyEvaluator();

  private Decision ram(List<List<String>> policies, AccessRequest request) {
    return evaluator.evaluate(RandomPolicies.parseAll(policies), request);
  }

  /** A bucket policy's statements, flattened into one document (empty: no statement applies). */
  private Decision bucket(List<List<String>> policies, CallerIdentity caller, AccessRequest request) {
    List<String> statements = policies.stream().flatMap(List::stream).toList();
    if (statements.isEmpty()) return Decision.IMPLICIT_DENY;
    return evaluator.evaluateBucketPolicy(Policy.parseBucketPolicy(RandomPolicies.document(statements)), caller, request);
  }

  @Test
  void property1_matchingDeny_alwaysWins() {
    long base = 0xC0FFEE_0001L;
    for (int i = 0; i < CASES; i++) {
      long seed = base + i;
      Random r = new Random(seed);
      AccessRequest request = RandomPolicies.request(r);
      String deny = RandomPolicies.matchingStatement(r, request, "Deny", null);
      List<List<String>> policies = RandomPolicies.withInserted(r, RandomPolicies.policies(r, false, 3), deny);
      assertThat(ram(policies, request)).as("seed %d: %s with %s", seed, request, policies).isEqualTo(EXPLICIT_DENY);
    }
  }

  @Test
  void property1_bucketPolicy_matchingDeny_alwaysWins() {
    long base = 0xC0FFEE_1001L;
    for (int i = 0; i < CASES; i++) {
      long seed = base + i;
      Random r = new Random(seed);
      AccessRequest request = RandomPolicies.request(r);
      CallerIdentity caller = RandomPolicies.caller(r);
      String deny = RandomPolicies.matchingStatement(r, request, "Deny", caller);
      List<List<String>> policies = RandomPolicies.withInserted(r, RandomPolicies.policies(r, true, 2), deny);
      assertThat(bucket(policies, caller, request)).as("seed %d: %s %s with %s", seed, caller, request, policies)
          .isEqualTo(EXPLICIT_DENY);
    }
  }

  @Test
  void property2_addingAnAllow_neverTakesAnythingAway() {
    long base = 0xC0FFEE_0002L;
    int becameAllowed = 0;
    for (int i = 0; i < CASES; i++) {
      long seed = base + i;
      Random r = new Random(seed);
      AccessRequest request = RandomPolicies.request(r);
      List<List<String>> policies = RandomPolicies.policies(r, false, 3);
      boolean matching = r.nextBoolean();
      String allow = matching ? RandomPolicies.matchingStatement(r, request, "Allow", null)
          : RandomPolicies.statement(r, "Allow", false);
      Decision before = ram(policies, request);
      Decision after = ram(RandomPolicies.withInserted(r, policies, allow), request);
      String why = String.format("seed %d: %s with %s plus %s", seed, request, policies, allow);
      if (before == ALLOW) assertThat(after).as(why).isEqualTo(ALLOW);
      if (before == EXPLICIT_DENY) assertThat(after).as(why).isEqualTo(EXPLICIT_DENY);
      if (matching && before != EXPLICIT_DENY) assertThat(after).as(why).isEqualTo(ALLOW);
      if (before != ALLOW && after == ALLOW) becameAllowed++;
    }
    assertThat(becameAllowed).as("cases where the added Allow mattered").isGreaterThan(CASES / 10);
  }

  @Test
  void property2_bucketPolicy_addingAnAllow_neverTakesAnythingAway() {
    long base = 0xC0FFEE_1002L;
    for (int i = 0; i < CASES; i++) {
      long seed = base + i;
      Random r = new Random(seed);
      AccessRequest request = RandomPolicies.request(r);
      CallerIdentity caller = RandomPolicies.caller(r);
      List<List<String>> policies = RandomPolicies.policies(r, true, 2);
      String allow = r.nextBoolean() ? RandomPolicies.matchingStatement(r, request, "Allow", caller)
          : RandomPolicies.statement(r, "Allow", true);
      Decision before = bucket(policies, caller, request);
      Decision after = bucket(RandomPolicies.withInserted(r, policies, allow), caller, request);
      String why = String.format("seed %d: %s %s with %s plus %s", seed, caller, request, policies, allow);
      if (before == ALLOW) assertThat(after).as(why).isEqualTo(ALLOW);
      if (before == EXPLICIT_DENY) assertThat(after).as(why).isEqualTo(EXPLICIT_DENY);
    }
  }

  @Test
  void property3_explicitDeny_survivesAnyAddedStatement() {
    long base = 0xC0FFEE_0003L;
    int checked = 0;
    for (int i = 0; i < CASES; i++) {
      long seed = base + i;
      Random r = new Random(seed);
      AccessRequest request = RandomPolicies.request(r);
      List<List<String>> policies = RandomPolicies.policies(r, false, 3);
      if (r.nextBoolean()) {
        policies = RandomPolicies.withInserted(r, policies, RandomPolicies.matchingStatement(r, request, "Deny", null));
      }
      if (ram(policies, request) != EXPLICIT_DENY) continue;
      checked++;
      List<String> added = new ArrayList<>();
      for (int k = 1 + r.nextInt(3); k > 0; k--) {
        String effect = r.nextBoolean() ? "Allow" : "Deny";
        added.add(r.nextBoolean() ? RandomPolicies.matchingStatement(r, request, effect, null)
            : RandomPolicies.statement(r, effect, false));
      }
      List<List<String>> more = policies;
      for (String s : added) more = RandomPolicies.withInserted(r, more, s);
      assertThat(ram(more, request)).as("seed %d: %s with %s plus %s", seed, request, policies, added)
          .isEqualTo(EXPLICIT_DENY);
    }
    assertThat(checked).as("cases that started as an explicit deny").isGreaterThan(CASES / 3);
  }

  @Test
  void property3_bucketPolicy_explicitDeny_survivesAnyAddedStatement() {
    long base = 0xC0FFEE_1003L;
    int checked = 0;
    for (int i = 0; i < CASES; i++) {
      long seed = base + i;
      Random r = new Random(seed);
      AccessRequest request = RandomPolicies.request(r);
      CallerIdentity caller = RandomPolicies.caller(r);
      List<List<String>> policies = RandomPolicies.policies(r, true, 2);
      if (r.nextBoolean()) {
        policies = RandomPolicies.withInserted(r, policies, RandomPolicies.matchingStatement(r, request, "Deny", caller));
      }
      if (bucket(policies, caller, request) != EXPLICIT_DENY) continue;
      checked++;
      String effect = r.nextBoolean() ? "Allow" : "Deny";
      String added = r.nextBoolean() ? RandomPolicies.matchingStatement(r, request, effect, caller)
          : RandomPolicies.statement(r, effect, true);
      assertThat(bucket(RandomPolicies.withInserted(r, policies, added), caller, request))
          .as("seed %d: %s %s with %s plus %s", seed, caller, request, policies, added).isEqualTo(EXPLICIT_DENY);
    }
    assertThat(checked).as("cases that started as an explicit deny").isGreaterThan(CASES / 3);
  }

  /** The generator's matching statements really match: without this the properties above prove little. */
  @Test
  void matchingStatement_alone_decidesByItsEffect() {
    long base = 0xC0FFEE_0004L;
    for (int i = 0; i < CASES; i++) {
      long seed = base + i;
      Random r = new Random(seed);
      AccessRequest request = RandomPolicies.request(r);
      String allow = RandomPolicies.matchingStatement(r, request, "Allow", null);
      assertThat(ram(List.of(List.of(allow)), request)).as("seed %d: %s vs %s", seed, request, allow).isEqualTo(ALLOW);
      CallerIdentity caller = RandomPolicies.caller(r);
      String bucketAllow = RandomPolicies.matchingStatement(r, request, "Allow", caller);
      assertThat(bucket(List.of(List.of(bucketAllow)), caller, request))
          .as("seed %d: %s %s vs %s", seed, caller, request, bucketAllow).isEqualTo(ALLOW);
    }
  }
}
