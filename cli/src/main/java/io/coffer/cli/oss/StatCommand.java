package io.coffer.cli.oss;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.BucketInfo;
import com.aliyun.oss.model.ObjectAcl;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.ServerSideEncryptionByDefault;
import com.aliyun.oss.model.ServerSideEncryptionConfiguration;
import java.io.PrintWriter;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code stat oss://bucket[/object]}: the bucket's info, or an object's HEAD headers plus its ACL
 * and owner, laid out as ossutil prints them (the seed 004 format).
 */
@Command(name = "stat", aliases = {"meta", "info"}, mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Show a bucket's or an object's description.",
        "A bucket: GetBucketInfo (name, location, dates, endpoints, ACL, owner, storage class and the",
        "default encryption rule). An object: every HEAD response header (except Date, Server,",
        "Connection, X-Oss-Request-Id, X-Oss-Server-Time) plus ACL and Owner, sorted by name."})
public final class StatCommand extends OssCommand {
  /** Headers ossutil leaves out of an object's description (lower case). */
  static final Set<String> HIDDEN = Set.of("date", "server", "connection", "x-oss-request-id", "x-oss-server-time");

  @Parameters(index = "0", paramLabel = "oss://bucket[/object]", description = "The bucket or object.")
  String url;

  private OssUrl target;

  @Override
  protected void validate() {
    target = OssUrl.parseWithBucket(url);
  }

  @Override
  protected int run(OSS oss) {
    if (target.hasKey()) {
      objectStat(oss, out());
    } else {
      bucketStat(oss, out());
    }
    return 0;
  }

  private void bucketStat(OSS oss, PrintWriter out) {
    BucketInfo info = oss.getBucketInfo(target.bucket());
    var b = info.getBucket();
    line(out, "Name", b.getName());
    line(out, "Location", b.getLocation());
    line(out, "CreationDate", Formats.localTime(b.getCreationDate()));
    line(out, "ExtranetEndpoint", b.getExtranetEndpoint());
    line(out, "IntranetEndpoint", b.getIntranetEndpoint());
    line(out, "ACL", info.getCannedACL() == null ? "" : info.getCannedACL().toString());
    line(out, "Owner", b.getOwner() == null ? "" : b.getOwner().getId());
    line(out, "StorageClass", b.getStorageClass() == null ? "" : b.getStorageClass().toString());
    if (info.getDataRedundancyType() != null) line(out, "RedundancyType", info.getDataRedundancyType().toString());
    ServerSideEncryptionConfiguration sse = info.getServerSideEncryptionConfiguration();
    ServerSideEncryptionByDefault rule = sse == null ? null : sse.getApplyServerSideEncryptionByDefault();
    if (rule != null) {
      optional(out, "SSEAlgorithm", rule.getSSEAlgorithm());
      optional(out, "KMSMasterKeyID", rule.getKMSMasterKeyID());
      optional(out, "KMSDataEncryption", rule.getKMSDataEncryption());
    }
    line(out, "TransferAcceleration", info.getTransferAcceleration());
    line(out, "CrossRegionReplication", info.getCrossRegionReplication());
    optional(out, "AccessMonitor", b.getAccessMonitor());
  }

  private static void line(PrintWriter out, String name, String value) {
    out.printf("%-22s: %s%n", name, value == null ? "" : value);
  }

  private static void optional(PrintWriter out, String name, String value) {
    if (value != null && !value.isEmpty()) line(out, name, value);
  }

  private void objectStat(OSS oss, PrintWriter out) {
    ObjectAcl acl = oss.getObjectAcl(target.bucket(), target.key());
    ObjectMetadata meta = oss.getObjectMetadata(target.bucket(), target.key());
    for (Map.Entry<String, String> e : describe(meta, acl).entrySet()) {
      out.printf("%-28s: %s%n", e.getKey(), e.getValue());
    }
  }

  /** The lines of an object's description by Go-canonical name, sorted as ossutil sorts them. */
  static TreeMap<String, String> describe(ObjectMetadata meta, ObjectAcl acl) {
    TreeMap<String, String> lines = new TreeMap<>();
    for (Map.Entry<String, Object> e : meta.getRawMetadata().entrySet()) {
      String name = Formats.canonicalHeader(e.getKey());
      if (HIDDEN.contains(e.getKey().toLowerCase(java.util.Locale.ROOT))) continue;
      lines.put(name, value(name, e.getValue()));
    }
    for (Map.Entry<String, String> e : meta.getUserMetadata().entrySet()) {
      lines.put(Formats.canonicalHeader("x-oss-meta-" + e.getKey()), e.getValue());
    }
    lines.put("ACL", acl.getPermission() == null ? "" : acl.getPermission().toString());
    lines.put("Owner", acl.getOwner() == null ? "" : acl.getOwner().getId());
    return lines;
  }

  private static String value(String name, Object v) {
    if (v instanceof Date d) return Formats.localTime(d);
    String s = String.valueOf(v);
    return name.equals("Etag") ? s.replace("\"", "") : s;
  }
}
