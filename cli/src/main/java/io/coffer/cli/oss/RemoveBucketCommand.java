package io.coffer.cli.oss;

import com.aliyun.oss.OSS;
import io.coffer.cli.client.UsageFailure;
import io.coffer.cli.filter.NameFilter;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rb oss://bucket}: DeleteBucket (ossutil 2.x's command; 1.x spells it {@code rm -b}).
 * With {@code -f} the bucket's objects and unfinished uploads go first, without asking.
 */
@Command(name = "rb", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Remove a bucket.",
        "Without -f the bucket must be empty (the service refuses otherwise: BucketNotEmpty);",
        "with -f every object and unfinished multipart upload in it is removed first."})
public final class RemoveBucketCommand extends OssCommand {
  @Parameters(index = "0", paramLabel = "oss://bucket", description = "The bucket to remove.")
  String url;

  @Option(names = {"-f", "--force"}, description = "Remove the bucket's objects and multipart uploads first.")
  boolean force;

  private OssUrl target;

  @Override
  protected void validate() {
    target = OssUrl.parseWithBucket(url);
    if (target.hasKey()) {
      throw new UsageFailure("invalid cloud url: " + url + ", rb takes a bucket, not an object (use rm)");
    }
  }

  @Override
  protected int run(OSS oss) {
    PrintWriter out = out();
    if (force) {
      long objects = Removal.objectsUnder(oss, target.bucket(), "", NameFilter.ALL);
      long uploads = Removal.uploadsUnder(oss, target.bucket(), "", false, NameFilter.ALL);
      out.println(Removal.summary(objects, uploads));
    }
    oss.deleteBucket(target.bucket());
    out.println("Removed Bucket: " + target.bucket());
    return 0;
  }
}
