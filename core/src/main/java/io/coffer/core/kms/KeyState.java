package io.coffer.core.kms;

/** CMK states, by their KMS wire names. */
public enum KeyState {
  Enabled,
  Disabled,
  PendingDeletion,
  PendingImport
}
