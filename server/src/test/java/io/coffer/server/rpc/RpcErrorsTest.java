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

  private static void assertRam(CofferException e, String code, int status) {
    RpcError err = RpcErrors.of(e, RpcRoutes.RAM);
    assertThat(RpcErrors.code(err, e)).isEqualTo(code);
    assertThat(err.status()).isEqualTo(status);
  }

  @Test
  void ramFailures_mapToRamCodesAndStatuses() {
    assertRam(new CofferException.RamEntityNotExist(CofferException.RamEntity.USER, "u"), "EntityNotExist.User", 404);
    assertRam(new CofferException.RamEntityNotExist(CofferException.RamEntity.USER_ACCESS_KEY, "k"),
        "EntityNotExist.User.AccessKey", 404);
    assertRam(new CofferException.RamEntityNotExist(CofferException.RamEntity.USER_POLICY, "p"),
        "EntityNotExist.User.Policy", 404);
    assertRam(new CofferException.RamEntityNotExist(CofferException.RamEntity.POLICY, "p"), "EntityNotExist.Policy", 404);
    assertRam(new CofferException.RamEntityNotExist(CofferException.RamEntity.POLICY_VERSION, "v9"),
        "EntityNotExist.Policy.Version", 404);
    assertRam(new CofferException.RamEntityAlreadyExists(CofferException.RamEntity.USER, "u"), "EntityAlreadyExists.User", 409);
    assertRam(new CofferException.RamEntityAlreadyExists(CofferException.RamEntity.USER_POLICY, "p"),
        "EntityAlreadyExists.User.Policy", 409);
    assertRam(new CofferException.RamEntityAlreadyExists(CofferException.RamEntity.POLICY, "p"),
        "EntityAlreadyExists.Policy", 409);
    for (CofferException.RamConflict c : CofferException.RamConflict.values()) {
      RpcError err = RpcErrors.of(new CofferException.RamDeleteConflict(c, "m"), RpcRoutes.RAM);
      assertThat(err.code()).startsWith("DeleteConflict.");
      assertThat(err.status()).isEqualTo(409);
    }
    assertRam(new CofferException.RamDeleteConflict(CofferException.RamConflict.POLICY_VERSION_DEFAULT, "m"),
        "DeleteConflict.Policy.Version.Default", 409);
    for (CofferException.RamLimit l : CofferException.RamLimit.values()) {
      RpcError err = RpcErrors.of(new CofferException.RamLimitExceeded(l, "m"), RpcRoutes.RAM);
      assertThat(err.code()).startsWith("LimitExceeded.");
      assertThat(err.status()).isEqualTo(409);
    }
    assertRam(new CofferException.RamLimitExceeded(CofferException.RamLimit.USER_ACCESS_KEY, "m"),
        "LimitExceeded.User.AccessKey", 409);
    assertRam(new CofferException.MalformedPolicyDocument("bad"), "MalformedPolicyDocument", 400);
  }

  @Test
  void ramParameterFailures_nameTheParameterAndTheProblemInTheCode() {
    assertRam(new CofferException.RamInvalidParameter("UserName", CofferException.RamParameterProblem.INVALID_CHARS, "m"),
        "InvalidParameter.UserName.InvalidChars", 400);
    assertRam(new CofferException.RamInvalidParameter("NewUserName", CofferException.RamParameterProblem.LENGTH, "m"),
        "InvalidParameter.NewUserName.Length", 400);
    assertRam(new CofferException.RamInvalidParameter("Email", CofferException.RamParameterProblem.FORMAT, "m"),
        "InvalidParameter.Email.Format", 400);
    assertRam(new CofferException.RamInvalidParameter("PolicyType", CofferException.RamParameterProblem.VALUE, "m"),
        "InvalidParameter.PolicyType", 400);
    // Other dialects' failures keep the table's code.
    assertRam(new CofferException.InvalidParameter("MaxItems"), "InvalidParameter", 400);
  }

  @Test
  void ramRefusalsAndServerFailures_useRamsOwnCodes_kmsKeepsItsOwn() {
    assertRam(new CofferException.AccessDenied("no"), "NoPermission", 403);
    assertThat(RpcErrors.message(RpcError.NO_PERMISSION, new CofferException.AccessDenied("internal detail")))
        .isEqualTo("You are not authorized to do this action.");
    assertRam(new CofferException.InternalError("x"), "InternalError", 500);
    assertThat(RpcErrors.of(new CofferException.AccessDenied("no"), RpcRoutes.KMS)).isEqualTo(RpcError.FORBIDDEN_NO_PERMISSION);
    assertThat(RpcErrors.of(new CofferException.InternalError("x"), null)).isEqualTo(RpcError.INTERNAL_FAILURE);
  }

  @Test
  void table_codesAreUnique() {
    Set<String> codes = new HashSet<>();
    for (RpcError e : RpcError.values()) assertThat(codes.add(e.code())).as(e.code()).isTrue();
  }
}
