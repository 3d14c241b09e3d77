package io.coffer.server.oss.auth;

import java.util.Set;

/**
 * The query parameters that Signature V1 signs (the union of what the Java, Python and Go SDKs
 * sign). Everything else in the query, such as {@code prefix} or {@code max-keys}, is unsigned.
 */
public final class SubResources {
  private SubResources() {}

  public static final Set<String> SIGNED = Set.of("acl", "uploads", "location", "cors", "logging", "website",
      "referer", "lifecycle", "delete", "append", "tagging", "objectMeta", "uploadId", "partNumber", "security-token",
      "position", "img", "style", "styleName", "replication", "replicationProgress", "replicationLocation", "cname",
      "bucketInfo", "comp", "qos", "live", "status", "vod", "startTime", "endTime", "symlink", "x-oss-process",
      "response-content-type", "response-content-language", "response-expires", "response-cache-control",
      "response-content-disposition", "response-content-encoding", "udf", "udfName", "udfImage", "udfId",
      "udfImageDesc", "udfApplication", "udfApplicationLog", "restore", "callback", "callback-var", "qosInfo",
      "policy", "stat", "encryption", "versions", "versioning", "versionId", "requestPayment", "x-oss-request-payer",
      "x-oss-traffic-limit", "sequential", "inventory", "inventoryId", "continuation-token", "asyncFetch", "worm",
      "wormId", "wormExtend", "withHashContext", "x-oss-enable-md5", "x-oss-enable-sha1", "x-oss-enable-sha256",
      "x-oss-hash-ctx", "x-oss-md5-ctx", "transferAcceleration", "regionList", "cloudboxes", "x-oss-ac-source-ip",
      "x-oss-ac-subnet-mask", "x-oss-ac-vpc-id", "x-oss-ac-forward-allow", "metaQuery", "resourceGroup", "rtc",
      "x-oss-async-process", "responseHeader", "vpcip", "vip", "x-oss-dir", "x-oss-rename", "x-oss-delete",
      "x-oss-write-get-object-response", "bucketArchiveDirectRead", "httpsConfig", "publicAccessBlock",
      "policyStatus", "redundancyTransition", "x-oss-target-redundancy-type", "x-oss-redundancy-transition-taskid",
      "accessPoint", "accessPointPolicy", "seal", "group", "link", "objectInfo", "x-oss-access-point-name",
      "requesterQosInfo", "qosRequester", "resourcePoolInfo", "resourcePool", "resourcePoolBuckets");
}
