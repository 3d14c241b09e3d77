package io.coffer.core.bucket;

import io.coffer.core.error.CofferException;
import io.coffer.core.iam.policy.OssResources;
import io.coffer.core.iam.policy.Policy;
import io.coffer.core.iam.policy.PolicyKind;
import io.coffer.core.iam.policy.Statement;
import io.coffer.core.iam.policy.Wildcard;
import io.coffer.core.model.Bucket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What PutBucketPolicy accepts (docs/iam/policy-language.md, "Bucket policies"): UTF-8 text of at
 * most 16 KB that parses as a bucket policy, and whose every {@code Resource} can name the bucket
 * itself or objects in it. A policy is only ever consulted for requests on its own bucket, so a
 * resource naming another bucket could never apply; refusing it tells the author at once instead
 * of leaving a statement that silently does nothing.
 *
 * <p>A resource of the full form {@code acs:oss:<region>:<account>:<rest>} is checked part by
 * part, so that the usual {@code *} in the region cannot swallow the account and bucket behind it:
 * region, account and service must each match the bucket's ({@code *}, the owner's UID, {@code
 * oss}), and the rest must match the bucket name or some object key under it. A shorter pattern
 * ({@code *}, {@code acs:oss:*}) spans several parts with one star and is matched as a whole.
 */
final class BucketPolicies {
  private static final int MAX_SHOWN = 80;

  private BucketPolicies() {}

  /**
   * @return the document as text, unchanged, for storing
   * @throws CofferException.MalformedPolicyDocument when the document is not acceptable for {@code bucket}
   */
  static String validate(Bucket bucket, byte[] document) {
    int max = PolicyKind.BUCKET.defaultMaxSize();
    if (document.length > max) {
      throw new CofferException.MalformedPolicyDocument(
          "The policy document is " + document.length + " bytes long; at most " + max + " are allowed.");
    }
    String text = utf8(document);
    Policy policy = Policy.parseBucketPolicy(text);
    String bucketArn = OssResources.bucket(bucket.owner(), bucket.name().value());
    int number = 0;
    for (Statement s : policy.statements()) {
      number++;
      for (Wildcard r : s.resources()) {
        if (!namesBucket(r.pattern(), bucket, bucketArn)) {
          throw new CofferException.MalformedPolicyDocument("Statement " + number + ": Resource \"" + clip(r.pattern())
              + "\" names neither bucket " + bucket.name().value() + " nor objects in it (" + bucketArn + " or "
              + bucketArn + "/*).");
        }
      }
    }
    return text;
  }

  private static boolean namesBucket(String pattern, Bucket bucket, String bucketArn) {
    String[] parts = pattern.split(":", 5);
    if (parts.length < 5) return namesBucketOrObject(Wildcard.caseSensitive(pattern), bucketArn);
    String[] actual = bucketArn.split(":", 5);
    for (int i = 0; i < 4; i++) {
      if (!Wildcard.caseSensitive(parts[i]).matches(actual[i])) return false;
    }
    return namesBucketOrObject(Wildcard.caseSensitive(parts[4]), bucket.name().value());
  }

  /** {@code name} itself or {@code name/<some key>}. */
  private static boolean namesBucketOrObject(Wildcard w, String name) {
    return w.matches(name) || w.matchesSomeLongerText(name + "/");
  }

  private static String utf8(byte[] document) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(document)).toString();
    } catch (CharacterCodingException e) {
      throw new CofferException.MalformedPolicyDocument("The policy document is not UTF-8 text.");
    }
  }

  private static String clip(String s) {
    return s.codePointCount(0, s.length()) <= MAX_SHOWN ? s : s.substring(0, s.offsetByCodePoints(0, MAX_SHOWN)) + "...";
  }
}
