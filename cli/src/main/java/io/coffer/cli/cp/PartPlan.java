package io.coffer.cli.cp;

import io.coffer.cli.client.UsageFailure;

/**
 * How a big transfer is cut into parts, sized as ossutil 1.x sizes them (lib/cp.go
 * {@code calcPartSize}/{@code preparePartOption}) unless {@code --part-size}/{@code --parallel}
 * say otherwise: about 1,000 parts of at least 1 MiB each, and 1-12 parts in flight.
 *
 * @param partSizeBytes every part but the last has this size
 * @param partCount at least 1 (an empty object is one empty part)
 * @param parallel parts in flight at once
 */
public record PartPlan(long sizeBytes, long partSizeBytes, int partCount, int parallel) {
  /** OSS's smallest part (102,400 bytes) for every part but the last. */
  public static final long MIN_PART_BYTES = 100 * 1024;
  /** OSS's largest part. */
  public static final long MAX_PART_BYTES = 5L * 1024 * 1024 * 1024;
  public static final int MAX_PARTS = 10_000;

  private static final int MAX_IDEAL_PARTS = MAX_PARTS / 10;
  private static final int MIN_IDEAL_PARTS = MAX_PARTS / 500;
  private static final long MAX_IDEAL_PART_BYTES = 524_288_000;
  private static final long MIN_IDEAL_PART_BYTES = 1_048_576;

  /**
   * @param partSizeBytes from {@code --part-size}, or null for ossutil's choice
   * @param parallel from {@code --parallel}, or null for ossutil's choice
   * @throws UsageFailure when the part size is out of OSS's bounds or makes more than 10,000 parts
   */
  public static PartPlan of(long sizeBytes, Long partSizeBytes, Integer parallel) {
    long partSize = partSizeBytes != null ? partSizeBytes : idealPartSize(sizeBytes);
    if (partSize < MIN_PART_BYTES || partSize > MAX_PART_BYTES) {
      throw new UsageFailure("--part-size must be between " + MIN_PART_BYTES + " and " + MAX_PART_BYTES + " bytes");
    }
    long count = sizeBytes == 0 ? 1 : (sizeBytes - 1) / partSize + 1;
    if (count > MAX_PARTS) {
      throw new UsageFailure("--part-size " + partSize + " cuts " + sizeBytes + " bytes into " + count
          + " parts; OSS allows at most " + MAX_PARTS);
    }
    int inFlight = parallel != null ? parallel : idealParallel(count);
    return new PartPlan(sizeBytes, partSize, (int) count, Math.max(1, Math.min(inFlight, (int) count)));
  }

  /** Offset of part {@code number} (1-based). */
  public long offset(int number) {
    return (number - 1) * partSizeBytes;
  }

  /** Length of part {@code number} (1-based): the last one takes the rest. */
  public long length(int number) {
    return number < partCount ? partSizeBytes : sizeBytes - offset(number);
  }

  static long idealPartSize(long size) {
    long partSize = Math.max(MIN_PART_BYTES, ceilDiv(size, MAX_PARTS));
    long partNum = size == 0 ? 1 : (size - 1) / partSize + 1;
    while (partNum > MAX_IDEAL_PARTS && partSize < MAX_IDEAL_PART_BYTES) {
      partNum /= 5;
      partSize = ceilDiv(size, partNum);
    }
    while (partSize < MIN_IDEAL_PART_BYTES && partNum > MIN_IDEAL_PARTS) {
      partSize *= 5;
      partNum = (size - 1) / partSize + 1;
    }
    return partSize;
  }

  static int idealParallel(long parts) {
    if (parts < 2) return 1;
    if (parts < 4) return 2;
    if (parts <= 20) return 4;
    if (parts <= 300) return 8;
    if (parts <= 500) return 10;
    return 12;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
