package io.coffer.core.iam.ram;

import io.coffer.core.error.CofferException;

/** RAM's two kinds of policy: built in and read-only, or made by the account. */
public enum PolicyType {
  System, Custom;

  /**
   * The type RAM spells {@code name} (case-sensitive).
   *
   * @throws CofferException.RamInvalidParameter PolicyType VALUE for anything else
   */
  public static PolicyType parse(String name) {
    for (PolicyType t : values()) {
      if (t.name().equals(name)) return t;
    }
    throw new CofferException.RamInvalidParameter("PolicyType", CofferException.RamParameterProblem.VALUE,
        "The parameter PolicyType must be System or Custom.");
  }
}
