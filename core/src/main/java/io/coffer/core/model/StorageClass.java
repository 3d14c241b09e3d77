package io.coffer.core.model;

import io.coffer.core.error.CofferException;

/** OSS storage classes. Coffer stores every class the same way and reports the class it was given. */
public enum StorageClass {
  STANDARD("Standard"),
  IA("IA"),
  ARCHIVE("Archive"),
  COLD_ARCHIVE("ColdArchive"),
  DEEP_COLD_ARCHIVE("DeepColdArchive");

  private final String wireName;

  StorageClass(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static StorageClass parse(String s) {
    if (s == null || s.isEmpty()) return STANDARD;
    for (StorageClass c : values()) {
      if (c.wireName.equalsIgnoreCase(s)) return c;
    }
    throw new CofferException.InvalidArgument("Invalid storage class.", "x-oss-storage-class", s);
  }
}
