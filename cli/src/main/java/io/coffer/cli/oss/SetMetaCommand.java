package io.coffer.cli.oss;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.CopyObjectRequest;
import com.aliyun.oss.model.ListObjectsRequest;
import com.aliyun.oss.model.OSSObjectSummary;
import com.aliyun.oss.model.ObjectAcl;
import com.aliyun.oss.model.ObjectListing;
import com.aliyun.oss.model.ObjectMetadata;
import io.coffer.cli.client.UsageFailure;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code set-meta oss://bucket/key h:v#h:v [--update|--delete]}: ossutil's set-meta, which is
 * CopyObject onto the object itself with {@code x-oss-metadata-directive: REPLACE}. With
 * {@code --update} the object's current headers (HEAD) and ACL are read, merged with the given
 * ones and all sent again, so {@code x-oss-server-side-encryption:AES256 --update} encrypts an
 * object in place and keeps everything else.
 */
@Command(name = "set-meta", aliases = {"setmeta", "set_meta"}, mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {"Set, update or delete the metadata of objects already uploaded (a copy onto themselves).",
        "Headers (case-insensitive): Content-Type, Cache-Control, Content-Disposition, Content-Encoding,",
        "Expires (HTTP date or RFC 3339), Accept-Encoding, Origin, x-oss-object-acl, x-oss-storage-class,",
        "x-oss-server-side-encryption, x-oss-server-side-encryption-key-id, x-oss-server-side-data-encryption",
        "and any x-oss-meta-*.",
        "  set-meta oss://b/o x-oss-server-side-encryption:AES256 --update        encrypt in place",
        "  set-meta oss://b/o x-oss-server-side-encryption:KMS#x-oss-server-side-encryption-key-id:ID -u",
        "  set-meta oss://b/o X-Oss-Meta-old --delete                            drop one user header",
        "  set-meta oss://b/o Content-Type:text/plain -f                        replace all metadata"})
public final class SetMetaCommand extends OssCommand {
  @Parameters(index = "0", paramLabel = "oss://bucket[/object]", description = "The object (a prefix with -r).")
  String url;

  @Parameters(index = "1", arity = "0..1", paramLabel = "header:value#header:value",
      description = "The headers to set (with --delete: the names to drop).")
  String meta;

  @Option(names = {"-u", "--update"}, description = "Change only the given headers; keep the rest.")
  boolean update;

  @Option(names = {"-d", "--delete"}, description = "Remove the given headers; keep the rest.")
  boolean delete;

  @Option(names = {"-r", "--recursive"}, description = "Every object whose key starts with the URL's key.")
  boolean recursive;

  @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
  boolean force;

  private OssUrl target;
  private Map<String, String> headers;

  @Override
  protected void validate() {
    target = OssUrl.parseWithBucket(url);
    if (!target.hasKey() && !recursive) {
      throw new UsageFailure("set object meta invalid cloud url: " + url + ", object empty. Set bucket meta is not "
          + "supported, if you mean batch set meta on objects, please use --recursive");
    }
    if (update && delete) {
      throw new UsageFailure("--update option and --delete option are not supported for " + url
          + " at the same time, please check");
    }
    headers = MetaHeaders.parse(meta, delete, "set-meta");
  }

  @Override
  protected int run(OSS oss) {
    PrintWriter out = out();
    if (!force && recursive
        && !Confirm.ask(out, "Do you really mean to recursively set meta on objects of " + url + "(y or N)? ",
            "-f/--force")) {
      out.println("operation is canceled.");
      return 0;
    }
    if (!force && !update && !delete) {
      String q = meta == null
          ? "Do you really mean the empty meta (every header not given is dropped)(y or N)? "
          : "Warning: --update option means update the specified header, --delete option means delete the specified"
              + " header, miss both options means update the whole meta info, continue to update the whole meta"
              + " info(y or N)? ";
      if (!Confirm.ask(out, q, "-f/--force (or --update/--delete)")) {
        out.println("operation is canceled.");
        return 0;
      }
    }
    if (!recursive) {
      setMeta(oss, target.key());
      return 0;
    }
    long total = 0;
    String marker = null;
    while (true) {
      ObjectListing page = oss.listObjects(new ListObjectsRequest(target.bucket(), target.key(), marker, null, 1000));
      for (OSSObjectSummary o : page.getObjectSummaries()) {
        setMeta(oss, o.getKey());
        total++;
      }
      if (!page.isTruncated()) break;
      marker = page.getNextMarker();
    }
    out.printf("Succeed: Total num: %d, OK num: %d.%n", total, total);
    return 0;
  }

  /** Sets the metadata of one object; false when --update found nothing to change. */
  boolean setMeta(OSS oss, String key) {
    Map<String, String> all = headers;
    if (update || delete) {
      Map<String, String> current = current(oss, key);
      if (update && headers.entrySet().stream().allMatch(e -> e.getValue().equals(current.get(e.getKey())))) {
        return false;
      }
      all = merge(current, headers, update);
    }
    CopyObjectRequest copy = new CopyObjectRequest(target.bucket(), key, target.bucket(), key);
    ObjectMetadata m = new ObjectMetadata();
    for (Map.Entry<String, String> e : all.entrySet()) {
      if (e.getKey().startsWith(MetaHeaders.META_PREFIX)) {
        m.addUserMetadata(e.getKey().substring(MetaHeaders.META_PREFIX.length()), e.getValue());
      } else {
        m.setHeader(e.getKey(), e.getValue());
      }
    }
    // A set new-object metadata is what makes the SDK send x-oss-metadata-directive: REPLACE.
    copy.setNewObjectMetadata(m);
    oss.copyObject(copy);
    return true;
  }

  /** The object's settable headers now (lower-case names), ACL as x-oss-object-acl, as ossutil reads them. */
  private Map<String, String> current(OSS oss, String key) {
    ObjectMetadata head = oss.getObjectMetadata(target.bucket(), key);
    ObjectAcl acl = oss.getObjectAcl(target.bucket(), key);
    Map<String, String> current = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : head.getRawMetadata().entrySet()) {
      if (MetaHeaders.settable(e.getKey()) && e.getValue() != null) {
        current.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().toString());
      }
    }
    for (Map.Entry<String, String> e : head.getUserMetadata().entrySet()) {
      current.put(MetaHeaders.META_PREFIX + e.getKey().toLowerCase(Locale.ROOT), e.getValue());
    }
    if (acl.getPermission() != null) current.put(MetaHeaders.OBJECT_ACL, acl.getPermission().toString());
    return current;
  }

  /**
   * ossutil's merge, plus one deliberate difference: when the result is not SSE-KMS, a key id or
   * data-encryption read back from the object (not given by the user) is dropped, so a KMS
   * object can be re-encrypted with AES256 without the service refusing the stale key id.
   */
  static Map<String, String> merge(Map<String, String> current, Map<String, String> given, boolean update) {
    Map<String, String> all = new LinkedHashMap<>(current);
    if (update) {
      all.putAll(given);
    } else {
      given.keySet().forEach(all::remove);
    }
    if (!"KMS".equalsIgnoreCase(all.get(MetaHeaders.SSE))) {
      if (!given.containsKey(MetaHeaders.SSE_KEY_ID) || !update) all.remove(MetaHeaders.SSE_KEY_ID);
      if (!given.containsKey(MetaHeaders.SSE_DATA) || !update) all.remove(MetaHeaders.SSE_DATA);
    }
    return all;
  }
}
