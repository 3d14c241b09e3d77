package io.coffer.cli.oss;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.CannedAccessControlList;
import com.aliyun.oss.model.CreateBucketRequest;
import com.aliyun.oss.model.DataRedundancyType;
import com.aliyun.oss.model.StorageClass;
import io.coffer.cli.client.UsageFailure;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mb oss://bucket}: PutBucket, with ossutil's {@code --acl} and {@code --storage-class},
 * and (a Coffer addition) the bucket's default encryption, sent as PutBucket's SSE headers.
 */
@Command(name = "mb", aliases = {"cb", "pb"}, mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Make a bucket.",
        "With --sse-algorithm the bucket gets its default encryption in the same request."})
public final class MakeBucketCommand extends OssCommand {
  @Parameters(index = "0", paramLabel = "oss://bucket", description = "The bucket to create.")
  String url;

  @Option(names = "--acl", description = "private (default), public-read or public-read-write.")
  String acl;

  @Option(names = "--storage-class", description = "Standard (default), IA, Archive, ColdArchive or DeepColdArchive.")
  String storageClass;

  @Option(names = "--redundancy-type", description = "LRS (default) or ZRS.")
  String redundancyType;

  @Option(names = "--sse-algorithm", description = "Default encryption of new objects: AES256, KMS or SM4.")
  String sseAlgorithm;

  @Option(names = "--kms-masterkey-id", description = "With KMS: the CMK (default: the service's own key).")
  String kmsMasterKeyId;

  @Option(names = "--kms-data-encryption", description = "With KMS: SM4 to encrypt data with SM4 instead of AES-256.")
  String kmsDataEncryption;

  private OssUrl target;
  private Sse sse;
  private CannedAccessControlList cannedAcl;
  private StorageClass sc;
  private DataRedundancyType redundancy;

  @Override
  protected void validate() {
    target = OssUrl.parseWithBucket(url);
    if (target.hasKey()) {
      throw new UsageFailure("invalid cloud url: " + url
          + ", object not empty, upload object please use \"cp\" command");
    }
    if (acl != null) {
      cannedAcl = switch (acl.toLowerCase(Locale.ROOT)) {
        case "private" -> CannedAccessControlList.Private;
        case "public-read" -> CannedAccessControlList.PublicRead;
        case "public-read-write" -> CannedAccessControlList.PublicReadWrite;
        default -> throw new UsageFailure("invalid acl: " + acl + " (private, public-read or public-read-write)");
      };
    }
    if (storageClass != null) {
      sc = switch (storageClass.toLowerCase(Locale.ROOT)) {
        case "standard" -> StorageClass.Standard;
        case "ia" -> StorageClass.IA;
        case "archive" -> StorageClass.Archive;
        case "coldarchive" -> StorageClass.ColdArchive;
        case "deepcoldarchive" -> StorageClass.DeepColdArchive;
        default -> throw new UsageFailure("invalid storage class: " + storageClass
            + " (Standard, IA, Archive, ColdArchive or DeepColdArchive)");
      };
    }
    if (redundancyType != null) {
      redundancy = switch (redundancyType.toUpperCase(Locale.ROOT)) {
        case "LRS" -> DataRedundancyType.LRS;
        case "ZRS" -> DataRedundancyType.ZRS;
        default -> throw new UsageFailure("invalid redundancy type: " + redundancyType + " (LRS or ZRS)");
      };
    }
    sse = Sse.of(sseAlgorithm, kmsMasterKeyId, kmsDataEncryption);
  }

  @Override
  protected int run(OSS oss) {
    CreateBucketRequest req = new CreateBucketRequest(target.bucket());
    if (cannedAcl != null) req.setCannedACL(cannedAcl);
    if (sc != null) req.setStorageClass(sc);
    if (redundancy != null) req.setDataRedundancyType(redundancy);
    if (sse != null) {
      req.addHeader("x-oss-server-side-encryption", sse.algorithm());
      if (sse.kmsMasterKeyId() != null) req.addHeader("x-oss-server-side-encryption-key-id", sse.kmsMasterKeyId());
      if (sse.kmsDataEncryption() != null) req.addHeader("x-oss-server-side-data-encryption", sse.kmsDataEncryption());
    }
    oss.createBucket(req);
    return 0;
  }
}
