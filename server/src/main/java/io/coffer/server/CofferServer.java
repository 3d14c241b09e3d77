package io.coffer.server;

import io.coffer.core.audit.AuditLogReader;
import io.coffer.core.audit.FileAuditLog;
import io.coffer.core.bucket.BucketService;
import io.coffer.core.config.CofferConfig;
import io.coffer.core.iam.Authorizer;
import io.coffer.core.iam.ram.RamCredentials;
import io.coffer.core.iam.ram.RamService;
import io.coffer.core.iam.StoredPolicies;
import io.coffer.core.model.BlobId;
import io.coffer.core.multipart.MultipartService;
import io.coffer.core.object.ObjectData;
import io.coffer.core.object.ObjectService;
import io.coffer.core.storage.BlobStore;
import io.coffer.core.storage.MetadataStore;
import io.coffer.core.storage.file.FileBlobStore;
import io.coffer.core.storage.sqlite.SqliteMetadataStore;
import io.coffer.server.console.BucketApi;
import io.coffer.server.console.AuditApi;
import io.coffer.server.console.ConsoleApi;
import io.coffer.server.console.ConsoleErrorHandler;
import io.coffer.server.console.ConsoleHandler;
import io.coffer.server.console.ConsoleRoutes;
import io.coffer.server.console.ConsoleSessions;
import io.coffer.server.console.KmsApi;
import io.coffer.server.console.RamApi;
import io.coffer.server.console.ObjectApi;
import io.coffer.server.console.SessionApi;
import io.coffer.core.crypto.CryptoWarmup;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.coffer.core.sse.KeyHierarchy;
import io.coffer.core.sse.SseService;
import io.coffer.core.kms.KmsService;
import io.coffer.server.oss.BucketEncryptionHandlers;
import io.coffer.server.oss.BucketHandlers;
import io.coffer.server.oss.BucketPolicyHandlers;
import io.coffer.server.oss.ListingHandlers;
import io.coffer.server.oss.MultipartHandlers;
import io.coffer.server.oss.ObjectHandlers;
import io.coffer.server.oss.OssErrorHandler;
import io.coffer.server.oss.OssHandler;
import io.coffer.server.oss.OssRoutes;
import io.coffer.server.oss.PostObjectHandler;
import io.coffer.server.oss.ServiceHandlers;
import io.coffer.server.oss.auth.OssAuthenticator;
import io.coffer.server.rpc.RpcAuthenticator;
import io.coffer.server.rpc.RpcErrorHandler;
import io.coffer.server.rpc.RpcHandler;
import io.coffer.server.rpc.RpcRoutes;
import io.coffer.server.rpc.kms.AliasActions;
import io.coffer.server.rpc.kms.CryptoActions;
import io.coffer.server.rpc.kms.ImportActions;
import io.coffer.server.rpc.kms.KeyActions;
import io.coffer.server.rpc.kms.RegionActions;
import io.coffer.server.rpc.kms.VersionActions;
import io.coffer.server.rpc.ram.AccessKeyActions;
import io.coffer.server.rpc.ram.AttachmentActions;
import io.coffer.server.rpc.ram.PolicyActions;
import io.coffer.server.rpc.ram.UserActions;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds stores, services and the three listeners from one
 * {@link CofferConfig}, and owns their lifetimes. {@link #close()} drains in-flight requests, then
 * closes the database and releases the data directory.
 */
public final class CofferServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CofferServer.class);
  private static final long DRAIN_MILLIS = 30_000;
  /** How often a running server looks for master key versions added by {@code coffer admin}. */
  public static final int KEY_REFRESH_SECONDS = 10;
  static final int KMS_MAINTENANCE_SECONDS = 60;
  /** Enough AES-GCM for C2 to compile the intrinsic path; bounded so a slow machine still starts. */
  private static final int WARMUP_MEBIBYTES = 96;
  private static final long WARMUP_MAX_MILLIS = 3_000;

  private final CofferConfig config;
  private final DataDirLock lock;
  private final MetadataStore metadata;
  private final BlobStore blobs;
  private final RootCredentials.Loaded root;
  private final Server jetty;
  private final ServerConnector ossConnector;
  private final ServerConnector consoleConnector;
  private final ServerConnector rpcConnector;
  private final KeyHierarchy keys;
  private final KmsService kms;
  private final RamService ram;
  private final PrometheusMeterRegistry metrics;
  private final ObjectData objectData;
  private final FileAuditLog audit;
  private ScheduledExecutorService housekeeping;
  private final AtomicBoolean ready = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  private CofferServer(CofferConfig config, Map<String, String> env, Clock kmsClock) throws IOException {
    this.config = config;
    Files.createDirectories(config.dataDir());
    this.lock = DataDirLock.acquire(config.dataDir());
    boolean ok = false;
    MetadataStore md = null;
    BlobStore bs = null;
    KeyHierarchy kh = null;
    RootCredentials.Loaded credentials = null;
    FileAuditLog al = null;
    try {
      SecureRandom random = new SecureRandom();
      Clock clock = Clock.systemUTC();
      SqliteMetadataStore sqlite = new SqliteMetadataStore(config.dataDir().resolve("coffer.db"));
      md = sqlite;
      bs = new FileBlobStore(config.dataDir(), random);
      this.metadata = md;
      this.blobs = bs;
      kh = KeyHierarchy.open(config.dataDir(), config.crypto(), sqlite.keyRecords(), clock, random);
      this.keys = kh;
      // After the key hierarchy: a start refused for a missing or wrong root key must not leave a
      // generated access key behind that was never shown.
      credentials = RootCredentials.loadOrCreate(config.dataDir(), env, random);
      this.root = credentials;
      sweepOrphans();
      al = FileAuditLog.open(config.auditLogFile(), config.audit().maxBytes(), config.audit().files());
      this.audit = al;
      CryptoWarmup.run(random, WARMUP_MEBIBYTES, WARMUP_MAX_MILLIS);

      Authorizer authorizer = new Authorizer();
      BucketService buckets = new BucketService(metadata, authorizer, clock, config.region());
      this.kms = new KmsService(sqlite.kms(), keys.root(), authorizer, kmsClock, random, config.region());
      // Both dialects authenticate through it: the root key and RAM users' keys (unwrapped by the root key).
      RamCredentials credentialStore = new RamCredentials(sqlite.ram(), keys.root(), root.key());
      this.ram = new RamService(sqlite.ram(), keys.root(), authorizer, credentialStore, clock, random);
      authorizer.policies(new StoredPolicies(ram::attachedPolicyDocuments, buckets::policyDocument));
      SseService sse = new SseService(keys.masterKeys(), random, kms.crypto());
      ObjectData data = new ObjectData(blobs, random);
      this.objectData = data;
      ObjectService objects = new ObjectService(metadata, data, buckets, authorizer, sse, clock);
      MultipartService multipart = new MultipartService(metadata, data, buckets, authorizer, objects, sse, clock,
          random);
      this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "coffer-housekeeping");
        t.setDaemon(true);
        return t;
      });
      // A cheap query: a running server adopts a version an admin command added within seconds.
      housekeeping.scheduleWithFixedDelay(this::keyMaintenance, KEY_REFRESH_SECONDS, KEY_REFRESH_SECONDS,
          TimeUnit.SECONDS);
      housekeeping.scheduleWithFixedDelay(this::kmsMaintenance, KMS_MAINTENANCE_SECONDS, KMS_MAINTENANCE_SECONDS,
          TimeUnit.SECONDS);

      OssRoutes routes = new OssRoutes();
      new ServiceHandlers(buckets).register(routes);
      new BucketHandlers(buckets).register(routes);
      new BucketEncryptionHandlers(buckets).register(routes);
      new BucketPolicyHandlers(buckets).register(routes);
      new ListingHandlers(objects).register(routes);
      new ObjectHandlers(objects).register(routes);
      new MultipartHandlers(multipart).register(routes);
      OssAuthenticator authenticator = new OssAuthenticator(credentialStore, clock, config.region());
      new PostObjectHandler(objects, authenticator, clock).register(routes);

      QueuedThreadPool threads = new QueuedThreadPool();
      threads.setName("coffer-http");
      threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("coffer-req-", 0).factory()));
      this.jetty = new Server(threads);
      this.ossConnector = connector(config.ossPort(), "oss");
      this.consoleConnector = connector(config.consolePort(), "console");
      this.rpcConnector = connector(config.rpcPort(), "rpc");
      jetty.setConnectors(new Connector[] {ossConnector, consoleConnector, rpcConnector});
      Handler oss = new OssHandler(routes, authenticator, audit, clock);
      this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new JvmMemoryMetrics().bindTo(metrics);
      new JvmThreadMetrics().bindTo(metrics);
      new ProcessorMetrics().bindTo(metrics);
      FunctionCounter.builder("coffer.integrity.failures", data, ObjectData::integrityFailures)
          .description("Reads of sealed object data that failed authentication (tampered or damaged blobs)")
          .register(metrics);
      FunctionCounter.builder("coffer.audit.lost", audit, FileAuditLog::lost)
          .description("Audit events that could not be written to the audit log (I/O failures)")
          .register(metrics);
      // Console sessions expire by the same clock as KMS lifetimes, so tests can let time pass;
      // audit events are stamped by the system clock like every other dialect's.
      ConsoleRoutes consoleRoutes = new ConsoleRoutes();
      ConsoleSessions sessions = new ConsoleSessions(kmsClock, random);
      new SessionApi(sessions, credentialStore, audit, kmsClock, clock).register(consoleRoutes);
      new BucketApi(buckets, kms).register(consoleRoutes);
      new KmsApi(kms).register(consoleRoutes);
      new RamApi(ram).register(consoleRoutes);
      new AuditApi(new AuditLogReader(audit.file())).register(consoleRoutes);
      new ObjectApi(objects, multipart).register(consoleRoutes);
      Handler console = new ConsoleHandler(ready::get, metrics::scrape,
          new ConsoleApi(consoleRoutes, sessions, credentialStore, audit, clock));
      RpcRoutes rpcRoutes = new RpcRoutes();
      new RegionActions().register(rpcRoutes);
      new KeyActions(kms).register(rpcRoutes);
      new AliasActions(kms).register(rpcRoutes);
      new VersionActions(kms).register(rpcRoutes);
      new CryptoActions(kms.crypto()).register(rpcRoutes);
      new ImportActions(kms.imports()).register(rpcRoutes);
      new UserActions(ram).register(rpcRoutes);
      new AccessKeyActions(ram).register(rpcRoutes);
      new PolicyActions(ram).register(rpcRoutes);
      new AttachmentActions(ram).register(rpcRoutes);
      Handler rpc = new RpcHandler(rpcRoutes, new RpcAuthenticator(credentialStore, clock), config.region(), audit,
          clock);
      Handler byPort = new Handler.Abstract() {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
          ConnectionMetaData meta = request.getConnectionMetaData();
          Connector c = meta.getConnector();
          Handler h = c == ossConnector ? oss : c == consoleConnector ? console : rpc;
          return h.handle(request, response, callback);
        }
      };
      GracefulHandler graceful = new GracefulHandler();
      graceful.setHandler(byPort);
      jetty.setHandler(graceful);
      ErrorHandler ossErrors = new OssErrorHandler();
      ErrorHandler rpcErrors = new RpcErrorHandler();
      ErrorHandler consoleErrors = new ConsoleErrorHandler();
      jetty.setErrorHandler(new ErrorHandler() {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
          Connector c = request.getConnectionMetaData().getConnector();
          return (c == rpcConnector ? rpcErrors : c == consoleConnector ? consoleErrors : ossErrors)
              .handle(request, response, callback);
        }
      });
      jetty.setStopTimeout(DRAIN_MILLIS);
      jetty.setStopAtShutdown(false);
      ok = true;
    } finally {
      if (!ok) {
        if (credentials != null && credentials.created()) {
          Files.deleteIfExists(config.dataDir().resolve(RootCredentials.FILE));
        }
        if (al != null) al.close();
        if (kh != null) kh.close();
        if (md != null) md.close();
        if (bs != null) bs.close();
        lock.close();
      }
    }
  }

  private ServerConnector connector(int port, String name) {
    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(config.maxRequestHeaderBytes());
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setSendDateHeader(true);
    // Keys may hold %2F, //, %25 and ../ segments; Coffer decodes the raw path itself.
    http.setUriCompliance(UriCompliance.UNSAFE);
    ServerConnector c = new ServerConnector(jetty, new HttpConnectionFactory(http));
    c.setHost(config.address());
    c.setPort(port);
    c.setName(name);
    return c;
  }

  /** Builds and starts a server; the environment supplies the first root access key, if set. */
  public static CofferServer start(CofferConfig config, Map<String, String> env) throws Exception {
    return start(config, env, Clock.systemUTC());
  }

  /**
   * As {@link #start(CofferConfig, Map)} with the clock the KMS decides key lifetimes by (deletion
   * windows, material and import-token expiry, rotation) and console sessions expire by, so tests
   * can let days pass. Request
   * signatures are always checked against the system clock.
   */
  public static CofferServer start(CofferConfig config, Map<String, String> env, Clock kmsClock) throws Exception {
    CofferServer s = new CofferServer(config, env, kmsClock);
    try {
      s.jetty.start();
    } catch (Exception e) {
      // A key generated by a start that failed was never shown; the next start makes and shows a new one.
      if (s.root.created()) Files.deleteIfExists(config.dataDir().resolve(RootCredentials.FILE));
      s.close();
      throw e;
    }
    s.ready.set(true);
    log.info("Coffer is up: OSS on {}:{}, console on {}:{}, RPC on {}:{}, region {}, data in {}", config.address(),
        s.ossPort(), config.address(), s.consolePort(), config.address(), s.rpcPort(), config.region(),
        config.dataDir().toAbsolutePath());
    return s;
  }

  /** Picks up master key versions an admin command added, and rotates on schedule. */
  private void keyMaintenance() {
    try {
      keys.masterKeys().refresh();
      int days = config.crypto().masterKeyRotationDays();
      if (days > 0) keys.masterKeys().rotateIfOlderThan(java.time.Duration.ofDays(days));
    } catch (RuntimeException e) {
      log.warn("master key maintenance failed; will retry", e);
    }
  }

  /** Destroys KMS keys whose deletion window ended, expires imported material, rotates due keys. */
  private void kmsMaintenance() {
    try {
      KmsService.MaintenanceResult r = kms.maintain();
      if (r.destroyed() + r.materialExpired() + r.rotated() > 0) {
        log.info("KMS maintenance: {} keys destroyed, {} imported materials expired, {} keys rotated", r.destroyed(),
            r.materialExpired(), r.rotated());
      }
    } catch (RuntimeException e) {
      log.warn("KMS maintenance failed; will retry", e);
    }
  }

  /** The built-in KMS (tests run its maintenance on demand). */
  public KmsService kms() {
    return kms;
  }

  /** RAM: users, access keys, policies. */
  public RamService ram() {
    return ram;
  }

  /** Integrity failures seen by reads of sealed data since start. */
  public long integrityFailures() {
    return objectData.integrityFailures();
  }

  /** The SSE-OSS master key versions held, ascending. */
  public java.util.List<Integer> masterKeyVersions() {
    return keys.masterKeys().versions();
  }

  /** Removes blobs no metadata refers to: leftovers of writes a crash interrupted. */
  private void sweepOrphans() throws IOException {
    blobs.clearTemporary();
    Set<BlobId> referenced = new HashSet<>();
    metadata.forEachReferencedBlob(referenced::add);
    List<BlobId> orphans = new java.util.ArrayList<>();
    blobs.forEach(id -> {
      if (!referenced.contains(id)) orphans.add(id);
    });
    for (BlobId id : orphans) blobs.delete(id);
    if (!orphans.isEmpty()) log.info("removed {} orphan blob(s) left by an interrupted write", orphans.size());
  }

  public int ossPort() {
    return ossConnector.getLocalPort();
  }

  public int consolePort() {
    return consoleConnector.getLocalPort();
  }

  public int rpcPort() {
    return rpcConnector.getLocalPort();
  }

  public CofferConfig config() {
    return config;
  }

  /** The live audit log file. */
  public java.nio.file.Path auditLogFile() {
    return audit.file();
  }

  /** Audit events that could not be written since start. */
  public long auditEventsLost() {
    return audit.lost();
  }

  /** The root account's access key id and secret. */
  public io.coffer.core.iam.AccessKey rootKey() {
    return root.key();
  }

  public boolean rootKeyCreated() {
    return root.created();
  }

  /** True when this start generated the root key's secret (rather than taking it from the environment). */
  public boolean rootKeyGenerated() {
    return root.generated();
  }

  /** Stops accepting, drains in-flight requests (up to 30 s), closes the database, releases the directory. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    ready.set(false);
    try {
      if (jetty != null) jetty.stop();
    } catch (Exception e) {
      log.warn("stopping the listeners failed", e);
    }
    if (housekeeping != null) housekeeping.shutdownNow();
    // After the listeners drained: every answered request's event is queued, and close writes them.
    if (audit != null) audit.close();
    if (keys != null) keys.close();
    if (metadata != null) metadata.close();
    if (blobs != null) blobs.close();
    try {
      lock.close();
    } catch (IOException e) {
      log.warn("releasing the data directory lock failed", e);
    }
    log.info("Coffer stopped");
  }
}
