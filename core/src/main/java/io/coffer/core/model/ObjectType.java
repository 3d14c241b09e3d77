package io.coffer.core.model;

/** How an object was written; spelled as OSS spells {@code x-oss-object-type}. */
public enum ObjectType {
  NORMAL("Normal"),
  MULTIPART("Multipart"),
  APPENDABLE("Appendable");

  private final String wireName;

  ObjectType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
