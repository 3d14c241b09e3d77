package io.coffer.core.iam.ram;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.coffer.core.error.CofferException;
import io.coffer.core.error.CofferException.RamParameterProblem;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * The rules RAM parameters follow (kms-ram-api.md §3.1). Each check names the parameter as the
 * request spelled it ({@code UserName} or {@code NewUserName}), since RAM's error code does.
 */
final class RamRules {
  static final int MAX_USER_NAME = 64;
  static final int MAX_DISPLAY_NAME = 128;
  static final int MAX_COMMENTS = 128;
  static final int MAX_EMAIL = 128;
  static final int MAX_POLICY_NAME = 128;
  static final int MAX_DESCRIPTION = 1024;
  /** The Tea model's limit; older documents said 2048 bytes or 4096 characters (§3.1). */
  static final int MAX_POLICY_DOCUMENT = 6144;

  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern DISPLAY_NAME = Pattern.compile("[\\p{L}\\p{N}@._-]+");
  private static final Pattern MOBILE_PHONE = Pattern.compile("[0-9]{1,5}-[0-9]{1,32}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Pattern POLICY_NAME = Pattern.compile("[A-Za-z0-9-]+");
  private static final Pattern VERSION_ID = Pattern.compile("v[1-9][0-9]{0,8}");

  private static final ObjectReader STRICT_JSON = new ObjectMapper().reader()
      .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private RamRules() {}

  static String userName(String param, String v) {
    return named(param, v, MAX_USER_NAME, USER_NAME, "letters, digits, '.', '-' and '_'");
  }

  static String displayName(String param, String v) {
    return named(param, v, MAX_DISPLAY_NAME, DISPLAY_NAME, "letters, digits, '@', '.', '-' and '_'");
  }

  static String policyName(String param, String v) {
    return named(param, v, MAX_POLICY_NAME, POLICY_NAME, "letters, digits and '-'");
  }

  /** Optional contact fields may be empty; a value given must have the right shape. */
  static String mobilePhone(String param, String v) {
    if (!v.isEmpty() && !MOBILE_PHONE.matcher(v).matches()) {
      throw invalid(param, RamParameterProblem.FORMAT, "must be <country code>-<number>, e.g. 86-18600008888");
    }
    return v;
  }

  static String email(String param, String v) {
    if (v.length() > MAX_EMAIL) throw invalid(param, RamParameterProblem.LENGTH, "must be at most " + MAX_EMAIL + " characters long");
    if (!v.isEmpty() && !EMAIL.matcher(v).matches()) throw invalid(param, RamParameterProblem.FORMAT, "is not an email address");
    return v;
  }

  static String comments(String param, String v) {
    return maxLength(param, v, MAX_COMMENTS);
  }

  static String description(String param, String v) {
    return maxLength(param, v, MAX_DESCRIPTION);
  }

  /** @return the version number of {@code v<n>} */
  static int versionId(String v) {
    if (!VERSION_ID.matcher(v).matches()) throw invalid("VersionId", RamParameterProblem.FORMAT, "must be v1, v2, ...");
    return Integer.parseInt(v.substring(1));
  }

  /**
   * Checks a policy document's size, then its grammar.
   *
   * @throws CofferException.RamInvalidParameter PolicyDocument LENGTH when longer than {@link #MAX_POLICY_DOCUMENT}
   * @throws CofferException.MalformedPolicyDocument when the grammar is broken
   */
  static String policyDocument(String v) {
    if (v.length() > MAX_POLICY_DOCUMENT) {
      throw invalid("PolicyDocument", RamParameterProblem.LENGTH, "must be at most " + MAX_POLICY_DOCUMENT + " characters long");
    }
    validatePolicyDocument(v);
    return v;
  }

  /**
   * The one place a RAM policy document's grammar is checked: the policy language's parser.
   *
   * @throws CofferException.MalformedPolicyDocument when it is not a valid RAM policy
   */
  static void validatePolicyDocument(String document) {
    io.coffer.core.iam.policy.Policy.parse(document);
  }

  private static String named(String param, String v, int max, Pattern chars, String allowed) {
    if (v.isEmpty() || v.length() > max) {
      throw invalid(param, RamParameterProblem.LENGTH, "must be 1 to " + max + " characters long");
    }
    if (!chars.matcher(v).matches()) throw invalid(param, RamParameterProblem.INVALID_CHARS, "may hold only " + allowed);
    return v;
  }

  private static String maxLength(String param, String v, int max) {
    if (v.length() > max) throw invalid(param, RamParameterProblem.LENGTH, "must be at most " + max + " characters long");
    return v;
  }

  private static CofferException.RamInvalidParameter invalid(String param, RamParameterProblem p, String rule) {
    return new CofferException.RamInvalidParameter(param, p, "The parameter " + param + " " + rule + ".");
  }
}
