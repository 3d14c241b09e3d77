package io.coffer.cli.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The connection options every client command takes, spelled as ossutil spells them; a flag wins
 * over the config file ({@code -c}, default {@code ~/.ossutilconfig}).
 */
public final class ClientOptions {
  @Option(names = {"-c", "--config-file"}, description = "Configuration file (default: ~/.ossutilconfig).")
  Path configFile;

  @Option(names = {"-e", "--endpoint"}, description = "OSS endpoint, e.g. http://127.0.0.1:9000.")
  String endpoint;

  @Option(names = {"-i", "--access-key-id"}, description = "AccessKey ID.")
  String accessKeyId;

  @Option(names = {"-k", "--access-key-secret"}, description = "AccessKey secret.")
  String accessKeySecret;

  @Option(names = "--rpc-endpoint", description = "KMS/RAM (RPC) endpoint, e.g. http://127.0.0.1:9002.")
  String rpcEndpoint;

  @Option(names = "--region", description = "Region id (default: cn-hangzhou, or the config file's).")
  String region;

  /** The settings after merging flags over the config file. */
  public record Resolved(String endpoint, String accessKeyId, String accessKeySecret, String rpcEndpoint,
      String region) {
    @Override
    public String toString() {
      return "Resolved[endpoint=" + endpoint + ", accessKeyId=" + accessKeyId + ", rpcEndpoint=" + rpcEndpoint
          + ", region=" + region + ", secret=<redacted>]";
    }
  }

  public Path configPath() {
    return configFile != null ? configFile : ConfigFile.defaultPath();
  }

  /**
   * For OSS commands: the endpoint and the access key must be found in flags or config.
   *
   * @throws UsageFailure when they cannot be
   */
  public Resolved resolve() throws IOException {
    return resolve(true);
  }

  /** For KMS and RAM commands, which need the RPC endpoint (checked by Clients.rpc), not the OSS one. */
  public Resolved resolveForRpc() throws IOException {
    return resolve(false);
  }

  private Resolved resolve(boolean needsOssEndpoint) throws IOException {
    Map<String, String> cfg = ConfigFile.read(configPath());
    String ep = first(endpoint, cfg.get("endpoint"));
    String id = first(accessKeyId, cfg.get("accesskeyid"));
    String secret = first(accessKeySecret, cfg.get("accesskeysecret"));
    String rpc = first(rpcEndpoint, cfg.get("rpcendpoint"));
    String rg = first(region, cfg.get("region"), "cn-hangzhou");
    if (needsOssEndpoint && ep == null) {
      throw new UsageFailure("no endpoint: pass --endpoint or run `coffer config` (config file " + configPath() + ")");
    }
    if (id == null || secret == null) {
      throw new UsageFailure("no access key: pass --access-key-id and --access-key-secret or run `coffer config`"
          + " (config file " + configPath() + ")");
    }
    return new Resolved(ep, id, secret, rpc, rg);
  }

  private static String first(String... values) {
    for (String v : values) if (v != null && !v.isEmpty()) return v;
    return null;
  }
}
