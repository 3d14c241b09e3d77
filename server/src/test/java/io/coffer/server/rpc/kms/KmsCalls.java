package io.coffer.server.rpc.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.kms.model.v20160120.CreateKeyRequest;
import com.aliyuncs.kms.model.v20160120.DecryptRequest;
import com.aliyuncs.kms.model.v20160120.DescribeKeyRequest;
import com.aliyuncs.kms.model.v20160120.DescribeKeyResponse;
import com.aliyuncs.kms.model.v20160120.EncryptRequest;
import com.aliyuncs.kms.model.v20160120.ListKeyVersionsRequest;
import com.aliyuncs.kms.model.v20160120.ListKeyVersionsResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.PopClient;
import io.coffer.server.testing.RawAnswer;
import io.coffer.server.testing.RpcRawRequest;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Short forms of the KMS calls the ITs repeat, made through the official SDK request classes. */
final class KmsCalls {
  private static final ObjectMapper JSON = new ObjectMapper();

  private KmsCalls() {}

  static String createKey(PopClient kms) throws ClientException {
    return createKey(kms, r -> { });
  }

  static String createKey(PopClient kms, Consumer<CreateKeyRequest> setup) throws ClientException {
    CreateKeyRequest r = new CreateKeyRequest();
    setup.accept(r);
    return kms.call(r).getKeyMetadata().getKeyId();
  }

  static String createExternalKey(PopClient kms, String spec) throws ClientException {
    return createKey(kms, r -> {
      r.setOrigin("EXTERNAL");
      r.setKeySpec(spec);
    });
  }

  static DescribeKeyResponse.KeyMetadata describe(PopClient kms, String keyId) throws ClientException {
    DescribeKeyRequest r = new DescribeKeyRequest();
    r.setKeyId(keyId);
    return kms.call(r).getKeyMetadata();
  }

  static String state(PopClient kms, String keyId) throws ClientException {
    return describe(kms, keyId).getKeyState();
  }

  /** @return the CiphertextBlob */
  static String encrypt(PopClient kms, String keyId, String plaintext, String context) throws ClientException {
    EncryptRequest r = new EncryptRequest();
    r.setKeyId(keyId);
    r.setPlaintext(plaintext);
    if (context != null) r.setEncryptionContext(context);
    return kms.call(r).getCiphertextBlob();
  }

  /** @return the Plaintext */
  static String decrypt(PopClient kms, String blob, String context) throws ClientException {
    DecryptRequest r = new DecryptRequest();
    r.setCiphertextBlob(blob);
    if (context != null) r.setEncryptionContext(context);
    return kms.call(r).getPlaintext();
  }

  static List<String> versionIds(PopClient kms, String keyId) throws ClientException {
    ListKeyVersionsRequest r = new ListKeyVersionsRequest();
    r.setKeyId(keyId);
    r.setPageSize(100);
    return kms.call(r).getKeyVersions().stream().map(ListKeyVersionsResponse.KeyVersion::getKeyVersionId).toList();
  }

  /**
   * Wraps key material locally as a BYOK client does: RSA with the Base64 X.509 public key from
   * GetParametersForImport, OAEP parameters spelled out (JCE's name-based defaults use MGF1-SHA1).
   *
   * @return Base64 of the wrapped material, for EncryptedKeyMaterial
   */
  static String wrap(String algorithm, String publicKeyBase64, byte[] material) throws Exception {
    PublicKey pub = KeyFactory.getInstance("RSA")
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKeyBase64)));
    Cipher c;
    switch (algorithm) {
      case "RSAES_OAEP_SHA_256" -> {
        c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(Cipher.ENCRYPT_MODE, pub,
            new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
      }
      case "RSAES_OAEP_SHA_1" -> {
        c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(Cipher.ENCRYPT_MODE, pub,
            new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT));
      }
      case "RSAES_PKCS1_V1_5" -> {
        c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        c.init(Cipher.ENCRYPT_MODE, pub);
      }
      default -> throw new IllegalArgumentException(algorithm);
    }
    return Base64.getEncoder().encodeToString(c.doFinal(material));
  }

  /** Asserts that the call fails with this KMS error code as a client (4xx) error. */
  static void assertKmsError(ThrowingCallable call, String code) {
    RawAnswer.assertClientError(call, code);
  }

  static RawAnswer raw(CofferExtension coffer, RpcRawRequest request) throws Exception {
    return RawAnswer.send(coffer, request);
  }
}
