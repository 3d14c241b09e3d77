package io.coffer.cli.cp;

import static io.coffer.cli.cp.CpTesting.PART;
import static io.coffer.cli.cp.CpTesting.bytes;
import static io.coffer.cli.cp.CpTesting.crc64;
import static io.coffer.cli.cp.CpTesting.file;
import static io.coffer.cli.cp.CpTesting.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.ListMultipartUploadsRequest;
import com.aliyun.oss.model.ListPartsRequest;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PartSummary;
import io.coffer.cli.testing.CliServer;
import io.coffer.cli.testing.HttpTap;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Interrupted transfers resume from the checkpoint. Each test stops a real {@code coffer cp}
 * process at a known point: it talks through an {@link HttpTap} that lets a number of part
 * requests through and holds the next, the test waits until the checkpoint records those parts,
 * and kills the process. The re-run goes through a fresh tap, which shows exactly which parts it
 * sent.
 */
class CpResumeIT {
  @RegisterExtension static final CliServer coffer = new CliServer();
  static final String BUCKET = "cp-resume";
  static final int PARTS = 10;
  static final Pattern PART_NUMBER = Pattern.compile("[?&]partNumber=(\\d+)");
  static OSS oss;

  @BeforeAll
  static void bucket() {
    oss = CpTesting.sdk(coffer);
    oss.createBucket(BUCKET);
  }

  @AfterAll
  static void close() {
    oss.shutdown();
  }

  @Test
  void upload_killedAfterThreeParts_resumesTheSameUpload_sendingOnlyTheOtherParts() throws Exception {
    byte[] content = bytes(21, PARTS * PART - 1000);
    Path f = file(coffer.work().resolve("up/resumed.bin"), content);
    Path cpDir = coffer.work().resolve("up/checkpoints-1");
    Checkpoint cp = interruptAfter(3, isUploadPart("resumed.bin"), upload(f, "resumed.bin", cpDir, null));

    // the server holds exactly the parts the checkpoint recorded, with the same ETags
    List<PartSummary> onServer = oss.listParts(new ListPartsRequest(BUCKET, "resumed.bin", cp.get("uploadId"))).getParts();
    assertThat(onServer).extracting(PartSummary::getPartNumber).containsExactly(1, 2, 3);
    assertThat(onServer).extracting(PartSummary::getETag)
        .containsExactlyElementsOf(cp.parts().values().stream().map(Checkpoint.Part::etag).toList());

    try (HttpTap tap = HttpTap.start(coffer.server().ossPort())) {
      CliServer.Result r = coffer.run(upload(f, "resumed.bin", cpDir, tap));
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(partNumbers(tap, isUploadPart("resumed.bin"))).containsExactly(4, 5, 6, 7, 8, 9, 10);
      assertThat(tap.requests()).noneMatch(l -> l.contains("?uploads")).anyMatch(
          l -> l.startsWith("POST /" + BUCKET + "/resumed.bin?uploadId=" + cp.get("uploadId")));
    }
    ObjectMetadata m = oss.getObjectMetadata(BUCKET, "resumed.bin");
    assertThat(m.getETag()).endsWith("-10");
    assertThat(m.getServerCRC()).isEqualTo(crc64(content));
    assertThat(read(oss, BUCKET, "resumed.bin")).isEqualTo(content);
    assertThat(uploadsOf("resumed.bin")).isEmpty();
    assertThat(Files.exists(cpDir)).as("checkpoint removed after success").isFalse();
  }

  @Test
  void upload_sourceChangedAfterInterruption_abortsTheOldUploadAndStartsOver() throws Exception {
    Path f = file(coffer.work().resolve("up/changed.bin"), bytes(22, PARTS * PART));
    Path cpDir = coffer.work().resolve("up/checkpoints-2");
    Checkpoint cp = interruptAfter(2, isUploadPart("changed.bin"), upload(f, "changed.bin", cpDir, null));
    byte[] changed = bytes(23, PARTS * PART);
    FileTime before = Files.getLastModifiedTime(f);
    Files.write(f, changed);
    Files.setLastModifiedTime(f, FileTime.fromMillis(before.toMillis() + 10_000));

    try (HttpTap tap = HttpTap.start(coffer.server().ossPort())) {
      CliServer.Result r = coffer.run(upload(f, "changed.bin", cpDir, tap));
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(r.out()).contains("changed since the interrupted upload");
      assertThat(partNumbers(tap, isUploadPart("changed.bin"))).containsExactlyElementsOf(range(1, PARTS));
      assertThat(tap.requests()).anyMatch(l -> l.startsWith("DELETE /" + BUCKET + "/changed.bin?uploadId="
          + cp.get("uploadId")));
    }
    assertThat(read(oss, BUCKET, "changed.bin")).isEqualTo(changed);
    assertThat(uploadsOf("changed.bin")).as("the old upload was aborted").isEmpty();
  }

