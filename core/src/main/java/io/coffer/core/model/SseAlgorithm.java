package io.coffer.core.model;

import io.coffer.core.crypto.CipherSuite;

/** The cipher that seals an object's data, as OSS names it. */
public enum SseAlgorithm {
  AES256("AES256", CipherSuite.AES_256_GCM),
  SM4("SM4", CipherSuite.SM4_GCM);

  private final String wireName;
  private final CipherSuite suite;

  SseAlgorithm(String wireName, CipherSuite suite) {
    this.wireName = wireName;
    this.suite = suite;
  }

  public String wireName() {
    return wireName;
  }

  public CipherSuite suite() {
    return suite;
  }
}
