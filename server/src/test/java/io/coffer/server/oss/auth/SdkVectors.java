package io.coffer.server.oss.auth;

import io.coffer.server.http.QueryString;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The requests of oss-api.md §5.6: what the real Java SDK 3.18.4 sent (AK {@code AKID}, SK
 * {@code SECRET}, region cn-hangzhou, path style) and the signatures it computed.
 */
final class SdkVectors {
  private SdkVectors() {}

  static final String AK = "AKID";
  static final String SK = "SECRET";
  static final String REGION = "cn-hangzhou";
  static final String DATE = "Sun, 22 Nov 2026 21:43:11 GMT";
  static final String V4_DATE = "20261122T214312Z";
  static final String SCOPE = "20261122/cn-hangzhou/oss/aliyun_v4_request";

  /** Row 1: V1 PUT of {@code dir/key 1.txt} with metadata and an SSE header. */
  static SignedRequest row1() {
    return request("PUT", "examplebucket", "dir/key 1.txt", null,
        "Content-Type", "text/plain", "Date", DATE, "x-oss-meta-author", "alice",
        "x-oss-server-side-encryption", "KMS", "Transfer-Encoding", "chunked", "Host", "127.0.0.1:9000");
  }

  /** Row 2: V1 GetBucketAcl. */
  static SignedRequest row2() {
    return request("GET", "examplebucket", null, "acl", "Date", DATE);
  }

  /** Row 3: V1 presigned GET. */
  static SignedRequest row3(String signature) {
    return request("GET", "examplebucket", "dir/key 1.txt",
        "Expires=1700000000&OSSAccessKeyId=AKID&Signature=" + java.net.URLEncoder.encode(signature,
            java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Row 4: V4 PUT, as row 1 without Date and with x-oss-date and x-oss-content-sha256. */
  static SignedRequest row4(String authorization) {
    return request("PUT", "examplebucket", "dir/key 1.txt", null,
        "Content-Type", "text/plain", "x-oss-meta-author", "alice", "x-oss-server-side-encryption", "KMS",
        "x-oss-date", V4_DATE, "x-oss-content-sha256", "UNSIGNED-PAYLOAD", "Transfer-Encoding", "chunked",
        "Authorization", authorization);
  }

  /** Row 5: V4 ListObjectsV2 with a prefix that needs encoding. */
  static SignedRequest row5(String authorization) {
    return request("GET", "examplebucket", null, "list-type=2&prefix=dir%2F&max-keys=10",
        "x-oss-date", V4_DATE, "x-oss-content-sha256", "UNSIGNED-PAYLOAD", "Authorization", authorization);
  }

  /** Row 6: V4 presigned GET. */
  static SignedRequest row6(String signature) {
    return request("GET", "examplebucket", "dir/key 1.txt", "x-oss-date=" + V4_DATE
        + "&x-oss-expires=3599&x-oss-signature-version=OSS4-HMAC-SHA256&x-oss-credential=AKID%2F20261122%2Fcn-hangzhou"
        + "%2Foss%2Faliyun_v4_request" + (signature == null ? "" : "&x-oss-signature=" + signature));
  }

  static String authorizationV4(String signature) {
    return "OSS4-HMAC-SHA256 Credential=AKID/" + SCOPE + ",Signature=" + signature;
  }

  /** Row 7: a PostObject policy (as the SDK's PostPolicyTest builds it) and its V1 signature. */
  static final String ROW7_SECRET = "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
  static final String ROW7_POLICY = "{\"expiration\":\"2020-03-19T03:44:06.476Z\",\"conditions\":[{\"bucket\":"
      + "\"gen-post-policy\"},[\"eq\",\"$key\",\"user\\/eric\\/\\\\${filename}\"],[\"starts-with\",\"$key\","
      + "\"user\\/eric\"],[\"starts-with\",\"$x-oss-meta-tag\",\"dummy_etag\"],[\"content-length-range\",1,1024]]}";
  static final String ROW7_SIGNATURE = "9fs2TRS2W2k5hV8mLsvqZBnlC2M=";

  static SignedRequest request(String method, String bucket, String key, String rawQuery, String... headerPairs) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.computeIfAbsent(headerPairs[i].toLowerCase(java.util.Locale.ROOT), k -> new java.util.ArrayList<>())
          .add(headerPairs[i + 1]);
    }
    return new SignedRequest(method, bucket, key, QueryString.parse(rawQuery), headers);
  }
}
