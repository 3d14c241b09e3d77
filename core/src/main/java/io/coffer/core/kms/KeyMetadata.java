package io.coffer.core.kms;

import java.time.Duration;
import java.time.Instant;

/**
 * A key as DescribeKey and CreateKey show it, at one instant: the effective state and the dates
 * that follow from the stored record.
 */
public record KeyMetadata(String keyId, String arn, KeyState state, KeySpec spec, KeyOrigin origin,
    String description, String creator, boolean service, Instant created, Instant deleteDate,
    Instant materialExpires, String primaryVersionId, Instant lastRotation, Duration rotationInterval,
    Instant nextRotation) {

  static KeyMetadata of(Cmk k, String region, Instant now) {
    return new KeyMetadata(k.keyId(), k.arn(region), k.effectiveState(now), k.spec(), k.origin(), k.description(),
        k.accountId(), k.service(), k.created(), k.deleteDate(), k.materialExpires(), k.primaryVersionId(),
        k.lastRotation(), k.rotationInterval(), k.nextRotation());
  }

  /** "Enabled", "Disabled" or (service and imported keys, which cannot rotate) "Disabled". */
  public String automaticRotation() {
    return rotationInterval == null ? "Disabled" : "Enabled";
  }
}
