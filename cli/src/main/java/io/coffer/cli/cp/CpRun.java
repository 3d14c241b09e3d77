package io.coffer.cli.cp;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.SimplifiedObjectMeta;
import io.coffer.cli.client.Failures;
import io.coffer.cli.filter.NameFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One {@code coffer cp}: plans the transfers, runs {@code --jobs} of them at a time, reports each
 * failure as it happens and ends with ossutil's summary. A failure of one file does not stop the
 * others, except errors that would fail every file (unknown bucket, bad credentials, access
 * denied), which end the run at once as ossutil does.
 */
public final class CpRun {
  /** The errors after which no other transfer can succeed (aliyun/ossutil lib/cp.go filterError). */
  private static final Set<String> FATAL = Set.of("NoSuchBucket", "InvalidAccessKeyId", "SignatureDoesNotMatch",
      "AccessDenied", "RequestTimeTooSkewed", "InvalidBucketName");

  /** cp's options that shape the run. */
  public record Options(boolean recursive, NameFilter filter, boolean force, boolean update, MetaOption meta, long thresholdBytes,
      Long partSizeBytes, Integer parallel, int jobs, Path checkpointDir) {}

  private final OSS oss;
  private final PrintWriter out;
  private final PrintWriter err;
  private final InputStream in;
  private final Options options;

  public CpRun(OSS oss, PrintWriter out, PrintWriter err, InputStream in, Options options) {
    this.oss = oss;
    this.out = out;
    this.err = err;
    this.in = in;
    this.options = options;
  }

  /**
   * @return true when every transfer succeeded or was skipped as asked
   * @throws Exception the failure itself when there was a single transfer, or a fatal one; the
   *     caller's {@link Failures} prints it
   */
  public boolean execute(String source, String destination) throws Exception {
    Planner.Plan plan = new Planner(oss, options.recursive(), options.filter()).plan(source, destination);
    Progress progress = new Progress(out, Terminal.interactive(), plan.op());
    Terminal terminal = new Terminal(progress, in);
    CpContext ctx = new CpContext(oss, progress, options.meta(), options.thresholdBytes(), options.partSizeBytes(),
        options.parallel(), options.checkpointDir());
    progress.planned(plan.transfers().size() + plan.rejected().size(), plan.bytes());
    for (String r : plan.rejected()) {
      progress.failed();
      progress.printErr(err, "Error: " + r);
    }
    boolean single = !options.recursive() && plan.transfers().size() == 1;
    AtomicReference<Exception> stop = new AtomicReference<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(options.jobs(), plan.transfers().size())));
    try {
      List<Future<?>> running = plan.transfers().stream().<Future<?>>map(t -> pool.submit(() -> {
        if (stop.get() != null) return;
        try {
          run(ctx, terminal, t);
        } catch (Exception e) {
          if (single || fatal(e)) {
            stop.compareAndSet(null, e);
          } else {
            progress.failed();
            progress.printErr(err, "Error: " + verb(t) + " " + t.from() + " to " + t.to() + ": " + Failures.describe(e));
          }
        }
      })).toList();
      for (Future<?> f : running) f.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception x ? x : e;
    } finally {
      pool.shutdownNow();
    }
    if (stop.get() != null) {
      progress.abandon();
      throw stop.get();
    }
    progress.close();
    return progress.failures() == 0;
  }

  private void run(CpContext ctx, Terminal terminal, Transfer t) throws IOException {
    if (skip(terminal, t)) {
      ctx.progress().skipped(t.size());
      return;
    }
    switch (t) {
      case Transfer.Upload u -> new Uploader(ctx).upload(u);
      case Transfer.Download d -> new Downloader(ctx).download(d);
      case Transfer.Copy c -> new Copier(ctx).copy(c);
    }
    ctx.progress().succeeded(t.size());
  }

  /**
   * ossutil's rules: with -u skip unless the destination is missing or older than the source;
   * otherwise, unless -f, ask before overwriting an existing destination.
   */
  private boolean skip(Terminal terminal, Transfer t) throws IOException {
    if (options.force() && !options.update()) return false;
    Long destModified = destinationModified(t);
    if (destModified == null) return false;
    if (options.update()) {
      long srcModified = switch (t) {
        case Transfer.Upload u -> u.mtimeMillis();
        case Transfer.Download d -> d.lastModifiedMillis();
        case Transfer.Copy c -> c.lastModifiedMillis();
      };
      // whole seconds, as Last-Modified carries them
      return destModified / 1000 >= srcModified / 1000;
    }
    return !terminal.confirmOverwrite(t.to());
  }

  /** The destination's modification time in milliseconds, or null when it does not exist. */
  private Long destinationModified(Transfer t) throws IOException {
    if (t instanceof Transfer.Download d) {
      return Files.exists(d.file()) ? Files.getLastModifiedTime(d.file()).toMillis() : null;
    }
    OssUrl target = t instanceof Transfer.Upload u ? u.target() : ((Transfer.Copy) t).target();
    try {
      SimplifiedObjectMeta m = oss.getSimplifiedObjectMeta(target.bucket(), target.key());
      return m.getLastModified() == null ? 0L : m.getLastModified().getTime();
    } catch (OSSException e) {
      if ("NoSuchKey".equals(e.getErrorCode()) || "NoSuchBucket".equals(e.getErrorCode())) return null;
      throw e;
    }
  }

  private static boolean fatal(Exception e) {
    return e instanceof OSSException o && FATAL.contains(o.getErrorCode());
  }

  private static String verb(Transfer t) {
    return switch (t) {
      case Transfer.Upload u -> "upload";
      case Transfer.Download d -> "download";
      case Transfer.Copy c -> "copy";
    };
  }
}
