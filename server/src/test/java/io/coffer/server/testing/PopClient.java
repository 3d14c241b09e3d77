package io.coffer.server.testing;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.auth.SignatureVersion;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;

/**
 * The official old POP SDK ({@code aliyun-java-sdk-core} + {@code -kms}/{@code -ram}) pointed at
 * Coffer's RPC port. Every KMS and RAM request class forces HTTPS and a real endpoint in its
 * constructor, so {@link #call} sets both on each request before sending it (kms-ram-api.md §5.2.A).
 * Retries are off: a test sees the first answer. Get one from {@link CofferExtension#kms()}.
 */
public final class PopClient {
  private final DefaultAcsClient client;
  private final String endpoint;

  PopClient(String endpoint, String region, String accessKeyId, String secret, SignatureVersion signatureVersion) {
    this.endpoint = endpoint;
    this.client = new DefaultAcsClient(DefaultProfile.getProfile(region, accessKeyId, secret));
    client.setAutoRetry(false);
    client.setMaxRetryNumber(0);
    client.setSignatureVersion(signatureVersion);
  }

  /**
   * Sends {@code request} to Coffer over HTTP and returns the parsed response.
   *
   * @throws ClientException for a 4xx answer ({@code getErrCode()}, {@code getErrMsg()},
   *     {@code getRequestId()}); {@link com.aliyuncs.exceptions.ServerException}, a subclass, for 5xx
   */
  public <T extends AcsResponse> T call(AcsRequest<T> request) throws ClientException {
    request.setSysEndpoint(endpoint);
    request.setSysProtocol(ProtocolType.HTTP);
    return client.getAcsResponse(request);
  }

  /** The underlying SDK client, for what {@link #call} does not cover (CommonRequest, ...). */
  public DefaultAcsClient sdk() {
    return client;
  }

  void shutdown() {
    client.shutdown();
  }
}
