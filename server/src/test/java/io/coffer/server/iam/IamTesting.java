package io.coffer.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.OSSObject;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.ram.model.v20150501.AttachPolicyToUserRequest;
import com.aliyuncs.ram.model.v20150501.CreateAccessKeyRequest;
import com.aliyuncs.ram.model.v20150501.CreateAccessKeyResponse;
import com.aliyuncs.ram.model.v20150501.CreatePolicyRequest;
import com.aliyuncs.ram.model.v20150501.CreateUserRequest;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.PopClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Callers for the authorization ITs, made as a person would: RAM users, their keys and their
 * policies through the official RAM SDK as the account's root identity; OSS through the OSS SDK
 * and KMS/RAM through the POP SDK, each signed with the caller's own key.
 */
final class IamTesting {
  private IamTesting() {}

  /**
   * Someone making requests: {@code oss} and {@code pop} sign with its key (both null-keyed for
   * anonymous, which has no {@code pop}).
   */
  record Caller(String label, OSS oss, PopClient pop, String accessKeyId, String secret) {
    boolean anonymous() {
      return accessKeyId.isEmpty();
    }

    @Override
    public String toString() {
      return label;
    }
  }

  static Caller root(CofferExtension coffer) {
    return new Caller("root", coffer.client(), coffer.kms(), CofferExtension.ACCESS_KEY_ID,
        CofferExtension.ACCESS_KEY_SECRET);
  }

  static Caller anonymous(CofferExtension coffer) {
    return new Caller("anonymous", coffer.anonymousClient(), null, "", "");
  }

  /**
   * A new RAM user with one access key and the given policies attached, each named
   * {@code System:<name>} or {@code Custom:<name>} (custom ones must exist already).
   */
  static Caller ramUser(CofferExtension coffer, String name, List<String> policies) throws ClientException {
    PopClient ram = coffer.kms();
    CreateUserRequest u = new CreateUserRequest();
    u.setUserName(name);
    ram.call(u);
    for (String p : policies) attach(ram, p, name);
    CreateAccessKeyRequest k = new CreateAccessKeyRequest();
    k.setUserName(name);
    CreateAccessKeyResponse.AccessKey key = ram.call(k).getAccessKey();
    return new Caller(name, coffer.client(key.getAccessKeyId(), key.getAccessKeySecret()),
        coffer.kms(key.getAccessKeyId(), key.getAccessKeySecret()), key.getAccessKeyId(), key.getAccessKeySecret());
  }

  /** @param policy {@code System:<name>} or {@code Custom:<name>} */
  static void attach(PopClient ram, String policy, String userName) throws ClientException {
    String[] p = policy.split(":", 2);
    AttachPolicyToUserRequest r = new AttachPolicyToUserRequest();
    r.setPolicyType(p[0]);
    r.setPolicyName(p[1]);
    r.setUserName(userName);
    ram.call(r);
  }

  static void createPolicy(PopClient ram, String name, String document) throws ClientException {
    CreatePolicyRequest r = new CreatePolicyRequest();
    r.setPolicyName(name);
    r.setPolicyDocument(document);
    ram.call(r);
  }

  /** A one-statement policy document. */
  static String statement(String effect, String actions, String resources) {
    return "{\"Version\":\"1\",\"Statement\":[" + stmt(effect, actions, resources, null) + "]}";
  }

  /**
   * One statement as JSON; {@code actions} and {@code resources} are JSON values (a quoted string
   * or a list), {@code condition} a JSON object or null.
   */
  static String stmt(String effect, String actions, String resources, String condition) {
    return "{\"Effect\":\"" + effect + "\",\"Action\":" + actions + ",\"Resource\":" + resources
        + (condition == null ? "" : ",\"Condition\":" + condition) + "}";
  }

  static String policy(String... statements) {
    return "{\"Version\":\"1\",\"Statement\":[" + String.join(",", statements) + "]}";
  }

  /** The account id, as OSS shows it: the owner of a bucket the root made. */
  static String accountId(OSS root, String bucket) {
    return root.getBucketAcl(bucket).getOwner().getId();
  }

  /** Asserts an OSS call is refused with 403 AccessDenied; returns the error. */
  static OSSException assertOssDenied(ThrowingCallable call) {
    Throwable t = catchThrowable(call);
    assertThat(t).as("expected AccessDenied").isInstanceOf(OSSException.class);
    OSSException e = (OSSException) t;
    assertThat(e.getErrorCode()).as("error code (message: %s)", e.getErrorMessage()).isEqualTo("AccessDenied");
    assertThat(e.getRequestId()).matches("[0-9A-F]{24}");
    return e;
  }

  /** Asserts an RPC call fails with {@code code} as a client (4xx) error; returns the error. */
  static ClientException assertRpcError(ThrowingCallable call, String code) {
    Throwable t = catchThrowable(call);
    assertThat(t).as("expected %s", code).isInstanceOf(ClientException.class).isNotInstanceOf(ServerException.class);
    ClientException e = (ClientException) t;
    assertThat(e.getErrCode()).as("error code (message: %s)", e.getErrMsg()).isEqualTo(code);
    assertThat(e.getRequestId()).isNotBlank();
    return e;
  }

  static ByteArrayInputStream in(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  static String read(OSS oss, String bucket, String key) {
    try (OSSObject o = oss.getObject(bucket, key)) {
      return new String(o.getObjectContent().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
