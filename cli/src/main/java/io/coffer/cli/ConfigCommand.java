package io.coffer.cli;

import io.coffer.cli.client.ConfigFile;
import io.coffer.cli.client.UsageFailure;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code coffer config}: writes ossutil's configuration file (mode 0600), keeping values not given. */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Write the configuration file other commands read (ossutil's format, mode 0600).")
public final class ConfigCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-c", "--config-file"}, description = "File to write (default: ~/.ossutilconfig).")
  Path configFile;

  @Option(names = {"-e", "--endpoint"}, description = "OSS endpoint, e.g. http://127.0.0.1:9000.")
  String endpoint;

  @Option(names = {"-i", "--access-key-id"}, description = "AccessKey ID.")
  String accessKeyId;

  @Option(names = {"-k", "--access-key-secret"}, description = "AccessKey secret.")
  String accessKeySecret;

  @Option(names = "--rpc-endpoint", description = "KMS/RAM (RPC) endpoint, e.g. http://127.0.0.1:9002.")
  String rpcEndpoint;

  @Option(names = "--region", description = "Region id, e.g. cn-hangzhou.")
  String region;

  @Override
  public Integer call() throws Exception {
    Path file = configFile != null ? configFile : ConfigFile.defaultPath();
    Map<String, String> old = ConfigFile.read(file);
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("endpoint", pick(endpoint, old.get("endpoint")));
    entries.put("accessKeyID", pick(accessKeyId, old.get("accesskeyid")));
    entries.put("accessKeySecret", pick(accessKeySecret, old.get("accesskeysecret")));
    entries.put("rpcEndpoint", pick(rpcEndpoint, old.get("rpcendpoint")));
    entries.put("region", pick(region, old.get("region")));
    if (entries.values().stream().allMatch(v -> v == null || v.isEmpty())) {
      throw new UsageFailure("nothing to write: give at least --endpoint, --access-key-id and --access-key-secret");
    }
    ConfigFile.write(file, entries);
    spec.commandLine().getOut().println("Wrote " + file.toAbsolutePath() + " (mode 0600).");
    return 0;
  }

  private static String pick(String given, String old) {
    return given != null ? given : old;
  }
}
