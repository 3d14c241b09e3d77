package io.coffer.core.iam.policy;

/** What a statement does when it applies: {@code "Allow"} or {@code "Deny"}, spelled exactly so. */
public enum Effect {
  ALLOW("Allow"),
  DENY("Deny");

  private final String jsonName;

  Effect(String jsonName) {
    this.jsonName = jsonName;
  }

  public String jsonName() {
    return jsonName;
  }

  /** The effect named {@code value} (case-sensitive), or null when there is none. */
  static Effect fromJson(String value) {
    for (Effect e : values()) if (e.jsonName.equals(value)) return e;
    return null;
  }
}
