package io.coffer.cli.oss;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.ServerSideEncryptionByDefault;
import com.aliyun.oss.model.ServerSideEncryptionConfiguration;
import com.aliyun.oss.model.SetBucketEncryptionRequest;
import io.coffer.cli.client.UsageFailure;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bucket-encryption --method put|get|delete oss://bucket}: the bucket's default
 * encryption rule (Put/Get/DeleteBucketEncryption), with ossutil's flags and get output.
 */
@Command(name = "bucket-encryption", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Set, show or delete a bucket's default encryption.",
        "  bucket-encryption --method put oss://b --sse-algorithm AES256",
        "  bucket-encryption --method put oss://b --sse-algorithm KMS [--kms-masterkey-id ID] [--kms-data-encryption SM4]",
        "  bucket-encryption --method get oss://b",
        "  bucket-encryption --method delete oss://b"})
public final class BucketEncryptionCommand extends OssCommand {
  @Parameters(index = "0", paramLabel = "oss://bucket", description = "The bucket.")
  String url;

  @Option(names = "--method", required = true, paramLabel = "put|get|delete", description = "What to do.")
  String method;

  @Option(names = "--sse-algorithm", description = "put: AES256, KMS or SM4.")
  String sseAlgorithm;

  @Option(names = "--kms-masterkey-id", description = "put with KMS: the CMK (default: the service's own key).")
  String kmsMasterKeyId;

  @Option(names = "--kms-data-encryption", description = "put with KMS: SM4 to encrypt data with SM4.")
  String kmsDataEncryption;

  private OssUrl target;
  private Sse sse;

  @Override
  protected void validate() {
    method = method.strip().toLowerCase(Locale.ROOT);
    if (method.isEmpty()) throw new UsageFailure("--method value is empty");
    if (!method.equals("put") && !method.equals("get") && !method.equals("delete")) {
      throw new UsageFailure("--method value is not in the optional value:put|get|delete");
    }
    target = OssUrl.parseWithBucket(url);
    if (target.hasKey()) throw new UsageFailure("invalid cloud url: " + url + ", bucket-encryption takes a bucket");
    if (method.equals("put")) {
      if (sseAlgorithm == null) throw new UsageFailure("--method put needs --sse-algorithm (AES256, KMS or SM4)");
      sse = Sse.of(sseAlgorithm, kmsMasterKeyId, kmsDataEncryption);
    } else if (sseAlgorithm != null || kmsMasterKeyId != null || kmsDataEncryption != null) {
      throw new UsageFailure("--sse-algorithm, --kms-masterkey-id and --kms-data-encryption go with --method put only");
    }
  }

  @Override
  protected int run(OSS oss) {
    switch (method) {
      case "put" -> {
        ServerSideEncryptionByDefault rule = new ServerSideEncryptionByDefault(sse.algorithm());
        if (sse.kmsMasterKeyId() != null) rule.setKMSMasterKeyID(sse.kmsMasterKeyId());
        if (sse.kmsDataEncryption() != null) rule.setKMSDataEncryption(sse.kmsDataEncryption());
        ServerSideEncryptionConfiguration conf = new ServerSideEncryptionConfiguration();
        conf.setApplyServerSideEncryptionByDefault(rule);
        oss.setBucketEncryption(new SetBucketEncryptionRequest(target.bucket(), conf));
      }
      case "get" -> {
        ServerSideEncryptionByDefault rule =
            oss.getBucketEncryption(target.bucket()).getApplyServerSideEncryptionByDefault();
        PrintWriter out = out();
        out.println("SSEAlgorithm:" + rule.getSSEAlgorithm());
        if ("KMS".equals(rule.getSSEAlgorithm())) {
          out.println("KMSMasterKeyID:" + orEmpty(rule.getKMSMasterKeyID()));
          out.println("KMSDataEncryption:" + orEmpty(rule.getKMSDataEncryption()));
        }
        out.print("\n\n");
      }
      default -> oss.deleteBucketEncryption(target.bucket());
    }
    return 0;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
