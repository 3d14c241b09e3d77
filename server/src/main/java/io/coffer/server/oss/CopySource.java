package io.coffer.server.oss;

import io.coffer.core.error.CofferException;
import io.coffer.core.model.BucketName;
import io.coffer.core.model.ObjectKey;
import io.coffer.server.http.RawPath;

/**
 * {@code x-oss-copy-source: /{bucket}/{url-encoded key}[?versionId=…]}. Every SDK percent-encodes
 * the key, {@code /} included, so the key is decoded once after the bucket segment.
 */
record CopySource(BucketName bucket, ObjectKey key) {

  static CopySource parse(String header) {
    String h = header.trim();
    int q = h.indexOf('?');
    if (q >= 0) h = h.substring(0, q);
    if (h.startsWith("/")) h = h.substring(1);
    int slash = h.indexOf('/');
    if (slash <= 0 || slash == h.length() - 1) {
      throw new CofferException.InvalidArgument("Copy Source must mention the source bucket and key: /sourcebucket/sourcekey.",
          OssHeaders.COPY_SOURCE, header);
    }
    try {
      return new CopySource(new BucketName(RawPath.decode(h.substring(0, slash))), new ObjectKey(RawPath.decode(h.substring(slash + 1))));
    } catch (IllegalArgumentException e) {
      throw new CofferException.InvalidArgument("The copy source is not valid.", OssHeaders.COPY_SOURCE, header);
    }
  }
}
