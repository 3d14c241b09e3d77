package io.coffer.core.model;

import io.coffer.core.error.CofferException;

/** Canned object ACLs; {@code default} means "whatever the bucket's ACL says". */
public enum ObjectAcl {
  DEFAULT("default"),
  PRIVATE("private"),
  PUBLIC_READ("public-read"),
  PUBLIC_READ_WRITE("public-read-write");

  private final String wireName;

  ObjectAcl(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static ObjectAcl parse(String s) {
    if (s == null || s.isEmpty()) return DEFAULT;
    for (ObjectAcl a : values()) {
      if (a.wireName.equals(s)) return a;
    }
    throw new CofferException.InvalidArgument("no such object access control exists", "x-oss-object-acl", s);
  }

  /** The ACL in force for an object with this ACL in a bucket with {@code bucketAcl}. */
  public BucketAcl effective(BucketAcl bucketAcl) {
    return switch (this) {
      case DEFAULT -> bucketAcl;
      case PRIVATE -> BucketAcl.PRIVATE;
      case PUBLIC_READ -> BucketAcl.PUBLIC_READ;
      case PUBLIC_READ_WRITE -> BucketAcl.PUBLIC_READ_WRITE;
    };
  }
}
