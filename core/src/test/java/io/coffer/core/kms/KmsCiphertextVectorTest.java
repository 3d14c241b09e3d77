package io.coffer.core.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.crypto.CipherSuite;
import io.coffer.core.crypto.KeyAead;
import io.coffer.core.crypto.KeyMaterial;
import io.coffer.core.crypto.KeyUnwrapException;
import io.coffer.core.error.CofferException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The known-answer vector of docs/crypto/kms-format.md, and what the format refuses. */
class KmsCiphertextVectorTest {
  private static final String KEY_ID = "0b30658a-ed1a-4922-b8f7-a673ca9c0001";
  private static final String VERSION_ID = "7ce1d081-06cb-42e6-aab6-5c5de0300001";
  private static final String AAD_HEX = "636f666665723a6b6d733a76310030623330363538612d656431612d343932322d623866372d"
      + "6136373363613963303030310037636531643038312d303663622d343265362d616162362d3563356465303330303030310000000006"
      + "6275636b65740000000670686f746f73000000066f626a65637400000005612e6a7067";
  private static final String BLOB = "N2NlMWQwODEtMDZjYi00MmU2LWFhYjYtNWM1ZGUwMzAwMDAxAaChoqOkpaanqKmqq4V3GksguSLUDxao0/"
      + "B3YBHfOe6m7py9gTzd";

  private static KeyMaterial material() {
    byte[] k = new byte[32];
    for (int i = 0; i < k.length; i++) k[i] = (byte) i;
    return KeyMaterial.adopt(k);
  }

  /** Hands out the vector's nonce a0 a1 … ab. */
  private static final class FixedNonce extends SecureRandom {
    @Override
    public void nextBytes(byte[] bytes) {
      for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) (0xa0 + i);
    }
  }

  @Test
  void aad_isTheDocumentedBytes_whateverTheContextOrder() {
    Map<String, String> ctx = new LinkedHashMap<>();
    ctx.put("object", "a.jpg");
    ctx.put("bucket", "photos");
    assertThat(HexFormat.of().formatHex(KmsCiphertext.aad(KEY_ID, VERSION_ID, ctx))).isEqualTo(AAD_HEX);
  }

  @Test
  void seal_producesTheVector_andOpensIt() throws KeyUnwrapException {
    Map<String, String> ctx = Map.of("bucket", "photos", "object", "a.jpg");
    byte[] aad = KmsCiphertext.aad(KEY_ID, VERSION_ID, ctx);
    byte[] sealed = KeyAead.seal(CipherSuite.AES_256_GCM, material(), "coffer kms".getBytes(StandardCharsets.UTF_8), aad,
        new FixedNonce());
    byte[] blob = KmsCiphertext.frame(VERSION_ID, sealed);
    assertThat(Base64.getEncoder().encodeToString(blob)).isEqualTo(BLOB);
    assertThat(KmsCiphertext.versionId(blob)).isEqualTo(VERSION_ID);
    byte[] plain = KeyAead.open(CipherSuite.AES_256_GCM, material(), Base64.getDecoder().decode(BLOB),
        KmsCiphertext.sealedOffset(), aad);
    assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo("coffer kms");
  }

  @Test
  void sm4_roundTrips_andRefusesAnotherAad() throws KeyUnwrapException {
    KeyMaterial k = KeyMaterial.adopt(new byte[16]);
    byte[] sealed = KeyAead.seal(CipherSuite.SM4_GCM, k, new byte[] {1, 2, 3}, new byte[] {9}, new SecureRandom());
    assertThat(KeyAead.open(CipherSuite.SM4_GCM, k, sealed, 0, new byte[] {9})).containsExactly(1, 2, 3);
    assertThatThrownBy(() -> KeyAead.open(CipherSuite.SM4_GCM, k, sealed, 0, new byte[] {8}))
        .isInstanceOf(KeyUnwrapException.class);
  }

  @Test
  void versionId_refusesWhatIsNotABlob() {
    byte[] blob = Base64.getDecoder().decode(BLOB);
    byte[] wrongFormat = blob.clone();
    wrongFormat[36] = 2;
    byte[] notUuid = blob.clone();
    notUuid[8] = 'x';
    for (byte[] b : new byte[][] {new byte[10], wrongFormat, notUuid, java.util.Arrays.copyOf(blob, 60)}) {
      assertThatThrownBy(() -> KmsCiphertext.versionId(b)).isInstanceOf(CofferException.KmsInvalidCiphertext.class);
    }
  }
}
