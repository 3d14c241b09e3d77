package io.coffer.cli.testing;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyuncs.kms.model.v20160120.CreateKeyRequest;
import io.coffer.cli.client.ClientOptions;
import io.coffer.cli.client.Clients;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/** Setting the scene for client-command tests with the official SDKs, not with the commands under test. */
public final class OssFixtures implements AutoCloseable {
  private final CliServer server;
  private final OSS oss;

  public OssFixtures(CliServer server) {
    this.server = server;
    this.oss = Clients.oss(resolved());
  }

  private ClientOptions.Resolved resolved() {
    return new ClientOptions.Resolved(server.endpoint(), CliServer.ACCESS_KEY_ID, CliServer.ACCESS_KEY_SECRET,
        server.rpcEndpoint(), "cn-hangzhou");
  }

  public OSS oss() {
    return oss;
  }

  public void put(String bucket, String key, String content) {
    ObjectMetadata m = new ObjectMetadata();
    m.setContentType("text/plain");
    oss.putObject(bucket, key, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), m);
  }

  public String get(String bucket, String key) throws Exception {
    try (var in = oss.getObject(bucket, key).getObjectContent()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A new customer master key in the built-in KMS; returns its id. */
  public String createKey() throws Exception {
    try (Clients.Rpc rpc = Clients.rpc(resolved())) {
      return rpc.call(new CreateKeyRequest()).getKeyMetadata().getKeyId();
    }
  }

  @Override
  public void close() {
    oss.shutdown();
  }
}
