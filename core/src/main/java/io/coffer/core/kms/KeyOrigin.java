package io.coffer.core.kms;

/** Where a CMK's material comes from: made by the KMS, or imported ("bring your own key"). */
public enum KeyOrigin {
  Aliyun_KMS,
  EXTERNAL;

  public static KeyOrigin byWireName(String name) {
    for (KeyOrigin o : values()) if (o.name().equals(name)) return o;
    return null;
  }
}
