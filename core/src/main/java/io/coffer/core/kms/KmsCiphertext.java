package io.coffer.core.kms;

import io.coffer.core.error.CofferException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CiphertextBlob format (docs/crypto/kms-format.md):
 *
 * <pre>
 * blob = KeyVersionId (36 ASCII bytes) ‖ 0x01 ‖ nonce (12) ‖ AEAD(material of that version, plaintext, aad) ‖ tag (16)
 * aad  = "coffer:kms:v1" 0x00 KeyId 0x00 KeyVersionId 0x00 context
 * context = for each entry sorted by key: u32 len ‖ key UTF-8 ‖ u32 len ‖ value UTF-8
 * </pre>
 *
 * The blob names its version, so Decrypt needs no key id; the key id and the EncryptionContext
 * are authenticated, not stored, so a blob opens only under its key and an equivalent context.
 */
public final class KmsCiphertext {
  public static final int VERSION_ID_CHARS = 36;
  static final byte FORMAT = 1;

  private KmsCiphertext() {}

  /** The version a blob names, or a KmsInvalidCiphertext when it is not one of ours. */
  public static String versionId(byte[] blob) {
    if (blob.length < VERSION_ID_CHARS + 1 + 12 + 16 || blob[VERSION_ID_CHARS] != FORMAT) {
      throw new CofferException.KmsInvalidCiphertext();
    }
    String id = new String(blob, 0, VERSION_ID_CHARS, StandardCharsets.US_ASCII);
    try {
      java.util.UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new CofferException.KmsInvalidCiphertext();
    }
    return id;
  }

  static int sealedOffset() {
    return VERSION_ID_CHARS + 1;
  }

  static byte[] frame(String versionId, byte[] sealed) {
    byte[] id = versionId.getBytes(StandardCharsets.US_ASCII);
    if (id.length != VERSION_ID_CHARS) throw new IllegalArgumentException("version ids are UUIDs");
    return ByteBuffer.allocate(id.length + 1 + sealed.length).put(id).put(FORMAT).put(sealed).array();
  }

  static byte[] aad(String keyId, String versionId, Map<String, String> context) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (String s : new String[] {"coffer:kms:v1", keyId, versionId}) {
      byte[] p = s.getBytes(StandardCharsets.UTF_8);
      b.write(p, 0, p.length);
      b.write(0);
    }
    for (Map.Entry<String, String> e : new TreeMap<>(context == null ? Map.of() : context).entrySet()) {
      lengthPrefixed(b, e.getKey());
      lengthPrefixed(b, e.getValue());
    }
    return b.toByteArray();
  }

  private static void lengthPrefixed(ByteArrayOutputStream b, String s) {
    byte[] p = s.getBytes(StandardCharsets.UTF_8);
    b.write(p.length >>> 24);
    b.write(p.length >>> 16);
    b.write(p.length >>> 8);
    b.write(p.length);
    b.write(p, 0, p.length);
  }
}
