package io.coffer.bench;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.kms.model.v20160120.CreateKeyRequest;
import com.aliyuncs.kms.model.v20160120.DecryptRequest;
import com.aliyuncs.kms.model.v20160120.DecryptResponse;
import com.aliyuncs.kms.model.v20160120.DescribeRegionsRequest;
import com.aliyuncs.kms.model.v20160120.DescribeRegionsResponse;
import com.aliyuncs.kms.model.v20160120.GenerateDataKeyRequest;
import com.aliyuncs.kms.model.v20160120.GenerateDataKeyResponse;
import com.aliyuncs.profile.DefaultProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The built-in KMS's RPC throughput, driven by the official KMS SDK ({@code aliyun-java-sdk-kms}
 * on {@code aliyun-java-sdk-core}, signature V1) against a {@code coffer serve} process:
 * GenerateDataKey and Decrypt under one customer CMK, and DescribeRegions as the baseline, a
 * signed request that reads nothing and does no cryptography. The baseline runs in the same
 * rounds, so "action − baseline" per round separates the KMS's own work (store reads of the key
 * and version, AES-GCM, the random data key) from the HTTP, signature and JSON cost every RPC
 * call pays. Rounds run every workload once, in an order reversed each round.
 */
@Command(name = "kms", mixinStandardHelpOptions = true,
    description = "Measure the built-in KMS's GenerateDataKey and Decrypt through the KMS SDK, against DescribeRegions.")
public final class KmsLoadDriver implements Callable<Integer> {
  static final String REGION = "cn-hangzhou";
  /** The EncryptionContext of every data key, shaped like the one OSS binds an object's key to. */
  static final String CONTEXT = "{\"acs:oss:bucket\":\"kms-bench\",\"acs:oss:object\":\"data/0001\"}";

  /** An RPC action of the comparison. */
  enum Action {
    DESCRIBE_REGIONS("DescribeRegions"), GENERATE_DATA_KEY("GenerateDataKey"), DECRYPT("Decrypt");

    final String wireName;

    Action(String wireName) {
      this.wireName = wireName;
    }
  }

  record Workload(Action action, int clients) {
    String name() {
      return action.wireName + "-c" + clients;
    }
  }

  @Option(names = "--seconds", description = "Length of each measured phase (default: ${DEFAULT-VALUE}).")
  int seconds = 4;

  @Option(names = "--rounds", description = "Rounds over all workloads (default: ${DEFAULT-VALUE}).")
  int rounds = 5;

  @Option(names = "--warmup-seconds", description = "Warm-up over all workloads before measuring (default: ${DEFAULT-VALUE}).")
  int warmupSeconds = 10;

  @Option(names = "--clients", split = ",", description = "Concurrent clients per phase (default: ${DEFAULT-VALUE}).")
  List<Integer> clients = new ArrayList<>(List.of(1, 8));

  @Option(names = "--blobs", description = "Distinct data keys the Decrypt phases cycle over (default: ${DEFAULT-VALUE}).")
  int blobs = 64;

  @Option(names = "--request-budget", description = "Signed requests the whole run may send; a fifth of it goes "
      + "to the warm-up and each phase ends early once it has sent its share of the rest (default: ${DEFAULT-VALUE}).")
  long requestBudget = 1_800_000;

  @Option(names = "--only", split = ",", description = "Run only the workloads whose names start with these "
      + "(names: DescribeRegions-c<n>, GenerateDataKey-c<n>, Decrypt-c<n>); DescribeRegions is the baseline.")
  List<String> only = new ArrayList<>();

  @Option(names = "--data-dir", description = "Scratch data directory, deleted afterwards (default: ${DEFAULT-VALUE}).")
  Path dataDir = Path.of("bench", "target", "bench-data");

  @Option(names = "--server-jvm-option", description = "Extra JVM option for the server process (repeatable).")
  List<String> serverJvmOptions = new ArrayList<>();

  @Option(names = "--out", description = "Also write the Markdown report to this file.")
  Path out;

  /** Signed requests sent, for the server's nonce budget (see {@link #call}). */
  private final AtomicLong sent = new AtomicLong();

