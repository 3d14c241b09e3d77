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
   * The endpoints are checked where they are used (OSS commands need {@code endpoint}, KMS and RAM
   * commands {@code rpcEndpoint}).
   *
   * @throws UsageFailure when the access key cannot be found in flags or config
   */
  public Resolved resolve() throws IOException {
    Map<String, String> cfg = ConfigFile.read(configPath());
    String ep = first(endpoint, cfg.get("endpoint"));
    String id = first(accessKeyId, cfg.get("accesskeyid"));
    String secret = first(accessKeySecret, cfg.get("accesskeysecret"));
    String rpc = first(rpcEndpoint, cfg.get("rpcendpoint"));
    String rg = first(region, cfg.get("region"), "cn-hangzhou");
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
