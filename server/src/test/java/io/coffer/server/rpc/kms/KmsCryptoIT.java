package io.coffer.server.rpc.kms;

import static io.coffer.server.rpc.kms.KmsCalls.assertKmsError;
import static io.coffer.server.rpc.kms.KmsCalls.createKey;
import static io.coffer.server.rpc.kms.KmsCalls.decrypt;
import static io.coffer.server.rpc.kms.KmsCalls.describe;
import static io.coffer.server.rpc.kms.KmsCalls.encrypt;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyuncs.kms.model.v20160120.DecryptRequest;
import com.aliyuncs.kms.model.v20160120.DecryptResponse;
import com.aliyuncs.kms.model.v20160120.EncryptRequest;
import com.aliyuncs.kms.model.v20160120.EncryptResponse;
import com.aliyuncs.kms.model.v20160120.GenerateDataKeyRequest;
import com.aliyuncs.kms.model.v20160120.GenerateDataKeyResponse;
import com.aliyuncs.kms.model.v20160120.GenerateDataKeyWithoutPlaintextRequest;
import com.aliyuncs.kms.model.v20160120.GenerateDataKeyWithoutPlaintextResponse;
import com.aliyuncs.kms.model.v20160120.ReEncryptRequest;
import com.aliyuncs.kms.model.v20160120.ReEncryptResponse;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.PopClient;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** KMS cryptography through the official KMS SDK: data keys, Encrypt, Decrypt, ReEncrypt, over V1 and V3. */
class KmsCryptoIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  /** Standard Base64 with padding, no line breaks. */
  static final String PADDED_BASE64 = "(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?";
  static PopClient kms;
  static String keyId;
  static String primary;

  @BeforeAll
  static void setUp() throws Exception {
    kms = coffer.kms();
    keyId = createKey(kms);
    primary = describe(kms, keyId).getPrimaryKeyVersion();
  }

  @Test
  void generateDataKey_default_returns32BytesAndDecryptGivesTheSamePlaintext() throws Exception {
    GenerateDataKeyRequest r = new GenerateDataKeyRequest();
    r.setKeyId(keyId);
    GenerateDataKeyResponse dk = kms.call(r);
    assertThat(dk.getKeyId()).isEqualTo(keyId);
    assertThat(dk.getKeyVersionId()).isEqualTo(primary);
    assertThat(dk.getPlaintext()).matches(PADDED_BASE64);
    assertThat(Base64.getDecoder().decode(dk.getPlaintext())).hasSize(32);
    assertThat(dk.getCiphertextBlob()).matches(PADDED_BASE64);

    DecryptRequest d = new DecryptRequest();
    d.setCiphertextBlob(dk.getCiphertextBlob());
    DecryptResponse opened = kms.call(d);
    assertThat(opened.getPlaintext()).isEqualTo(dk.getPlaintext());
    assertThat(opened.getKeyId()).isEqualTo(keyId);
    assertThat(opened.getKeyVersionId()).isEqualTo(primary);
  }

  @Test
  void generateDataKey_numberOfBytesAndKeySpec_setTheLength() throws Exception {
    assertThat(dataKeyBytes(null, 64)).isEqualTo(64);
    assertThat(dataKeyBytes(null, 1)).isEqualTo(1);
    assertThat(dataKeyBytes(null, 1024)).isEqualTo(1024);
    assertThat(dataKeyBytes("AES_128", null)).isEqualTo(16);
    assertThat(dataKeyBytes("AES_256", null)).isEqualTo(32);
    // NumberOfBytes wins over KeySpec.
    assertThat(dataKeyBytes("AES_128", 24)).isEqualTo(24);
  }

  @Test
  void generateDataKey_withContext_opensOnlyWithAnEquivalentContext() throws Exception {
    GenerateDataKeyRequest r = new GenerateDataKeyRequest();
    r.setKeyId(keyId);
    r.setEncryptionContext("{\"bucket\":\"b1\",\"object\":\"k\"}");
    GenerateDataKeyResponse dk = kms.call(r);
    assertThat(decrypt(kms, dk.getCiphertextBlob(), "{\"object\":\"k\",\"bucket\":\"b1\"}")).isEqualTo(dk.getPlaintext());
    assertKmsError(() -> decrypt(kms, dk.getCiphertextBlob(), null), "InvalidParameter");
  }

  @Test
  void generateDataKeyWithoutPlaintext_returnsOnlyTheBlobWhichDecryptsToA32ByteKey() throws Exception {
    GenerateDataKeyWithoutPlaintextRequest r = new GenerateDataKeyWithoutPlaintextRequest();
    r.setKeyId(keyId);
    r.setEncryptionContext("{\"purpose\":\"later\"}");
    GenerateDataKeyWithoutPlaintextResponse dk = kms.call(r);
    assertThat(dk.getKeyId()).isEqualTo(keyId);
    assertThat(dk.getKeyVersionId()).isEqualTo(primary);
    assertThat(dk.getCiphertextBlob()).matches(PADDED_BASE64);
    String plaintext = decrypt(kms, dk.getCiphertextBlob(), "{\"purpose\":\"later\"}");
    assertThat(Base64.getDecoder().decode(plaintext)).hasSize(32);

    r.setNumberOfBytes(16);
    assertThat(Base64.getDecoder().decode(decrypt(kms, kms.call(r).getCiphertextBlob(), "{\"purpose\":\"later\"}")))
        .hasSize(16);
  }

  @Test
  void encryptDecrypt_withoutContext_roundTripsTheText() throws Exception {
    for (String text : new String[] {"a", "ab", "abc", "hello, 世界 🌍", "SGVsbG8gd29ybGQ=", "x".repeat(6144)}) {
      EncryptRequest e = new EncryptRequest();
      e.setKeyId(keyId);
      e.setPlaintext(text);
      EncryptResponse sealed = kms.call(e);
      assertThat(sealed.getKeyId()).isEqualTo(keyId);
      assertThat(sealed.getKeyVersionId()).isEqualTo(primary);
      assertThat(sealed.getCiphertextBlob()).matches(PADDED_BASE64);
      assertThat(decrypt(kms, sealed.getCiphertextBlob(), null)).isEqualTo(text);
    }
  }

  @Test
  void encrypt_sameTextTwice_givesDifferentBlobs() throws Exception {
    Set<String> blobs = new HashSet<>();
    for (int i = 0; i < 3; i++) blobs.add(encrypt(kms, keyId, "same", null));
    assertThat(blobs).hasSize(3);
    for (String b : blobs) assertThat(decrypt(kms, b, null)).isEqualTo("same");
  }

  @Test
  void encryptDecrypt_withContext_isOrderInsensitiveAndBindsTheContext() throws Exception {
    String blob = encrypt(kms, keyId, "bound", "{\"a\":\"1\",\"b\":\"2\",\"c\":\"中\"}");
    assertThat(decrypt(kms, blob, "{\"c\":\"中\",\"b\":\"2\",\"a\":\"1\"}")).isEqualTo("bound");
    assertThat(decrypt(kms, blob, " { \"b\" : \"2\", \"a\":\"1\",\"c\":\"\\u4e2d\" } ")).isEqualTo("bound");
    assertKmsError(() -> decrypt(kms, blob, "{\"a\":\"1\",\"b\":\"2\"}"), "InvalidParameter");
    assertKmsError(() -> decrypt(kms, blob, "{\"a\":\"1\",\"b\":\"3\",\"c\":\"中\"}"), "InvalidParameter");
    assertKmsError(() -> decrypt(kms, blob, null), "InvalidParameter");
    // An empty object is the same as no context.
    String plain = encrypt(kms, keyId, "unbound", "{}");
    assertThat(decrypt(kms, plain, null)).isEqualTo("unbound");
  }

  @Test
  void reEncrypt_toAnotherKeyAndContext_opensOnlyUnderTheNewContext() throws Exception {
    String destination = createKey(kms, r -> r.setKeySpec("Aliyun_SM4"));
    String source = encrypt(kms, keyId, "moving", "{\"from\":\"src\"}");
    ReEncryptRequest r = new ReEncryptRequest();
    r.setCiphertextBlob(source);
    r.setSourceEncryptionContext("{\"from\":\"src\"}");
    r.setDestinationKeyId(destination);
    r.setDestinationEncryptionContext("{\"to\":\"dst\"}");
    ReEncryptResponse moved = kms.call(r);
    // The response names the source key and version.
    assertThat(moved.getKeyId()).isEqualTo(keyId);
    assertThat(moved.getKeyVersionId()).isEqualTo(primary);
    assertThat(moved.getCiphertextBlob()).matches(PADDED_BASE64).isNotEqualTo(source);

    DecryptRequest d = new DecryptRequest();
    d.setCiphertextBlob(moved.getCiphertextBlob());
    d.setEncryptionContext("{\"to\":\"dst\"}");
    DecryptResponse opened = kms.call(d);
    assertThat(opened.getPlaintext()).isEqualTo("moving");
    assertThat(opened.getKeyId()).isEqualTo(destination);
    assertThat(opened.getKeyVersionId()).isEqualTo(describe(kms, destination).getPrimaryKeyVersion());
    assertKmsError(() -> decrypt(kms, moved.getCiphertextBlob(), "{\"from\":\"src\"}"), "InvalidParameter");
    assertThat(decrypt(kms, source, "{\"from\":\"src\"}")).isEqualTo("moving");
  }

  @Test
  void reEncrypt_wrongSourceContext_isInvalidParameter() throws Exception {
    String source = encrypt(kms, keyId, "stays", "{\"from\":\"src\"}");
    ReEncryptRequest r = new ReEncryptRequest();
    r.setCiphertextBlob(source);
    r.setSourceEncryptionContext("{\"from\":\"elsewhere\"}");
    r.setDestinationKeyId(keyId);
    assertKmsError(() -> kms.call(r), "InvalidParameter");
  }

  @Test
  void sm4Key_dataKeysAndEncryption_roundTrip() throws Exception {
    String sm4 = createKey(kms, r -> r.setKeySpec("Aliyun_SM4"));
    GenerateDataKeyRequest g = new GenerateDataKeyRequest();
    g.setKeyId(sm4);
    g.setKeySpec("AES_128");
    GenerateDataKeyResponse dk = kms.call(g);
    assertThat(Base64.getDecoder().decode(dk.getPlaintext())).hasSize(16);
    assertThat(decrypt(kms, dk.getCiphertextBlob(), null)).isEqualTo(dk.getPlaintext());
    assertThat(decrypt(kms, encrypt(kms, sm4, "国密", "{\"k\":\"v\"}"), "{\"k\":\"v\"}")).isEqualTo("国密");
  }

  @Test
  void v3Signature_dataKeyEncryptDecryptAndReEncrypt_work() throws Exception {
    PopClient v3 = coffer.kmsV3();
    GenerateDataKeyRequest g = new GenerateDataKeyRequest();
    g.setKeyId(keyId);
    g.setEncryptionContext("{\"sig\":\"v3\"}");
    GenerateDataKeyResponse dk = v3.call(g);
    assertThat(decrypt(v3, dk.getCiphertextBlob(), "{\"sig\":\"v3\"}")).isEqualTo(dk.getPlaintext());

    String text = "text with + / = & spaces";
    String blob = encrypt(v3, keyId, text, "{\"a b\":\"c&d\"}");
    assertThat(decrypt(v3, blob, "{\"a b\":\"c&d\"}")).isEqualTo(text);
    assertThat(decrypt(kms, blob, "{\"a b\":\"c&d\"}")).isEqualTo(text);

    ReEncryptRequest r = new ReEncryptRequest();
    r.setCiphertextBlob(blob);
    r.setSourceEncryptionContext("{\"a b\":\"c&d\"}");
    r.setDestinationKeyId(keyId);
    assertThat(decrypt(v3, v3.call(r).getCiphertextBlob(), null)).isEqualTo(text);
  }

  private static int dataKeyBytes(String spec, Integer n) throws Exception {
    GenerateDataKeyRequest r = new GenerateDataKeyRequest();
    r.setKeyId(keyId);
    if (spec != null) r.setKeySpec(spec);
    if (n != null) r.setNumberOfBytes(n);
    GenerateDataKeyResponse dk = kms.call(r);
    assertThat(decrypt(kms, dk.getCiphertextBlob(), null)).isEqualTo(dk.getPlaintext());
    return Base64.getDecoder().decode(dk.getPlaintext()).length;
  }
}
