package io.coffer.core.iam;

/** KMS actions as RAM policies name them ({@code kms:<Name>}). */
public enum KmsAction {
  CreateKey, DescribeKey, ListKeys, UpdateKeyDescription, EnableKey, DisableKey, ScheduleKeyDeletion,
  CancelKeyDeletion, CreateAlias, UpdateAlias, DeleteAlias, ListAliases, ListAliasesByKeyId, GenerateDataKey,
  GenerateDataKeyWithoutPlaintext, Encrypt, Decrypt, ReEncryptFrom, ReEncryptTo, GetParametersForImport,
  ImportKeyMaterial, DeleteKeyMaterial, CreateKeyVersion, ListKeyVersions, DescribeKeyVersion, UpdateRotationPolicy;

  public String policyName() {
    return "kms:" + name();
  }
}
