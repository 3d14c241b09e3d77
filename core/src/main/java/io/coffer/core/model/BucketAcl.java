package io.coffer.core.model;

import io.coffer.core.error.CofferException;

/** Canned bucket ACLs. */
public enum BucketAcl {
  PRIVATE("private"),
  PUBLIC_READ("public-read"),
  PUBLIC_READ_WRITE("public-read-write");

  private final String wireName;

  BucketAcl(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static BucketAcl parse(String s) {
    if (s == null || s.isEmpty()) return PRIVATE;
    for (BucketAcl a : values()) {
      if (a.wireName.equals(s)) return a;
    }
    throw new CofferException.InvalidArgument("no such bucket access control exists", "x-oss-acl", s);
  }
}
