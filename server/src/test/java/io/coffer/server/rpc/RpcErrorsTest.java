package io.coffer.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.coffer.core.error.CofferException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The domain → RPC error mapping for the KMS failures (§2.9) and the table's integrity. */
class RpcErrorsTest {

  private static void assertMaps(CofferException e, String code, int status, String message) {
    RpcError err = RpcErrors.of(e);
    assertThat(err.code()).isEqualTo(code);
    assertThat(err.status()).isEqualTo(status);
    assertThat(RpcErrors.message(err, e)).isEqualTo(message);
  }

  @Test
  void kmsFailures_mapToKmsCodesStatusesAndMessages() {
    assertMaps(new CofferException.KmsKeyNotFound("k"), "Forbidden.KeyNotFound", 404, "The specified Key is not found.");
    assertMaps(new CofferException.KmsAliasNotFound("alias/a"), "Forbidden.AliasNotFound", 404,
        "The specified Alias is not found.");
    assertMaps(new CofferException.KmsKeyVersionNotFound("v"), "Forbidden.KeyVersionNotFound", 404,
        "The specified Key version is not found.");
    assertMaps(new CofferException.KmsStateModifiedFailed("k", "PendingDeletion"), "Rejected.StateModifiedFailed", 409,
        "Keystate modified failed.");
    assertMaps(new CofferException.KmsAliasAlreadyExists("alias/a"), "AliasAlreadyExists", 400,
        "AliasName Already Exists.");
    assertMaps(new CofferException.KmsUnsupportedOrigin("k"), "Unsupported.Origin", 400,
        "This key origin is not valid for this api.");
    assertMaps(new CofferException.KmsUnsupportedAlias("alias/a"), "Unsupported.Alias", 400,
        "Alias is not valid for this api.");
    assertMaps(new CofferException.KmsUnsupportedOperation("Unsupported operation."), "Rejected.UnsupportedOperation",
        400, "Unsupported operation.");
    assertMaps(new CofferException.KmsInvalidKeyMaterial(), "InvalidKeyMaterial", 400, "key material is invalid.");
    assertMaps(new CofferException.KmsInvalidImportToken(), "InvalidImportToken", 400, "import token is invalid.");
    assertMaps(new CofferException.KmsExpiredImportToken(), "ExpiredImportToken", 400, "import token is expired.");
    assertMaps(new CofferException.KmsInvalidCiphertext(), "InvalidParameter", 400,
        "The specified parameter \"CiphertextBlob\" is not valid.");
    assertMaps(new CofferException.KmsLimitExceeded("too many"), "Rejected.LimitExceeded", 400, "too many");
    assertMaps(new CofferException.MissingParameter("KeyId"), "MissingParameter", 400,
        "The parameter \"KeyId\" is needed but not provided.");
    assertMaps(new CofferException.InvalidParameter("KeySpec"), "InvalidParameter", 400,
        "The specified parameter \"KeySpec\" is not valid.");
    assertMaps(new CofferException.AccessDenied("no"), "Forbidden.NoPermission", 403,
        "This operation is forbidden by permission system.");
  }

  @Test
  void keyStateRejected_mapsEachStateToItsRejectedCode() {
    for (String state : new String[] {"Enabled", "Disabled", "PendingDeletion", "PendingImport"}) {
      assertMaps(new CofferException.KmsKeyStateRejected("k", state), "Rejected." + state, 409,
          "The request was rejected because the key state is " + state + ".");
    }
  }

  @Test
  void serverFailures_hideTheirMessage() {
    assertMaps(new CofferException.InternalError("disk path /x failed"), "InternalFailure", 500, "Internal Failure.");
    assertMaps(new CofferException.IntegrityViolation("blob 12 bad"), "InternalFailure", 500, "Internal Failure.");
  }

  @Test
  void table_codesAreUnique() {
    Set<String> codes = new HashSet<>();
    for (RpcError e : RpcError.values()) assertThat(codes.add(e.code())).as(e.code()).isTrue();
  }
}
