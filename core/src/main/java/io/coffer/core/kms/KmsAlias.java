package io.coffer.core.kms;

/** An alias ({@code alias/...}) naming one CMK of an account. */
public record KmsAlias(String name, String accountId, String keyId) {
  public KmsAlias {
    if (name == null || accountId == null || keyId == null) throw new IllegalArgumentException("incomplete alias");
  }

  public String arn(String region) {
    return "acs:kms:" + region + ":" + accountId + ":" + name;
  }
}
