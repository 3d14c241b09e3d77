package io.coffer.cli.oss;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.Bucket;
import com.aliyun.oss.model.BucketList;
import com.aliyun.oss.model.ListBucketsRequest;
import com.aliyun.oss.model.ListMultipartUploadsRequest;
import com.aliyun.oss.model.ListObjectsRequest;
import com.aliyun.oss.model.MultipartUpload;
import com.aliyun.oss.model.MultipartUploadListing;
import com.aliyun.oss.model.OSSObjectSummary;
import com.aliyun.oss.model.ObjectListing;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.cli.client.UsageFailure;
import java.io.PrintWriter;
import java.util.Date;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ls [oss://bucket[/prefix]]}: ListBuckets, or ListObjects (v1, 1000 a page) and
 * ListMultipartUploads, printed as ossutil prints them; {@code --output json} for scripts.
 */
@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"List buckets, or the objects (and unfinished multipart uploads) under a bucket or prefix.",
        "Without a URL (or with oss://) lists buckets and ends with \"Bucket Number is: N\"; with",
        "oss://bucket[/prefix] lists objects and ends with \"Object Number is: N\"."})
public final class ListCommand extends OssCommand {
  static final String TAB = "    ";
  private static final int PAGE = 1000;

  @Parameters(index = "0", arity = "0..1", paramLabel = "oss://bucket[/prefix]", description = "What to list.")
  String url;

  @Option(names = {"-s", "--short-format"}, description = "Names only.")
  boolean shortFormat;

  @Option(names = {"-d", "--directory"},
      description = "Directory mode: objects and sub-directories one level under the prefix (delimiter '/').")
  boolean directory;

  @Option(names = {"-m", "--multipart"}, description = "List unfinished multipart uploads instead of objects.")
  boolean multipart;

  @Option(names = {"-a", "--all-type"}, description = "List objects and unfinished multipart uploads.")
  boolean allType;

  @Option(names = "--limited-num", paramLabel = "N", description = "Show at most N entries in all.")
  Long limitedNum;

  @Option(names = "--marker", description = "Start listing after this key (buckets: after this name).")
  String marker;

  @Option(names = "--output", paramLabel = "text|json", description = "text (default, ossutil's layout) or json.")
  String output = "text";

  private OssUrl target;
  private boolean json;
  private long remaining;

  @Override
  protected void validate() {
    target = url == null ? new OssUrl("", "") : OssUrl.parse(url);
    if (limitedNum != null && limitedNum < 0) throw new UsageFailure("--limited-num must be 0 or more, not " + limitedNum);
    json = switch (output) {
      case "text" -> false;
      case "json" -> true;
      default -> throw new UsageFailure("--output must be text or json, not " + output);
    };
    if (target.bucket().isEmpty() && directory) {
      throw new UsageFailure("ListBucket does not support option: \"--directory\"");
    }
    remaining = limitedNum == null ? Long.MAX_VALUE : limitedNum;
  }

  @Override
  protected int run(OSS oss) throws Exception {
    ObjectNode doc = json ? new ObjectMapper().createObjectNode() : null;
    if (target.bucket().isEmpty()) {
      listBuckets(oss, doc);
    } else {
      boolean objects = allType || !multipart;
      boolean uploads = allType || multipart;
      if (objects) listObjects(oss, doc);
      if (uploads) listUploads(oss, doc);
    }
    if (doc != null) {
      out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
    }
    return 0;
  }

  private void listBuckets(OSS oss, ObjectNode doc) {
    PrintWriter out = out();
    ArrayNode arr = doc == null ? null : doc.putArray("buckets");
    long num = 0;
    String next = marker;
    while (remaining > 0) {
      ListBucketsRequest req = new ListBucketsRequest();
      if (next != null) req.setMarker(next);
      req.setMaxKeys(PAGE);
      BucketList page = oss.listBuckets(req);
      for (Bucket b : page.getBucketList()) {
        if (remaining == 0) break;
        String sc = b.getStorageClass() == null ? "" : b.getStorageClass().toString();
        if (arr != null) {
          arr.addObject().put("name", b.getName()).put("url", OssUrl.of(b.getName(), ""))
              .put("region", b.getLocation()).put("storageClass", sc).put("creationDate", iso(b.getCreationDate()));
        } else {
          if (num == 0 && !shortFormat) {
            out.printf("%-30s %20s%s%12s%s%s%n", "CreationTime", "Region", TAB, "StorageClass", TAB, "BucketName");
          }
          if (shortFormat) {
            out.println(OssUrl.of(b.getName(), ""));
          } else {
            out.printf("%-30s %20s%s%12s%s%s%n", Formats.localTime(b.getCreationDate()), b.getLocation(), TAB, sc, TAB,
                OssUrl.of(b.getName(), ""));
          }
        }
        remaining--;
        num++;
      }
      if (!page.isTruncated()) break;
      next = page.getNextMarker();
    }
    if (doc != null) {
      doc.put("bucketCount", num);
    } else {
      out.printf("Bucket Number is: %d%n", num);
    }
  }

