package io.coffer.core.iam.policy;

/**
 * A policy Coffer defines itself and any account may attach ({@code PolicyType} {@code System}).
 *
 * @param name the policy name, e.g. {@code AliyunOSSReadOnlyAccess}
 * @param description the text ListPolicies and GetPolicy show
 * @param policy the parsed document; {@code policy().document()} is its JSON text
 */
public record SystemPolicy(String name, String description, Policy policy) {

  public SystemPolicy {
    if (name == null || description == null || policy == null) throw new IllegalArgumentException("null system policy part");
  }
}