  @Test
  void upload_bytesChangedInARecordedPart_withSameSizeAndTime_resendsThatPartOnly() throws Exception {
    byte[] content = bytes(24, PARTS * PART);
    Path f = file(coffer.work().resolve("up/sneaky.bin"), content);
    Path cpDir = coffer.work().resolve("up/checkpoints-3");
    interruptAfter(3, isUploadPart("sneaky.bin"), upload(f, "sneaky.bin", cpDir, null));
    FileTime before = Files.getLastModifiedTime(f);
    content[PART + 5] ^= 1; // inside part 2
    Files.write(f, content);
    Files.setLastModifiedTime(f, before);

    try (HttpTap tap = HttpTap.start(coffer.server().ossPort())) {
      CliServer.Result r = coffer.run(upload(f, "sneaky.bin", cpDir, tap));
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(partNumbers(tap, isUploadPart("sneaky.bin"))).containsExactly(2, 4, 5, 6, 7, 8, 9, 10);
    }
    assertThat(read(oss, BUCKET, "sneaky.bin")).isEqualTo(content);
  }

  @Test
  void download_killedAfterThreeParts_resumesIntoTheSameTempFile_fetchingOnlyTheOtherParts() throws Exception {
    byte[] content = bytes(25, PARTS * PART - 7);
    oss.putObject(BUCKET, "down.bin", new ByteArrayInputStream(content));
    Path dest = coffer.work().resolve("down/down.bin");
    Path cpDir = coffer.work().resolve("down/checkpoints");
    Predicate<String> ranged = l -> l.startsWith("GET /" + BUCKET + "/down.bin ");
    interruptAfter(3, ranged, download(dest, cpDir, null));
    assertThat(dest).doesNotExist();
    assertThat(Path.of(dest + Downloader.TEMP_SUFFIX)).hasSize(content.length);

    try (HttpTap tap = HttpTap.start(coffer.server().ossPort())) {
      CliServer.Result r = coffer.run(download(dest, cpDir, tap));
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(tap.requests().stream().filter(ranged)).hasSize(PARTS - 3);
    }
    assertThat(Files.readAllBytes(dest)).isEqualTo(content);
    assertThat(Path.of(dest + Downloader.TEMP_SUFFIX)).doesNotExist();
    assertThat(Files.exists(cpDir)).isFalse();
  }

  /**
   * Runs {@code args} (which must name the tap's endpoint as {@code -e TAP}) as a process through a
   * tap that passes {@code parts} requests matching {@code which} and holds the next; waits until
   * the checkpoint records them, kills the process and returns the checkpoint.
   */
  private Checkpoint interruptAfter(int parts, Predicate<String> which, String[] args) throws Exception {
    try (HttpTap tap = HttpTap.start(coffer.server().ossPort())) {
      tap.holdAfter(which, parts);
      for (int i = 0; i < args.length; i++) if (args[i].equals("TAP")) args[i] = tap.endpoint();
      CliServer.Running running = coffer.startProcess(args);
      Path cpDir = Path.of(args[indexOf(args, "--checkpoint-dir") + 1]);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      try {
        while (System.nanoTime() < deadline) {
          Checkpoint cp = checkpointIn(cpDir);
          if (cp != null && cp.parts().size() >= parts && tap.held() > 0) {
            running.process().destroyForcibly().waitFor();
            assertThat(cp.parts()).as("parts recorded before the kill").hasSize(parts);
            return cp;
          }
          if (running.process().waitFor(20, TimeUnit.MILLISECONDS)) {
            fail("cp ended before it was interrupted: " + running.result());
          }
        }
        fail("no checkpoint with " + parts + " parts in time: " + running.result());
        return null;
      } finally {
        running.process().destroyForcibly().waitFor();
      }
    }
  }

  private static Checkpoint checkpointIn(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) return null;
    try (Stream<Path> files = Files.list(dir)) {
      Path file = files.filter(p -> p.toString().endsWith(".cp")).findFirst().orElse(null);
      return file == null ? null : Checkpoint.load(file).orElse(null);
    }
  }

  private static String[] upload(Path f, String key, Path cpDir, HttpTap tap) {
    return new String[] {"cp", f.toString(), "oss://" + BUCKET + "/" + key, "-e", tap == null ? "TAP" : tap.endpoint(),
        "--bigfile-threshold", Integer.toString(PART), "--part-size", Integer.toString(PART), "--parallel", "1",
        "--checkpoint-dir", cpDir.toString()};
  }

  private static String[] download(Path dest, Path cpDir, HttpTap tap) {
    return new String[] {"cp", "oss://" + BUCKET + "/down.bin", dest.toString(), "-e",
        tap == null ? "TAP" : tap.endpoint(), "--bigfile-threshold", Integer.toString(PART), "--part-size",
        Integer.toString(PART), "--parallel", "1", "--checkpoint-dir", cpDir.toString()};
  }

  private static Predicate<String> isUploadPart(String key) {
    return l -> l.startsWith("PUT /" + BUCKET + "/" + key + "?") && PART_NUMBER.matcher(l).find();
  }

  private static List<Integer> partNumbers(HttpTap tap, Predicate<String> which) {
    return tap.requests().stream().filter(which).map(l -> {
      Matcher m = PART_NUMBER.matcher(l);
      return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }).sorted().toList();
  }

  private static List<String> uploadsOf(String key) {
    ListMultipartUploadsRequest req = new ListMultipartUploadsRequest(BUCKET);
    req.setPrefix(key);
    return oss.listMultipartUploads(req).getMultipartUploads().stream().map(u -> u.getUploadId()).toList();
  }

  private static List<Integer> range(int from, int to) {
    return IntStream.rangeClosed(from, to).boxed().toList();
  }

  private static int indexOf(String[] a, String s) {
    for (int i = 0; i < a.length; i++) if (a[i].equals(s)) return i;
    throw new IllegalArgumentException(s);
  }
}
