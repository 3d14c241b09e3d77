package io.coffer.cli.cp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.cli.client.UsageFailure;
import org.junit.jupiter.api.Test;

/** Part sizing follows ossutil 1.x (clients-and-libraries.md §1.3) and OSS's limits. */
class PartPlanTest {
  static final long MIB = 1024 * 1024;

  @Test
  void defaults_matchOssutilsTable() {
    PartPlan p100m = PartPlan.of(100 * MIB, null, null);
    assertThat(p100m.partCount()).isEqualTo(41);
    assertThat(p100m.partSizeBytes()).isEqualTo(2_570_040);
    assertThat(p100m.parallel()).isEqualTo(8);
    PartPlan p1g = PartPlan.of(1024 * MIB, null, null);
    assertThat(p1g.partCount()).isEqualTo(400);
    assertThat(p1g.parallel()).isEqualTo(10);
    assertThat(PartPlan.of(10 * 1024 * MIB, null, null).partCount()).isEqualTo(400);
    assertThat(PartPlan.of(100 * 1024 * MIB, null, null).partSizeBytes()).isEqualTo(256 * MIB);
  }

  @Test
  void givenSize_cutsPartsWithAShorterLastOne_andAnEmptyFileIsOneEmptyPart() {
    PartPlan p = PartPlan.of(1_000_000, 300_000L, 3);
    assertThat(p.partCount()).isEqualTo(4);
    assertThat(p.offset(4)).isEqualTo(900_000);
    assertThat(p.length(1)).isEqualTo(300_000);
    assertThat(p.length(4)).isEqualTo(100_000);
    assertThat(p.parallel()).isEqualTo(3);
    PartPlan empty = PartPlan.of(0, 300_000L, null);
    assertThat(empty.partCount()).isOne();
    assertThat(empty.length(1)).isZero();
    assertThat(PartPlan.of(1_000_000, 300_000L, 50).parallel()).as("never more in flight than parts").isEqualTo(4);
  }

  @Test
  void partSize_outsideOssLimitsOrMakingTooManyParts_isAUsageError() {
    assertThatThrownBy(() -> PartPlan.of(1_000_000, 102_399L, null)).isInstanceOf(UsageFailure.class)
        .hasMessageContaining("between 102400");
    assertThatThrownBy(() -> PartPlan.of(10_001L * 102_400, 102_400L, null)).isInstanceOf(UsageFailure.class)
        .hasMessageContaining("10001 parts; OSS allows at most 10000");
  }
}
