package io.coffer.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * A raw RPC (KMS or RAM) answer — status and JSON body — and the assertion every RPC test makes
 * about an SDK call refused as a client error.
 */
public record RawAnswer(int status, JsonNode body) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public String code() {
    return body.path("Code").asText();
  }

  /** Sends a hand-signed request; every RPC answer is JSON. */
  public static RawAnswer send(CofferExtension coffer, RpcRawRequest request) throws Exception {
    HttpResponse<String> r = request.send(coffer);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json;charset=utf-8");
    return new RawAnswer(r.statusCode(), JSON.readTree(r.body()));
  }

  /** Asserts that an SDK call fails with this error code as a client (4xx) error with a request id. */
  public static void assertClientError(ThrowingCallable call, String code) {
    assertThatThrownBy(call).isInstanceOfSatisfying(ClientException.class, e -> {
      assertThat(e).isNotInstanceOf(ServerException.class);
      assertThat(e.getErrCode()).as("error code (message: %s)", e.getErrMsg()).isEqualTo(code);
      assertThat(e.getRequestId()).isNotBlank();
    });
  }
}