  public static void main(String[] args) {
    System.exit(new CommandLine(new KmsLoadDriver()).execute(args));
  }

  List<Workload> workloads() {
    List<Workload> w = new ArrayList<>();
    for (int c : clients) {
      for (Action a : Action.values()) w.add(new Workload(a, c));
    }
    if (!only.isEmpty()) w.removeIf(x -> only.stream().noneMatch(o -> x.name().startsWith(o)));
    if (w.isEmpty()) throw new CommandLine.ParameterException(new CommandLine(this), "--only matches no workload");
    return w;
  }

  /**
   * The server remembers every signature nonce until its request's timestamp is 15 minutes old and
   * holds at most 2,000,000 (RpcAuthenticator), so one run may send about that many requests before
   * the server answers Throttling; hence the request budget, which keeps the run below it.
   */
  @Override
  public Integer call() throws Exception {
    List<Workload> workloads = workloads();
    LoadDriver.deleteTree(dataDir);
    Files.createDirectories(dataDir);
    String header = LoadDriver.machine("Coffer KMS RPC throughput, KMS SDK");
    StringBuilder report = new StringBuilder(header);
    System.out.print(header);
    try (ServerProcess server = ServerProcess.start(dataDir.resolve("coffer"), dataDir.resolve("server.log"),
        serverJvmOptions)) {
      DefaultAcsClient kms = new DefaultAcsClient(DefaultProfile.getProfile(REGION, ServerProcess.ACCESS_KEY_ID,
          ServerProcess.ACCESS_KEY_SECRET));
      kms.setAutoRetry(false);
      kms.setMaxRetryNumber(0);
      try {
        Client client = new Client(kms, server.rpcEndpoint());
        CreateKeyRequest create = new CreateKeyRequest();
        create.setDescription("kms bench");
        String keyId = client.call(create).getKeyMetadata().getKeyId();
        List<GenerateDataKeyResponse> dataKeys = new ArrayList<>();
        for (int i = 0; i < blobs; i++) dataKeys.add(client.call(generateDataKey(keyId)));
        Map<Action, Operation> ops = Map.of(
            Action.DESCRIBE_REGIONS, (c, i) -> describeRegions(client),
            Action.GENERATE_DATA_KEY, (c, i) -> generateDataKey(client, keyId),
            Action.DECRYPT, (c, i) -> decrypt(client, dataKeys.get((int) ((c + i * 7919) % dataKeys.size()))));
        warmUp(server, workloads, ops);
        report.append(measure(server, workloads, ops));
      } finally {
        kms.shutdown();
      }
    } finally {
      LoadDriver.deleteTree(dataDir);
    }
    report.append(String.format("%nSigned requests in this run: %,d (the server holds at most 2,000,000 live nonces).%n",
        sent.get()));
    System.out.println();
    System.out.print(report.substring(header.length()));
    if (out != null) Files.writeString(out, report.toString());
    return 0;
  }

  /** One RPC call; {@code client} is the calling thread's index, {@code i} its count of calls. */
  @FunctionalInterface
  interface Operation {
    void run(int client, long i) throws Exception;
  }

  /** Runs a phase for {@code millis} or until its clients have sent {@code maxRequests}, whichever comes first. */
  private Phase.Result run(ServerProcess server, Workload w, Operation op, long millis, long maxRequests)
      throws Exception {
    AtomicLong left = new AtomicLong(maxRequests);
    return Phase.measure(server, w.clients(), 0, millis,
        (client, deadline) -> Phase.timed(deadline, () -> left.getAndDecrement() > 0, i -> op.run(client, i)));
  }

  private void warmUp(ServerProcess server, List<Workload> workloads, Map<Action, Operation> ops) throws Exception {
    System.out.println("warming up for " + warmupSeconds + " s ...");
    long budget = sent.get() + requestBudget / 5;
    long end = System.nanoTime() + warmupSeconds * 1_000_000_000L;
    long slice = Math.max(500, warmupSeconds * 1000L / workloads.size());
    long perSlice = requestBudget / 5 / workloads.size() / 2;
    do {
      for (Workload w : workloads) run(server, w, ops.get(w.action()), slice, perSlice);
    } while (System.nanoTime() < end && sent.get() < budget);
  }

