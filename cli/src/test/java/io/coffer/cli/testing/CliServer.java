package io.coffer.cli.testing;

import io.coffer.cli.Main;
import io.coffer.core.config.CofferConfig;
import io.coffer.server.CofferServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import picocli.CommandLine;

/**
 * A real Coffer server in-process on random loopback ports, plus a config file pointing at it, for
 * driving the {@code coffer} client commands in-process ({@link #run}) or as a separate JVM
 * ({@link #runProcess}). Use as a static {@code @RegisterExtension} field.
 */
public final class CliServer implements BeforeAllCallback, AfterAllCallback {
  public static final String ACCESS_KEY_ID = "LTAIclitestroot0001";
  public static final String ACCESS_KEY_SECRET = "cli-test-root-secret-0123456789ab";

  private Path work;
  private CofferServer server;

  /** What a command printed and how it ended. */
  public record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    work = Files.createTempDirectory("coffer-cli-it-");
    Path data = Files.createDirectories(work.resolve("data"));
    server = CofferServer.start(CofferConfig.defaults().withDataDir(data).withPorts(0, 0, 0),
        Map.of("COFFER_ROOT_ACCESS_KEY_ID", ACCESS_KEY_ID, "COFFER_ROOT_ACCESS_KEY_SECRET", ACCESS_KEY_SECRET));
    Result r = run("config", "-c", configFile().toString(), "-e", endpoint(), "-i", ACCESS_KEY_ID, "-k",
        ACCESS_KEY_SECRET, "--rpc-endpoint", rpcEndpoint(), "--region", "cn-hangzhou");
    if (r.exit() != 0) throw new IllegalStateException("config failed: " + r);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (server != null) server.close();
    if (work != null && Files.exists(work)) {
      try (Stream<Path> s = Files.walk(work)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      }
    }
  }

  public CofferServer server() {
    return server;
  }

  /** A scratch directory for the test's local files, deleted afterwards. */
  public Path work() {
    return work;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.ossPort();
  }

  public String rpcEndpoint() {
    return "http://127.0.0.1:" + server.rpcPort();
  }

  /** The config file written for this server (root credentials). */
  public Path configFile() {
    return work.resolve("ossutilconfig");
  }

  /** Runs {@code coffer args...} in-process with the test config file and no standard input. */
  public Result run(String... args) {
    return runWithInput(new ByteArrayInputStream(new byte[0]), args);
  }

  /** Runs {@code coffer args...} in-process with {@code stdin} as System.in (what prompts read). */
  public Result runWithInput(InputStream stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    List<String> all = withConfig(args);
    InputStream oldIn = System.in;
    System.setIn(stdin);
    int exit;
    try {
      exit = cmd.execute(all.toArray(String[]::new));
    } finally {
      System.setIn(oldIn);
    }
    return new Result(exit, out.toString(), err.toString());
  }

  /**
   * Runs {@code coffer args...} as a separate JVM (the packaged classes and libraries, as
   * {@code ./coffer} runs them), with the test config file; waits at most {@code timeoutSeconds}.
   */
  public Result runProcess(long timeoutSeconds, String... args) throws IOException, InterruptedException {
    Running r = startProcess(args);
    if (!r.process().waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      r.process().destroyForcibly();
      throw new IllegalStateException("coffer " + String.join(" ", args) + " did not finish in " + timeoutSeconds + " s");
    }
    return r.result();
  }

  /** A {@code coffer} JVM started by {@link #startProcess}; its output goes to files. */
  public record Running(Process process, Path out, Path err) {
    /** What it printed so far and its exit status (-1 while it runs). */
    public Result result() throws IOException {
      return new Result(process.isAlive() ? -1 : process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    }
  }

  /** Starts {@code coffer args...} as a separate JVM and returns at once (tests that kill it mid-way). */
  public Running startProcess(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    Path target = Path.of("target").toAbsolutePath();
    command.add(target.resolve("classes") + java.io.File.pathSeparator + target.resolve("lib") + "/*");
    command.add(Main.class.getName());
    command.addAll(withConfig(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
        Files.createTempFile(work, "in", ".txt").toFile()));
    return new Running(pb.start(), out, err);
  }

  /** Client commands get {@code -c <test config>} unless the test passes its own. */
  private List<String> withConfig(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    boolean client = args.length > 0 && !List.of("config", "serve", "admin").contains(args[0])
        && !all.contains("-c") && !all.contains("--config-file");
    if (client && configFile() != null && Files.exists(configFile())) {
      all.add("-c");
      all.add(configFile().toString());
    }
    return all;
  }
}
