package io.coffer.server.rpc.kms;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.core.error.CofferException;
import io.coffer.core.kms.KeyMetadata;
import io.coffer.core.kms.KeyOrigin;
import io.coffer.core.kms.KeySpec;
import io.coffer.core.kms.KmsService;
import io.coffer.core.kms.RotationInterval;
import io.coffer.server.rpc.RpcCall;
import io.coffer.server.rpc.RpcError;
import io.coffer.server.rpc.RpcException;
import io.coffer.server.rpc.RpcJson;
import io.coffer.server.rpc.RpcRoutes;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * KMS key management: CreateKey, DescribeKey, ListKeys, UpdateKeyDescription, Enable/DisableKey,
 * Schedule/CancelKeyDeletion, UpdateRotationPolicy. Docs: https://www.alibabacloud.com/help/en/kms/
 * (API reference, "Key management").
 */
public final class KeyActions {
  private final KmsService kms;

  public KeyActions(KmsService kms) {
    this.kms = kms;
  }

  public void register(RpcRoutes routes) {
    routes.add(RpcRoutes.KMS, "CreateKey", this::createKey)
        .add(RpcRoutes.KMS, "DescribeKey", c -> metadata(kms.describeKey(c.principal(), c.required("KeyId"))))
        .add(RpcRoutes.KMS, "ListKeys", this::listKeys)
        .add(RpcRoutes.KMS, "UpdateKeyDescription", c -> {
          String description = c.optional("Description").orElseThrow(() -> new CofferException.MissingParameter("Description"));
          kms.updateDescription(c.principal(), c.required("KeyId"), description);
          return RpcJson.object();
        })
        .add(RpcRoutes.KMS, "EnableKey", c -> {
          kms.enableKey(c.principal(), c.required("KeyId"));
          return RpcJson.object();
        })
        .add(RpcRoutes.KMS, "DisableKey", c -> {
          kms.disableKey(c.principal(), c.required("KeyId"));
          return RpcJson.object();
        })
        .add(RpcRoutes.KMS, "ScheduleKeyDeletion", c -> {
          int days = c.optionalInt("PendingWindowInDays", Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE);
          if (days == Integer.MIN_VALUE) throw new CofferException.MissingParameter("PendingWindowInDays");
          kms.scheduleKeyDeletion(c.principal(), c.required("KeyId"), days);
          return RpcJson.object();
        })
        .add(RpcRoutes.KMS, "CancelKeyDeletion", c -> {
          kms.cancelKeyDeletion(c.principal(), c.required("KeyId"));
          return RpcJson.object();
        })
        .add(RpcRoutes.KMS, "UpdateRotationPolicy", c -> {
          String keyId = c.required("KeyId");
          Boolean enable = c.optionalBoolean("EnableAutomaticRotation")
              .orElseThrow(() -> new CofferException.MissingParameter("EnableAutomaticRotation"));
          kms.updateRotationPolicy(c.principal(), keyId, enable ? RotationInterval.parse(c.required("RotationInterval")) : null);
          return RpcJson.object();
        });
  }

  /** CreateKey: symmetric keys only (Aliyun_AES_256, Aliyun_SM4), KMS-made or EXTERNAL. */
  ObjectNode createKey(RpcCall c) {
    KeySpec spec = KeySpec.byWireName(c.optional("KeySpec", KeySpec.Aliyun_AES_256.name()));
    if (spec == null) throw new CofferException.InvalidParameter("KeySpec");
    c.optionalOneOf("KeyUsage", KmsJson.USAGE, KmsJson.USAGE);
    KeyOrigin origin = KeyOrigin.byWireName(c.optional("Origin", KeyOrigin.Aliyun_KMS.name()));
    if (origin == null) throw new CofferException.InvalidParameter("Origin");
    // HSM is a real level this server has no hardware for: KMS's answer for a region without HSMs.
    if ("HSM".equals(c.optional("ProtectionLevel", KmsJson.PROTECTION))) {
      throw new RpcException(RpcError.UNSUPPORTED_PROTECTION_LEVEL);
    }
    c.optionalOneOf("ProtectionLevel", KmsJson.PROTECTION, KmsJson.PROTECTION);
    Duration rotation = c.optionalBoolean("EnableAutomaticRotation", false)
        ? RotationInterval.parse(c.required("RotationInterval")) : null;
    String description = c.optional("Description", "");
    return metadata(kms.createKey(c.principal(), new KmsService.CreateKeyRequest(spec, origin, description, rotation)));
  }

  ObjectNode listKeys(RpcCall c) {
    Map<String, Set<String>> filters = filters(c);
    List<KeyMetadata> keys = kms.listKeys(c.principal()).stream().filter(k -> matches(k, filters)).toList();
    return KmsJson.page(c, keys, "Keys", "Key", k -> RpcJson.object().put("KeyId", k.keyId()).put("KeyArn", k.arn()));
  }

  private static ObjectNode metadata(KeyMetadata k) {
    ObjectNode n = RpcJson.object();
    n.set("KeyMetadata", KmsJson.keyMetadata(k));
    return n;
  }

  private static final Map<String, Function<KeyMetadata, String>> FILTER_KEYS = Map.of(
      "KeyState", k -> k.state().name(),
      "KeySpec", k -> k.spec().name(),
      "KeyUsage", k -> KmsJson.USAGE,
      "ProtectionLevel", k -> KmsJson.PROTECTION,
      "CreatorType", k -> k.service() ? "Service" : "User");

  /** Strict: {@code [...] trailing text} is not a filter list. */
  private static final ObjectReader FILTERS_JSON = new ObjectMapper().reader()
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** ListKeys {@code Filters}: {@code [{"Key":"KeyState","Values":["Enabled"]}, ...]}, ≤ 10 entries. */
  private static Map<String, Set<String>> filters(RpcCall c) {
    String text = c.optional("Filters", "");
    Map<String, Set<String>> out = new HashMap<>();
    if (text.isEmpty()) return out;
    JsonNode tree;
    try {
      tree = FILTERS_JSON.readTree(text);
    } catch (IOException e) {
      throw new CofferException.InvalidParameter("Filters");
    }
    if (tree == null || !tree.isArray() || tree.size() > 10) throw new CofferException.InvalidParameter("Filters");
    for (JsonNode f : tree) {
      JsonNode key = f.get("Key");
      JsonNode values = f.get("Values");
      if (key == null || !key.isTextual() || !FILTER_KEYS.containsKey(key.asText()) || values == null
          || !values.isArray() || values.isEmpty() || values.size() > 10) {
        throw new CofferException.InvalidParameter("Filters");
      }
      Set<String> vs = out.computeIfAbsent(key.asText(), k -> new HashSet<>());
      for (JsonNode v : values) {
        if (!v.isTextual()) throw new CofferException.InvalidParameter("Filters");
        vs.add(v.asText());
      }
    }
    return out;
  }

  /** OR within one filter key, AND across keys. */
  private static boolean matches(KeyMetadata k, Map<String, Set<String>> filters) {
    for (Map.Entry<String, Set<String>> f : filters.entrySet()) {
      if (!f.getValue().contains(FILTER_KEYS.get(f.getKey()).apply(k))) return false;
    }
    return true;
  }
}
