package io.coffer.server.oss;

/** Header and parameter names of the OSS dialect, spelled once. */
public final class OssHeaders {
  private OssHeaders() {}

  public static final String REQUEST_ID = "x-oss-request-id";
  public static final String ERROR = "x-oss-err";
  public static final String EC = "x-oss-ec";
  public static final String HASH_CRC64 = "x-oss-hash-crc64ecma";
  public static final String OBJECT_TYPE = "x-oss-object-type";
  public static final String STORAGE_CLASS = "x-oss-storage-class";
  public static final String OBJECT_ACL = "x-oss-object-acl";
  public static final String BUCKET_ACL = "x-oss-acl";
  public static final String META_PREFIX = "x-oss-meta-";
  public static final String COPY_SOURCE = "x-oss-copy-source";
  public static final String COPY_SOURCE_RANGE = "x-oss-copy-source-range";
  public static final String COPY_SOURCE_IF_MATCH = "x-oss-copy-source-if-match";
  public static final String COPY_SOURCE_IF_NONE_MATCH = "x-oss-copy-source-if-none-match";
  public static final String COPY_SOURCE_IF_MODIFIED_SINCE = "x-oss-copy-source-if-modified-since";
  public static final String COPY_SOURCE_IF_UNMODIFIED_SINCE = "x-oss-copy-source-if-unmodified-since";
  public static final String METADATA_DIRECTIVE = "x-oss-metadata-directive";
  public static final String FORBID_OVERWRITE = "x-oss-forbid-overwrite";
  public static final String NEXT_APPEND_POSITION = "x-oss-next-append-position";
  public static final String RANGE_BEHAVIOR = "x-oss-range-behavior";
  public static final String COMPLETE_ALL = "x-oss-complete-all";
  public static final String BUCKET_REGION = "x-oss-bucket-region";
  public static final String SERVER_SIDE_ENCRYPTION = "x-oss-server-side-encryption";
  public static final String SSE_KEY_ID = "x-oss-server-side-encryption-key-id";
  public static final String SSE_DATA_ENCRYPTION = "x-oss-server-side-data-encryption";
  public static final String SSE_CONTEXT = "x-oss-server-side-encryption-context";
  public static final String ENCODING_TYPE = "encoding-type";
}