  private String measure(ServerProcess server, List<Workload> workloads, Map<Action, Operation> ops) throws Exception {
    Map<Workload, List<Phase.Result>> results = new LinkedHashMap<>();
    long budgetEnd = requestBudget;
    int phasesLeft = rounds * workloads.size();
    for (int round = 1; round <= rounds; round++) {
      List<Workload> order = new ArrayList<>(workloads);
      if (round % 2 == 0) Collections.reverse(order);
      for (Workload w : order) {
        long share = Math.max(w.clients(), (budgetEnd - sent.get()) / phasesLeft--);
        Phase.Result r = run(server, w, ops.get(w.action()), seconds * 1000L, share);
        results.computeIfAbsent(w, k -> new ArrayList<>()).add(r);
        System.out.printf("round %d %-20s %9.1f ops/s in %.1f s  p50 %6.2f ms  p99 %6.2f ms  server %.3f ms/op  "
            + "client %.3f ms/op  load %.1f→%.1f%n", round, w.name(), r.opsPerSecond(), r.elapsedNanos() / 1e9,
            r.latencyMillis(50), r.latencyMillis(99), r.serverCpuMillisPerOp(), r.clientCpuMillisPerOp(),
            r.loadBefore(), r.loadAfter());
      }
    }
    return KmsReport.render(workloads, results, this);
  }

  // ---- the calls ----

  private static GenerateDataKeyRequest generateDataKey(String keyId) {
    GenerateDataKeyRequest r = new GenerateDataKeyRequest();
    r.setKeyId(keyId);
    r.setNumberOfBytes(32);
    r.setEncryptionContext(CONTEXT);
    return r;
  }

  private static void describeRegions(Client client) throws ClientException {
    DescribeRegionsResponse r = client.call(new DescribeRegionsRequest());
    if (r.getRegions() == null || r.getRegions().isEmpty()) throw new IllegalStateException("DescribeRegions: no regions");
  }

  private static void generateDataKey(Client client, String keyId) throws ClientException {
    GenerateDataKeyResponse r = client.call(generateDataKey(keyId));
    if (r.getPlaintext() == null || Base64.getDecoder().decode(r.getPlaintext()).length != 32
        || r.getCiphertextBlob() == null || r.getCiphertextBlob().isEmpty()) {
      throw new IllegalStateException("GenerateDataKey: no 32-byte key and blob in the answer");
    }
  }

  /** Decrypts a blob made by GenerateDataKey and checks it gives back that call's plaintext. */
  private static void decrypt(Client client, GenerateDataKeyResponse dataKey) throws ClientException {
    DecryptRequest r = new DecryptRequest();
    r.setCiphertextBlob(dataKey.getCiphertextBlob());
    r.setEncryptionContext(CONTEXT);
    DecryptResponse d = client.call(r);
    if (!dataKey.getPlaintext().equals(d.getPlaintext())) {
      throw new IllegalStateException("Decrypt did not return GenerateDataKey's plaintext");
    }
  }

  /**
   * The SDK client pointed at Coffer: every KMS request class forces HTTPS and a real endpoint in
   * its constructor, so each request gets the loopback endpoint and HTTP before it is sent.
   */
  private final class Client {
    private final DefaultAcsClient sdk;
    private final String endpoint;

    Client(DefaultAcsClient sdk, String endpoint) {
      this.sdk = sdk;
      this.endpoint = endpoint;
    }

    <T extends AcsResponse> T call(AcsRequest<T> request) throws ClientException {
      request.setSysEndpoint(endpoint);
      request.setSysProtocol(ProtocolType.HTTP);
      sent.incrementAndGet();
      try {
        return sdk.getAcsResponse(request);
      } catch (ClientException e) {
        throw new IllegalStateException(request.getSysActionName() + " failed: " + e.getErrCode() + ": "
            + e.getErrMsg() + ("Throttling".equals(e.getErrCode())
                ? " (the server's signature-nonce store is full: fewer or shorter phases)" : ""), e);
      }
    }
  }
}
