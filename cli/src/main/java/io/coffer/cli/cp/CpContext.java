package io.coffer.cli.cp;

import com.aliyun.oss.OSS;
import java.nio.file.Path;

/**
 * What every transfer of one cp run shares.
 *
 * @param thresholdBytes objects of at least this size go in parts
 * @param partSizeBytes {@code --part-size}, or null for ossutil's sizing
 * @param parallel {@code --parallel}, or null for ossutil's choice
 */
public record CpContext(OSS oss, Progress progress, MetaOption meta, long thresholdBytes, Long partSizeBytes,
    Integer parallel, Path checkpointDir) {

  PartPlan plan(long size) {
    return PartPlan.of(size, partSizeBytes, parallel);
  }
}
