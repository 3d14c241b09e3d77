package io.coffer.server.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.AppendObjectRequest;
import com.aliyun.oss.model.DownloadFileRequest;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.OSSObject;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.RawSocket;
import io.coffer.server.testing.TestData;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Range GETs at every boundary, on objects of sizes around 0 and 64 KiB and on an appendable object
 * whose bytes live in several extents, with OSS's default and with standard range behaviour.
 */
class RangeIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "ranges";
  /** Append sizes of the multi-extent object: its extents end at 1, 65536, 131072, 131079 and 196616. */
  static final int[] APPENDS = {1, 65535, 65536, 7, 65537};
  static final Map<String, byte[]> OBJECTS = new LinkedHashMap<>();
  static OSS v1;
  static OSS v4;
  static RawSocket raw;

  @BeforeAll
  static void setUp() {
    v1 = coffer.client();
    v4 = coffer.clientV4();
    v1.createBucket(BUCKET);
    raw = RawSocket.of(coffer);
    for (int size : new int[] {0, 1, 65535, 65536, 65537}) {
      byte[] data = TestData.random(size, size);
      v1.putObject(BUCKET, "size-" + size, new ByteArrayInputStream(data));
      OBJECTS.put("size-" + size, data);
    }
    byte[] all = new byte[0];
    for (int i = 0; i < APPENDS.length; i++) {
      byte[] piece = TestData.random(APPENDS[i], 100 + i);
      AppendObjectRequest a = new AppendObjectRequest(BUCKET, "multi", new ByteArrayInputStream(piece));
      a.setPosition((long) all.length);
      v1.appendObject(a);
      all = concat(all, piece);
    }
    OBJECTS.put("multi", all);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static List<String> keys() {
    return List.of("size-0", "size-1", "size-65535", "size-65536", "size-65537", "multi");
  }

  /** What a request should get: 200 with everything, 206 with bytes first..last, or 416. */
  record Outcome(int status, long first, long last) {
    static Outcome whole() {
      return new Outcome(200, -1, -1);
    }

    static Outcome part(long first, long last) {
      return new Outcome(206, first, last);
    }

    static Outcome invalid() {
      return new Outcome(416, -1, -1);
    }
  }

  record Case(String header, Outcome byDefault, Outcome standard) {}

  /** The range table of oss-api.md §8.3, instantiated for an object of {@code n} bytes. */
  static List<Case> cases(long n) {
    List<Case> c = new ArrayList<>();
    Outcome tooFar = n == 0 ? Outcome.invalid() : Outcome.part(0, n - 1);
    if (n >= 1) {
      c.add(new Case("bytes=0-0", Outcome.part(0, 0), Outcome.part(0, 0)));
      c.add(new Case("bytes=" + (n - 1) + "-" + (n - 1), Outcome.part(n - 1, n - 1), Outcome.part(n - 1, n - 1)));
      c.add(new Case("bytes=" + (n - 1) + "-", Outcome.part(n - 1, n - 1), Outcome.part(n - 1, n - 1)));
      c.add(new Case("bytes=0-", Outcome.part(0, n - 1), Outcome.part(0, n - 1)));
      c.add(new Case("bytes=0-" + (n - 1), Outcome.part(0, n - 1), Outcome.part(0, n - 1)));
      c.add(new Case("bytes=-1", Outcome.part(n - 1, n - 1), Outcome.part(n - 1, n - 1)));
      c.add(new Case("bytes=-" + n, Outcome.part(0, n - 1), Outcome.part(0, n - 1)));
      c.add(new Case("bytes=0-0,2-3", Outcome.part(0, 0), Outcome.part(0, 0)));
    }
    if (n >= 3) c.add(new Case("bytes=1-" + (n - 2), Outcome.part(1, n - 2), Outcome.part(1, n - 2)));
    if (n >= 2) {
      c.add(new Case("bytes=" + (n - 2) + "-" + n, Outcome.whole(), Outcome.part(n - 2, n - 1)));
      c.add(new Case("bytes=1-1,0-0", Outcome.part(1, 1), Outcome.part(1, 1)));
    }
    c.add(new Case("bytes=-" + (n + 1), Outcome.whole(), tooFar));
    c.add(new Case("bytes=0-" + n, Outcome.whole(), tooFar));
    c.add(new Case("bytes=-0", Outcome.invalid(), Outcome.invalid()));
    c.add(new Case("bytes=" + n + "-", Outcome.whole(), Outcome.invalid()));
    c.add(new Case("bytes=" + n + "-" + (n + 10), Outcome.whole(), Outcome.invalid()));
    c.add(new Case("bytes=" + (n + 5) + "-" + (n + 1), Outcome.whole(), Outcome.whole()));
    c.add(new Case("bytes=x-y", Outcome.whole(), Outcome.whole()));
    c.add(new Case("bytes=--1", Outcome.whole(), Outcome.whole()));
    c.add(new Case("items=0-0", Outcome.whole(), Outcome.whole()));
    return c;
  }

  @ParameterizedTest
  @MethodSource("keys")
  void getObject_everyRangeRow_answersAsOssInBothModes(String key) throws Exception {
    byte[] data = OBJECTS.get(key);
    List<String> failures = new ArrayList<>();
    for (Case c : cases(data.length)) {
      check(key, data, c.header(), false, c.byDefault(), failures);
      check(key, data, c.header(), true, c.standard(), failures);
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void getObject_rangesAcrossExtentBoundaries_returnExactSlices() throws Exception {
    byte[] data = OBJECTS.get("multi");
    List<String> failures = new ArrayList<>();
    long end = 0;
    List<Long> ends = new ArrayList<>();
    for (int a : APPENDS) ends.add(end += a);
    for (long b : ends.subList(0, ends.size() - 1)) {
      for (long[] r : new long[][] {{b - 1, b}, {b - 1, b + 1}, {b, b}, {b - 1, b - 1}, {Math.max(0, b - 5000), b + 5000}}) {
        check("multi", data, "bytes=" + r[0] + "-" + r[1], false, Outcome.part(r[0], r[1]), failures);
      }
    }
    long previous = 0;
    for (long e : ends) {
      check("multi", data, "bytes=" + previous + "-" + (e - 1), false, Outcome.part(previous, e - 1), failures);
      previous = e;
    }
    check("multi", data, "bytes=1-" + (data.length - 2), false, Outcome.part(1, data.length - 2), failures);
    assertThat(failures).isEmpty();
  }

  private static void check(String key, byte[] data, String header, boolean standard, Outcome want,
      List<String> failures) throws Exception {
    RawSocket.Request req = raw.request("GET", BUCKET, key).noContentLength().header("Range", header);
    if (standard) req.header("x-oss-range-behavior", "standard");
    RawSocket.Response r = req.send();
    String id = key + " " + header + (standard ? " [standard]" : "");
    if (r.status() != want.status()) {
      failures.add(id + ": status " + r.status() + ", want " + want.status());
      return;
    }
    switch (want.status()) {
      case 200 -> {
        if (!Arrays.equals(r.body(), data)) failures.add(id + ": body is not the whole object");
        if (r.header("Content-Range") != null) failures.add(id + ": Content-Range on 200");
        if (!TestData.crc64(data).equals(r.header("x-oss-hash-crc64ecma"))) failures.add(id + ": CRC");
      }
      case 206 -> {
        byte[] slice = Arrays.copyOfRange(data, (int) want.first(), (int) want.last() + 1);
        if (!Arrays.equals(r.body(), slice)) failures.add(id + ": wrong bytes");
        String range = "bytes " + want.first() + "-" + want.last() + "/" + data.length;
        if (!range.equals(r.header("Content-Range"))) failures.add(id + ": Content-Range " + r.header("Content-Range"));
        if (!Long.toString(slice.length).equals(r.header("Content-Length"))) failures.add(id + ": Content-Length");
        // The CRC header always describes the whole object, also on 206.
        if (!TestData.crc64(data).equals(r.header("x-oss-hash-crc64ecma"))) failures.add(id + ": CRC on 206");
        if (!("\"" + TestData.etag(data) + "\"").equals(r.header("ETag")) && !key.equals("multi")) {
          failures.add(id + ": ETag on 206");
        }
      }
      default -> {
        if (!"InvalidRange".equals(r.xmlElement("Code"))) failures.add(id + ": code " + r.xmlElement("Code"));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v4"})
  void getObject_sdkRanges_returnSlices(String version) throws Exception {
    OSS oss = version.equals("v4") ? v4 : v1;
    for (String key : List.of("size-1", "size-65537", "multi")) {
      byte[] data = OBJECTS.get(key);
      int n = data.length;
      long[][] ranges = {{0, 0}, {n - 1, n - 1}, {0, -1}, {-1, 1}, {-1, n}, {n / 2, -1}};
      for (long[] rg : ranges) {
        GetObjectRequest g = new GetObjectRequest(BUCKET, key);
        g.setRange(rg[0], rg[1]);
        int from = rg[0] >= 0 ? (int) rg[0] : n - (int) rg[1];
        int to = rg[0] >= 0 && rg[1] >= 0 ? (int) rg[1] : n - 1;
        try (OSSObject o = oss.getObject(g)) {
          assertThat(o.getObjectContent().readAllBytes()).as(key + " " + Arrays.toString(rg))
              .isEqualTo(Arrays.copyOfRange(data, from, to + 1));
          assertThat(o.getObjectMetadata().getContentLength()).isEqualTo(to - from + 1);
          assertThat(o.getObjectMetadata().getServerCRC()).isEqualTo(TestData.crc64Value(data));
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v4"})
  void getObject_sdkSuffixZero_isInvalidRange(String version) {
    OSS oss = version.equals("v4") ? v4 : v1;
    GetObjectRequest g = new GetObjectRequest(BUCKET, "size-65536");
    g.setRange(-1, 0);
    assertThatThrownBy(() -> oss.getObject(g)).isInstanceOfSatisfying(OSSException.class, e -> {
      assertThat(e.getErrorCode()).isEqualTo("InvalidRange");
      assertThat(e.getMessage()).startsWith("The requested range cannot be satisfied");
    });
  }

  @Test
  void getObject_sdkStandardBehaviour_clipsAndRefuses() throws Exception {
    byte[] data = OBJECTS.get("size-65535");
    GetObjectRequest clip = new GetObjectRequest(BUCKET, "size-65535");
    clip.setRange(65000, 70000);
    clip.addHeader("x-oss-range-behavior", "standard");
    try (OSSObject o = v4.getObject(clip)) {
      assertThat(o.getObjectContent().readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 65000, 65535));
    }
    GetObjectRequest past = new GetObjectRequest(BUCKET, "size-65535");
    past.setRange(65535, 70000);
    past.addHeader("x-oss-range-behavior", "standard");
    assertThatThrownBy(() -> v1.getObject(past))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("InvalidRange"));
  }

  /** The SDK's parallel ranged download checks the combined CRC of its parts against the header. */
  @ParameterizedTest
  @ValueSource(strings = {"size-65537", "multi"})
  void downloadFile_parallelRangesWithCrc_reassemblesTheObject(String key, @TempDir Path dir) throws Throwable {
    Path file = dir.resolve("out.bin");
    DownloadFileRequest d = new DownloadFileRequest(BUCKET, key, file.toString(), 10_000);
    d.setTaskNum(3);
    d.setEnableCheckpoint(false);
    v4.downloadFile(d);
    assertThat(Files.readAllBytes(file)).isEqualTo(OBJECTS.get(key));
  }
}
