package io.coffer.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.audit.AuditEvent.Caller;
import io.coffer.core.audit.AuditEvent.Decision;
import io.coffer.core.error.CofferException;
import io.coffer.core.iam.Principal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the audit log back: newest first across rotated files, filters, limits, bad lines, who may read. */
class AuditLogReaderTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private static final Principal ROOT = new Principal("1234567890", "LTAIroot");
  private static final Principal ALICE = new Principal("1234567890", "LTAIalice", "1000000000000001", "alice");

  @TempDir Path dir;

  private Path file() {
    return dir.resolve("audit/audit.log");
  }

  private static AuditEvent event(int i, Principal who, String action, Decision d, String error) {
    return new AuditEvent(T0.plusSeconds(i), "REQ-" + i, Caller.of(who), action, "acs:ram::1234567890:user/u" + i, d,
        error, error == null ? 200 : 403, "10.0.0." + (i % 250));
  }

  private static AuditEvent event(int i) {
    return event(i, ROOT, "kms:Encrypt", Decision.ALLOW, null);
  }

  private void write(long maxBytes, List<AuditEvent> events) {
    try (FileAuditLog log = FileAuditLog.open(file(), maxBytes, 50)) {
      events.forEach(log::record);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private AuditLogReader.Result read(AuditQuery q) {
    return new AuditLogReader(file()).read(ROOT, q);
  }

  private static AuditQuery limit(int n) {
    return new AuditQuery(null, null, null, null, null, null, n);
  }

  private static List<String> ids(AuditLogReader.Result r) {
    return r.events().stream().map(AuditEvent::requestId).toList();
  }

  private static List<String> ids(int fromInclusive, int downToInclusive) {
    List<String> out = new ArrayList<>();
    for (int i = fromInclusive; i >= downToInclusive; i--) out.add("REQ-" + i);
    return out;
  }

  @Test
  void read_rotatedFiles_newestFirstAcrossEveryFile() throws IOException {
    write(4096, IntStream.range(0, 200).mapToObj(AuditLogReaderTest::event).toList());
    assertThat(Files.exists(file().resolveSibling("audit.log.3"))).as("rotated several times").isTrue();

    AuditLogReader.Result r = read(limit(AuditQuery.MAX_LIMIT));

    assertThat(ids(r)).isEqualTo(ids(199, 0));
    assertThat(r.more()).isFalse();
    assertThat(r.skippedLines()).isZero();
    AuditEvent newest = r.events().get(0);
    assertThat(newest).isEqualTo(new AuditEvent(T0.plusSeconds(199), "REQ-199", Caller.of(ROOT), "kms:Encrypt",
        "acs:ram::1234567890:user/u199", Decision.ALLOW, null, 200, "10.0.0.199"));
  }

  @Test
  void read_limit_stopsAtTheNewestAndSaysMoreMatch() {
    write(4096, IntStream.range(0, 200).mapToObj(AuditLogReaderTest::event).toList());

    AuditLogReader.Result r = read(limit(5));

    assertThat(ids(r)).isEqualTo(ids(199, 195));
    assertThat(r.more()).isTrue();
    assertThat(read(limit(200)).more()).as("exactly all").isFalse();
  }

  @Test
  void read_actionFilter_exactPrefixStarAndProduct() {
    write(1 << 20, List.of(event(1, ROOT, "kms:Encrypt", Decision.ALLOW, null),
        event(2, ROOT, "oss:GetObject", Decision.DENY, "AccessDenied"),
        event(3, ROOT, "oss:GetObjectAcl", Decision.DENY, "AccessDenied"),
        event(4, ROOT, "ram:CreateUser", Decision.ALLOW, null),
        event(5, ROOT, "kms:Decrypt", Decision.ALLOW, null)));

    assertThat(ids(read(AuditQuery.parse("oss:GetObject", null, null, null, null, null, null)))).containsExactly("REQ-2");
    assertThat(ids(read(AuditQuery.parse("OSS:getobject", null, null, null, null, null, null)))).containsExactly("REQ-2");
    assertThat(ids(read(AuditQuery.parse("kms:", null, null, null, null, null, null)))).containsExactly("REQ-5", "REQ-1");
    assertThat(ids(read(AuditQuery.parse("kms", null, null, null, null, null, null)))).containsExactly("REQ-5", "REQ-1");
    assertThat(ids(read(AuditQuery.parse("oss:Get*", null, null, null, null, null, null)))).containsExactly("REQ-3", "REQ-2");
    assertThat(ids(read(AuditQuery.parse("km", null, null, null, null, null, null)))).isEmpty();
  }

  @Test
  void read_callerDecisionErrorCodeAndTimeFilters_combine() {
    write(1 << 20, List.of(event(1, ROOT, "kms:Encrypt", Decision.ALLOW, null),
        event(2, ALICE, "oss:GetObject", Decision.DENY, "AccessDenied"),
        event(3, ALICE, "kms:Decrypt", Decision.ALLOW, "Forbidden.KeyNotFound"),
        event(4, ROOT, "ram:CreateUser", Decision.DENY, "InvalidParameter.UserName.Length"),
        event(5, ALICE, "kms:Decrypt", Decision.ALLOW, null)));

    assertThat(ids(read(AuditQuery.parse(null, "alice", null, null, null, null, null))))
        .containsExactly("REQ-5", "REQ-3", "REQ-2");
    assertThat(ids(read(AuditQuery.parse(null, "LTAIalice", null, null, null, null, null))))
        .containsExactly("REQ-5", "REQ-3", "REQ-2");
    assertThat(ids(read(AuditQuery.parse(null, "LTAIroot", "DENY", null, null, null, null)))).containsExactly("REQ-4");
    assertThat(ids(read(AuditQuery.parse(null, null, "deny", null, null, null, null)))).containsExactly("REQ-4", "REQ-2");
    assertThat(ids(read(AuditQuery.parse(null, null, null, null, null, "accessdenied", null)))).containsExactly("REQ-2");
    assertThat(ids(read(AuditQuery.parse(null, null, null, T0.plusSeconds(2).toString(), T0.plusSeconds(4).toString(),
        null, null)))).containsExactly("REQ-4", "REQ-3", "REQ-2");
    assertThat(ids(read(AuditQuery.parse("kms:", "alice", "allow", T0.plusSeconds(3).toString(), null, null, "1"))))
        .containsExactly("REQ-5");
  }

  @Test
  void read_malformedTruncatedAndOverlongLines_areSkippedAndCounted() throws IOException {
    write(1 << 20, List.of(event(1), event(2)));
    String overlong = "{\"x\":\"" + "a".repeat(AuditLogReader.MAX_LINE_BYTES + 10) + "\"}\n";
    Files.writeString(file(), "not json\n" + "{\"time\":\"yesterday\",\"principal\":{\"type\":\"root\"},"
        + "\"action\":\"kms:Encrypt\",\"decision\":\"allow\",\"status\":200}\n" + "[1,2]\n" + overlong + "\n",
        StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    write(1 << 20, List.of(event(3)));
    // A line the writer had not finished when the reader looked.
    Files.writeString(file(), "{\"time\":\"2026-11-23T10:00:04.000Z\",\"requestId\":\"REQ-4\",\"princ",
        StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    AuditLogReader.Result r = read(limit(10));

    assertThat(ids(r)).containsExactly("REQ-3", "REQ-2", "REQ-1");
    // The unfinished line, "not json", the bad time, the array and the overlong line; the empty line is no line.
    assertThat(r.skippedLines()).isEqualTo(5);
  }

  @Test
  void read_linesLongerThanABlock_areReadWhole() throws IOException {
    // Lines straddle the 64 KiB read blocks: resources near the 1,200-character cap, multi-byte text.
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      events.add(new AuditEvent(T0.plusSeconds(i), "REQ-" + i, Caller.of(ALICE), "oss:GetObject",
          "acs:oss:*:*:bucket/" + "ключ-".repeat(200) + i, Decision.ALLOW, null, 200, null));
    }
    write(1 << 24, events);
    assertThat(Files.size(file())).isGreaterThan(4L * 64 * 1024);

    AuditLogReader.Result r = read(limit(1000));

    assertThat(r.events()).hasSize(300);
    assertThat(r.events().get(0)).isEqualTo(events.get(299));
    assertThat(r.events().get(299)).isEqualTo(events.get(0));
    assertThat(r.skippedLines()).isZero();
  }

  @Test
  void read_noLogYet_isEmpty() {
    AuditLogReader.Result r = read(AuditQuery.all());
    assertThat(r.events()).isEmpty();
    assertThat(r.more()).isFalse();
  }

  @Test
  void read_byARamUserOrAnonymous_isDeniedWhateverItsPolicies() {
    write(1 << 20, List.of(event(1)));
    AuditLogReader reader = new AuditLogReader(file());
    assertThatThrownBy(() -> reader.read(ALICE, AuditQuery.all())).isInstanceOf(CofferException.AccessDenied.class)
        .hasMessageContaining("Only the account");
    assertThatThrownBy(() -> reader.read(Principal.anonymous(), AuditQuery.all()))
        .isInstanceOf(CofferException.AccessDenied.class);
  }

  @Test
  void parse_badValues_areRefusedNamingTheValue() {
    assertThatThrownBy(() -> AuditQuery.parse(null, null, "maybe", null, null, null, null))
        .isInstanceOf(CofferException.InvalidArgument.class).hasMessageContaining("allow or deny");
    assertThatThrownBy(() -> AuditQuery.parse(null, null, null, "2026-11-23 10:00", null, null, null))
        .isInstanceOf(CofferException.InvalidArgument.class).hasMessageContaining("from");
    assertThatThrownBy(() -> AuditQuery.parse(null, null, null, null, null, null, "1001"))
        .isInstanceOf(CofferException.InvalidArgument.class).hasMessageContaining("1 to 1000");
    assertThatThrownBy(() -> AuditQuery.parse(null, null, null, null, null, null, "0"))
        .isInstanceOf(CofferException.InvalidArgument.class);
    assertThatThrownBy(() -> AuditQuery.parse(null, null, null, null, null, null, "ten"))
        .isInstanceOf(CofferException.InvalidArgument.class).hasMessageContaining("whole number");
    assertThatThrownBy(() -> AuditQuery.parse(null, null, null, T0.plusSeconds(1).toString(), T0.toString(), null, null))
        .isInstanceOf(CofferException.InvalidArgument.class).hasMessageContaining("after its end");
    assertThat(AuditQuery.parse("", " ", "", "", "", "", "").limit()).isEqualTo(AuditQuery.DEFAULT_LIMIT);
  }
}
