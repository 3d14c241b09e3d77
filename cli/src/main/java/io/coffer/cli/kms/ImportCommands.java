package io.coffer.cli.kms;

import com.aliyuncs.kms.model.v20160120.DeleteKeyMaterialRequest;
import com.aliyuncs.kms.model.v20160120.GetParametersForImportRequest;
import com.aliyuncs.kms.model.v20160120.GetParametersForImportResponse;
import com.aliyuncs.kms.model.v20160120.ImportKeyMaterialRequest;
import io.coffer.cli.client.Clients;
import io.coffer.cli.client.UsageFailure;
import io.coffer.cli.rpc.Printer;
import io.coffer.cli.rpc.RpcCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Bring your own key: GetParametersForImport, local wrapping, ImportKeyMaterial; and DeleteKeyMaterial. */
final class ImportCommands {
  private ImportCommands() {}

  @Command(name = "import-key-material",
      description = {"Import key material into an EXTERNAL key: fetch a wrapping key and token "
          + "(GetParametersForImport), wrap the file's bytes locally, send them (ImportKeyMaterial).",
          "The material is never printed or logged."})
  static final class ImportKeyMaterial extends RpcCommand {
    @Parameters(paramLabel = "KEY", description = "Key id or key ARN of a key made with --origin EXTERNAL.")
    String keyId;

    @Option(names = "--key-material-file", paramLabel = "FILE", required = true,
        description = "The raw material: 32 bytes for Aliyun_AES_256, 16 for Aliyun_SM4 (not hex, not Base64).")
    Path materialFile;

    @Option(names = "--wrapping-algorithm", paramLabel = "ALG",
        description = "RSAES_OAEP_SHA_256 (default), RSAES_OAEP_SHA_1 or RSAES_PKCS1_V1_5.")
    WrappingAlgorithm algorithm = WrappingAlgorithm.RSAES_OAEP_SHA_256;

    @Option(names = "--expire-unix", paramLabel = "SECONDS",
        description = "When the material expires, in seconds since 1970 (default 0: never).")
    long expireUnix;

    @Override
    protected void validate() {
      if (expireUnix < 0) throw new UsageFailure("--expire-unix: must be 0 (never) or a time in seconds since 1970");
    }

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      byte[] material = readMaterial(materialFile);
      String wrapped;
      GetParametersForImportResponse params;
      try {
        GetParametersForImportRequest p = new GetParametersForImportRequest();
        p.setKeyId(keyId);
        p.setWrappingAlgorithm(algorithm.name());
        p.setWrappingKeySpec("RSA_2048");
        params = rpc.call(p);
        wrapped = algorithm.wrap(params.getPublicKey(), material);
      } finally {
        Arrays.fill(material, (byte) 0); // best effort: the JCE and the heap may hold copies
      }
      ImportKeyMaterialRequest r = new ImportKeyMaterialRequest();
      r.setKeyId(keyId);
      r.setEncryptedKeyMaterial(wrapped);
      r.setImportToken(params.getImportToken());
      r.setKeyMaterialExpireUnix(expireUnix);
      String requestId = rpc.call(r).getRequestId();
      String expires = expireUnix == 0 ? "never" : Instant.ofEpochSecond(expireUnix).toString();
      Map<String, Object> fields = KeyCommands.result(keyId, requestId);
      fields.put("KeyMaterialExpireUnix", expireUnix);
      out.done("Imported key material into key " + keyId + " (expires: " + expires + ").", fields);
    }

    /** Checks the file before anything is sent; a hex or Base64 file is the usual mistake. */
    private static byte[] readMaterial(Path file) throws IOException {
      if (!Files.isRegularFile(file)) throw new UsageFailure("--key-material-file: no such file: " + file);
      long size = Files.size(file);
      if (size != 16 && size != 32) {
        throw new UsageFailure("--key-material-file: " + file + " holds " + size + " bytes; key material is 32 bytes"
            + " (Aliyun_AES_256) or 16 (Aliyun_SM4) of raw binary, e.g. from `openssl rand -out FILE 32`");
      }
      byte[] material = Files.readAllBytes(file);
      if (material.length != size) {
        Arrays.fill(material, (byte) 0);
        throw new UsageFailure("--key-material-file: " + file + " changed while being read");
      }
      return material;
    }
  }

  @Command(name = "delete-key-material",
      description = "Delete an EXTERNAL key's imported material; the key waits for material again (DeleteKeyMaterial).")
  static final class DeleteKeyMaterial extends RpcCommand {
    @Parameters(paramLabel = "KEY", description = "Key id or key ARN.")
    String keyId;

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      DeleteKeyMaterialRequest r = new DeleteKeyMaterialRequest();
      r.setKeyId(keyId);
      String requestId = rpc.call(r).getRequestId();
      out.done("Deleted the key material of key " + keyId + "; it is PendingImport until material is imported again.",
          KeyCommands.result(keyId, requestId));
    }
  }
}
