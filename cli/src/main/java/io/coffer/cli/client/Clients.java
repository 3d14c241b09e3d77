package io.coffer.cli.client;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.aliyun.oss.common.comm.SignVersion;
import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import java.net.URI;

/** The official SDK clients a command talks through, built from resolved options. */
public final class Clients {
  private Clients() {}

  /** An OSS client (Signature V4, path-style friendly for IP endpoints). Close with shutdown(). */
  public static OSS oss(ClientOptions.Resolved o) {
    if (o.endpoint() == null) {
      throw new UsageFailure("no endpoint: pass --endpoint or run `coffer config --endpoint ...`");
    }
    ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
    conf.setSignatureVersion(SignVersion.V4);
    conf.setSupportCname(false);
    conf.setMaxErrorRetry(2);
    return OSSClientBuilder.create().endpoint(withScheme(o.endpoint()))
        .credentialsProvider(new DefaultCredentialProvider(o.accessKeyId(), o.accessKeySecret()))
        .clientConfiguration(conf).region(o.region()).build();
  }

  /** Runs KMS and RAM requests against the RPC endpoint with the old POP SDK (V1 signatures). */
  public static final class Rpc implements AutoCloseable {
    private final DefaultAcsClient client;
    private final String hostPort;
    private final ProtocolType protocol;

    Rpc(DefaultAcsClient client, String hostPort, ProtocolType protocol) {
      this.client = client;
      this.hostPort = hostPort;
      this.protocol = protocol;
    }

    /** Every KMS and RAM request class defaults to HTTPS and a public endpoint; point it here. */
    public <T extends AcsResponse> T call(AcsRequest<T> request) throws ClientException {
      request.setSysEndpoint(hostPort);
      request.setSysProtocol(protocol);
      return client.getAcsResponse(request);
    }

    @Override
    public void close() {
      client.shutdown();
    }
  }

  public static Rpc rpc(ClientOptions.Resolved o) {
    if (o.rpcEndpoint() == null) {
      throw new UsageFailure("no KMS/RAM endpoint: pass --rpc-endpoint or run `coffer config --rpc-endpoint ...`");
    }
    URI u = URI.create(withScheme(o.rpcEndpoint()));
    if (u.getHost() == null) throw new UsageFailure("not an endpoint: " + o.rpcEndpoint());
    String hostPort = u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
    DefaultProfile profile = DefaultProfile.getProfile(o.region(), o.accessKeyId(), o.accessKeySecret());
    DefaultAcsClient client = new DefaultAcsClient(profile);
    return new Rpc(client, hostPort, "https".equalsIgnoreCase(u.getScheme()) ? ProtocolType.HTTPS : ProtocolType.HTTP);
  }

  static String withScheme(String endpoint) {
    return endpoint.contains("://") ? endpoint : "http://" + endpoint;
  }
}
