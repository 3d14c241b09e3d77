package io.coffer.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.RawHttp;
import io.coffer.server.testing.RpcRawRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The RPC wire protocol with hand-made requests: what the SDK never sends (replays, stale
 * timestamps, other methods, broken hashes) and what other clients send (form bodies, GET,
 * Action only in headers).
 */
class RpcProtocolIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UUID = "[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}";

  private static JsonNode assertRegions(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json;charset=utf-8");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("RequestId").asText()).matches(UUID);
    assertThat(body.path("Regions").path("Region").findValuesAsText("RegionId")).containsExactly(CofferExtension.REGION);
    return body;
  }

  /** Asserts the error document: status, Code, the five fields, and the JSON content type. */
  private static JsonNode assertError(HttpResponse<String> r, int status, String code) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json;charset=utf-8");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("Code").asText()).isEqualTo(code);
    assertThat(List.of(body.fieldNames().next(), body.size())).containsExactly("RequestId", 5);
    assertThat(body.path("RequestId").asText()).matches(UUID);
    assertThat(r.headers().firstValue("x-acs-request-id")).contains(body.path("RequestId").asText());
    assertThat(body.path("HostId").asText()).isEqualTo(coffer.rpcEndpoint());
    assertThat(body.path("Message").asText()).isNotEmpty();
    assertThat(body.has("Recommend")).isTrue();
    return body;
  }

  @Test
  void postWithQueryParameters_signedV1_succeeds() throws Exception {
    assertRegions(RpcRawRequest.v1("DescribeRegions").send(coffer));
  }

  @Test
  void get_signedV1_succeeds() throws Exception {
    assertRegions(RpcRawRequest.v1("DescribeRegions").method("GET").send(coffer));
  }

  @Test
  void formBody_signedV1_parametersAreRead() throws Exception {
    assertRegions(RpcRawRequest.v1("DescribeRegions").param("Description", "a b+c*~é").inForm().send(coffer));
  }

  @Test
  void formBody_signedV3_actionOnlyInHeaders_succeeds() throws Exception {
    assertRegions(RpcRawRequest.v3("DescribeRegions").param("Description", "a b").inForm().send(coffer));
  }

  @Test
  void emptyValuedParameter_signedWithOrWithoutIt_isAccepted() throws Exception {
    assertRegions(RpcRawRequest.v1("DescribeRegions").param("Description", "").send(coffer));
    assertRegions(RpcRawRequest.v1("DescribeRegions").param("Description", "").teaV1().send(coffer));
  }

  @Test
  void emptyValuedParameter_signedWithoutIt_butTampered_isRefused() throws Exception {
    assertError(RpcRawRequest.v1("DescribeRegions").param("Description", "").teaV1()
        .key(CofferExtension.ACCESS_KEY_ID, "wrong").send(coffer), 400, "SignatureDoesNotMatch");
  }

  @Test
  void replayedNonce_isSignatureNonceUsed() throws Exception {
    HttpRequest once = RpcRawRequest.v1("DescribeRegions").build(coffer.rpcUri());
    assertRegions(RawHttp.send(once));
    assertError(RawHttp.send(once), 400, "SignatureNonceUsed");
  }

  @Test
  void replayedNonce_v3_isSignatureNonceUsed() throws Exception {
    HttpRequest once = RpcRawRequest.v3("DescribeRegions").build(coffer.rpcUri());
    assertRegions(RawHttp.send(once));
    assertError(RawHttp.send(once), 400, "SignatureNonceUsed");
  }

  @Test
  void timestampTwentyMinutesOld_isInvalidTimeStampExpired() throws Exception {
    Instant old = Instant.now().minus(Duration.ofMinutes(20));
    assertError(RpcRawRequest.v1("DescribeRegions").at(old).send(coffer), 400, "InvalidTimeStamp.Expired");
    assertError(RpcRawRequest.v3("DescribeRegions").at(old).send(coffer), 400, "InvalidTimeStamp.Expired");
  }

  @Test
  void unknownVersion_isInvalidVersion() throws Exception {
    assertError(RpcRawRequest.v1("DescribeRegions").version("2099-01-01").send(coffer), 400, "InvalidVersion");
  }

  @Test
  void sharedActionName_isDispatchedOnVersion() throws Exception {
    // CreatePolicy is a RAM action (and a KMS one Coffer does not serve): the Version decides.
    assertError(RpcRawRequest.v1("CreatePolicy").send(coffer), 404, "InvalidAction.NotFound");
    assertError(RpcRawRequest.v1("CreatePolicy").version(RpcRoutes.RAM).param("PolicyName", "p").send(coffer), 400,
        "MissingParameter");
    assertError(RpcRawRequest.v1("CreateGroup").version(RpcRoutes.RAM).send(coffer), 404, "InvalidAction.NotFound");
  }

  @Test
  void unknownAction_isInvalidActionNotFound404() throws Exception {
    assertError(RpcRawRequest.v1("NoSuchThing").send(coffer), 404, "InvalidAction.NotFound");
  }

  @Test
  void actionNamesAreCaseSensitive() throws Exception {
    assertError(RpcRawRequest.v1("describeregions").send(coffer), 404, "InvalidAction.NotFound");
  }

  @Test
  void put_isUnsupportedHttpMethod403() throws Exception {
    assertError(RpcRawRequest.v1("DescribeRegions").method("PUT").send(coffer), 403, "UnsupportedHTTPMethod");
  }

  @Test
  void otherPath_isInvalidActionNotFound404() throws Exception {
    HttpResponse<String> r = RawHttp.send(HttpRequest.newBuilder(URI.create(coffer.rpcUri() + "/kms/keys")).GET().build());
    assertError(r, 404, "InvalidAction.NotFound");
  }

  @Test
  void missingSignature_isIncompleteSignature() throws Exception {
    assertError(RpcRawRequest.v1("DescribeRegions").unsigned().send(coffer), 400, "IncompleteSignature");
    assertError(RpcRawRequest.v3("DescribeRegions").unsigned().send(coffer), 400, "IncompleteSignature");
  }

  @Test
  void wrongSecret_v1_messageCarriesTheServerStringToSign() throws Exception {
    JsonNode e = assertError(RpcRawRequest.v1("DescribeRegions").key(CofferExtension.ACCESS_KEY_ID, "wrong").send(coffer),
        400, "SignatureDoesNotMatch");
    assertThat(e.path("Message").asText()).startsWith(
        "Specified signature is not matched with our calculation. server string to sign is:POST&%2F&AccessKeyId%3D");
  }

  @Test
  void v3_contentSha256NotOfTheBody_isRefused() throws Exception {
    assertError(RpcRawRequest.v3("DescribeRegions").param("Description", "x").inForm()
        .contentSha256(RpcSignatureV3.EMPTY_SHA256).send(coffer), 400, "SignatureDoesNotMatch");
  }

  @Test
  void bodyOverOneMebibyte_isInvalidParameter() throws Exception {
    HttpResponse<String> r = RawHttp.send(HttpRequest.newBuilder(coffer.rpcUri())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[RpcRequest.MAX_BODY_BYTES + 1])).build());
    assertError(r, 400, "InvalidParameter");
  }

  @Test
  void headerBlockOver64KiB_isAnsweredInJsonNotHtml() throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(coffer.rpcUri()).GET();
    for (int i = 0; i < 70; i++) b.header("X-Coffer-Pad-" + i, "p".repeat(1000));
    HttpResponse<String> r = RawHttp.send(b.build());
    assertThat(r.statusCode()).isEqualTo(431);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json;charset=utf-8");
    assertThat(JSON.readTree(r.body()).path("Code").asText()).isEqualTo("InvalidParameter");
  }

  @Test
  void noActionAtAll_isMissingParameter() throws Exception {
    JsonNode e = assertError(RawHttp.send(HttpRequest.newBuilder(URI.create(coffer.rpcUri() + "/?Version=2016-01-20"))
        .GET().build()), 400, "MissingParameter");
    assertThat(e.path("Message").asText()).isEqualTo("The parameter \"Action\" is needed but not provided.");
  }
}
