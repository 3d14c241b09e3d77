package io.coffer.server.sse;

import static io.coffer.server.sse.SseTesting.SEGMENT;
import static io.coffer.server.sse.SseTesting.firstSegmentBytes;
import static io.coffer.server.sse.SseTesting.in;
import static io.coffer.server.sse.SseTesting.random;
import static io.coffer.server.sse.SseTesting.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.AppendObjectRequest;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.UploadPartRequest;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.TestData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Range GETs of SSE-OSS objects at every segment, extent and 64 KiB boundary: segment 0 holds
 * 65,484 (AES256) or 65,500 (SM4) plaintext bytes, later ones 65,536 (docs/crypto-format.md); every
 * answer must be exactly the plaintext slice.
 */
class SseRangeIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "sse-ranges";
  /** Part sizes of the multipart objects: three parts of 100 KB and more. */
  static final int[] PARTS = {102_400, 131_073, 100_003};
  static final Map<String, Stored> OBJECTS = new LinkedHashMap<>();
  static OSS v1;
  static OSS v4;

  /** An object as written: its plaintext and the lengths of its extents (parts or appends). */
  record Stored(String alg, byte[] data, int[] extents) {}

  @BeforeAll
  static void setUp() {
    v1 = coffer.client();
    v4 = coffer.clientV4();
    v1.createBucket(BUCKET);
    for (String alg : List.of("AES256", "SM4")) {
      int s0 = firstSegmentBytes(alg);
      Set<Integer> sizes = new TreeSet<>(List.of(0, 1, 2, s0 - 1, s0, s0 + 1, SEGMENT - 1, SEGMENT, SEGMENT + 1,
          s0 + SEGMENT - 1, s0 + SEGMENT, s0 + SEGMENT + 1, 2 * SEGMENT - 1, 2 * SEGMENT, 2 * SEGMENT + 1,
          3 * SEGMENT + 5, 4 * SEGMENT + 1));
      for (int size : sizes) {
        byte[] data = random(size, size * 31L + alg.length());
        v1.putObject(BUCKET, alg + "/size-" + size, in(data), SseTesting.sse(alg));
        OBJECTS.put(alg + "/size-" + size, new Stored(alg, data, new int[] {size}));
      }
      putMultipart(alg);
      putAppendable(alg, new int[] {1, s0 - 1, s0 + 1, SEGMENT, 7, 70_000});
    }
  }

  static void putMultipart(String alg) {
    String key = alg + "/multipart";
    ObjectMetadata m = SseTesting.sse(alg);
    String id = v1.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key, m)).getUploadId();
    List<PartETag> etags = new ArrayList<>();
    List<byte[]> chunks = new ArrayList<>();
    for (int i = 0; i < PARTS.length; i++) {
      byte[] part = random(PARTS[i], 1000 + i);
      chunks.add(part);
      etags.add(v1.uploadPart(new UploadPartRequest(BUCKET, key, id, i + 1, in(part), part.length)).getPartETag());
    }
    v1.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, id, etags));
    OBJECTS.put(key, new Stored(alg, SseTesting.concat(chunks.toArray(byte[][]::new)), PARTS));
  }

  static void putAppendable(String alg, int[] appends) {
    String key = alg + "/appendable";
    List<byte[]> chunks = new ArrayList<>();
    long position = 0;
    for (int i = 0; i < appends.length; i++) {
      byte[] piece = random(appends[i], 2000 + i);
      chunks.add(piece);
      AppendObjectRequest a = new AppendObjectRequest(BUCKET, key, in(piece));
      a.setPosition(position);
      if (i == 0) a.setMetadata(SseTesting.sse(alg));
      position = v1.appendObject(a).getNextPosition();
    }
    OBJECTS.put(key, new Stored(alg, SseTesting.concat(chunks.toArray(byte[][]::new)), appends));
  }

  static Stream<String> objectNames() {
    return OBJECTS.keySet().stream();
  }

  /**
   * A range as the SDK sends it: {@code [first, last]}; {@code first = -1} is the suffix
   * {@code bytes=-last}, {@code last = -1} the open range {@code bytes=first-}.
   */
  record Range(long first, long last) {
    long[] resolve(long size) {
      if (first < 0) return new long[] {size - last, size - 1};
      return new long[] {first, last < 0 ? size - 1 : last};
    }
  }

  /**
   * Plaintext offsets where something changes: each extent's start and end, every segment
   * boundary inside each extent (its blob starts segments afresh), and the 64 KiB multiples of the
   * object, with the offsets one either side.
   */
  static Set<Long> boundaries(Stored o) {
    Set<Long> points = new TreeSet<>();
    int s0 = firstSegmentBytes(o.alg());
    long start = 0;
    for (int length : o.extents()) {
      points.add(start);
      for (long b = start + s0; b < start + length; b += SEGMENT) points.add(b);
      start += length;
      points.add(start);
    }
    for (long m = SEGMENT; m < o.data().length; m += SEGMENT) points.add(m);
    Set<Long> around = new TreeSet<>();
    for (long p : points) for (long d = -1; d <= 1; d++) around.add(p + d);
    return around;
  }

  static List<Range> ranges(Stored o) {
    long size = o.data().length;
    Set<Range> out = new LinkedHashSet<>();
    for (long p : boundaries(o)) {
      for (long[] r : new long[][] {{p, p}, {p - 1, p}, {p, p + 1}, {p - 2, p + 2}, {p - 100, p + 100}, {0, p},
          {p, size - 1}}) {
        if (r[0] >= 0 && r[0] <= r[1] && r[1] < size) out.add(new Range(r[0], r[1]));
      }
      if (p >= 0 && p < size) out.add(new Range(p, -1));
      if (p > 0 && p <= size) out.add(new Range(-1, p));
    }
    if (size > 0) out.add(new Range(0, size - 1));
    return new ArrayList<>(out);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("objectNames")
  void rangedGet_atEveryBoundary_returnsExactlyThePlaintextSlice(String key) throws Exception {
    Stored o = OBJECTS.get(key);
    byte[] data = o.data();
    assertThat(read(v4, BUCKET, key)).isEqualTo(data);
    int n = 0;
    for (Range r : ranges(o)) {
      OSS oss = n++ % 2 == 0 ? v1 : v4;
      GetObjectRequest get = new GetObjectRequest(BUCKET, key);
      get.setRange(r.first(), r.last());
      long[] expected = r.resolve(data.length);
      try (OSSObject got = oss.getObject(get)) {
        byte[] body = got.getObjectContent().readAllBytes();
        assertThat(body).as("%s %s", key, r)
            .isEqualTo(Arrays.copyOfRange(data, (int) expected[0], (int) expected[1] + 1));
        ObjectMetadata m = got.getObjectMetadata();
        assertThat(m.getRawMetadata().get("Content-Range")).as("%s %s", key, r)
            .isEqualTo("bytes " + expected[0] + "-" + expected[1] + "/" + data.length);
        assertThat(m.getServerSideEncryption()).isEqualTo(o.alg());
        assertThat(m.getServerCRC()).isEqualTo(TestData.crc64Value(data));
      }
    }
  }

  @Test
  void rangesOfEmptyEncryptedObject_answerTheWholeEmptyObject() throws Exception {
    for (String alg : List.of("AES256", "SM4")) {
      for (long[] r : new long[][] {{0, 0}, {0, -1}, {-1, 1}}) {
        GetObjectRequest get = new GetObjectRequest(BUCKET, alg + "/size-0");
        get.setRange(r[0], r[1]);
        try (OSSObject got = v1.getObject(get)) {
          assertThat(got.getObjectContent().readAllBytes()).isEmpty();
          assertThat(got.getObjectMetadata().getRawMetadata()).doesNotContainKey("Content-Range");
          assertThat(got.getObjectMetadata().getServerSideEncryption()).isEqualTo(alg);
        }
      }
    }
  }

  @Test
  void standardRangeBehaviour_clipsAndServesLongSuffixesOfEncryptedObjects() throws Exception {
    for (String alg : List.of("AES256", "SM4")) {
      String key = alg + "/multipart";
      byte[] data = OBJECTS.get(key).data();
      long from = data.length - 70_000;
      GetObjectRequest clipped = new GetObjectRequest(BUCKET, key);
      clipped.setRange(from, data.length + 5_000L);
      clipped.addHeader("x-oss-range-behavior", "standard");
      try (OSSObject got = v4.getObject(clipped)) {
        assertThat(got.getObjectContent().readAllBytes()).isEqualTo(Arrays.copyOfRange(data, (int) from, data.length));
      }
      GetObjectRequest suffix = new GetObjectRequest(BUCKET, key);
      suffix.setRange(-1, data.length + 1L);
      suffix.addHeader("x-oss-range-behavior", "standard");
      try (OSSObject got = v1.getObject(suffix)) {
        assertThat(got.getObjectContent().readAllBytes()).isEqualTo(data);
      }
    }
  }
}
