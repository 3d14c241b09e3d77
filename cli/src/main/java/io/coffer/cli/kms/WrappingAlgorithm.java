package io.coffer.cli.kms;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * The wrappings GetParametersForImport offers for BYOK, and how each encrypts key material under
 * the returned RSA public key. OAEP parameters are spelled out: JCE's name-based
 * "OAEPWithSHA-256AndMGF1Padding" uses MGF1 with SHA-1, which the KMS would not unwrap.
 */
enum WrappingAlgorithm {
  RSAES_OAEP_SHA_256("RSA/ECB/OAEPPadding",
      new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT)),
  RSAES_OAEP_SHA_1("RSA/ECB/OAEPPadding",
      new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT)),
  RSAES_PKCS1_V1_5("RSA/ECB/PKCS1Padding", null);

  private final String transformation;
  private final OAEPParameterSpec oaep;

  WrappingAlgorithm(String transformation, OAEPParameterSpec oaep) {
    this.transformation = transformation;
    this.oaep = oaep;
  }

  /**
   * @param publicKeyBase64 GetParametersForImport's PublicKey: Base64 of an X.509 SubjectPublicKeyInfo
   * @return Base64 of the wrapped material, for ImportKeyMaterial's EncryptedKeyMaterial
   */
  String wrap(String publicKeyBase64, byte[] material) throws GeneralSecurityException {
    PublicKey key = KeyFactory.getInstance("RSA")
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKeyBase64)));
    Cipher cipher = Cipher.getInstance(transformation);
    if (oaep != null) {
      cipher.init(Cipher.ENCRYPT_MODE, key, oaep);
    } else {
      cipher.init(Cipher.ENCRYPT_MODE, key);
    }
    return Base64.getEncoder().encodeToString(cipher.doFinal(material));
  }
}
