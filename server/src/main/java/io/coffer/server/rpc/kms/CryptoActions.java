package io.coffer.server.rpc.kms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.core.error.CofferException;
import io.coffer.core.kms.KmsCrypto;
import io.coffer.server.rpc.RpcCall;
import io.coffer.server.rpc.RpcJson;
import io.coffer.server.rpc.RpcRoutes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * KMS cryptography: GenerateDataKey, GenerateDataKeyWithoutPlaintext, Encrypt, Decrypt, ReEncrypt.
 * CiphertextBlob travels as standard padded Base64; Encrypt's Plaintext is taken as text and
 * Decrypt gives the same text back (docs/crypto/kms-format.md).
 */
public final class CryptoActions {
  private final KmsCrypto crypto;

  public CryptoActions(KmsCrypto crypto) {
    this.crypto = crypto;
  }

  public void register(RpcRoutes routes) {
    routes.add(RpcRoutes.KMS, "GenerateDataKey", c -> dataKey(c, true))
        .add(RpcRoutes.KMS, "GenerateDataKeyWithoutPlaintext", c -> dataKey(c, false))
        .add(RpcRoutes.KMS, "Encrypt", this::encrypt)
        .add(RpcRoutes.KMS, "Decrypt", this::decrypt)
        .add(RpcRoutes.KMS, "ReEncrypt", this::reEncrypt);
  }

  /** NumberOfBytes wins over KeySpec (AES_256 = 32, AES_128 = 16); neither means 32. */
  private ObjectNode dataKey(RpcCall c, boolean withPlaintext) {
    String keyId = c.required("KeyId");
    String spec = c.optionalOneOf("KeySpec", "AES_256", "AES_256", "AES_128");
    int bytes = c.optionalInt("NumberOfBytes", 1, KmsCrypto.MAX_DATA_KEY_BYTES, spec.equals("AES_128") ? 16 : 32);
    KmsCrypto.DataKey dk = crypto.generateDataKey(c.principal(), keyId, bytes, c.optionalStringMap("EncryptionContext"),
        withPlaintext);
    ObjectNode n = RpcJson.object().put("KeyId", dk.keyId()).put("KeyVersionId", dk.versionId());
    if (withPlaintext) {
      byte[] raw = dk.plaintext().bytes();
      try {
        n.put("Plaintext", Base64.getEncoder().encodeToString(raw));
      } finally {
        Arrays.fill(raw, (byte) 0);
        dk.plaintext().destroy();
      }
    }
    return n.put("CiphertextBlob", Base64.getEncoder().encodeToString(dk.ciphertextBlob()));
  }

  private ObjectNode encrypt(RpcCall c) {
    String keyId = c.required("KeyId");
    byte[] plain = c.required("Plaintext").getBytes(StandardCharsets.UTF_8);
    try {
      KmsCrypto.Encrypted e = crypto.encrypt(c.principal(), keyId, plain, c.optionalStringMap("EncryptionContext"));
      return RpcJson.object().put("KeyId", e.keyId()).put("KeyVersionId", e.versionId())
          .put("CiphertextBlob", Base64.getEncoder().encodeToString(e.ciphertextBlob()));
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  private ObjectNode decrypt(RpcCall c) {
    byte[] blob = blob(c, "CiphertextBlob");
    KmsCrypto.Decrypted d = crypto.decrypt(c.principal(), blob, c.optionalStringMap("EncryptionContext"));
    try {
      return RpcJson.object().put("KeyId", d.keyId()).put("KeyVersionId", d.versionId())
          .put("Plaintext", new String(d.plaintext(), StandardCharsets.UTF_8));
    } finally {
      Arrays.fill(d.plaintext(), (byte) 0);
    }
  }

  /** The response names the source key and version, as the KMS model documents. */
  private ObjectNode reEncrypt(RpcCall c) {
    byte[] blob = blob(c, "CiphertextBlob");
    String destination = c.required("DestinationKeyId");
    if (c.optional("SourceKeyId").isPresent() || c.optional("SourceKeyVersionId").isPresent()
        || c.optional("SourceEncryptionAlgorithm").isPresent()) {
      // Those name an asymmetric source ciphertext; this KMS has only symmetric keys.
      throw new CofferException.KmsUnsupportedOperation("Asymmetric source ciphertexts are not supported.");
    }
    KmsCrypto.ReEncrypted r = crypto.reEncrypt(c.principal(), blob, c.optionalStringMap("SourceEncryptionContext"),
        destination, c.optionalStringMap("DestinationEncryptionContext"));
    return RpcJson.object().put("KeyId", r.sourceKeyId()).put("KeyVersionId", r.sourceVersionId())
        .put("CiphertextBlob", Base64.getEncoder().encodeToString(r.ciphertextBlob()));
  }

  /** Standard Base64 only: anything else is not a blob of ours. */
  private static byte[] blob(RpcCall c, String name) {
    String text = c.required(name);
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new CofferException.KmsInvalidCiphertext();
    }
  }
}
