package io.coffer.server.rpc.ram;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.ram.model.v20150501.AttachPolicyToUserRequest;
import com.aliyuncs.ram.model.v20150501.CreateAccessKeyRequest;
import com.aliyuncs.ram.model.v20150501.CreateAccessKeyResponse;
import com.aliyuncs.ram.model.v20150501.CreatePolicyRequest;
import com.aliyuncs.ram.model.v20150501.CreateUserRequest;
import com.aliyuncs.ram.model.v20150501.CreateUserResponse;
import com.aliyuncs.ram.model.v20150501.DetachPolicyFromUserRequest;
import com.aliyuncs.ram.model.v20150501.ListAccessKeysRequest;
import com.aliyuncs.ram.model.v20150501.ListAccessKeysResponse;
import com.aliyuncs.ram.model.v20150501.ListPoliciesForUserRequest;
import com.aliyuncs.ram.model.v20150501.ListPoliciesForUserResponse;
import com.aliyuncs.ram.model.v20150501.ListUsersRequest;
import com.aliyuncs.ram.model.v20150501.ListUsersResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.server.rpc.RpcRoutes;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.PopClient;
import io.coffer.server.testing.RawAnswer;
import io.coffer.server.testing.RpcRawRequest;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Short forms of the RAM calls the ITs repeat, made through the official RAM SDK request classes. */
final class RamCalls {
  static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";
  static final String ALLOW_ALL = "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
  static final String ALLOW_OSS_READ =
      "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"oss:Get*\",\"oss:List*\"],\"Resource\":\"*\"}]}";
  private static final ObjectMapper JSON = new ObjectMapper();

  private RamCalls() {}

  static CreateUserResponse.User createUser(PopClient ram, String name) throws ClientException {
    CreateUserRequest r = new CreateUserRequest();
    r.setUserName(name);
    return ram.call(r).getUser();
  }

  /** Every user name, following markers. */
  static List<String> userNames(PopClient ram) throws ClientException {
    List<String> out = new ArrayList<>();
    String marker = null;
    do {
      ListUsersRequest r = new ListUsersRequest();
      if (marker != null) r.setMarker(marker);
      ListUsersResponse page = ram.call(r);
      page.getUsers().forEach(u -> out.add(u.getUserName()));
      marker = Boolean.TRUE.equals(page.getIsTruncated()) ? page.getMarker() : null;
    } while (marker != null);
    return out;
  }

  static CreateAccessKeyResponse.AccessKey createKey(PopClient ram, String userName) throws ClientException {
    CreateAccessKeyRequest r = new CreateAccessKeyRequest();
    r.setUserName(userName);
    return ram.call(r).getAccessKey();
  }

  static List<ListAccessKeysResponse.AccessKey> keys(PopClient ram, String userName) throws ClientException {
    ListAccessKeysRequest r = new ListAccessKeysRequest();
    r.setUserName(userName);
    return ram.call(r).getAccessKeys();
  }

  static void createPolicy(PopClient ram, String name, String document) throws ClientException {
    CreatePolicyRequest r = new CreatePolicyRequest();
    r.setPolicyName(name);
    r.setPolicyDocument(document);
    ram.call(r);
  }

  static void attach(PopClient ram, String type, String policy, String userName) throws ClientException {
    AttachPolicyToUserRequest r = new AttachPolicyToUserRequest();
    r.setPolicyType(type);
    r.setPolicyName(policy);
    r.setUserName(userName);
    ram.call(r);
  }

  static void detach(PopClient ram, String type, String policy, String userName) throws ClientException {
    DetachPolicyFromUserRequest r = new DetachPolicyFromUserRequest();
    r.setPolicyType(type);
    r.setPolicyName(policy);
    r.setUserName(userName);
    ram.call(r);
  }

  /** {@code Type:Name} of each policy attached to the user, in order. */
  static List<String> policiesOf(PopClient ram, String userName) throws ClientException {
    ListPoliciesForUserRequest r = new ListPoliciesForUserRequest();
    r.setUserName(userName);
    return ram.call(r).getPolicies().stream()
        .map((ListPoliciesForUserResponse.Policy p) -> p.getPolicyType() + ":" + p.getPolicyName()).toList();
  }

  /** Asserts that the call fails with this RAM error code as a client (4xx) error. */
  static void assertRamError(ThrowingCallable call, String code) {
    RawAnswer.assertClientError(call, code);
  }

  /** A V1 RAM request signed with the root key. */
  static RpcRawRequest rawRam(String action) {
    return RpcRawRequest.v1(action).version(RpcRoutes.RAM);
  }

  static RawAnswer raw(CofferExtension coffer, RpcRawRequest request) throws Exception {
    return RawAnswer.send(coffer, request);
  }

  static String repeat(char c, int n) {
    return String.valueOf(c).repeat(n);
  }
}
