package io.coffer.core.kms;

import io.coffer.core.crypto.CipherSuite;

/** Symmetric CMK specs, by their KMS wire names; the material length and the AEAD it keys. */
public enum KeySpec {
  Aliyun_AES_256(CipherSuite.AES_256_GCM),
  Aliyun_SM4(CipherSuite.SM4_GCM);

  private final CipherSuite suite;

  KeySpec(CipherSuite suite) {
    this.suite = suite;
  }

  public CipherSuite suite() {
    return suite;
  }

  public int materialBytes() {
    return suite.keyBytes();
  }

  /** The spec for a wire name, or null; names are case-sensitive as in KMS. */
  public static KeySpec byWireName(String name) {
    for (KeySpec s : values()) if (s.name().equals(name)) return s;
    return null;
  }
}
