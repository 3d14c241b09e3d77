package io.coffer.core.iam.ram;

import io.coffer.core.error.CofferException;

/** An access key's status as RAM spells it; an Inactive key fails authentication. */
public enum AccessKeyStatus {
  Active, Inactive;

  /**
   * The status RAM spells {@code name} (case-sensitive).
   *
   * @throws CofferException.RamInvalidParameter Status VALUE for anything else
   */
  public static AccessKeyStatus parse(String name) {
    for (AccessKeyStatus s : values()) {
      if (s.name().equals(name)) return s;
    }
    throw new CofferException.RamInvalidParameter("Status", CofferException.RamParameterProblem.VALUE,
        "The parameter Status must be Active or Inactive.");
  }
}
