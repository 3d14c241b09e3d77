package io.coffer.server.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.ListObjectsRequest;
import com.aliyun.oss.model.ListObjectsV2Request;
import com.aliyun.oss.model.ListObjectsV2Result;
import com.aliyun.oss.model.OSSObjectSummary;
import com.aliyun.oss.model.ObjectListing;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.RawRequest;
import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ListObjects (v1) and ListObjectsV2 over a bucket of 1,200+ keys, paged every way the API allows.
 * Expected listings come from a plain model over the sorted key set: UTF-8 byte order, common
 * prefixes rolled up and counted against max-keys like keys.
 *
 * <p>Java SDK 3.18.5 does not decode listings itself when it asked for {@code encoding-type=url}
 * (its docs tell callers to URL-decode keys, prefixes and markers), so these tests decode as an
 * application would.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ListObjectsIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "listing";
  static final Comparator<String> UTF8_ORDER =
      (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  /** Keys that need encoding-type=url: spaces, '+', '%', '/', CR/LF/TAB, C0 controls, non-ASCII, non-BMP. */
  static final List<String> SPECIAL = List.of("sp/a b", "sp/a+b", "sp/a%2Fb", "sp/100%", "sp/中文/键", "sp/line\nbreak",
      "sp/cr\rreturn", "sp/tab\tx", "sp/ctl\u0001x", "sp/\uD83D\uDE00emoji", "sp/\uE000pua", "sp/x?y#z&w=1",
      "sp/~tilde*star", "sp/a/b/c", "sp/trailing/", "sp//double", "sp/..", "sp/ü");

  static OSS oss;
  static OSS v4;
  static List<String> all;

  record Entry(String name, boolean commonPrefix) {}

  @BeforeAll
  static void fill() throws Exception {
    oss = coffer.client();
    v4 = coffer.clientV4();
    oss.createBucket(BUCKET);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 1000; i++) keys.add(String.format("flat/%04d", i));
    for (int d = 0; d < 10; d++) for (int f = 0; f < 10; f++) keys.add(String.format("tree/d%02d/f%02d", d, f));
    for (int i = 0; i < 5; i++) keys.add(String.format("tree/top%02d", i));
    for (int i = 0; i < 80; i++) keys.add(String.format("zz/%02d", i));
    keys.add("root-a");
    keys.add("root-b");
    keys.addAll(SPECIAL);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (String k : keys) {
        done.add(pool.submit(() -> oss.putObject(BUCKET, k, new ByteArrayInputStream(k.getBytes(StandardCharsets.UTF_8)))));
      }
      for (Future<?> f : done) f.get();
    } finally {
      pool.shutdown();
    }
    all = keys.stream().sorted(UTF8_ORDER).toList();
    assertThat(all).hasSizeGreaterThan(1200);
  }

  /** What a complete listing must contain, in order. */
  static List<Entry> model(String prefix, String delimiter) {
    String p = prefix == null ? "" : prefix;
    List<Entry> out = new ArrayList<>();
    String lastCommon = null;
    for (String k : all) {
      if (!k.startsWith(p)) continue;
      int at = delimiter == null ? -1 : k.indexOf(delimiter, p.length());
      if (at >= 0) {
        String common = k.substring(0, at + delimiter.length());
        if (!common.equals(lastCommon)) out.add(new Entry(common, true));
        lastCommon = common;
      } else {
        out.add(new Entry(k, false));
      }
    }
    return out;
  }

  /** Undoes encoding-type=url, as the OSS Java SDK documentation tells applications to. */
  static String dec(String s) {
    return s == null ? null : URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  static List<Entry> merge(List<OSSObjectSummary> objects, List<String> prefixes) {
    List<Entry> page = new ArrayList<>();
    objects.forEach(o -> page.add(new Entry(dec(o.getKey()), false)));
    prefixes.forEach(p -> page.add(new Entry(dec(p), true)));
    page.sort(Comparator.comparing(Entry::name, UTF8_ORDER));
    return page;
  }

  /** Pages through ListObjects v1 with markers, checking each page's shape. */
  static List<Entry> pageV1(OSS client, String prefix, String delimiter, int maxKeys) {
    List<Entry> seen = new ArrayList<>();
    String marker = null;
    while (true) {
      ListObjectsRequest req = new ListObjectsRequest(BUCKET, prefix, marker, delimiter, maxKeys);
      req.setEncodingType("url");
      ObjectListing page = client.listObjects(req);
      List<Entry> entries = merge(page.getObjectSummaries(), page.getCommonPrefixes());
      assertThat(entries.size()).isLessThanOrEqualTo(maxKeys);
      assertThat(page.getMaxKeys()).isEqualTo(maxKeys);
      seen.addAll(entries);
      if (!page.isTruncated()) {
        assertThat(page.getNextMarker()).isNull();
        return seen;
      }
      assertThat(entries).hasSize(maxKeys);
      String next = dec(page.getNextMarker());
      assertThat(next).isEqualTo(entries.getLast().name());
      if (marker != null) assertThat(UTF8_ORDER.compare(next, marker)).as("marker advances").isPositive();
      marker = next;
    }
  }

  /** Pages through ListObjectsV2 with continuation tokens, checking each page's shape. */
  static List<Entry> pageV2(OSS client, String prefix, String delimiter, int maxKeys, String startAfter) {
    List<Entry> seen = new ArrayList<>();
    String token = null;
    while (true) {
      ListObjectsV2Request req = new ListObjectsV2Request(BUCKET, prefix, token, startAfter, delimiter, maxKeys, "url",
          false);
      ListObjectsV2Result page = client.listObjectsV2(req);
      List<Entry> entries = merge(page.getObjectSummaries(), page.getCommonPrefixes());
      assertThat(entries.size()).isLessThanOrEqualTo(maxKeys);
      assertThat(page.getKeyCount()).isEqualTo(entries.size());
      assertThat(page.getContinuationToken()).isEqualTo(token);
      page.getObjectSummaries().forEach(o -> assertThat(o.getOwner()).isNull());
      seen.addAll(entries);
      if (!page.isTruncated()) {
        assertThat(page.getNextContinuationToken()).isNull();
        return seen;
      }
      assertThat(entries).hasSize(maxKeys);
      assertThat(page.getNextContinuationToken()).isNotEmpty().isNotEqualTo(token);
      token = page.getNextContinuationToken();
    }
  }

  static List<String> names(List<Entry> entries) {
    return entries.stream().map(Entry::name).toList();
  }

  static void assertNoDuplicates(List<Entry> entries) {
    Set<String> unique = new HashSet<>(names(entries));
    assertThat(unique).hasSize(entries.size());
  }

  // ---- complete traversals ----

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 100, 1000})
  void listObjectsV1_pagedThroughWholeBucket_seesEveryKeyOnceInUtf8Order(int maxKeys) {
    List<Entry> seen = pageV1(oss, null, null, maxKeys);
    assertNoDuplicates(seen);
    assertThat(names(seen)).containsExactlyElementsOf(all);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 100, 1000})
  void listObjectsV2_pagedThroughWholeBucket_seesEveryKeyOnceInUtf8Order(int maxKeys) {
    List<Entry> seen = pageV2(maxKeys % 2 == 0 ? oss : v4, null, null, maxKeys, null);
    assertNoDuplicates(seen);
    assertThat(names(seen)).containsExactlyElementsOf(all);
  }

  @Test
  void listObjects_v4Client_pagesThroughWholeBucket() {
    assertThat(names(pageV1(v4, null, null, 100))).containsExactlyElementsOf(all);
    assertThat(names(pageV2(v4, null, null, 1000, null))).containsExactlyElementsOf(all);
  }

  @Test
  void listObjects_keysOrderedByUtf8BytesNotUtf16() {
    List<String> special = names(pageV2(oss, "sp/", null, 1000, null));
    // U+E000 is 0xEE.. in UTF-8 and sorts before U+1F600 (0xF0..), unlike in UTF-16.
    assertThat(special.indexOf("sp/\uE000pua")).isLessThan(special.indexOf("sp/\uD83D\uDE00emoji"));
    assertThat(special).containsExactlyElementsOf(SPECIAL.stream().sorted(UTF8_ORDER).toList());
  }

  // ---- delimiter and common prefixes ----

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 1000})
  void listObjects_delimiter_commonPrefixesCountAgainstMaxKeys(int maxKeys) {
    for (String prefix : new String[] {null, "tree/", "sp/", "flat/00"}) {
      for (String delimiter : new String[] {"/", "0"}) {
        List<Entry> expected = model(prefix, delimiter);
        assertThat(pageV1(oss, prefix, delimiter, maxKeys)).as("v1 %s %s", prefix, delimiter)
            .containsExactlyElementsOf(expected);
        assertThat(pageV2(v4, prefix, delimiter, maxKeys, null)).as("v2 %s %s", prefix, delimiter)
            .containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void listObjects_rootWithSlashDelimiter_mixesPrefixesAndKeysPerPage() {
    ObjectListing first = oss.listObjects(new ListObjectsRequest(BUCKET, null, null, "/", 2));
    assertThat(first.getCommonPrefixes()).containsExactly("flat/");
    assertThat(first.getObjectSummaries()).extracting(OSSObjectSummary::getKey).containsExactly("root-a");
    assertThat(first.getNextMarker()).isEqualTo("root-a");
    ObjectListing second = oss.listObjects(new ListObjectsRequest(BUCKET, null, "root-a", "/", 2));
    assertThat(second.getObjectSummaries()).extracting(OSSObjectSummary::getKey).containsExactly("root-b");
    assertThat(second.getCommonPrefixes()).containsExactly("sp/");
    assertThat(second.getNextMarker()).isEqualTo("sp/");
    ObjectListing third = oss.listObjects(new ListObjectsRequest(BUCKET, null, "sp/", "/", 2));
    assertThat(third.getCommonPrefixes()).containsExactly("tree/", "zz/");
    assertThat(third.getObjectSummaries()).isEmpty();
    assertThat(third.isTruncated()).isFalse();
    assertThat(third.getDelimiter()).isEqualTo("/");
    assertThat(third.getMarker()).isEqualTo("sp/");
  }

  @Test
  void listObjectsV2_delimiter_keyCountIncludesPrefixes() {
    ListObjectsV2Request req = new ListObjectsV2Request(BUCKET, "tree/");
    req.setDelimiter("/");
    ListObjectsV2Result r = oss.listObjectsV2(req);
    assertThat(r.getCommonPrefixes()).hasSize(10);
    assertThat(r.getObjectSummaries()).hasSize(5);
    assertThat(r.getKeyCount()).isEqualTo(15);
    assertThat(r.isTruncated()).isFalse();
  }

  // ---- markers, start-after, tokens ----

  @Test
  void listObjectsV1_marker_isExclusiveAndNeedNotExist() {
    ObjectListing r = oss.listObjects(new ListObjectsRequest(BUCKET, "flat/", "flat/0500", null, 3));
    assertThat(r.getObjectSummaries()).extracting(OSSObjectSummary::getKey)
        .containsExactly("flat/0501", "flat/0502", "flat/0503");
    assertThat(r.getMarker()).isEqualTo("flat/0500");
    assertThat(r.isTruncated()).isTrue();
    ObjectListing between = oss.listObjects(new ListObjectsRequest(BUCKET, null, "flat/0998x", null, 2));
    assertThat(between.getObjectSummaries()).extracting(OSSObjectSummary::getKey).containsExactly("flat/0999", "root-a");
    ObjectListing past = oss.listObjects(new ListObjectsRequest(BUCKET, null, "zzz", null, 10));
    assertThat(past.getObjectSummaries()).isEmpty();
    assertThat(past.isTruncated()).isFalse();
  }

  @Test
  void listObjectsV1_markerOnCommonPrefix_continuesAfterIt() {
    ObjectListing r = oss.listObjects(new ListObjectsRequest(BUCKET, "tree/", "tree/d03/", "/", 2));
    assertThat(r.getCommonPrefixes()).containsExactly("tree/d04/", "tree/d05/");
  }

  @Test
  void listObjectsV2_startAfter_isExclusiveAndEchoed() {
    ListObjectsV2Request req = new ListObjectsV2Request(BUCKET);
    req.setStartAfter("flat/0998");
    req.setMaxKeys(3);
    ListObjectsV2Result r = v4.listObjectsV2(req);
    assertThat(r.getObjectSummaries()).extracting(OSSObjectSummary::getKey)
        .containsExactly("flat/0999", "root-a", "root-b");
    assertThat(r.getStartAfter()).isEqualTo("flat/0998");
    List<Entry> rest = pageV2(oss, null, null, 50, "tree/");
    assertThat(names(rest)).containsExactlyElementsOf(all.stream().filter(k -> UTF8_ORDER.compare(k, "tree/") > 0).toList());
  }

  @Test
  void listObjectsV2_tokenAndStartAfter_tokenWins() {
    ListObjectsV2Request first = new ListObjectsV2Request(BUCKET, "flat/");
    first.setMaxKeys(2);
    ListObjectsV2Result p1 = oss.listObjectsV2(first);
    ListObjectsV2Request next = new ListObjectsV2Request(BUCKET, "flat/");
    next.setMaxKeys(2);
    next.setContinuationToken(p1.getNextContinuationToken());
    next.setStartAfter("flat/0900");
    ListObjectsV2Result p2 = oss.listObjectsV2(next);
    assertThat(p2.getObjectSummaries()).extracting(OSSObjectSummary::getKey).containsExactly("flat/0002", "flat/0003");
    assertThat(p2.getContinuationToken()).isEqualTo(p1.getNextContinuationToken());
  }

  @Test
  void listObjectsV2_garbageContinuationToken_isInvalidArgument() throws Exception {
    for (String token : List.of("not a token!", "abc", "ff", "zz")) {
      ListObjectsV2Request req = new ListObjectsV2Request(BUCKET);
      req.setContinuationToken(token);
      OSSException e = (OSSException) catchThrowable(() -> oss.listObjectsV2(req));
      assertThat(e).as(token).isNotNull();
      assertThat(e.getErrorCode()).isEqualTo("InvalidArgument");
    }
    RawRequest.request(coffer.server().ossPort(), "GET", "/listing/?list-type=2&continuation-token=%21%21")
        .signV1(BUCKET, null).send().assertError(400, "InvalidArgument");
  }

  // ---- max-keys ----

  @Test
  void listObjects_maxKeysDefault_is100() {
    ObjectListing v1 = oss.listObjects(BUCKET);
    assertThat(v1.getMaxKeys()).isEqualTo(100);
    assertThat(v1.getObjectSummaries()).hasSize(100);
    assertThat(v1.isTruncated()).isTrue();
    ListObjectsV2Result v2 = oss.listObjectsV2(BUCKET);
    assertThat(v2.getMaxKeys()).isEqualTo(100);
    assertThat(v2.getKeyCount()).isEqualTo(100);
  }

  @Test
  void listObjects_maxKeysOutOfRangeOrUnknownEncoding_isInvalidArgument() throws Exception {
    OSSException v1 = (OSSException) catchThrowable(
        () -> oss.listObjects(new ListObjectsRequest(BUCKET, null, null, null, 0)));
    assertThat(v1.getErrorCode()).isEqualTo("InvalidArgument");
    for (int bad : new int[] {0, 1001, -1}) {
      ListObjectsV2Request req = new ListObjectsV2Request(BUCKET);
      req.setMaxKeys(bad);
      OSSException v2 = (OSSException) catchThrowable(() -> oss.listObjectsV2(req));
      assertThat(v2.getErrorCode()).as("max-keys %d", bad).isEqualTo("InvalidArgument");
    }
    int port = coffer.server().ossPort();
    for (String q : List.of("max-keys=1001", "max-keys=0", "max-keys=abc", "list-type=2&max-keys=1001",
        "encoding-type=base64", "list-type=2&encoding-type=xml")) {
      RawRequest.request(port, "GET", "/listing/?" + q).signV1(BUCKET, null).send().assertError(400, "InvalidArgument");
    }
  }

  // ---- owner, fields, echoes ----

  @Test
  void listObjectsV1_contents_carryOwnerTypeAndFields() {
    ObjectListing r = oss.listObjects(new ListObjectsRequest(BUCKET, "root-", null, null, 10));
    assertThat(r.getPrefix()).isEqualTo("root-");
    assertThat(r.getMarker()).isNull();
    assertThat(r.getDelimiter()).isNull();
    assertThat(r.getBucketName()).isEqualTo(BUCKET);
    assertThat(r.getObjectSummaries()).hasSize(2).allSatisfy(o -> {
      assertThat(o.getOwner()).isNotNull();
      assertThat(o.getOwner().getId()).isNotEmpty();
      assertThat(o.getType()).isEqualTo("Normal");
      assertThat(o.getStorageClass()).isEqualTo("Standard");
      assertThat(o.getSize()).isEqualTo(6);
      assertThat(o.getETag()).matches("[0-9A-F]{32}");
      assertThat(o.getLastModified()).isNotNull();
    });
  }

  @Test
  void listObjectsV2_fetchOwner_controlsOwner() {
    ListObjectsV2Request with = new ListObjectsV2Request(BUCKET, "root-");
    with.setFetchOwner(true);
    assertThat(v4.listObjectsV2(with).getObjectSummaries()).hasSize(2)
        .allSatisfy(o -> assertThat(o.getOwner().getId()).isNotEmpty());
    ListObjectsV2Request without = new ListObjectsV2Request(BUCKET, "root-");
    assertThat(v4.listObjectsV2(without).getObjectSummaries()).hasSize(2)
        .allSatisfy(o -> assertThat(o.getOwner()).isNull());
  }

  @Test
  void listObjects_missingBucket_isNoSuchBucket() {
    OSSException e = (OSSException) catchThrowable(() -> oss.listObjects("no-such-list"));
    assertThat(e.getErrorCode()).isEqualTo("NoSuchBucket");
  }

  // ---- encoding-type=url ----

  @Test
  void listObjects_encodingUrl_everySpecialKeyRoundTrips() {
    ListObjectsRequest v1 = new ListObjectsRequest(BUCKET, "sp/", null, null, 1000);
    v1.setEncodingType("url");
    assertThat(oss.listObjects(v1).getObjectSummaries()).extracting(o -> dec(o.getKey()))
        .containsExactlyElementsOf(SPECIAL.stream().sorted(UTF8_ORDER).toList());
    for (String key : SPECIAL) {
      assertThat(pageV1(oss, key, null, 5)).as(key).contains(new Entry(key, false));
    }
  }

  @Test
  void listObjectsV1_encodingUrl_encodesEveryKeyField() throws Exception {
    String q = "prefix=" + enc("sp/") + "&delimiter=" + enc("/") + "&marker=" + enc("sp/..") + "&encoding-type=url";
    RawRequest.Response r = RawRequest.request(coffer.server().ossPort(), "GET", "/listing/?" + q).signV1(BUCKET, null).send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.xmlText("Prefix")).isEqualTo("sp%2F");
    assertThat(r.xmlText("Delimiter")).isEqualTo("%2F");
    assertThat(r.xmlText("Marker")).isEqualTo("sp%2F..");
    assertThat(r.xmlText("EncodingType")).isEqualTo("url");
    List<String> keys = r.xmlTexts("Key");
    assertThat(keys).doesNotContain("sp%2F..");
    assertThat(keys).contains("sp%2Fa%20b", "sp%2Fa%2Bb", "sp%2Fa%252Fb", "sp%2Fline%0Abreak", "sp%2Fcr%0Dreturn", "sp%2Fctl%01x",
        "sp%2F%F0%9F%98%80emoji", "sp%2Fx%3Fy%23z%26w%3D1", "sp%2F100%25");
    assertThat(r.xmlTexts("Prefix")).contains("sp%2Fa%2F", "sp%2F%E4%B8%AD%E6%96%87%2F", "sp%2F%2F");
    for (String k : keys) assertThat(k).matches("[A-Za-z0-9._~%-]+");
  }

  @Test
  void listObjectsV2_encodingUrl_encodesStartAfterAndKeys() throws Exception {
    String q = "list-type=2&prefix=" + enc("sp/") + "&start-after=" + enc("sp/a+b") + "&max-keys=2&encoding-type=url";
    RawRequest.Response r = RawRequest.request(coffer.server().ossPort(), "GET", "/listing/?" + q).signV1(BUCKET, null).send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.xmlText("StartAfter")).isEqualTo("sp%2Fa%2Bb");
    assertThat(r.xmlText("KeyCount")).isEqualTo("2");
    String token = r.xmlText("NextContinuationToken");
    // Tokens must survive the URL-decoding some clients apply to them.
    assertThat(token).matches("[A-Za-z0-9._~-]+");
  }

  @Test
  void listObjects_withoutEncoding_returnsKeysVerbatim() throws Exception {
    RawRequest.Response r = RawRequest.request(coffer.server().ossPort(), "GET", "/listing/?prefix=" + enc("sp/a"))
        .signV1(BUCKET, null).send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.xmlText("EncodingType")).isNull();
    assertThat(r.xmlTexts("Key")).contains("sp/a b", "sp/a+b", "sp/a%2Fb", "sp/a/b/c");
  }

  @Test
  void listObjects_withoutEncoding_keepsCrAndLfInKeys() {
    for (String prefix : List.of("sp/cr", "sp/line", "sp/tab")) {
      ObjectListing r = oss.listObjects(new ListObjectsRequest(BUCKET, prefix, null, null, 10));
      assertThat(r.getObjectSummaries()).extracting(OSSObjectSummary::getKey)
          .containsExactlyElementsOf(SPECIAL.stream().filter(k -> k.startsWith(prefix)).toList());
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
