package io.coffer.cli.cp;

import com.aliyun.oss.OSSException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Collection;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs the parts of one transfer, a bounded number at a time; the first failure stops the rest. */
final class Parts {
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** One part's work. */
  interface Task {
    void run(int partNumber) throws Exception;
  }

  private Parts() {}

  /**
   * Runs {@code task} for every part number with at most {@code parallel} in flight. Parts still
   * running when another fails are abandoned; whatever they finish is still recorded by them.
   */
  static void runAll(int parallel, Collection<Integer> numbers, Task task) throws IOException {
    if (numbers.isEmpty()) return;
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, numbers.size()), r -> {
      Thread t = new Thread(r, "cp-part-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      CompletionService<Void> done = new ExecutorCompletionService<>(pool);
      for (int n : numbers) {
        done.submit(() -> {
          task.run(n);
          return null;
        });
      }
      for (int i = 0; i < numbers.size(); i++) {
        try {
          done.take().get();
        } catch (ExecutionException e) {
          throw rethrow(e.getCause());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } finally {
      pool.shutdownNow();
    }
  }

  /** True when the service said the multipart upload is gone (aborted, or expired on the server). */
  static boolean noSuchUpload(RuntimeException e) {
    return e instanceof OSSException o && "NoSuchUpload".equals(o.getErrorCode());
  }

  static RuntimeException rethrow(Throwable t) throws IOException {
    if (t instanceof RuntimeException r) throw r;
    if (t instanceof IOException io) throw io;
    if (t instanceof Error err) throw err;
    throw new IOException(t);
  }
}
