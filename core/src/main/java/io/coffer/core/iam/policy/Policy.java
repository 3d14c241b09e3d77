package io.coffer.core.iam.policy;

import io.coffer.core.error.CofferException;
import java.util.List;

/**
 * A parsed, validated policy document: a RAM identity policy or an OSS bucket policy. The grammar
 * (docs/iam/policy-language.md) is enforced strictly: any deviation, from invalid JSON to an
 * unknown field or operator or an unreadable IP address, refuses the whole document with
 * {@link CofferException.MalformedPolicyDocument}, whose message names what is wrong. A policy
 * that parses can always be evaluated; nothing fails later.
 *
 * @param kind the grammar the document was held to
 * @param statements at least one
 * @param document the JSON text as given, for storing and returning it unchanged
 */
public record Policy(PolicyKind kind, List<Statement> statements, String document) {

  public Policy {
    if (kind == null || statements == null || document == null) throw new IllegalArgumentException("null policy part");
    if (statements.isEmpty()) throw new IllegalArgumentException("policy without statements");
    statements = List.copyOf(statements);
    for (Statement s : statements) {
      if (s.principal().isPresent() != kind.principalRequired()) {
        throw new IllegalArgumentException(
            kind + " policy statements " + (kind.principalRequired() ? "need" : "take no") + " Principal");
      }
    }
  }

  /**
   * Parses a RAM policy document (no {@code Principal}, at most 6144 characters).
   *
   * @throws CofferException.MalformedPolicyDocument when the document is not a valid RAM policy
   */
  public static Policy parse(String json) {
    return parse(json, PolicyKind.RAM);
  }

  /**
   * Parses an OSS bucket policy (a {@code Principal} in every statement, at most 16 KB).
   *
   * @throws CofferException.MalformedPolicyDocument when the document is not a valid bucket policy
   */
  public static Policy parseBucketPolicy(String json) {
    return parse(json, PolicyKind.BUCKET);
  }

  /** Parses with the kind's default size limit. */
  public static Policy parse(String json, PolicyKind kind) {
    return parse(json, kind, kind.defaultMaxSize());
  }

  /**
   * @param maxSize the largest accepted document, counted as {@link PolicyKind#sizeOf} counts
   * @throws CofferException.MalformedPolicyDocument when the document is invalid or too large
   */
  public static Policy parse(String json, PolicyKind kind, int maxSize) {
    return PolicyParser.parse(json, kind, maxSize);
  }
}
