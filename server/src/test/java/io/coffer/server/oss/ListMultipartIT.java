package io.coffer.server.oss;

import static io.coffer.server.oss.MultipartTesting.initiate;
import static io.coffer.server.oss.MultipartTesting.md5Hex;
import static io.coffer.server.oss.MultipartTesting.randomBytes;
import static io.coffer.server.oss.MultipartTesting.uploadPart;
import static io.coffer.server.testing.SignedRawRequest.xmlElement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.ListMultipartUploadsRequest;
import com.aliyun.oss.model.ListPartsRequest;
import com.aliyun.oss.model.MultipartUpload;
import com.aliyun.oss.model.MultipartUploadListing;
import com.aliyun.oss.model.PartListing;
import com.aliyun.oss.model.PartSummary;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.SignedRawRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ListMultipartIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String PARTS_BUCKET = "list-parts";
  static final String UPLOADS_BUCKET = "list-uploads";
  static final int[] PART_NUMBERS = {1, 2, 3, 5, 8, 13, 21};
  static final String[] UPLOAD_KEYS = {"a/1", "a/1", "a/2", "a/b/3", "b/1", "c", "d/e/f", "photo.jpg", "é/x", "z"};
  static OSS oss;
  static String partsKey = "parts/object";
  static String partsUploadId;
  /** (key, uploadId) of every upload in UPLOADS_BUCKET, in the order OSS lists them. */
  static final List<String[]> uploads = new ArrayList<>();

  @BeforeAll
  static void setUp() {
    oss = coffer.client();
    oss.createBucket(PARTS_BUCKET);
    oss.createBucket(UPLOADS_BUCKET);
    partsUploadId = initiate(oss, PARTS_BUCKET, partsKey);
    for (int n : PART_NUMBERS) uploadPart(oss, PARTS_BUCKET, partsKey, partsUploadId, n, randomBytes(n * 10, n));
    for (String k : UPLOAD_KEYS) uploads.add(new String[] {k, initiate(oss, UPLOADS_BUCKET, k)});
    uploads.sort(Comparator.<String[], byte[]>comparing(u -> u[0].getBytes(StandardCharsets.UTF_8),
        Arrays::compareUnsigned).thenComparing(u -> u[1]));
  }

  private static PartListing listParts(Integer max, Integer marker) {
    ListPartsRequest r = new ListPartsRequest(PARTS_BUCKET, partsKey, partsUploadId);
    if (max != null) r.setMaxParts(max);
    if (marker != null) r.setPartNumberMarker(marker);
    return oss.listParts(r);
  }

  private static MultipartUploadListing listUploads(String prefix, String delimiter, String keyMarker,
      String uploadIdMarker, Integer max) {
    ListMultipartUploadsRequest r = new ListMultipartUploadsRequest(UPLOADS_BUCKET);
    r.setPrefix(prefix);
    r.setDelimiter(delimiter);
    r.setKeyMarker(keyMarker);
    r.setUploadIdMarker(uploadIdMarker);
    if (max != null) r.setMaxUploads(max);
    return oss.listMultipartUploads(r);
  }

  private static List<String> ids(MultipartUploadListing l) {
    return l.getMultipartUploads().stream().map(MultipartUpload::getUploadId).toList();
  }

  private static List<String> idsOf(List<String[]> us) {
    return us.stream().map(u -> u[1]).toList();
  }

  private static HttpResponse<String> raw(String bucket, String key, String query) throws Exception {
    return SignedRawRequest.of(coffer, "GET", bucket, key).query(query).send();
  }

  // ---- ListParts ----

  @Test
  void listParts_all_givesEveryFieldInNumberOrder() {
    PartListing l = listParts(null, null);
    assertThat(l.getParts()).extracting(PartSummary::getPartNumber).containsExactly(1, 2, 3, 5, 8, 13, 21);
    for (PartSummary p : l.getParts()) {
      int n = p.getPartNumber();
      assertThat(p.getSize()).isEqualTo(n * 10L);
      assertThat(p.getETag()).isEqualTo(md5Hex(randomBytes(n * 10, n)));
      assertThat(p.getLastModified()).isNotNull();
    }
    assertThat(l.isTruncated()).isFalse();
    assertThat(l.getNextPartNumberMarker()).isEqualTo(21);
    assertThat(l.getMaxParts()).isEqualTo(1000);
    assertThat(l.getUploadId()).isEqualTo(partsUploadId);
    assertThat(l.getKey()).isEqualTo(partsKey);
    assertThat(l.getStorageClass()).isEqualTo("Standard");
  }

  @Test
  void listParts_paging_visitsEveryPartOnceWithNextMarkers() {
    List<Integer> seen = new ArrayList<>();
    List<Boolean> truncation = new ArrayList<>();
    Integer marker = null;
    while (true) {
      PartListing l = listParts(3, marker);
      assertThat(l.getMaxParts()).isEqualTo(3);
      assertThat(l.getParts().size()).isLessThanOrEqualTo(3);
      l.getParts().forEach(p -> seen.add(p.getPartNumber()));
      truncation.add(l.isTruncated());
      if (!l.isTruncated()) break;
      assertThat(l.getNextPartNumberMarker()).isEqualTo(l.getParts().get(l.getParts().size() - 1).getPartNumber());
      marker = l.getNextPartNumberMarker();
    }
    assertThat(seen).containsExactly(1, 2, 3, 5, 8, 13, 21);
    assertThat(truncation).containsExactly(true, true, false);
    assertThat(listParts(2, 4).getParts()).extracting(PartSummary::getPartNumber).containsExactly(5, 8);
  }

  @Test
  void listParts_nextPartNumberMarkerElement_isAlwaysPresent() throws Exception {
    HttpResponse<String> all = raw(PARTS_BUCKET, partsKey, "uploadId=" + partsUploadId);
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(xmlElement(all.body(), "NextPartNumberMarker")).isEqualTo("21");
    assertThat(xmlElement(all.body(), "PartNumberMarker")).isEqualTo("0");
    assertThat(xmlElement(all.body(), "IsTruncated")).isEqualTo("false");

    HttpResponse<String> past = raw(PARTS_BUCKET, partsKey, "uploadId=" + partsUploadId + "&part-number-marker=21");
    assertThat(xmlElement(past.body(), "NextPartNumberMarker")).isEmpty();
    assertThat(past.body()).doesNotContain("<Part>");
    assertThat(listParts(null, 21).getParts()).isEmpty();
  }

  @Test
  void listParts_badArguments_areInvalidArgument() throws Exception {
    for (String q : List.of("max-parts=abc", "max-parts=-1", "part-number-marker=x")) {
      HttpResponse<String> r = raw(PARTS_BUCKET, partsKey, "uploadId=" + partsUploadId + "&" + q);
      assertThat(r.statusCode()).as(q).isEqualTo(400);
      assertThat(xmlElement(r.body(), "Code")).isEqualTo("InvalidArgument");
    }
  }

  @Test
  void listParts_unknownUpload_isNoSuchUpload() {
    ListPartsRequest r = new ListPartsRequest(PARTS_BUCKET, partsKey, "0".repeat(32));
    assertThatThrownBy(() -> oss.listParts(r))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchUpload"));
  }

  @Test
  void listParts_urlEncoding_encodesTheKey() throws Exception {
    String key = "enc/a b+c";
    String id = initiate(oss, PARTS_BUCKET, key);
    HttpResponse<String> r = raw(PARTS_BUCKET, key, "uploadId=" + id + "&encoding-type=url");
    assertThat(xmlElement(r.body(), "Key")).isEqualTo("enc%2Fa%20b%2Bc");
    assertThat(xmlElement(r.body(), "EncodingType")).isEqualTo("url");
  }

  // ---- ListMultipartUploads ----

  @Test
  void listUploads_all_inKeyThenUploadIdOrder() {
    MultipartUploadListing l = listUploads(null, null, null, null, null);
    assertThat(ids(l)).isEqualTo(idsOf(uploads));
    assertThat(l.getMultipartUploads()).extracting(MultipartUpload::getKey)
        .containsExactly(uploads.stream().map(u -> u[0]).toArray(String[]::new));
    assertThat(l.getMultipartUploads()).allSatisfy(u -> {
      assertThat(u.getInitiated()).isNotNull();
      assertThat(u.getStorageClass()).isEqualTo("Standard");
    });
    assertThat(l.isTruncated()).isFalse();
    assertThat(l.getMaxUploads()).isEqualTo(1000);
  }

  @Test
  void listUploads_nextMarkers_areTheLastEntryEvenWhenNotTruncated() throws Exception {
    HttpResponse<String> r = raw(UPLOADS_BUCKET, null, "uploads");
    String[] last = uploads.get(uploads.size() - 1);
    assertThat(xmlElement(r.body(), "IsTruncated")).isEqualTo("false");
    assertThat(xmlElement(r.body(), "NextKeyMarker")).isEqualTo(last[0]);
    assertThat(xmlElement(r.body(), "NextUploadIdMarker")).isEqualTo(last[1]);

    HttpResponse<String> none = raw(UPLOADS_BUCKET, null, "uploads&prefix=nothing-here");
    assertThat(xmlElement(none.body(), "NextKeyMarker")).isEmpty();
    assertThat(xmlElement(none.body(), "NextUploadIdMarker")).isEmpty();
    assertThat(xmlElement(none.body(), "KeyMarker")).isEmpty();
    assertThat(xmlElement(none.body(), "UploadIdMarker")).isEmpty();
    assertThat(none.body()).doesNotContain("<Upload>");
  }

  @Test
  void listUploads_paging_visitsEveryUploadOnce() {
    List<String> seen = new ArrayList<>();
    String keyMarker = null;
    String idMarker = null;
    int pages = 0;
    while (true) {
      MultipartUploadListing l = listUploads(null, null, keyMarker, idMarker, 3);
      pages++;
      seen.addAll(ids(l));
      if (!l.isTruncated()) break;
      assertThat(l.getMultipartUploads()).hasSize(3);
      keyMarker = l.getNextKeyMarker();
      idMarker = l.getNextUploadIdMarker();
    }
    assertThat(seen).isEqualTo(idsOf(uploads));
    assertThat(pages).isEqualTo((uploads.size() + 2) / 3);
  }

  @Test
  void listUploads_markers_areExclusive() {
    // key-marker alone skips every upload of that key.
    assertThat(ids(listUploads(null, null, "a/1", null, null)))
        .isEqualTo(idsOf(uploads.stream().filter(u -> u[0].compareTo("a/1") > 0).toList()));
    // key-marker with upload-id-marker resumes after that upload of that key.
    String firstOfA1 = uploads.get(0)[1];
    assertThat(ids(listUploads(null, null, "a/1", firstOfA1, null))).isEqualTo(idsOf(uploads.subList(1, uploads.size())));
    // upload-id-marker without key-marker is ignored.
    assertThat(ids(listUploads(null, null, null, firstOfA1, null))).isEqualTo(idsOf(uploads));
  }

  @Test
  void listUploads_prefix_limitsToKeysStartingWithIt() {
    MultipartUploadListing l = listUploads("a/", null, null, null, null);
    assertThat(ids(l)).isEqualTo(idsOf(uploads.stream().filter(u -> u[0].startsWith("a/")).toList()));
    assertThat(l.getPrefix()).isEqualTo("a/");
    assertThat(ids(listUploads("é", null, null, null, null)))
        .isEqualTo(idsOf(uploads.stream().filter(u -> u[0].startsWith("é")).toList()));
  }

  @Test
  void listUploads_delimiter_foldsKeysIntoCommonPrefixes() {
    MultipartUploadListing l = listUploads(null, "/", null, null, null);
    assertThat(l.getMultipartUploads()).extracting(MultipartUpload::getKey).containsExactly("c", "photo.jpg", "z");
    assertThat(l.getCommonPrefixes()).containsExactly("a/", "b/", "d/", "é/");
    assertThat(l.getDelimiter()).isEqualTo("/");

    MultipartUploadListing inA = listUploads("a/", "/", null, null, null);
    assertThat(inA.getMultipartUploads()).extracting(MultipartUpload::getKey).containsExactly("a/1", "a/1", "a/2");
    assertThat(inA.getCommonPrefixes()).containsExactly("a/b/");
  }

  @Test
  void listUploads_delimiterPaging_visitsEveryUploadAndPrefixOnce() {
    Map<String, Integer> seen = new TreeMap<>();
    String keyMarker = null;
    String idMarker = null;
    int guard = 0;
    while (guard++ < 20) {
      MultipartUploadListing l = listUploads(null, "/", keyMarker, idMarker, 2);
      assertThat(l.getMultipartUploads().size() + l.getCommonPrefixes().size()).isLessThanOrEqualTo(2);
      l.getMultipartUploads().forEach(u -> seen.merge(u.getKey() + " " + u.getUploadId(), 1, Integer::sum));
      l.getCommonPrefixes().forEach(p -> seen.merge(p, 1, Integer::sum));
      if (!l.isTruncated()) break;
      keyMarker = l.getNextKeyMarker();
      idMarker = l.getNextUploadIdMarker();
    }
    Map<String, Integer> expected = new TreeMap<>();
    for (String[] u : uploads) {
      if (!u[0].contains("/")) expected.put(u[0] + " " + u[1], 1);
    }
    for (String p : List.of("a/", "b/", "d/", "é/")) expected.put(p, 1);
    assertThat(seen).isEqualTo(expected);
  }

  @Test
  void listUploads_delimiterPage_endingOnACommonPrefix_namesItAsNextKeyMarker() throws Exception {
    HttpResponse<String> r = raw(UPLOADS_BUCKET, null, "uploads&delimiter=%2F&max-uploads=1");
    assertThat(xmlElement(r.body(), "IsTruncated")).isEqualTo("true");
    assertThat(xmlElement(r.body(), "NextKeyMarker")).isEqualTo("a/");
    assertThat(xmlElement(r.body(), "NextUploadIdMarker")).isEmpty();
    HttpResponse<String> next = raw(UPLOADS_BUCKET, null, "uploads&delimiter=%2F&max-uploads=1&key-marker=a%2F");
    assertThat(xmlElement(next.body(), "Prefix")).isEmpty();
    assertThat(next.body()).contains("<CommonPrefixes><Prefix>b/</Prefix></CommonPrefixes>");
  }

  @Test
  void listUploads_urlEncoding_encodesKeysPrefixesAndMarkers() throws Exception {
    HttpResponse<String> r = raw(UPLOADS_BUCKET, null, "uploads&delimiter=%2F&prefix=%C3%A9&encoding-type=url");
    assertThat(xmlElement(r.body(), "EncodingType")).isEqualTo("url");
    assertThat(xmlElement(r.body(), "Prefix")).isEqualTo("%C3%A9");
    assertThat(xmlElement(r.body(), "Delimiter")).isEqualTo("%2F");
    assertThat(r.body()).contains("<CommonPrefixes><Prefix>%C3%A9%2F</Prefix></CommonPrefixes>");
    assertThat(xmlElement(r.body(), "NextKeyMarker")).isEqualTo("%C3%A9%2F");
  }

  @Test
  void listUploads_badMaxUploads_isInvalidArgument() throws Exception {
    for (String q : List.of("max-uploads=abc", "max-uploads=-3")) {
      HttpResponse<String> r = raw(UPLOADS_BUCKET, null, "uploads&" + q);
      assertThat(r.statusCode()).as(q).isEqualTo(400);
      assertThat(xmlElement(r.body(), "Code")).isEqualTo("InvalidArgument");
    }
  }

  @Test
  void listUploads_missingBucket_isNoSuchBucket() {
    assertThatThrownBy(() -> oss.listMultipartUploads(new ListMultipartUploadsRequest("no-such-bucket")))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchBucket"));
  }
}
