package io.coffer.server.rpc.kms;

import io.coffer.core.error.CofferException;
import io.coffer.core.kms.KmsImport;
import io.coffer.server.rpc.RpcCall;
import io.coffer.server.rpc.RpcJson;
import io.coffer.server.rpc.RpcRoutes;
import java.time.Instant;
import java.util.Base64;

/** Bring your own key: GetParametersForImport, ImportKeyMaterial, DeleteKeyMaterial. */
public final class ImportActions {
  private final KmsImport imports;

  public ImportActions(KmsImport imports) {
    this.imports = imports;
  }

  public void register(RpcRoutes routes) {
    routes.add(RpcRoutes.KMS, "GetParametersForImport", c -> {
          KmsImport.ImportParameters p = imports.getParametersForImport(c.principal(), c.required("KeyId"),
              c.required("WrappingAlgorithm"), c.required("WrappingKeySpec"));
          return RpcJson.object().put("KeyId", p.keyId())
              .put("PublicKey", Base64.getEncoder().encodeToString(p.publicKey()))
              .put("ImportToken", p.importToken())
              .put("TokenExpireTime", RpcJson.time(p.tokenExpires()));
        })
        .add(RpcRoutes.KMS, "ImportKeyMaterial", c -> {
          imports.importKeyMaterial(c.principal(), c.required("KeyId"), material(c), c.required("ImportToken"),
              expiry(c));
          return RpcJson.object();
        })
        .add(RpcRoutes.KMS, "DeleteKeyMaterial", c -> {
          imports.deleteKeyMaterial(c.principal(), c.required("KeyId"));
          return RpcJson.object();
        });
  }

  private static byte[] material(RpcCall c) {
    try {
      return Base64.getDecoder().decode(c.required("EncryptedKeyMaterial"));
    } catch (IllegalArgumentException e) {
      throw new CofferException.KmsInvalidKeyMaterial();
    }
  }

  /** {@code KeyMaterialExpireUnix}: Unix seconds; absent or 0 means the material never expires. */
  private static Instant expiry(RpcCall c) {
    String v = c.optional("KeyMaterialExpireUnix", "0");
    if (!v.matches("[0-9]{1,12}")) throw new CofferException.InvalidParameter("KeyMaterialExpireUnix");
    long s = Long.parseLong(v);
    return s == 0 ? null : Instant.ofEpochSecond(s);
  }
}
