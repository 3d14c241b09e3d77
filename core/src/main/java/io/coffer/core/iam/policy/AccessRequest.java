package io.coffer.core.iam.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One authorisation question: may the caller perform {@code action} on {@code resource}, given the
 * request facts in {@code context}?
 *
 * @param action the policy action, e.g. {@code oss:GetObject} or {@code kms:Decrypt}
 * @param resource the resource ARN, e.g. {@code acs:oss:*:1234:mybucket/photos/a.jpg} (see
 *     {@link OssResources}, {@link KmsResources}, {@link RamResources})
 * @param context condition keys ({@link ConditionKeys}) to their values; keys are stored folded to
 *     lower case, so lookups ignore case, and keys differing only in case are merged
 */
public record AccessRequest(String action, String resource, Map<String, List<String>> context) {

  public AccessRequest {
    if (action == null || action.isEmpty()) throw new IllegalArgumentException("empty action");
    if (resource == null || resource.isEmpty()) throw new IllegalArgumentException("empty resource");
    if (context == null) throw new IllegalArgumentException("null context");
    Map<String, List<String>> folded = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : context.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) throw new IllegalArgumentException("null context key or values");
      folded.computeIfAbsent(Condition.foldKey(e.getKey()), k -> new ArrayList<>()).addAll(e.getValue());
    }
    folded.replaceAll((k, v) -> List.copyOf(v)); // refuses null values
    context = Map.copyOf(folded);
  }

  /** A request with no condition context. */
  public static AccessRequest of(String action, String resource) {
    return new AccessRequest(action, resource, Map.of());
  }

  /** This request with {@code values} added under {@code key}. */
  public AccessRequest with(String key, String... values) {
    Map<String, List<String>> next = new LinkedHashMap<>(context);
    List<String> merged = new ArrayList<>(next.getOrDefault(Condition.foldKey(key), List.of()));
    merged.addAll(Arrays.asList(values));
    next.put(Condition.foldKey(key), merged);
    return new AccessRequest(action, resource, next);
  }

  /** The values under {@code key}, whatever its case; empty when the request lacks the key. */
  public List<String> contextValues(String key) {
    return context.getOrDefault(Condition.foldKey(key), List.of());
  }
}
