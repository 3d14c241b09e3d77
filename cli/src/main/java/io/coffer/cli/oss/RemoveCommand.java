package io.coffer.cli.oss;

import com.aliyun.oss.OSS;
import io.coffer.cli.client.UsageFailure;
import io.coffer.cli.filter.FilterOptions;
import io.coffer.cli.filter.NameFilter;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rm oss://bucket[/key-or-prefix]}: ossutil 1.x's rm: one object, or with {@code -r}
 * everything under a prefix; {@code -m}/{@code -a} for unfinished multipart uploads; {@code -b}
 * the bucket itself. Recursive and bucket removals ask first unless {@code -f}.
 */
@Command(name = "rm", aliases = {"remove", "delete", "del"}, mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Remove objects, unfinished multipart uploads, or a bucket.",
        "  rm oss://b/key              one object",
        "  rm oss://b/prefix -r        every object under the prefix (asks unless -f)",
        "  rm oss://b/key -m           the unfinished uploads of that key (-r: under the prefix)",
        "  rm oss://b/prefix -a -r     objects and unfinished uploads under the prefix",
        "  rm oss://b -b               the (empty) bucket; -r -b -f empties it first",
        "  rm oss://b/logs/ -r --exclude '*.keep'   all but the *.keep objects"})
public final class RemoveCommand extends OssCommand {
  @Parameters(index = "0", paramLabel = "oss://bucket[/object]", description = "What to remove.")
  String url;

  @Option(names = {"-r", "--recursive"}, description = "Everything whose key starts with the URL's key.")
  boolean recursive;

  @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
  boolean force;

  @Option(names = {"-b", "--bucket"}, description = "Remove the bucket (after its contents, with -r).")
  boolean bucket;

  @Option(names = {"-m", "--multipart"}, description = "Remove unfinished multipart uploads instead of objects.")
  boolean multipart;

  @Option(names = {"-a", "--all-type"}, description = "Remove objects and unfinished multipart uploads.")
  boolean allType;

  @Mixin FilterOptions filters;

  private NameFilter filter;
  private OssUrl target;
  private boolean objects;
  private boolean uploads;

  @Override
  protected void validate() {
    filter = filters.filter(recursive);
    target = OssUrl.parseWithBucket(url);
    if (!recursive) {
      if (!bucket && !target.hasKey()) {
        throw new UsageFailure("remove bucket, miss --bucket option, if you mean remove object, invalid url: " + url
            + ", miss object");
      }
      if (bucket && (multipart || allType)) {
        throw new UsageFailure(target.hasKey()
            ? "remove object redundant option: --bucket, remove bucket after remove single object is not supported"
            : "remove bucket redundant option: --multipart or --all-type, if you mean remove all objects and the "
                + "bucket meanwhile, you should add --recursive option");
      }
      if (bucket && target.hasKey()) {
        throw new UsageFailure("remove bucket invalid url: " + url
            + ", object not empty, if you mean remove object, you should not use --bucket option");
      }
    }
    uploads = multipart || allType;
    objects = allType || !multipart && (recursive || !bucket);
  }

  @Override
  protected int run(OSS oss) {
    PrintWriter out = out();
    if (!force && recursive) {
      String what = objects && uploads ? "objects and multipart uploadIds" : objects ? "objects" : "multipart uploadIds";
      if (!Confirm.ask(out, "Do you really mean to remove recursively " + what + " of " + url + "(y or N)? ",
          "-f/--force")) {
        out.println("operation is canceled.");
        return 0;
      }
    }
    if (!force && bucket && !recursive) {
      if (!Confirm.ask(out, "Do you really mean to remove the Bucket: " + target.bucket() + "(y or N)? ",
          "-f/--force")) {
        out.println("operation is canceled.");
        return 0;
      }
    }
    Long removedObjects = null;
    Long removedUploads = null;
    if (objects) {
      if (recursive) {
        removedObjects = Removal.objectsUnder(oss, target.bucket(), target.key(), filter);
      } else {
        // HEAD cannot tell a missing key from a missing bucket; DeleteObject (a no-op on a
        // missing key) can, so it is sent either way and an unknown bucket is reported.
        boolean existed = oss.doesObjectExist(target.bucket(), target.key());
        oss.deleteObject(target.bucket(), target.key());
        removedObjects = existed ? 1L : 0L;
      }
    }
    if (uploads) removedUploads = Removal.uploadsUnder(oss, target.bucket(), target.key(), !recursive, filter);
    if (removedObjects != null || removedUploads != null) out.println(Removal.summary(removedObjects, removedUploads));
    if (bucket) {
      oss.deleteBucket(target.bucket());
      out.println("Removed Bucket: " + target.bucket());
    }
    return 0;
  }
}
