package io.coffer.core.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.config.CryptoConfig;
import io.coffer.core.crypto.KeyMaterial;
import io.coffer.core.error.CofferException;
import io.coffer.core.iam.Authorizer;
import io.coffer.core.iam.Principal;
import io.coffer.core.sse.KeyHierarchy;
import io.coffer.core.storage.sqlite.SqliteMetadataStore;
import io.coffer.core.testing.MutableClock;
import io.coffer.core.testing.SeededRandom;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How often the KMS's cryptography reads the store: once a version's material is unwrapped, a
 * call reads only the key (its state, so a disabled key is refused at once), not the version row
 * again. Every SSE-KMS GET is a Decrypt, so each read saved is one database round trip per GET
 * (docs/performance.md, "KMS").
 */
class KmsStoreReadsTest {
  private static final Principal ME = new Principal("1234567890123456", "AK1");
  private static final Map<String, String> CTX = Map.of("acs:oss:bucket", "b", "acs:oss:object", "o");

  @TempDir Path dataDir;
  private SqliteMetadataStore store;
  private KeyHierarchy keys;
  private CountingStore counting;
  private KmsService kms;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @BeforeEach
  void setUp() throws IOException {
    SeededRandom random = new SeededRandom(7);
    store = new SqliteMetadataStore(dataDir.resolve("coffer.db"));
    keys = KeyHierarchy.open(dataDir, new CryptoConfig(0, null), store, clock, random);
    counting = new CountingStore(store.kms());
    kms = new KmsService(counting, keys.root(), new Authorizer(), clock, random, "cn-hangzhou");
  }

  @AfterEach
  void tearDown() {
    keys.close();
    store.close();
  }

  private String newKey() {
    return kms.createKey(ME, new KmsService.CreateKeyRequest(KeySpec.Aliyun_AES_256, KeyOrigin.Aliyun_KMS, "d", null))
        .keyId();
  }

  @Test
  void decrypt_afterFirstUse_readsOnlyTheKey() {
    String id = newKey();
    byte[] blob = kms.crypto().encrypt(ME, id, "secret".getBytes(StandardCharsets.UTF_8), CTX).ciphertextBlob();
    kms.crypto().decrypt(ME, blob, CTX);
    counting.reads.clear();

    KmsCrypto.Decrypted d = kms.crypto().decrypt(ME, blob, CTX);

    assertThat(new String(d.plaintext(), StandardCharsets.UTF_8)).isEqualTo("secret");
    assertThat(counting.reads).containsExactly("key");
  }

  @Test
  void generateDataKey_byKeyId_afterFirstUse_readsOnlyTheKey() {
    String id = newKey();
    kms.crypto().generateDataKey(ME, id, 32, CTX, true).plaintext().destroy();
    counting.reads.clear();

    KmsCrypto.DataKey dk = kms.crypto().generateDataKey(ME, id, 32, CTX, true);

    assertThat(counting.reads).containsExactly("key");
    byte[] shown = java.util.Base64.getEncoder().encode(dk.plaintext().bytes());
    assertThat(kms.crypto().decrypt(ME, dk.ciphertextBlob(), CTX).plaintext()).isEqualTo(shown);
  }

  @Test
  void sseOpen_afterFirstUse_readsOnlyTheKey_andOpensTheSameDataKey() {
    KmsCrypto.DataKey dk = kms.crypto().sseDataKey(ME.accountId(), null, CTX);
    kms.crypto().sseOpen(ME.accountId(), dk.ciphertextBlob(), CTX).destroy();
    counting.reads.clear();

    try (KeyMaterial opened = kms.crypto().sseOpen(ME.accountId(), dk.ciphertextBlob(), CTX)) {
      assertThat(opened.sameAs(dk.plaintext())).isTrue();
    }
    assertThat(counting.reads).containsExactly("key");
  }

  @Test
  void decrypt_withCachedVersion_stillRefusedOnceTheKeyIsDisabled() {
    String id = newKey();
    byte[] blob = kms.crypto().encrypt(ME, id, "secret".getBytes(StandardCharsets.UTF_8), CTX).ciphertextBlob();
    kms.crypto().decrypt(ME, blob, CTX);

    kms.disableKey(ME, id);

    assertThatThrownBy(() -> kms.crypto().decrypt(ME, blob, CTX))
        .isInstanceOfSatisfying(CofferException.KmsKeyStateRejected.class, e -> assertThat(e.state()).isEqualTo("Disabled"));
  }

  @Test
  void decrypt_afterKeyDestroyed_isKeyNotFound() {
    String id = newKey();
    byte[] blob = kms.crypto().encrypt(ME, id, "secret".getBytes(StandardCharsets.UTF_8), CTX).ciphertextBlob();
    kms.crypto().decrypt(ME, blob, CTX);
    kms.scheduleKeyDeletion(ME, id, 7);
    clock.advance(Duration.ofDays(7));
    assertThat(kms.maintain().destroyed()).isEqualTo(1);

    assertThatThrownBy(() -> kms.crypto().decrypt(ME, blob, CTX)).isInstanceOf(CofferException.KmsKeyNotFound.class);
  }

  /** The real store, recording which kind of row each read outside a write transaction fetched. */
  private static final class CountingStore implements KmsStore {
    final List<String> reads = new ArrayList<>();
    private final KmsStore store;

    CountingStore(KmsStore store) {
      this.store = store;
    }

    @Override
    public Optional<Cmk> key(String keyId) {
      reads.add("key");
      return store.key(keyId);
    }

    @Override
    public List<Cmk> keys(String accountId) {
      reads.add("keys");
      return store.keys(accountId);
    }

    @Override
    public Optional<KeyVersion> version(String versionId) {
      reads.add("version");
      return store.version(versionId);
    }

    @Override
    public List<KeyVersion> versions(String keyId) {
      reads.add("versions");
      return store.versions(keyId);
    }

    @Override
    public Optional<KmsAlias> alias(String accountId, String name) {
      reads.add("alias");
      return store.alias(accountId, name);
    }

    @Override
    public List<KmsAlias> aliases(String accountId) {
      reads.add("aliases");
      return store.aliases(accountId);
    }

    @Override
    public Optional<ImportToken> importToken(String token) {
      reads.add("importToken");
      return store.importToken(token);
    }

    @Override
    public <T> T write(Function<Tx, T> work) {
      return store.write(work);
    }
  }
}
