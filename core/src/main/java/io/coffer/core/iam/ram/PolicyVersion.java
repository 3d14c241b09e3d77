package io.coffer.core.iam.ram;

import java.time.Instant;

/** One version of a policy: {@code v<number>} and its document. */
public record PolicyVersion(int number, String document, boolean isDefault, Instant created) {
  public String versionId() {
    return id(number);
  }

  public static String id(int number) {
    return "v" + number;
  }
}
