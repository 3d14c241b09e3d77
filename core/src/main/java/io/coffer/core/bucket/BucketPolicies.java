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
        if (!r.matches(bucketArn) && !r.matchesSomeLongerText(bucketArn + "/")) {
          throw new CofferException.MalformedPolicyDocument("Statement " + number + ": Resource \"" + clip(r.pattern())
              + "\" names neither bucket " + bucket.name().value() + " nor objects in it (" + bucketArn + " or "
              + bucketArn + "/*).");
        }
      }
    }
    return text;
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
