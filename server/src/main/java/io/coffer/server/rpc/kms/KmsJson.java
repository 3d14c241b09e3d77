package io.coffer.server.rpc.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.core.kms.KeyMetadata;
import io.coffer.core.kms.KeyVersion;
import io.coffer.core.kms.KmsAlias;
import io.coffer.core.kms.RotationInterval;
import io.coffer.server.rpc.RpcCall;
import io.coffer.server.rpc.RpcJson;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** KMS response shapes shared by the action families (KeyMetadata, versions, aliases, pages). */
public final class KmsJson {
  /** The one usage and protection level Coffer's keys have (the console shows them too). */
  public static final String USAGE = "ENCRYPT/DECRYPT";
  public static final String PROTECTION = "SOFTWARE";

  private KmsJson() {}

  /** KeyMetadata as CreateKey and DescribeKey return it; absent optional dates are {@code ""} as in KMS. */
  static ObjectNode keyMetadata(KeyMetadata k) {
    ObjectNode n = RpcJson.object()
        .put("KeyId", k.keyId())
        .put("Arn", k.arn())
        .put("KeyState", k.state().name())
        .put("KeySpec", k.spec().name())
        .put("KeyUsage", USAGE)
        .put("Origin", k.origin().name())
        .put("ProtectionLevel", PROTECTION)
        .put("Description", k.description())
        .put("Creator", k.service() ? "Oss" : k.creator())
        .put("CreationDate", RpcJson.time(k.created()))
        .put("DeleteDate", time(k.deleteDate()))
        .put("MaterialExpireTime", time(k.materialExpires()))
        .put("PrimaryKeyVersion", k.primaryVersionId() == null ? "" : k.primaryVersionId())
        .put("LastRotationDate", time(k.lastRotation()))
        .put("AutomaticRotation", k.automaticRotation())
        .put("DeletionProtection", "Disabled");
    if (k.rotationInterval() != null) {
      n.put("RotationInterval", RotationInterval.format(k.rotationInterval()));
      n.put("NextRotationDate", time(k.nextRotation()));
    }
    return n;
  }

  static ObjectNode keyVersion(KeyVersion v) {
    return RpcJson.object().put("KeyId", v.keyId()).put("KeyVersionId", v.versionId())
        .put("CreationDate", RpcJson.time(v.created()));
  }

  static ObjectNode alias(KmsAlias a, String region) {
    return RpcJson.object().put("AliasName", a.name()).put("AliasArn", a.arn(region)).put("KeyId", a.keyId());
  }

  static String time(Instant t) {
    return t == null ? "" : RpcJson.time(t);
  }

  /**
   * One page of {@code all} as KMS lists it: {@code PageNumber} from 1, {@code PageSize} 1–100
   * (default 10), with {@code TotalCount}.
   */
  static <T> ObjectNode page(RpcCall call, List<T> all, String listName, String itemName,
      Function<T, ? extends JsonNode> render) {
    int number = call.optionalInt("PageNumber", 1, Integer.MAX_VALUE, 1);
    int size = call.optionalInt("PageSize", 1, 100, 10);
    long from = Math.min((long) (number - 1) * size, all.size());
    int to = (int) Math.min(from + size, all.size());
    ObjectNode body = RpcJson.list(RpcJson.object(), listName, itemName,
        all.subList((int) from, to).stream().map(render).map(JsonNode.class::cast).toList());
    return body.put("TotalCount", all.size()).put("PageNumber", number).put("PageSize", size);
  }
}