  private void listObjects(OSS oss, ObjectNode doc) {
    PrintWriter out = out();
    ArrayNode objs = doc == null ? null : doc.putArray("objects");
    ArrayNode dirs = doc == null || !directory ? null : doc.putArray("directories");
    long num = 0;
    String next = marker;
    boolean header = false;
    while (remaining > 0) {
      ListObjectsRequest req = new ListObjectsRequest(target.bucket(), target.key(), next, directory ? "/" : null, PAGE);
      ObjectListing page = oss.listObjects(req);
      if (!header && doc == null && !shortFormat && !directory && !page.getObjectSummaries().isEmpty()) {
        out.printf("%-30s%12s%s%12s%s%-36s%s%s%n", "LastModifiedTime", "Size(B)", "  ", "StorageClass", "   ", "ETAG",
            "  ", "ObjectName");
        header = true;
      }
      for (OSSObjectSummary o : page.getObjectSummaries()) {
        if (remaining == 0) break;
        String objUrl = OssUrl.of(target.bucket(), o.getKey());
        String etag = o.getETag() == null ? "" : o.getETag().replace("\"", "");
        if (objs != null) {
          objs.addObject().put("key", o.getKey()).put("url", objUrl).put("size", o.getSize())
              .put("storageClass", o.getStorageClass()).put("etag", etag)
              .put("lastModified", iso(o.getLastModified()));
        } else if (shortFormat || directory) {
          out.println(objUrl);
        } else {
          out.printf("%-30s%12d%s%12s%s%-36s%s%s%n", Formats.localTime(o.getLastModified()), o.getSize(), "  ",
              o.getStorageClass(), "   ", etag, "  ", objUrl);
        }
        remaining--;
        num++;
      }
      for (String prefix : page.getCommonPrefixes()) {
        if (remaining == 0) break;
        if (dirs != null) {
          dirs.addObject().put("prefix", prefix).put("url", OssUrl.of(target.bucket(), prefix));
        } else {
          out.println(OssUrl.of(target.bucket(), prefix));
        }
        remaining--;
        num++;
      }
      if (!page.isTruncated()) break;
      next = page.getNextMarker();
    }
    if (doc != null) {
      doc.put(directory ? "objectAndDirectoryCount" : "objectCount", num);
    } else {
      out.printf(directory ? "Object and Directory Number is: %d%n" : "Object Number is: %d%n", num);
    }
  }

  private void listUploads(OSS oss, ObjectNode doc) {
    PrintWriter out = out();
    ArrayNode arr = doc == null ? null : doc.putArray("uploads");
    boolean names = shortFormat || directory;
    long num = 0;
    String keyMarker = marker;
    String idMarker = null;
    boolean header = false;
    while (remaining > 0) {
      ListMultipartUploadsRequest req = new ListMultipartUploadsRequest(target.bucket());
      req.setPrefix(target.key());
      if (keyMarker != null) req.setKeyMarker(keyMarker);
      if (idMarker != null) req.setUploadIdMarker(idMarker);
      if (directory) req.setDelimiter("/");
      req.setMaxUploads(PAGE);
      MultipartUploadListing page = oss.listMultipartUploads(req);
      if (!header && doc == null && !page.getMultipartUploads().isEmpty()) {
        if (names) {
          out.printf("%-32s%s%s%n", "UploadID", TAB, "ObjectName");
        } else {
          out.printf("%-30s%s%-32s%s%s%n", "InitiatedTime", TAB, "UploadID", TAB, "ObjectName");
        }
        header = true;
      }
      for (MultipartUpload u : page.getMultipartUploads()) {
        if (remaining == 0) break;
        String objUrl = OssUrl.of(target.bucket(), u.getKey());
        if (arr != null) {
          arr.addObject().put("key", u.getKey()).put("url", objUrl).put("uploadId", u.getUploadId())
              .put("initiated", iso(u.getInitiated()));
        } else if (names) {
          out.printf("%-32s%s%s%n", u.getUploadId(), TAB, objUrl);
        } else {
          out.printf("%-30s%s%-32s%s%s%n", Formats.localTime(u.getInitiated()), TAB, u.getUploadId(), TAB, objUrl);
        }
        remaining--;
        num++;
      }
      if (!page.isTruncated()) break;
      keyMarker = page.getNextKeyMarker();
      idMarker = page.getNextUploadIdMarker();
    }
    if (doc != null) {
      doc.put("uploadCount", num);
    } else {
      out.printf("UploadID Number is: %d%n", num);
    }
  }

  private static String iso(Date d) {
    return d == null ? null : d.toInstant().toString();
  }
}
