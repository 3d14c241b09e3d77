package io.coffer.cli;

import static io.coffer.cli.RpcCliSupport.assertServiceError;
import static io.coffer.cli.RpcCliSupport.assertUsageError;
import static io.coffer.cli.RpcCliSupport.fields;
import static io.coffer.cli.RpcCliSupport.json;
import static io.coffer.cli.RpcCliSupport.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyuncs.kms.model.v20160120.DecryptRequest;
import com.aliyuncs.kms.model.v20160120.DescribeKeyRequest;
import com.aliyuncs.kms.model.v20160120.EncryptRequest;
import io.coffer.cli.client.Clients;
import io.coffer.cli.testing.CliServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code coffer kms import-key-material}: the whole BYOK flow from a file (parameters, local
 * wrapping, import), checked through the official SDK; the material never printed; bad files and keys.
 */
class KmsImportCommandIT {
  @RegisterExtension static final CliServer coffer = new CliServer();
  static final SecureRandom RANDOM = new SecureRandom();
  static Clients.Rpc kms;

  @BeforeAll
  static void sdk() {
    kms = RpcCliSupport.rootSdk(coffer);
  }

  @AfterAll
  static void close() {
    kms.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"RSAES_OAEP_SHA_256", "RSAES_OAEP_SHA_1", "RSAES_PKCS1_V1_5"})
  void importKeyMaterial_32ByteFile_eachWrapping_enablesTheKeyForEncryptAndDecrypt(String algorithm) throws Exception {
    String keyId = externalKey("Aliyun_AES_256");
    byte[] material = random(32);
    Path file = materialFile(material);

    CliServer.Result r = ok(coffer, "kms", "import-key-material", keyId, "--key-material-file", file.toString(),
        "--wrapping-algorithm", algorithm);
    assertThat(r.out()).isEqualTo("Imported key material into key " + keyId + " (expires: never).\n");
    assertNoMaterialIn(r, material);

    assertThat(fields(ok(coffer, "kms", "describe-key", keyId).out())).containsEntry("KeyState", "Enabled")
        .containsEntry("Origin", "EXTERNAL").containsEntry("MaterialExpireTime", "");
    String blob = encrypt(keyId, "brought by " + algorithm);
    assertThat(decrypt(blob)).isEqualTo("brought by " + algorithm);
  }

  @Test
  void importKeyMaterial_defaultWrapping_theKeyHoldsExactlyTheFilesBytes() throws Exception {
    String keyId = externalKey("Aliyun_AES_256");
    byte[] material = random(32);
    Path file = materialFile(material);
    ok(coffer, "kms", "import-key-material", keyId, "--key-material-file", file.toString());
    String blob = encrypt(keyId, "kept across re-import");

    CliServer.Result deleted = ok(coffer, "kms", "delete-key-material", keyId);
    assertThat(deleted.out()).contains(keyId).contains("PendingImport");
    assertThat(state(keyId)).isEqualTo("PendingImport");
    // The KMS binds a key to its first material: other bytes are refused, the same bytes accepted.
    CliServer.Result other = coffer.run("kms", "import-key-material", keyId, "--key-material-file",
        materialFile(random(32)).toString());
    assertServiceError(other, "InvalidKeyMaterial");
    assertThat(state(keyId)).isEqualTo("PendingImport");
    ok(coffer, "kms", "import-key-material", keyId, "--key-material-file", file.toString());
    assertThat(state(keyId)).isEqualTo("Enabled");
    assertThat(decrypt(blob)).isEqualTo("kept across re-import");
  }

  @Test
  void importKeyMaterial_sm4KeyAndExpiry_16BytesAndMaterialExpireTime() throws Exception {
    String keyId = externalKey("Aliyun_SM4");
    long expires = Instant.now().plus(30, ChronoUnit.DAYS).getEpochSecond();
    var r = json(coffer, "kms", "import-key-material", keyId, "--key-material-file", materialFile(random(16)).toString(),
        "--expire-unix", Long.toString(expires));
    assertThat(r.get("KeyId").asText()).isEqualTo(keyId);
    assertThat(r.get("KeyMaterialExpireUnix").asLong()).isEqualTo(expires);
    var d = json(coffer, "kms", "describe-key", keyId);
    assertThat(d.get("KeyState").asText()).isEqualTo("Enabled");
    assertThat(Instant.parse(d.get("MaterialExpireTime").asText())).isEqualTo(Instant.ofEpochSecond(expires));
    assertThat(decrypt(encrypt(keyId, "sm4"))).isEqualTo("sm4");
  }

  @Test
  void importKeyMaterial_badFiles_failBeforeSendingAndLeaveTheKeyWaiting() throws Exception {
    String keyId = externalKey("Aliyun_AES_256");
    byte[] material = random(32);
    Path hex = coffer.work().resolve("material.hex");
    Files.writeString(hex, HexFormat.of().formatHex(material), StandardCharsets.US_ASCII);
    CliServer.Result asHex = coffer.run("kms", "import-key-material", keyId, "--key-material-file", hex.toString());
    assertUsageError(asHex, "holds 64 bytes");
    assertThat(asHex.err()).doesNotContain(HexFormat.of().formatHex(material));
    assertUsageError(coffer.run("kms", "import-key-material", keyId, "--key-material-file",
        materialFile(new byte[0]).toString()), "holds 0 bytes");
    assertUsageError(coffer.run("kms", "import-key-material", keyId, "--key-material-file",
        coffer.work().resolve("absent").toString()), "no such file");
    assertUsageError(coffer.run("kms", "import-key-material", keyId, "--key-material-file",
        coffer.work().toString()), "no such file");
    assertUsageError(coffer.run("kms", "import-key-material", keyId), "--key-material-file");
    assertUsageError(coffer.run("kms", "import-key-material", keyId, "--key-material-file",
        materialFile(material).toString(), "--wrapping-algorithm", "RSA_AES_KEY_WRAP_SHA_256"), "--wrapping-algorithm");
    assertUsageError(coffer.run("kms", "import-key-material", keyId, "--key-material-file",
        materialFile(material).toString(), "--expire-unix", "-5"), "--expire-unix");
    assertThat(state(keyId)).isEqualTo("PendingImport");
  }

  @Test
  void importKeyMaterial_wrongKeys_printTheKmsErrors() throws Exception {
    Path file = materialFile(random(32));
    String aes = externalKey("Aliyun_AES_256");
    assertServiceError(coffer.run("kms", "import-key-material", aes, "--key-material-file",
        materialFile(random(16)).toString()), "InvalidKeyMaterial");
    assertThat(state(aes)).isEqualTo("PendingImport");

    String kmsMade = json(coffer, "kms", "create-key").get("KeyId").asText();
    assertServiceError(coffer.run("kms", "import-key-material", kmsMade, "--key-material-file", file.toString()),
        "Unsupported.Origin");
    assertServiceError(coffer.run("kms", "import-key-material", "00000000-0000-4000-8000-000000000000",
        "--key-material-file", file.toString()), "Forbidden.KeyNotFound");
    assertServiceError(coffer.run("kms", "delete-key-material", kmsMade), "Unsupported.Origin");
    assertThat(state(kmsMade)).isEqualTo("Enabled");
  }

  @Test
  void importKeyMaterial_asAProcess_enablesTheKey() throws Exception {
    String keyId = externalKey("Aliyun_AES_256");
    byte[] material = random(32);
    CliServer.Result r = coffer.runProcess(60, "kms", "import-key-material", keyId, "--key-material-file",
        materialFile(material).toString());
    assertThat(r.exit()).as(r.toString()).isZero();
    assertNoMaterialIn(r, material);
    assertThat(state(keyId)).isEqualTo("Enabled");
  }

  private static String externalKey(String spec) throws Exception {
    return json(coffer, "kms", "create-key", "--origin", "EXTERNAL", "--key-spec", spec).get("KeyId").asText();
  }

  private static Path materialFile(byte[] material) throws Exception {
    Path file = Files.createTempFile(coffer.work(), "material", ".bin");
    Files.write(file, material);
    return file;
  }

  private static void assertNoMaterialIn(CliServer.Result r, byte[] material) {
    for (String form : new String[] {Base64.getEncoder().encodeToString(material), HexFormat.of().formatHex(material)}) {
      assertThat(r.out() + r.err()).doesNotContainIgnoringCase(form);
    }
  }

  private static String state(String keyId) throws Exception {
    DescribeKeyRequest r = new DescribeKeyRequest();
    r.setKeyId(keyId);
    return kms.call(r).getKeyMetadata().getKeyState();
  }

  private static String encrypt(String keyId, String plaintext) throws Exception {
    EncryptRequest r = new EncryptRequest();
    r.setKeyId(keyId);
    r.setPlaintext(plaintext);
    return kms.call(r).getCiphertextBlob();
  }

  private static String decrypt(String blob) throws Exception {
    DecryptRequest r = new DecryptRequest();
    r.setCiphertextBlob(blob);
    return kms.call(r).getPlaintext();
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
