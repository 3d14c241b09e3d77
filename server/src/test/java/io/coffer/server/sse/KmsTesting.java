package io.coffer.server.sse;

import static io.coffer.server.sse.SseTesting.SSE;
import static io.coffer.server.sse.SseTesting.SSE_DATA;
import static io.coffer.server.sse.SseTesting.SSE_KEY_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.model.GenericResult;
import com.aliyun.oss.model.ObjectMetadata;
import io.coffer.core.iam.Principal;
import io.coffer.core.kms.KeyOrigin;
import io.coffer.core.kms.KeySpec;
import io.coffer.core.kms.KmsCiphertext;
import io.coffer.core.kms.KmsImport;
import io.coffer.core.kms.KmsService;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.DataDir;
import java.net.http.HttpResponse;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * Shared helpers of the SSE-KMS integration tests: keys are managed through the server's
 * KmsService as the root account (the KMS RPC API is tested elsewhere), objects only through the
 * OSS API.
 */
final class KmsTesting {
  /** The EC OSS documents for an unknown CMK, and for a disabled one (oss-api.md §10.3). */
  static final String EC_UNKNOWN_CMK = "0005-00000208";
  static final String EC_DISABLED_CMK = "0005-00000214";

  private KmsTesting() {}

  static KmsService kms(CofferExtension coffer) {
    return coffer.server().kms();
  }

  static Principal root(CofferExtension coffer) {
    return new Principal(coffer.server().rootKey().accountId(), CofferExtension.ACCESS_KEY_ID);
  }

  /** A new Enabled CMK of the root account, made by the KMS. */
  static String createKey(CofferExtension coffer, KeySpec spec) {
    return kms(coffer).createKey(root(coffer), new KmsService.CreateKeyRequest(spec, KeyOrigin.Aliyun_KMS, "", null))
        .keyId();
  }

  static String createKey(CofferExtension coffer) {
    return createKey(coffer, KeySpec.Aliyun_AES_256);
  }

  /** A new EXTERNAL CMK, still waiting for its material (PendingImport). */
  static String createExternalKey(CofferExtension coffer) {
    return kms(coffer).createKey(root(coffer),
        new KmsService.CreateKeyRequest(KeySpec.Aliyun_AES_256, KeyOrigin.EXTERNAL, "", null)).keyId();
  }

  /**
   * Bring your own key as a client does it: fetch the import parameters, wrap {@code material}
   * locally with the returned public key (RSAES-OAEP, SHA-256 and MGF1-SHA-256) and import it.
   *
   * @param expires when the material expires, or null for never
   */
  static void importMaterial(CofferExtension coffer, String keyId, byte[] material, Instant expires) throws Exception {
    KmsImport imports = kms(coffer).imports();
    KmsImport.ImportParameters p = imports.getParametersForImport(root(coffer), keyId, "RSAES_OAEP_SHA_256",
        "RSA_2048");
    PublicKey pub = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(p.publicKey()));
    Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
    c.init(Cipher.ENCRYPT_MODE, pub,
        new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
    imports.importKeyMaterial(root(coffer), keyId, c.doFinal(material), p.importToken(), expires);
  }

  /** The id of the account's default OSS key ({@code alias/acs/oss}). */
  static String defaultKeyId(CofferExtension coffer) {
    return kms(coffer).describeKey(root(coffer), KmsService.OSS_DEFAULT_ALIAS).keyId();
  }

  static String primaryVersion(CofferExtension coffer, String keyId) {
    return kms(coffer).describeKey(root(coffer), keyId).primaryVersionId();
  }

  /** SDK metadata asking for SSE-KMS, with a CMK (or null for the default) and SM4 data encryption or not. */
  static ObjectMetadata kmsMeta(String cmk, boolean sm4) {
    ObjectMetadata m = SseTesting.sse("KMS");
    if (cmk != null) m.setServerSideEncryptionKeyId(cmk);
    if (sm4) m.setServerSideDataEncryption("SM4");
    return m;
  }

  /** The stored encryption record of an object, read from the metadata database. */
  static DataDir.StoredSse stored(CofferExtension coffer, String bucket, String key) throws Exception {
    return DataDir.objectSse(coffer.dataDir(), bucket, key);
  }

  /** The KMS key version that sealed an object's data key, as its CiphertextBlob names it. */
  static String blobVersion(CofferExtension coffer, String bucket, String key) throws Exception {
    DataDir.StoredSse s = stored(coffer, bucket, key);
    assertThat(s).as("%s/%s is encrypted", bucket, key).isNotNull();
    assertThat(s.method()).isEqualTo("KMS");
    return KmsCiphertext.versionId(s.wrapped());
  }

  /** Asserts the SSE response headers are exactly those of SSE-KMS under {@code cmk}, with SM4 or not. */
  static void assertKms(Map<String, String> headers, String cmk, boolean sm4) {
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.putAll(headers);
    assertThat(h).containsEntry(SSE, "KMS").containsEntry(SSE_KEY_ID, cmk);
    if (sm4) {
      assertThat(h).containsEntry(SSE_DATA, "SM4");
    } else {
      assertThat(h).doesNotContainKey(SSE_DATA);
    }
  }

  static void assertKms(GenericResult r, String cmk, boolean sm4) {
    assertThat(r.getResponse()).as("the SDK kept the response").isNotNull();
    assertKms(r.getResponse().getHeaders(), cmk, sm4);
  }

  static void assertKms(HttpResponse<?> r, String cmk, boolean sm4) {
    assertThat(r.headers().allValues(SSE)).containsExactly("KMS");
    assertThat(r.headers().allValues(SSE_KEY_ID)).containsExactly(cmk);
    if (sm4) {
      assertThat(r.headers().allValues(SSE_DATA)).containsExactly("SM4");
    } else {
      assertThat(r.headers().firstValue(SSE_DATA)).isEmpty();
    }
  }

  /** Asserts what HeadObject / GetObject metadata say about an SSE-KMS object. */
  static void assertKms(ObjectMetadata m, String cmk, boolean sm4) {
    assertThat(m.getServerSideEncryption()).isEqualTo("KMS");
    assertThat(m.getServerSideEncryptionKeyId()).isEqualTo(cmk);
    assertThat(m.getServerSideDataEncryption()).isEqualTo(sm4 ? "SM4" : null);
  }
}
