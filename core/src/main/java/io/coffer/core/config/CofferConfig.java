package io.coffer.core.config;

import java.nio.file.Path;

/**
 * Everything a Coffer server is configured with, loaded once and validated here. Defaults live in
 * {@link #defaults()}.
 *
 * @param dataDir where the database, blobs and keys live
 * @param address the address every listener binds to
 * @param ossPort the OSS REST API port (0 picks a free port)
 * @param consolePort the console, {@code /health} and {@code /metrics} port (0 picks a free port)
 * @param rpcPort the KMS / RAM RPC API port (0 picks a free port)
 * @param region the region id this server answers for, e.g. {@code cn-hangzhou}
 * @param maxRequestHeaderBytes the largest request header block accepted (OSS allows 8 KB of user
 *     metadata on top of the signature headers)
 * @param crypto the key hierarchy: root key location and master key rotation
 * @param audit the audit log's location and rotation
 */
public record CofferConfig(Path dataDir, String address, int ossPort, int consolePort, int rpcPort, String region,
    int maxRequestHeaderBytes, CryptoConfig crypto, AuditConfig audit) {

  public CofferConfig(Path dataDir, String address, int ossPort, int consolePort, int rpcPort, String region,
      int maxRequestHeaderBytes) {
    this(dataDir, address, ossPort, consolePort, rpcPort, region, maxRequestHeaderBytes, CryptoConfig.defaults());
  }

  public CofferConfig(Path dataDir, String address, int ossPort, int consolePort, int rpcPort, String region,
      int maxRequestHeaderBytes, CryptoConfig crypto) {
    this(dataDir, address, ossPort, consolePort, rpcPort, region, maxRequestHeaderBytes, crypto, AuditConfig.defaults());
  }

  public CofferConfig {
    if (dataDir == null) throw new IllegalArgumentException("dataDir is required");
    if (address == null || address.isBlank()) throw new IllegalArgumentException("address is required");
    for (int p : new int[] {ossPort, consolePort, rpcPort}) {
      if (p < 0 || p > 65535) throw new IllegalArgumentException("port out of range: " + p);
    }
    if (region == null || !region.matches("[a-z0-9-]{1,64}")) {
      throw new IllegalArgumentException("region must be an id like cn-hangzhou");
    }
    if (region.startsWith("oss-")) region = region.substring(4);
    if (maxRequestHeaderBytes < 16 * 1024) throw new IllegalArgumentException("maxRequestHeaderBytes below 16 KiB");
    if (crypto == null) crypto = CryptoConfig.defaults();
    if (audit == null) audit = AuditConfig.defaults();
  }

  public static CofferConfig defaults() {
    return new CofferConfig(Path.of("coffer-data"), "127.0.0.1", 9000, 9001, 9002, "cn-hangzhou", 64 * 1024);
  }

  public CofferConfig withDataDir(Path d) {
    return new CofferConfig(d, address, ossPort, consolePort, rpcPort, region, maxRequestHeaderBytes, crypto, audit);
  }

  public CofferConfig withPorts(int oss, int console, int rpc) {
    return new CofferConfig(dataDir, address, oss, console, rpc, region, maxRequestHeaderBytes, crypto, audit);
  }

  public CofferConfig withCrypto(CryptoConfig c) {
    return new CofferConfig(dataDir, address, ossPort, consolePort, rpcPort, region, maxRequestHeaderBytes, c, audit);
  }

  public CofferConfig withAudit(AuditConfig a) {
    return new CofferConfig(dataDir, address, ossPort, consolePort, rpcPort, region, maxRequestHeaderBytes, crypto, a);
  }

  /** The live audit log file: the configured one, or {@code <data-dir>/audit/audit.log}. */
  public Path auditLogFile() {
    return audit.file() != null ? audit.file() : dataDir.resolve("audit").resolve("audit.log");
  }

  @Override
  public String toString() {
    return "CofferConfig[dataDir=" + dataDir + ", address=" + address + ", ossPort=" + ossPort + ", consolePort="
        + consolePort + ", rpcPort=" + rpcPort + ", region=" + region + ", maxRequestHeaderBytes="
        + maxRequestHeaderBytes + ", crypto=" + crypto + ", audit=" + audit + "]";
  }
}
