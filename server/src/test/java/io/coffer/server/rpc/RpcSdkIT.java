package io.coffer.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.kms.model.v20160120.DescribeRegionsRequest;
import com.aliyuncs.kms.model.v20160120.DescribeRegionsResponse;
import io.coffer.server.testing.CofferExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The RPC port driven by the official old POP SDK (aliyun-java-sdk-core 4.7.10 + -kms 2.16.6). */
class RpcSdkIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();

  private static void assertClientError(Throwable t, String code) {
    assertThat(t).isInstanceOfSatisfying(ClientException.class, e -> {
      assertThat(e).isNotInstanceOf(ServerException.class);
      assertThat(e.getErrCode()).as(e.getErrMsg()).isEqualTo(code);
      assertThat(e.getRequestId()).matches("[0-9A-F-]{36}");
    });
  }

  @Test
  void describeRegions_signatureV1_answersTheConfiguredRegion() throws Exception {
    DescribeRegionsResponse r = coffer.kms().call(new DescribeRegionsRequest());
    assertThat(r.getRequestId()).matches("[0-9A-F-]{36}");
    assertThat(r.getRegions()).extracting(DescribeRegionsResponse.Region::getRegionId)
        .containsExactly(CofferExtension.REGION);
  }

  @Test
  void describeRegions_signatureV3_answersTheConfiguredRegion() throws Exception {
    DescribeRegionsResponse r = coffer.kmsV3().call(new DescribeRegionsRequest());
    assertThat(r.getRequestId()).matches("[0-9A-F-]{36}");
    assertThat(r.getRegions()).extracting(DescribeRegionsResponse.Region::getRegionId)
        .containsExactly(CofferExtension.REGION);
  }

  @Test
  void describeRegions_repeated_eachGetsItsOwnRequestId() throws Exception {
    String first = coffer.kms().call(new DescribeRegionsRequest()).getRequestId();
    String second = coffer.kms().call(new DescribeRegionsRequest()).getRequestId();
    assertThat(first).isNotEqualTo(second);
  }

  /**
   * The SDK reads the server's string to sign out of a SignatureDoesNotMatch message and, when it
   * equals its own, reports the secret as wrong: so this code proves both the refusal and that
   * Coffer canonicalizes exactly as the SDK does.
   */
  @Test
  void wrongSecret_v1_isSignatureDoesNotMatchWithTheSdksOwnStringToSign() {
    assertClientError(catchCall(() -> coffer.kms(CofferExtension.ACCESS_KEY_ID, "wrong-secret")
        .call(new DescribeRegionsRequest())), "SDK.InvalidAccessKeySecret");
  }

  @Test
  void wrongSecret_v3_isSignatureDoesNotMatch() {
    assertClientError(catchCall(() -> coffer.kmsV3(CofferExtension.ACCESS_KEY_ID, "wrong-secret")
        .call(new DescribeRegionsRequest())), "SignatureDoesNotMatch");
  }

  @Test
  void unknownAccessKeyId_isInvalidAccessKeyIdNotFound() {
    assertClientError(catchCall(() -> coffer.kms("LTAInosuchkey000", "whatever").call(new DescribeRegionsRequest())),
        "InvalidAccessKeyId.NotFound");
    assertClientError(catchCall(() -> coffer.kmsV3("LTAInosuchkey000", "whatever").call(new DescribeRegionsRequest())),
        "InvalidAccessKeyId.NotFound");
  }

  private interface Call {
    void run() throws Exception;
  }

  private static Throwable catchCall(Call c) {
    try {
      c.run();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("the call succeeded");
  }
}
