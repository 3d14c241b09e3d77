package io.coffer.cli;

import com.aliyun.oss.OSS;
import io.coffer.cli.client.ClientOptions;
import io.coffer.cli.client.Clients;
import io.coffer.cli.client.Failures;
import io.coffer.cli.client.UsageFailure;
import io.coffer.cli.cp.CpRun;
import io.coffer.cli.cp.MetaOption;
import io.coffer.cli.filter.FilterOptions;
import io.coffer.cli.filter.NameFilter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code coffer cp}: ossutil's cp — upload, download and server-side copy, resumable above a threshold. */
@Command(name = "cp", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Copy files to objects (upload), objects to files (download) or objects to objects (on the "
        + "server). Files of at least --bigfile-threshold bytes go in parts and resume where they stopped when the "
        + "same command is run again.",
        "  coffer cp file.bin oss://bucket/dir/",
        "  coffer cp -r dir oss://bucket/prefix --meta x-oss-server-side-encryption:KMS",
        "  coffer cp -r oss://bucket/prefix/ localdir",
        "  coffer cp -r dir oss://bucket/prefix --include '*.txt' --exclude 'secret*'"},
    exitCodeListHeading = "Exit status:%n",
    exitCodeList = {"0:everything was copied (or skipped as asked)", "1:a copy failed (the service's error is printed)",
        "2:bad usage (unknown option, bad URL, missing file, --include/--exclude without -r)"})
public final class CpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClientOptions client;

  @Parameters(index = "0", paramLabel = "SRC", description = "A local file or directory, or oss://bucket/key.")
  String source;

  @Parameters(index = "1", paramLabel = "DEST", description = "oss://bucket/key (or .../prefix/), or a local path.")
  String destination;

  @Option(names = {"-r", "--recursive"}, description = "Copy a directory's files, or every object under a prefix.")
  boolean recursive;

  @Mixin FilterOptions filters;

  @Option(names = {"-f", "--force"}, description = "Overwrite existing destinations without asking.")
  boolean force;

  @Option(names = {"-u", "--update"},
      description = "Copy only when the destination is missing or older than the source (no questions asked).")
  boolean update;

  @Option(names = "--meta", paramLabel = "HEADER:VALUE[#...]",
      description = "Headers for new objects, e.g. Content-Type:text/plain#x-oss-server-side-encryption:KMS"
          + "#x-oss-server-side-encryption-key-id:<id> (also AES256, SM4, x-oss-server-side-data-encryption:SM4, "
          + "Cache-Control, Content-Disposition, Content-Encoding, Expires, x-oss-object-acl, x-oss-storage-class, "
          + "x-oss-meta-*).")
  String meta;

  @Option(names = "--bigfile-threshold", paramLabel = "BYTES", defaultValue = "104857600",
      description = "Files of at least this size go in resumable parts (default: ${DEFAULT-VALUE}).")
  long thresholdBytes;

  @Option(names = "--part-size", paramLabel = "BYTES",
      description = "Part size (102400 to 5 GiB; default: ossutil's choice, about 1,000 parts of at least 1 MiB).")
  Long partSizeBytes;

  @Option(names = "--parallel", paramLabel = "N", description = "Parts of one file in flight (default: 1-12 by part count).")
  Integer parallel;

  @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "3",
      description = "Files in flight with -r (default: ${DEFAULT-VALUE}).")
  int jobs;

  @Option(names = "--checkpoint-dir", paramLabel = "DIR", defaultValue = ".ossutil_checkpoint",
      description = "Where interrupted transfers are recorded for resuming (default: ${DEFAULT-VALUE}).")
  Path checkpointDir;

  @Override
  public Integer call() throws Exception {
    NameFilter filter = filters.filter(recursive);
    if (thresholdBytes < 0) throw new UsageFailure("--bigfile-threshold must not be negative");
    if (jobs < 1 || jobs > 1000) throw new UsageFailure("--jobs must be between 1 and 1000");
    if (parallel != null && (parallel < 1 || parallel > 1000)) throw new UsageFailure("--parallel must be between 1 and 1000");
    MetaOption headers = MetaOption.parse(meta);
    if (!headers.isEmpty() && !io.coffer.cli.cp.OssUrl.isCloud(destination)) {
      throw new UsageFailure("--meta sets headers of new objects; it does not apply to downloads");
    }
    OSS oss = Clients.oss(client.resolve());
    try {
      CpRun run = new CpRun(oss, spec.commandLine().getOut(), spec.commandLine().getErr(), System.in, new CpRun.Options(
          recursive, filter, force, update, headers, thresholdBytes, partSizeBytes, parallel, jobs, checkpointDir));
      return run.execute(source, destination) ? 0 : Failures.SERVICE_ERROR;
    } finally {
      oss.shutdown();
    }
  }
}
