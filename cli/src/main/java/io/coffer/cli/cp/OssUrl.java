package io.coffer.cli.cp;

import io.coffer.cli.client.UsageFailure;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A cloud URL as ossutil spells it, {@code oss://bucket[/key]}. The key may be empty (the whole
 * bucket) or end in {@code /} (a "directory" prefix).
 */
public record OssUrl(String bucket, String key) {
  private static final String SCHEME = "oss://";
  // OSS bucket names: 3-63 of lower-case letters, digits and '-', not starting or ending with '-'.
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

  public static boolean isCloud(String arg) {
    return arg.toLowerCase(Locale.ROOT).startsWith(SCHEME);
  }

  /**
   * @throws UsageFailure when the argument is not a valid cloud URL
   */
  public static OssUrl parse(String arg) {
    if (!isCloud(arg)) throw new UsageFailure("not a cloud URL (oss://bucket/key): " + arg);
    String rest = arg.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String key = slash < 0 ? "" : rest.substring(slash + 1);
    if (bucket.isEmpty()) throw new UsageFailure("invalid cloud URL " + arg + ": no bucket name");
    if (!BUCKET.matcher(bucket).matches()) {
      throw new UsageFailure("invalid cloud URL " + arg + ": \"" + bucket + "\" is not a valid bucket name");
    }
    return new OssUrl(bucket, key);
  }

  /** True when this names a prefix rather than one object: no key, or a key ending in '/'. */
  public boolean isPrefix() {
    return key.isEmpty() || key.endsWith("/");
  }

  /** The last path segment of the key (the whole key when it has no '/'). */
  public String baseName() {
    return key.substring(key.lastIndexOf('/') + 1);
  }

  /** The part of the key up to and including its last '/', which recursive copies keep out of names. */
  public String parentPrefix() {
    return key.substring(0, key.lastIndexOf('/') + 1);
  }

  public OssUrl withKey(String newKey) {
    return new OssUrl(bucket, newKey);
  }

  @Override
  public String toString() {
    return SCHEME + bucket + "/" + key;
  }
}
