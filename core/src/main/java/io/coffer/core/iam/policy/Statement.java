package io.coffer.core.iam.policy;

import java.util.List;
import java.util.Optional;

/**
 * One statement of a policy. It applies to a request when the action matches ({@code Action}: any
 * pattern; {@code NotAction}: none), the resource matches any {@code Resource} pattern, and every
 * condition holds; for bucket policies the {@code Principal} must also name the caller, which
 * {@link PolicyEvaluator} checks.
 *
 * @param sid the {@code Sid} as written, or empty; it has no meaning in evaluation
 * @param effect Allow or Deny
 * @param actions action patterns, matched ignoring case
 * @param notAction true when {@code actions} came from {@code NotAction}
 * @param resources resource patterns, matched case-sensitively
 * @param principal the {@code Principal} element; present in bucket policies only
 * @param conditions all must hold (operators AND, keys AND)
 */
public record Statement(String sid, Effect effect, List<Wildcard> actions, boolean notAction,
    List<Wildcard> resources, Optional<PrincipalSet> principal, List<Condition> conditions) {

  public Statement {
    if (sid == null || effect == null || actions == null || resources == null || principal == null
        || conditions == null) {
      throw new IllegalArgumentException("null statement part");
    }
    if (actions.isEmpty() || resources.isEmpty()) throw new IllegalArgumentException("statement without action or resource");
    actions = List.copyOf(actions);
    resources = List.copyOf(resources);
    conditions = List.copyOf(conditions);
  }

  public boolean matchesAction(String action) {
    boolean listed = false;
    for (Wildcard w : actions) {
      if (w.matches(action)) {
        listed = true;
        break;
      }
    }
    return listed != notAction;
  }

  public boolean matchesResource(String resource) {
    for (Wildcard w : resources) if (w.matches(resource)) return true;
    return false;
  }

  public boolean conditionsHold(AccessRequest request) {
    for (Condition c : conditions) if (!c.holds(request)) return false;
    return true;
  }

  /** Action, resource and conditions all match; the principal is not considered here. */
  public boolean appliesTo(AccessRequest request) {
    return matchesAction(request.action()) && matchesResource(request.resource()) && conditionsHold(request);
  }
}
