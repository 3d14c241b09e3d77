package io.coffer.cli.oss;

import io.coffer.cli.client.UsageFailure;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An ossutil cloud URL, {@code oss://bucket[/key-or-prefix]}. The key is everything after the
 * first slash, kept exactly (slashes, spaces and all); an empty bucket is legal only where a
 * command says so ({@code ls oss://}).
 */
public record OssUrl(String bucket, String key) {
  public static final String SCHEME = "oss://";
  // The looser of the SDK's two bucket rules (it allows '_' outside PutBucket); a name it would
  // refuse client-side is a usage problem, not a service error.
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]");

  public OssUrl {
    if (bucket == null) bucket = "";
    if (key == null) key = "";
  }

  /** Parses {@code text}; the bucket may be empty (callers that need one call {@link #requireBucket}). */
  public static OssUrl parse(String text) {
    if (text == null || !text.toLowerCase(Locale.ROOT).startsWith(SCHEME)) {
      throw new UsageFailure("invalid cloud url: " + text + ", please make sure the url starts with \"oss://\"");
    }
    String rest = text.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String key = slash < 0 ? "" : rest.substring(slash + 1);
    if (!bucket.isEmpty() && !BUCKET.matcher(bucket).matches()) {
      throw new UsageFailure("invalid bucket name: \"" + bucket + "\" in " + text
          + " (3-63 characters: lower-case letters, digits and '-', starting and ending with a letter or digit)");
    }
    if (bucket.isEmpty() && !key.isEmpty()) {
      throw new UsageFailure("invalid cloud url: " + text + ", miss bucket");
    }
    return new OssUrl(bucket, key);
  }

  /** Parses {@code text} and insists on a bucket. */
  public static OssUrl parseWithBucket(String text) {
    OssUrl u = parse(text);
    u.requireBucket(text);
    return u;
  }

  public OssUrl requireBucket(String text) {
    if (bucket.isEmpty()) throw new UsageFailure("invalid cloud url: " + text + ", miss bucket");
    return this;
  }

  public boolean hasKey() {
    return !key.isEmpty();
  }

  /** The URL of {@code objectKey} in this bucket, as ossutil prints it. */
  public static String of(String bucket, String objectKey) {
    return SCHEME + bucket + (objectKey == null || objectKey.isEmpty() ? "" : "/" + objectKey);
  }

  @Override
  public String toString() {
    return of(bucket, key);
  }
}
