package io.coffer.core.iam.ram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.config.CryptoConfig;
import io.coffer.core.error.CofferException;
import io.coffer.core.iam.AccessKey;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RAM's domain rules over a real SQLite store and a real root key. */
class RamServiceTest {
  private static final String ACCOUNT = "1234567890123456";
  private static final AccessKey ROOT_KEY = new AccessKey("LTAIroot", "root-secret", ACCOUNT, true);
  private static final Principal ROOT = ROOT_KEY.principal();
  private static final String DOC = "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

  @TempDir Path dataDir;
  private SqliteMetadataStore sqlite;
  private KeyHierarchy keys;
  private CountingStore store;
  private RamCredentials credentials;
  private RamService ram;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));

  /** The SQLite store, counting reads: shows what the credential cache saves. */
  static final class CountingStore implements RamStore {
    final RamStore inner;
    final AtomicInteger reads = new AtomicInteger();

    CountingStore(RamStore inner) {
      this.inner = inner;
    }

    @Override
    public <T> T read(Function<View, T> work) {
      reads.incrementAndGet();
      return inner.read(work);
    }

    @Override
    public <T> T write(Function<Tx, T> work) {
      return inner.write(work);
    }
  }

  @BeforeEach
  void setUp() throws IOException {
    sqlite = new SqliteMetadataStore(dataDir.resolve("coffer.db"));
    SeededRandom random = new SeededRandom(7);
    keys = KeyHierarchy.open(dataDir, new CryptoConfig(0, null), sqlite, clock, random);
    store = new CountingStore(sqlite.ram());
    credentials = new RamCredentials(store, keys.root(), ROOT_KEY);
    ram = new RamService(store, keys.root(), new Authorizer(), credentials, clock, random);
  }

  @AfterEach
  void tearDown() {
    keys.close();
    sqlite.close();
  }

  private RamUser user(String name) {
    return ram.createUser(ROOT, new RamService.NewUser(name, "", "", "", ""));
  }

  private static Principal as(RamUser u, String keyId) {
    return new Principal(u.accountId(), keyId, u.userId(), u.userName());
  }

  @Test
  void createUser_givesA16DigitIdAndTheClockTimes() {
    RamUser u = ram.createUser(ROOT, new RamService.NewUser("alice", "Alice", "86-1860000", "a@example.com", "c"));
    assertThat(u.userId()).matches("[1-9][0-9]{15}");
    assertThat(u.accountId()).isEqualTo(ACCOUNT);
    assertThat(u.created()).isEqualTo(clock.instant()).isEqualTo(u.updated());
    assertThat(ram.getUser(ROOT, "alice")).isEqualTo(u);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 30; i++) ids.add(user("u" + i).userId());
    assertThat(ids).doesNotHaveDuplicates().doesNotContain(u.userId());
  }

  @Test
  void nonRootCallers_areAccessDeniedForEveryAction_andChangeNothing() {
    RamUser alice = user("alice");
    NewAccessKey k = ram.createAccessKey(ROOT, "alice");
    ram.createPolicy(ROOT, "p", DOC, "");
    Principal ramUser = as(alice, k.key().accessKeyId());
    for (Principal caller : List.of(ramUser, Principal.anonymous())) {
      List<ThrowingCallable> calls = List.of(
          () -> ram.createUser(caller, new RamService.NewUser("bob", "", "", "", "")),
          () -> ram.getUser(caller, "alice"),
          () -> ram.updateUser(caller, "alice", new RamService.UserUpdate("eve", null, null, null, null)),
          () -> ram.deleteUser(caller, "alice"),
          () -> ram.listUsers(caller, "", 100),
          () -> ram.createAccessKey(caller, "alice"),
          () -> ram.updateAccessKey(caller, "alice", k.key().accessKeyId(), AccessKeyStatus.Inactive),
          () -> ram.deleteAccessKey(caller, "alice", k.key().accessKeyId()),
          () -> ram.listAccessKeys(caller, "alice"),
          () -> ram.createPolicy(caller, "q", DOC, ""),
          () -> ram.getPolicy(caller, PolicyType.Custom, "p"),
          () -> ram.updatePolicyDescription(caller, "p", "d"),
          () -> ram.deletePolicy(caller, "p"),
          () -> ram.listPolicies(caller, null, "", 100),
          () -> ram.createPolicyVersion(caller, "p", DOC, true, false),
          () -> ram.getPolicyVersion(caller, PolicyType.Custom, "p", "v1"),
          () -> ram.listPolicyVersions(caller, PolicyType.Custom, "p"),
          () -> ram.deletePolicyVersion(caller, "p", "v1"),
          () -> ram.setDefaultPolicyVersion(caller, "p", "v1"),
          () -> ram.attachPolicyToUser(caller, PolicyType.System, "AdministratorAccess", "alice"),
          () -> ram.detachPolicyFromUser(caller, PolicyType.System, "AdministratorAccess", "alice"),
          () -> ram.listPoliciesForUser(caller, "alice"));
      for (ThrowingCallable c : calls) assertThatThrownBy(c).isInstanceOf(CofferException.AccessDenied.class);
    }
    // Before any lookup: an unknown name is refused the same way, so it tells nothing.
    assertThatThrownBy(() -> ram.getUser(ramUser, "nobody")).isInstanceOf(CofferException.AccessDenied.class);
    assertThat(ram.listUsers(ROOT, "", 100).items()).containsExactly(alice);
    assertThat(ram.listAccessKeys(ROOT, "alice")).singleElement()
        .satisfies(x -> assertThat(x.status()).isEqualTo(AccessKeyStatus.Active));
    assertThat(ram.listPolicyVersions(ROOT, PolicyType.Custom, "p")).hasSize(1);
    assertThat(ram.listPoliciesForUser(ROOT, "alice")).isEmpty();
    assertThat(ram.listPolicies(ROOT, PolicyType.Custom, "", 100).items()).extracting(RamPolicy::name).containsExactly("p");
  }

  @Test
  void createAccessKey_storesOnlyTheWrappedSecret_andCredentialsUnwrapIt() {
    RamUser alice = user("alice");
    NewAccessKey k = ram.createAccessKey(ROOT, "alice");
    assertThat(k.secret()).matches("[A-Za-z0-9]{30}");
    assertThat(k.toString()).doesNotContain(k.secret());
    RamAccessKey stored = sqlite.ram().read(v -> v.accessKey(k.key().accessKeyId())).orElseThrow();
    assertThat(new String(stored.wrappedSecret(), StandardCharsets.ISO_8859_1)).doesNotContain(k.secret());
    assertThat(stored.wrappedSecret().length).isGreaterThan(k.secret().length());

    AccessKey found = credentials.find(k.key().accessKeyId()).orElseThrow();
    assertThat(found.secret()).isEqualTo(k.secret());
    assertThat(found.accountId()).isEqualTo(ACCOUNT);
    assertThat(found.active()).isTrue();
    assertThat(found.userId()).isEqualTo(alice.userId());
    assertThat(found.userName()).isEqualTo("alice");
    assertThat(found.principal().isRamUser()).isTrue();
    assertThat(credentials.find(ROOT_KEY.id())).contains(ROOT_KEY);
    assertThat(credentials.find("LTAIunknown")).isEmpty();
  }

  @Test
  void credentials_followStatusRenameAndDeletion_fromTheNextLookup() {
    RamUser alice = user("alice");
    String id = ram.createAccessKey(ROOT, "alice").key().accessKeyId();
    assertThat(credentials.find(id).orElseThrow().active()).isTrue();

    ram.updateAccessKey(ROOT, "alice", id, AccessKeyStatus.Inactive);
    assertThat(credentials.find(id).orElseThrow().active()).isFalse();
    ram.updateAccessKey(ROOT, "alice", id, AccessKeyStatus.Active);
    assertThat(credentials.find(id).orElseThrow().active()).isTrue();

    ram.updateUser(ROOT, "alice", new RamService.UserUpdate("alicia", null, null, null, null));
    assertThat(credentials.find(id).orElseThrow().userName()).isEqualTo("alicia");
    assertThat(credentials.find(id).orElseThrow().userId()).isEqualTo(alice.userId());

    ram.deleteAccessKey(ROOT, "alicia", id);
    assertThat(credentials.find(id)).isEmpty();
  }

  @Test
  void credentials_cacheAnUnwrappedKey_untilItChanges() {
    user("alice");
    String id = ram.createAccessKey(ROOT, "alice").key().accessKeyId();
    int before = store.reads.get();
    for (int i = 0; i < 5; i++) credentials.find(id);
    assertThat(store.reads.get() - before).isEqualTo(1);
    ram.updateAccessKey(ROOT, "alice", id, AccessKeyStatus.Inactive);
    before = store.reads.get();
    credentials.find(id);
    credentials.find(id);
    assertThat(store.reads.get() - before).isEqualTo(1);
    // Unknown ids are read each time (no negative cache to invalidate when a key is made).
    before = store.reads.get();
    credentials.find("LTAInope");
    credentials.find("LTAInope");
    assertThat(store.reads.get() - before).isEqualTo(2);
  }

  @Test
  void wrappedSecret_copiedToAnotherKeyRow_doesNotOpen() {
    RamUser alice = user("alice");
    RamAccessKey k = ram.createAccessKey(ROOT, "alice").key();
    RamAccessKey copy = new RamAccessKey("LTAIcopiedkey", ACCOUNT, alice.userId(), AccessKeyStatus.Active, k.created(),
        k.wrappedSecret());
    sqlite.ram().write(tx -> tx.insertAccessKey(copy));
    assertThatThrownBy(() -> credentials.find("LTAIcopiedkey")).isInstanceOf(CofferException.IntegrityViolation.class)
        .hasMessageNotContaining(k.toString());
  }

  @Test
  void accessKeys_withoutUserName_nameTheCallingRamUser_andTheRootMustNameOne() {
    user("alice");
    assertThatThrownBy(() -> ram.createAccessKey(ROOT, null)).isInstanceOfSatisfying(
        CofferException.MissingParameter.class, e -> assertThat(e.parameter()).isEqualTo("UserName"));
    assertThatThrownBy(() -> ram.listAccessKeys(ROOT, null)).isInstanceOf(CofferException.MissingParameter.class);
    assertThat(ram.listAccessKeys(ROOT, "alice")).isEmpty();
  }

  @Test
  void limits_thirdKeyAndSixthVersion_changeNothing() {
    user("alice");
    ram.createAccessKey(ROOT, "alice");
    ram.createAccessKey(ROOT, "alice");
    assertThatThrownBy(() -> ram.createAccessKey(ROOT, "alice")).isInstanceOfSatisfying(
        CofferException.RamLimitExceeded.class, e -> assertThat(e.limit()).isEqualTo(CofferException.RamLimit.USER_ACCESS_KEY));
    assertThat(ram.listAccessKeys(ROOT, "alice")).hasSize(2);

    ram.createPolicy(ROOT, "p", DOC, "");
    for (int i = 0; i < 4; i++) ram.createPolicyVersion(ROOT, "p", DOC, false, false);
    assertThatThrownBy(() -> ram.createPolicyVersion(ROOT, "p", DOC, true, false)).isInstanceOfSatisfying(
        CofferException.RamLimitExceeded.class, e -> assertThat(e.limit()).isEqualTo(CofferException.RamLimit.POLICY_VERSION));
    assertThat(ram.listPolicyVersions(ROOT, PolicyType.Custom, "p")).extracting(PolicyVersion::versionId)
        .containsExactly("v1", "v2", "v3", "v4", "v5");
    assertThat(ram.getPolicy(ROOT, PolicyType.Custom, "p").policy().defaultVersion()).isEqualTo("v1");
  }

  @Test
  void rotation_dropsTheOldestNonDefault_evenWhenTheDefaultIsOlder() {
    ram.createPolicy(ROOT, "p", DOC, "");
    for (int i = 0; i < 4; i++) ram.createPolicyVersion(ROOT, "p", DOC, false, false);
    ram.setDefaultPolicyVersion(ROOT, "p", "v3");
    PolicyVersion v6 = ram.createPolicyVersion(ROOT, "p", DOC, true, true);
    assertThat(v6.versionId()).isEqualTo("v6");
    assertThat(ram.listPolicyVersions(ROOT, PolicyType.Custom, "p")).extracting(PolicyVersion::versionId)
        .containsExactly("v2", "v3", "v4", "v5", "v6");
    assertThat(ram.getPolicy(ROOT, PolicyType.Custom, "p").defaultVersion().versionId()).isEqualTo("v6");
  }

  @Test
  void policyChanges_moveUpdateDate_notCreateDate() {
    RamPolicy made = ram.createPolicy(ROOT, "p", DOC, "d");
    clock.advance(Duration.ofMinutes(5));
    ram.createPolicyVersion(ROOT, "p", DOC, true, false);
    RamPolicy now = ram.getPolicy(ROOT, PolicyType.Custom, "p").policy();
    assertThat(now.created()).isEqualTo(made.created());
    assertThat(now.updated()).isEqualTo(clock.instant());
  }

  @Test
  void listPolicies_pagesByMarker_andRefusesForeignMarkers() {
    for (String n : List.of("a", "b", "c")) ram.createPolicy(ROOT, n, DOC, "");
    List<String> seen = new ArrayList<>();
    String marker = "";
    Page<RamPolicy> page;
    do {
      page = ram.listPolicies(ROOT, null, marker, 4);
      page.items().forEach(p -> seen.add(p.type() + ":" + p.name()));
      marker = page.marker();
    } while (page.truncated());
    assertThat(seen).hasSize(3 + RamSystemPolicies.all().size()).doesNotHaveDuplicates()
        .startsWith("Custom:a", "Custom:b", "Custom:c");
    assertThatThrownBy(() -> ram.listPolicies(ROOT, null, "alice", 10))
        .isInstanceOf(CofferException.InvalidParameter.class);
  }

  @Test
  void attachedPolicyDocuments_areTheDefaultVersionsOfAUsersPolicies() {
    RamUser alice = user("alice");
    String other = "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
    ram.createPolicy(ROOT, "p", DOC, "");
    ram.attachPolicyToUser(ROOT, PolicyType.Custom, "p", "alice");
    ram.attachPolicyToUser(ROOT, PolicyType.System, "AliyunOSSFullAccess", "alice");
    Principal me = as(alice, "LTAIx");
    assertThat(ram.attachedPolicyDocuments(me)).containsExactly(DOC,
        RamSystemPolicies.get("AliyunOSSFullAccess").orElseThrow().document());
    ram.createPolicyVersion(ROOT, "p", other, true, false);
    assertThat(ram.attachedPolicyDocuments(me)).first().isEqualTo(other);
    assertThat(ram.attachedPolicyDocuments(ROOT)).isEmpty();
  }

  @Test
  void deleteUser_refusesWhileKeysOrPoliciesRemain_andDeletesNothingImplicitly() {
    user("alice");
    String id = ram.createAccessKey(ROOT, "alice").key().accessKeyId();
    ram.attachPolicyToUser(ROOT, PolicyType.System, "ReadOnlyAccess", "alice");
    assertThatThrownBy(() -> ram.deleteUser(ROOT, "alice")).isInstanceOfSatisfying(CofferException.RamDeleteConflict.class,
        e -> assertThat(e.conflict()).isEqualTo(CofferException.RamConflict.USER_ACCESS_KEY));
    ram.deleteAccessKey(ROOT, "alice", id);
    assertThatThrownBy(() -> ram.deleteUser(ROOT, "alice")).isInstanceOfSatisfying(CofferException.RamDeleteConflict.class,
        e -> assertThat(e.conflict()).isEqualTo(CofferException.RamConflict.USER_POLICY));
    assertThat(ram.listPoliciesForUser(ROOT, "alice")).hasSize(1);
    ram.detachPolicyFromUser(ROOT, PolicyType.System, "ReadOnlyAccess", "alice");
    ram.deleteUser(ROOT, "alice");
    assertThatThrownBy(() -> ram.getUser(ROOT, "alice")).isInstanceOf(CofferException.RamEntityNotExist.class);
  }

  @Test
  void validatePolicyDocument_acceptsTheGrammarsFrame_andRefusesEverythingElse() {
    assertThatCode(() -> RamRules.validatePolicyDocument(DOC)).doesNotThrowAnyException();
    assertThatCode(() -> RamRules.validatePolicyDocument(
        " {\"Statement\":[{\"Resource\":\"*\",\"Action\":\"oss:*\",\"Effect\":\"Allow\"}],\"Version\":\"1\"}\n"))
        .doesNotThrowAnyException();
    for (RamSystemPolicies.SystemPolicy p : RamSystemPolicies.all()) RamRules.validatePolicyDocument(p.document());
    for (String bad : List.of("", "null", "{}", "[]", "\"x\"", "{\"Version\":\"1\",\"Statement\":null}",
        "{\"Version\":\"1\",\"Statement\":[]}", "{\"Version\":\"1.0\",\"Statement\":[]}", "{\"Version\":\"1\",\"Statement\":[]}{}",
        "{\"Version\":\"1\",\"Statement\":[],\"Statement\":[]}", "{'Version':'1','Statement':[]}")) {
      assertThatThrownBy(() -> RamRules.validatePolicyDocument(bad)).as(bad)
          .isInstanceOf(CofferException.MalformedPolicyDocument.class);
    }
  }

  @Test
  void listUsers_marksTheFirstUserOfTheNextPage() {
    for (String n : List.of("d", "a", "c", "b")) user(n);
    Page<RamUser> first = ram.listUsers(ROOT, "", 3);
    assertThat(first.items()).extracting(RamUser::userName).containsExactly("a", "b", "c");
    assertThat(first.truncated()).isTrue();
    assertThat(first.marker()).isEqualTo("d");
    Page<RamUser> rest = ram.listUsers(ROOT, first.marker(), 3);
    assertThat(rest.items()).extracting(RamUser::userName).containsExactly("d");
    assertThat(rest.truncated()).isFalse();
    assertThat(rest.marker()).isEmpty();
  }

  @Test
  void store_keepsUsersApartByAccount() {
    user("alice");
    Principal otherRoot = new Principal("9999999999999999", "LTAIother");
    RamUser theirs = ram.createUser(otherRoot, new RamService.NewUser("alice", "", "", "", ""));
    assertThat(ram.listUsers(otherRoot, "", 10).items()).containsExactly(theirs);
    assertThat(ram.getUser(ROOT, "alice").userId()).isNotEqualTo(theirs.userId());
    int mine = store.inner.read(v -> v.userCount(ACCOUNT));
    int theirCount = store.inner.read(v -> v.userCount("9999999999999999"));
    assertThat(mine).isEqualTo(1);
    assertThat(theirCount).isEqualTo(1);
  }
}
