package io.coffer.server.oss;

import io.coffer.server.oss.auth.SignatureV4;

/** {@code encoding-type=url}: every byte outside {@code A-Za-z0-9-_.~} percent-encoded, {@code /} included. */
final class KeyEncoding {
  private KeyEncoding() {}

  static String encode(String s, boolean url) {
    if (s == null || !url) return s;
    return SignatureV4.uriEncode(s, true);
  }
}
