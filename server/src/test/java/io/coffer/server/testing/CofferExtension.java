package io.coffer.server.testing;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.common.auth.Credentials;
import com.aliyun.oss.common.auth.CredentialsProvider;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.aliyun.oss.common.comm.SignVersion;
import com.aliyuncs.auth.SignatureVersion;
import io.coffer.core.config.CofferConfig;
import io.coffer.server.CofferServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real Coffer server in-process on random loopback ports over a fresh data directory, once
 * per test class, and hands out official SDK clients for it: OSS clients for the OSS port, and
 * old POP SDK clients ({@link PopClient}) for the RPC (KMS/RAM) port. Use as a static
 * {@code @RegisterExtension} field.
 */
public final class CofferExtension implements BeforeAllCallback, AfterAllCallback {
  public static final String ACCESS_KEY_ID = "LTAItestrootkey0001";
  public static final String ACCESS_KEY_SECRET = "test-root-secret-0123456789abcdef";
  public static final String REGION = "cn-hangzhou";

  private Path dataDir;
  private CofferServer server;
  private final List<OSS> clients = new ArrayList<>();
  private final MovableClock kmsClock = new MovableClock();
  private final List<PopClient> popClients = new ArrayList<>();

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dataDir = Files.createTempDirectory("coffer-it-");
    start();
  }

  /** Starts (or restarts) the server over the same data directory. */
  public void start() throws Exception {
    CofferConfig config = CofferConfig.defaults().withDataDir(dataDir).withPorts(0, 0, 0);
    server = CofferServer.start(config, Map.of("COFFER_ROOT_ACCESS_KEY_ID", ACCESS_KEY_ID,
        "COFFER_ROOT_ACCESS_KEY_SECRET", ACCESS_KEY_SECRET), kmsClock);
  }

  /** The clock the server's KMS decides key lifetimes by; move it to let days pass. */
  public MovableClock kmsClock() {
    return kmsClock;
  }

  /** Stops the server gracefully, keeping its data. */
  public void stop() {
    for (OSS c : clients) c.shutdown();
    clients.clear();
    for (PopClient c : popClients) c.shutdown();
    popClients.clear();
    if (server != null) server.close();
    server = null;
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    stop();
    deleteTree(dataDir);
  }

  public static void deleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) return;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }

  public CofferServer server() {
    return server;
  }

  public Path dataDir() {
    return dataDir;
  }

  /**
   * The running server's audit log: {@code <data dir>/audit/audit.log}. Events are written by a
   * background thread, so poll for a line rather than read once; after {@link #stop()} every
   * event is in the file.
   */
  public Path auditLog() {
    return server != null ? server.auditLogFile() : dataDir.resolve("audit").resolve("audit.log");
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.ossPort();
  }

  public int rpcPort() {
    return server.rpcPort();
  }

  /** The RPC endpoint as the POP SDK takes it: {@code 127.0.0.1:PORT}, no scheme. */
  public String rpcEndpoint() {
    return "127.0.0.1:" + server.rpcPort();
  }

  /** The RPC endpoint as a URI, for raw requests: {@code http://127.0.0.1:PORT}. */
  public URI rpcUri() {
    return URI.create("http://" + rpcEndpoint());
  }

  /**
   * A POP SDK client signing V1 (HMAC-SHA1, the SDK's default) with the root key:
   * {@code coffer.kms().call(new DescribeKeyRequest())}. The same client serves RAM requests.
   */
  public PopClient kms() {
    return kms(ACCESS_KEY_ID, ACCESS_KEY_SECRET);
  }

  /** A POP SDK client signing V3 (ACS3-HMAC-SHA256) with the root key. */
  public PopClient kmsV3() {
    return kmsV3(ACCESS_KEY_ID, ACCESS_KEY_SECRET);
  }

  /** A V1 POP SDK client with the given key pair (wrong keys included). */
  public PopClient kms(String accessKeyId, String secret) {
    return pop(accessKeyId, secret, SignatureVersion.V1);
  }

  /** A V3 POP SDK client with the given key pair. */
  public PopClient kmsV3(String accessKeyId, String secret) {
    return pop(accessKeyId, secret, SignatureVersion.V3);
  }

  private PopClient pop(String accessKeyId, String secret, SignatureVersion version) {
    PopClient c = new PopClient(rpcEndpoint(), REGION, accessKeyId, secret, version);
    popClients.add(c);
    return c;
  }

  /** A V1-signing SDK client with the root key (CRC checks on, as by default). */
  public OSS client() {
    return track(new OSSClientBuilder().build(endpoint(), ACCESS_KEY_ID, ACCESS_KEY_SECRET, config()));
  }

  /** A V4-signing SDK client with the root key. */
  public OSS clientV4() {
    ClientBuilderConfiguration conf = config();
    conf.setSignatureVersion(SignVersion.V4);
    return track(OSSClientBuilder.create().endpoint(endpoint())
        .credentialsProvider(new DefaultCredentialProvider(ACCESS_KEY_ID, ACCESS_KEY_SECRET))
        .clientConfiguration(conf).region(REGION).build());
  }

  /** An SDK client with the given key pair (wrong keys included). */
  public OSS client(String accessKeyId, String secret) {
    return track(new OSSClientBuilder().build(endpoint(), accessKeyId, secret, config()));
  }

  /**
   * An SDK client that signs nothing. The SDK's own credential classes refuse empty keys, but its
   * signer skips requests whose credentials are empty, so an empty provider gives anonymous calls.
   */
  public OSS anonymousClient() {
    return track(OSSClientBuilder.create().endpoint(endpoint()).credentialsProvider(new AnonymousCredentials())
        .clientConfiguration(config()).build());
  }

  private static final class AnonymousCredentials implements CredentialsProvider, Credentials {
    @Override public void setCredentials(Credentials creds) {}
    @Override public Credentials getCredentials() { return this; }
    @Override public String getAccessKeyId() { return ""; }
    @Override public String getSecretAccessKey() { return ""; }
    @Override public String getSecurityToken() { return null; }
    @Override public boolean useSecurityToken() { return false; }
  }

  private static ClientBuilderConfiguration config() {
    ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
    conf.setMaxErrorRetry(0);
    conf.setRequestTimeoutEnabled(true);
    conf.setConnectionTimeout(5_000);
    conf.setSocketTimeout(60_000);
    return conf;
  }

  private OSS track(OSS c) {
    clients.add(c);
    return c;
  }
}
