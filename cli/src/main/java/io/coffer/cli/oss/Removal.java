package io.coffer.cli.oss;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.AbortMultipartUploadRequest;
import com.aliyun.oss.model.DeleteObjectsRequest;
import com.aliyun.oss.model.ListMultipartUploadsRequest;
import com.aliyun.oss.model.ListObjectsRequest;
import com.aliyun.oss.model.MultipartUpload;
import com.aliyun.oss.model.MultipartUploadListing;
import com.aliyun.oss.model.OSSObjectSummary;
import com.aliyun.oss.model.ObjectListing;
import io.coffer.cli.filter.NameFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * Deleting what lies under a prefix the way ossutil does: ListObjects (v1, 1000 a page) feeding
 * quiet DeleteMultipleObjects batches, and ListMultipartUploads feeding AbortMultipartUpload.
 */
final class Removal {
  private static final int PAGE = 1000;

  private Removal() {}

  /** Deletes every object whose key starts with {@code prefix} and passes the filter; returns how many. */
  static long objectsUnder(OSS oss, String bucket, String prefix, NameFilter filter) {
    long removed = 0;
    String marker = null;
    while (true) {
      ObjectListing page = oss.listObjects(new ListObjectsRequest(bucket, prefix, marker, null, PAGE));
      List<String> keys = new ArrayList<>();
      for (OSSObjectSummary o : page.getObjectSummaries()) {
        if (filter.accepts(o.getKey())) keys.add(o.getKey());
      }
      if (!keys.isEmpty()) {
        oss.deleteObjects(new DeleteObjectsRequest(bucket).withKeys(keys).withQuiet(true));
        removed += keys.size();
      }
      if (!page.isTruncated()) return removed;
      marker = page.getNextMarker();
    }
  }

  /**
   * Aborts the unfinished uploads whose key starts with {@code prefix} (or, with {@code exact},
   * whose key is {@code prefix}) and pass the filter; returns how many.
   */
  static long uploadsUnder(OSS oss, String bucket, String prefix, boolean exact, NameFilter filter) {
    List<MultipartUpload> found = new ArrayList<>();
    String keyMarker = null;
    String idMarker = null;
    while (true) {
      ListMultipartUploadsRequest req = new ListMultipartUploadsRequest(bucket);
      req.setPrefix(prefix);
      if (keyMarker != null) req.setKeyMarker(keyMarker);
      if (idMarker != null) req.setUploadIdMarker(idMarker);
      req.setMaxUploads(PAGE);
      MultipartUploadListing page = oss.listMultipartUploads(req);
      for (MultipartUpload u : page.getMultipartUploads()) {
        if ((!exact || u.getKey().equals(prefix)) && filter.accepts(u.getKey())) found.add(u);
      }
      if (!page.isTruncated()) break;
      keyMarker = page.getNextKeyMarker();
      idMarker = page.getNextUploadIdMarker();
    }
    // Listed first, aborted after: aborting while paging would move the markers under us.
    for (MultipartUpload u : found) {
      oss.abortMultipartUpload(new AbortMultipartUploadRequest(bucket, u.getKey(), u.getUploadId()));
    }
    return found.size();
  }

  /** ossutil's closing line: {@code Succeed: Total 3 objects. Removed 3 objects.} */
  static String summary(Long objects, Long uploads) {
    List<String> parts = new ArrayList<>();
    if (objects != null) parts.add(objects + " objects");
    if (uploads != null) parts.add(uploads + " uploadIds");
    String s = String.join(", ", parts);
    return "Succeed: Total " + s + ". Removed " + s + ".";
  }
}
