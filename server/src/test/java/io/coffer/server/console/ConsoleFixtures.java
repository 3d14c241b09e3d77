package io.coffer.server.console;

import com.aliyuncs.kms.model.v20160120.CreateAliasRequest;
import com.aliyuncs.kms.model.v20160120.CreateKeyRequest;
import com.aliyuncs.ram.model.v20150501.AttachPolicyToUserRequest;
import com.aliyuncs.ram.model.v20150501.CreateAccessKeyRequest;
import com.aliyuncs.ram.model.v20150501.CreateAccessKeyResponse;
import com.aliyuncs.ram.model.v20150501.CreatePolicyRequest;
import com.aliyuncs.ram.model.v20150501.CreateUserRequest;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.PopClient;

/** Set-up for console tests, made as an operator would: through the official RAM SDK as root. */
public final class ConsoleFixtures {
  private ConsoleFixtures() {}

  /** An access key pair. */
  public record Key(String id, String secret) {}

  /**
   * A new RAM user with one access key and the given policies, each {@code System:<name>} or
   * {@code Custom:<name>} (custom ones must exist already).
   */
  public static Key ramUser(CofferExtension coffer, String name, String... policies) throws Exception {
    PopClient ram = coffer.kms();
    CreateUserRequest u = new CreateUserRequest();
    u.setUserName(name);
    ram.call(u);
    for (String p : policies) {
      String[] parts = p.split(":", 2);
      AttachPolicyToUserRequest a = new AttachPolicyToUserRequest();
      a.setPolicyType(parts[0]);
      a.setPolicyName(parts[1]);
      a.setUserName(name);
      ram.call(a);
    }
    CreateAccessKeyRequest k = new CreateAccessKeyRequest();
    k.setUserName(name);
    CreateAccessKeyResponse.AccessKey key = ram.call(k).getAccessKey();
    return new Key(key.getAccessKeyId(), key.getAccessKeySecret());
  }

  /** A new Coffer KMS key (Aliyun_AES_256) with {@code alias}; its key id. */
  public static String cmk(CofferExtension coffer, String alias) throws Exception {
    String keyId = coffer.kms().call(new CreateKeyRequest()).getKeyMetadata().getKeyId();
    CreateAliasRequest a = new CreateAliasRequest();
    a.setKeyId(keyId);
    a.setAliasName(alias);
    coffer.kms().call(a);
    return keyId;
  }

  public static void customPolicy(CofferExtension coffer, String name, String document) throws Exception {
    CreatePolicyRequest r = new CreatePolicyRequest();
    r.setPolicyName(name);
    r.setPolicyDocument(document);
    coffer.kms().call(r);
  }
}
