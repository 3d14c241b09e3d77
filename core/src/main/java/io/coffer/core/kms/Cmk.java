package io.coffer.core.kms;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * A customer master key as stored: its metadata, never its material (that lives in its
 * {@link KeyVersion}s, wrapped by the root key).
 *
 * @param accountId the owning account (ARNs and listings)
 * @param service whether a cloud service made it (the OSS default key, {@code alias/acs/oss})
 * @param state the stored state; see {@link #effectiveState(Instant)} for imported material that expired
 * @param deleteDate when a key pending deletion is destroyed, else null
 * @param materialExpires when imported material expires, or null (never, or no material)
 * @param primaryVersionId the version that encrypts, or null (an imported key never given material)
 * @param lastRotation when the primary version was made
 * @param rotationInterval the automatic rotation period, or null when automatic rotation is off
 * @param materialCheck a check value of imported material (re-imports must bring the same material), or null
 */
public record Cmk(String keyId, String accountId, KeySpec spec, KeyOrigin origin, String description, boolean service,
    Instant created, KeyState state, Instant deleteDate, Instant materialExpires, String primaryVersionId,
    Instant lastRotation, Duration rotationInterval, byte[] materialCheck) {

  public Cmk {
    if (keyId == null || accountId == null || spec == null || origin == null || created == null || state == null) {
      throw new IllegalArgumentException("incomplete key record");
    }
    if (description == null) description = "";
    materialCheck = materialCheck == null ? null : materialCheck.clone();
  }

  @Override
  public byte[] materialCheck() {
    return materialCheck == null ? null : materialCheck.clone();
  }

  /** The state operations see: imported material past its expiry makes the key PendingImport. */
  public KeyState effectiveState(Instant now) {
    if (state == KeyState.PendingDeletion) return state;
    if (origin == KeyOrigin.EXTERNAL && materialExpires != null && !now.isBefore(materialExpires)) {
      return KeyState.PendingImport;
    }
    return state;
  }

  public String arn(String region) {
    return "acs:kms:" + region + ":" + accountId + ":key/" + keyId;
  }

  public Instant nextRotation() {
    return rotationInterval == null || lastRotation == null ? null : lastRotation.plus(rotationInterval);
  }

  public Cmk withState(KeyState s, Instant newDeleteDate) {
    return new Cmk(keyId, accountId, spec, origin, description, service, created, s, newDeleteDate, materialExpires,
        primaryVersionId, lastRotation, rotationInterval, materialCheck);
  }

  public Cmk withDescription(String d) {
    return new Cmk(keyId, accountId, spec, origin, d, service, created, state, deleteDate, materialExpires,
        primaryVersionId, lastRotation, rotationInterval, materialCheck);
  }

  public Cmk withPrimary(String versionId, Instant rotatedAt) {
    return new Cmk(keyId, accountId, spec, origin, description, service, created, state, deleteDate, materialExpires,
        versionId, rotatedAt, rotationInterval, materialCheck);
  }

  public Cmk withRotation(Duration interval) {
    return new Cmk(keyId, accountId, spec, origin, description, service, created, state, deleteDate, materialExpires,
        primaryVersionId, lastRotation, interval, materialCheck);
  }

  public Cmk withMaterial(KeyState s, Instant expires, byte[] check) {
    return new Cmk(keyId, accountId, spec, origin, description, service, created, s, deleteDate, expires,
        primaryVersionId, lastRotation, rotationInterval, check);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cmk c && keyId.equals(c.keyId) && accountId.equals(c.accountId) && spec == c.spec
        && origin == c.origin && description.equals(c.description) && service == c.service && created.equals(c.created)
        && state == c.state && java.util.Objects.equals(deleteDate, c.deleteDate)
        && java.util.Objects.equals(materialExpires, c.materialExpires)
        && java.util.Objects.equals(primaryVersionId, c.primaryVersionId)
        && java.util.Objects.equals(lastRotation, c.lastRotation)
        && java.util.Objects.equals(rotationInterval, c.rotationInterval) && Arrays.equals(materialCheck, c.materialCheck);
  }

  @Override
  public int hashCode() {
    return keyId.hashCode();
  }

  @Override
  public String toString() {
    return "Cmk[" + keyId + " " + spec + " " + origin + " " + state + "]";
  }
}
