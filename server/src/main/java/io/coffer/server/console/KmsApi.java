package io.coffer.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.core.error.CofferException;
import io.coffer.core.iam.policy.KmsResources;
import io.coffer.core.kms.KeyMetadata;
import io.coffer.core.kms.KeyOrigin;
import io.coffer.core.kms.KeySpec;
import io.coffer.core.kms.KeyVersion;
import io.coffer.core.kms.KmsAlias;
import io.coffer.core.kms.KmsImport;
import io.coffer.core.kms.KmsService;
import io.coffer.core.kms.RotationInterval;
import io.coffer.server.console.ConsoleErrors.Area;
import io.coffer.server.rpc.kms.KmsJson;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's KMS area: keys, their states, aliases, rotation, versions and bring-your-own-key.
 * Every route is one KMS action, calls {@link KmsService} (or {@link KmsImport}) with the signed-in
 * caller exactly as the KMS API's action families do, and fails with the KMS API's codes. Dates are
 * ISO-8601 instants; absent dates are {@code null}.
 */
public final class KmsApi {
  private final KmsService kms;
  private final KmsImport imports;

  public KmsApi(KmsService kms) {
    this.kms = kms;
    this.imports = kms.imports();
  }

  public void register(ConsoleRoutes r) {
    r.add("GET", "/api/kms/keys", "kms:ListKeys", Area.KMS, this::listKeys)
        .add("POST", "/api/kms/keys", "kms:CreateKey", Area.KMS, this::createKey)
        .add("GET", "/api/kms/keys/{keyId}", "kms:DescribeKey", Area.KMS, this::describeKey)
        .add("PUT", "/api/kms/keys/{keyId}/description", "kms:UpdateKeyDescription", Area.KMS, ex -> {
          kms.updateDescription(ex.principal(), key(ex), text(ex.json(), "description", true));
          ex.sendNoContent();
        })
        .add("POST", "/api/kms/keys/{keyId}/enable", "kms:EnableKey", Area.KMS, ex -> {
          kms.enableKey(ex.principal(), key(ex));
          ex.sendNoContent();
        })
        .add("POST", "/api/kms/keys/{keyId}/disable", "kms:DisableKey", Area.KMS, ex -> {
          kms.disableKey(ex.principal(), key(ex));
          ex.sendNoContent();
        })
        .add("POST", "/api/kms/keys/{keyId}/deletion", "kms:ScheduleKeyDeletion", Area.KMS, ex -> {
          int days = integer(ex.json(), "pendingWindowInDays", true);
          Instant at = kms.scheduleKeyDeletion(ex.principal(), key(ex), days);
          ex.sendOk(ex.object().put("deleteDate", at.toString()));
        })
        .add("DELETE", "/api/kms/keys/{keyId}/deletion", "kms:CancelKeyDeletion", Area.KMS, ex -> {
          kms.cancelKeyDeletion(ex.principal(), key(ex));
          ex.sendNoContent();
        })
        .add("PUT", "/api/kms/keys/{keyId}/rotation", "kms:UpdateRotationPolicy", Area.KMS, ex -> {
          ObjectNode body = ex.json();
          kms.updateRotationPolicy(ex.principal(), key(ex), rotation(body));
          ex.sendNoContent();
        })
        .add("POST", "/api/kms/keys/{keyId}/versions", "kms:CreateKeyVersion", Area.KMS, ex -> {
          ObjectNode out = ex.object();
          out.set("keyVersion", version(ex, kms.createKeyVersion(ex.principal(), key(ex))));
          ex.sendOk(out);
        })
        .add("POST", "/api/kms/keys/{keyId}/import-parameters", "kms:GetParametersForImport", Area.KMS,
            this::importParameters)
        .add("PUT", "/api/kms/keys/{keyId}/material", "kms:ImportKeyMaterial", Area.KMS, this::importMaterial)
        .add("DELETE", "/api/kms/keys/{keyId}/material", "kms:DeleteKeyMaterial", Area.KMS, ex -> {
          imports.deleteKeyMaterial(ex.principal(), key(ex));
          ex.sendNoContent();
        })
        .add("GET", "/api/kms/aliases", "kms:ListAliases", Area.KMS, ex -> {
          ex.resource(KmsResources.aliasContainer(kms.region(), ex.principal().accountId()));
          ObjectNode out = ex.object();
          ArrayNode list = out.putArray("aliases");
          for (KmsAlias a : kms.listAliases(ex.principal())) list.add(alias(ex, a));
          ex.sendOk(out);
        })
        .add("POST", "/api/kms/aliases", "kms:CreateAlias", Area.KMS, ex -> {
          ObjectNode body = ex.json();
          String name = aliasName(ex, text(body, "aliasName", true));
          kms.createAlias(ex.principal(), name, text(body, "keyId", true));
          ex.sendNoContent();
        })
        .add("PUT", "/api/kms/aliases", "kms:UpdateAlias", Area.KMS, ex -> {
          ObjectNode body = ex.json();
          String name = aliasName(ex, text(body, "aliasName", true));
          kms.updateAlias(ex.principal(), name, text(body, "keyId", true));
          ex.sendNoContent();
        })
        .add("DELETE", "/api/kms/aliases", "kms:DeleteAlias", Area.KMS, ex -> {
          String name = ex.query("aliasName");
          if (name == null || name.isEmpty()) {
            throw new ConsoleException(ConsoleError.MALFORMED_JSON, "Name the alias to delete in ?aliasName=.");
          }
          kms.deleteAlias(ex.principal(), aliasName(ex, name));
          ex.sendNoContent();
        });
  }

  // ---- keys ----

  void listKeys(ConsoleExchange ex) {
    ex.resource(KmsResources.keyContainer(kms.region(), ex.principal().accountId()));
    List<KeyMetadata> keys = kms.listKeys(ex.principal());
    // Aliases are another action (kms:ListAliases): a caller allowed only to list keys sees them without.
    Map<String, List<KmsAlias>> aliases = null;
    try {
      aliases = new HashMap<>();
      for (KmsAlias a : kms.listAliases(ex.principal())) aliases.computeIfAbsent(a.keyId(), k -> new ArrayList<>()).add(a);
    } catch (CofferException.AccessDenied e) {
      aliases = null;
    }
    ObjectNode out = ex.object();
    ArrayNode list = out.putArray("keys");
    for (KeyMetadata k : keys) {
      ObjectNode n = key(k);
      if (aliases != null) aliasList(ex, n, aliases.getOrDefault(k.keyId(), List.of()));
      list.add(n);
    }
    out.put("aliasesVisible", aliases != null);
    ex.sendOk(out);
  }

  void describeKey(ConsoleExchange ex) {
    KeyMetadata k = kms.describeKey(ex.principal(), key(ex));
    ex.resource(k.arn());
    ObjectNode n = key(k);
    // The key page also shows its aliases and versions, each its own action: without the
    // permission the page shows the key and says those parts are hidden (null).
    try {
      aliasList(ex, n, kms.listAliasesByKeyId(ex.principal(), k.keyId()));
    } catch (CofferException.AccessDenied e) {
      n.putNull("aliases");
    }
    try {
      ArrayNode versions = n.putArray("versions");
      for (KeyVersion v : kms.listKeyVersions(ex.principal(), k.keyId())) versions.add(version(ex, v));
    } catch (CofferException.AccessDenied e) {
      n.putNull("versions");
    }
    ex.sendOk(n);
  }

  /** CreateKey as the KMS API reads it, with an optional alias made in the same change. */
  void createKey(ConsoleExchange ex) {
    ObjectNode body = ex.json();
    ex.resource(KmsResources.keyContainer(kms.region(), ex.principal().accountId()));
    String specName = text(body, "keySpec", false);
    KeySpec spec = KeySpec.byWireName(specName == null ? KeySpec.Aliyun_AES_256.name() : specName);
    if (spec == null) throw new CofferException.InvalidParameter("KeySpec");
    String originName = text(body, "origin", false);
    KeyOrigin origin = KeyOrigin.byWireName(originName == null ? KeyOrigin.Aliyun_KMS.name() : originName);
    if (origin == null) throw new CofferException.InvalidParameter("Origin");
    String description = text(body, "description", false);
    String alias = text(body, "alias", false);
    if (alias != null && alias.isEmpty()) alias = null;
    Duration rotation = rotation(body);
    KeyMetadata made = kms.createKey(ex.principal(),
        new KmsService.CreateKeyRequest(spec, origin, description == null ? "" : description, rotation), alias);
    ex.resource(made.arn());
    ObjectNode n = key(made);
    aliasList(ex, n, alias == null ? List.of() : List.of(new KmsAlias(alias, ex.principal().accountId(), made.keyId())));
    ex.sendOk(n);
  }

  /** {@code automaticRotation} (default off) and, when on, {@code rotationIntervalDays}. */
  private static Duration rotation(ObjectNode body) {
    JsonNode on = body.get("automaticRotation");
    if (on != null && !on.isNull() && !on.isBoolean()) {
      throw new ConsoleException(ConsoleError.MALFORMED_JSON, "automaticRotation must be true or false.");
    }
    if (on == null || !on.asBoolean()) return null;
    // The KMS API's own parser, so the console's period has the API's bounds and error.
    return RotationInterval.parse(integer(body, "rotationIntervalDays", true) + "d");
  }

  // ---- bring your own key ----

  void importParameters(ConsoleExchange ex) {
    ObjectNode body = ex.json();
    String algorithm = text(body, "wrappingAlgorithm", true);
    String spec = text(body, "wrappingKeySpec", false);
    KmsImport.ImportParameters p = imports.getParametersForImport(ex.principal(), key(ex), algorithm,
        spec == null ? "RSA_2048" : spec);
    ex.sendOk(ex.object().put("keyId", p.keyId())
        .put("wrappingAlgorithm", algorithm)
        .put("publicKey", Base64.getEncoder().encodeToString(p.publicKey()))
        .put("importToken", p.importToken())
        .put("tokenExpireTime", p.tokenExpires().toString()));
  }

  void importMaterial(ConsoleExchange ex) {
    ObjectNode body = ex.json();
    String material = text(body, "encryptedKeyMaterial", true);
    String token = text(body, "importToken", true).strip();
    Instant expires = expiry(text(body, "keyMaterialExpireTime", false));
    byte[] wrapped;
    try {
      // Pasted Base64 often carries line breaks.
      wrapped = Base64.getDecoder().decode(material.replaceAll("\\s+", ""));
    } catch (IllegalArgumentException e) {
      throw new CofferException.KmsInvalidKeyMaterial();
    }
    imports.importKeyMaterial(ex.principal(), key(ex), wrapped, token, expires);
    ex.sendNoContent();
  }

  /** An ISO-8601 instant, a date-time with offset, or a date (its start, UTC); null or empty is never. */
  private static Instant expiry(String text) {
    if (text == null || text.isEmpty()) return null;
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      // not an instant: try the other forms
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      // not a date-time with offset
    }
    try {
      return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new ConsoleException(ConsoleError.MALFORMED_JSON,
          "keyMaterialExpireTime must be an ISO-8601 date or date-time, or null for never.");
    }
  }

  // ---- JSON ----

  /** The key the path names (an id, key ARN or alias), recorded for the audit log. */
  private String key(ConsoleExchange ex) {
    String ref = ex.path("keyId");
    String account = ex.principal().accountId();
    if (ref.startsWith("acs:")) ex.resource(ref);
    else if (ref.startsWith("alias/") && ref.length() > "alias/".length()) {
      ex.resource(KmsResources.alias(kms.region(), account, ref));
    } else ex.resource(KmsResources.key(kms.region(), account, ref));
    return ref;
  }

  private String aliasName(ConsoleExchange ex, String name) {
    if (name.startsWith("alias/") && name.length() > "alias/".length()) {
      ex.resource(KmsResources.alias(kms.region(), ex.principal().accountId(), name));
    }
    return name;
  }

  static ObjectNode key(KeyMetadata k) {
    ObjectNode n = ConsoleExchange.JSON.createObjectNode()
        .put("keyId", k.keyId())
        .put("arn", k.arn())
        .put("keyState", k.state().name())
        .put("keySpec", k.spec().name())
        .put("keyUsage", KmsJson.USAGE)
        .put("origin", k.origin().name())
        .put("protectionLevel", KmsJson.PROTECTION)
        .put("description", k.description())
        .put("creator", k.service() ? "Oss" : k.creator())
        .put("service", k.service())
        .put("creationDate", time(k.created()))
        .put("deleteDate", time(k.deleteDate()))
        .put("materialExpireTime", time(k.materialExpires()))
        .put("primaryKeyVersion", k.primaryVersionId())
        .put("lastRotationDate", time(k.lastRotation()))
        .put("automaticRotation", k.rotationInterval() != null)
        .put("nextRotationDate", time(k.nextRotation()));
    if (k.rotationInterval() == null) n.putNull("rotationIntervalSeconds");
    else n.put("rotationIntervalSeconds", k.rotationInterval().getSeconds());
    return n;
  }

  private void aliasList(ConsoleExchange ex, ObjectNode n, List<KmsAlias> aliases) {
    ArrayNode a = n.putArray("aliases");
    for (KmsAlias x : aliases) a.add(alias(ex, x));
  }

  private ObjectNode alias(ConsoleExchange ex, KmsAlias a) {
    return ex.object().put("aliasName", a.name()).put("aliasArn", a.arn(kms.region())).put("keyId", a.keyId());
  }

  private static ObjectNode version(ConsoleExchange ex, KeyVersion v) {
    return ex.object().put("keyId", v.keyId()).put("keyVersionId", v.versionId())
        .put("creationDate", time(v.created()));
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }

  /** A string field; absent or null is null unless required. */
  private static String text(ObjectNode body, String field, boolean required) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      if (required) throw new ConsoleException(ConsoleError.MALFORMED_JSON, "The request needs " + field + ".");
      return null;
    }
    if (!n.isTextual()) throw new ConsoleException(ConsoleError.MALFORMED_JSON, field + " must be a string.");
    return n.asText();
  }

  private static int integer(ObjectNode body, String field, boolean required) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      if (required) throw new ConsoleException(ConsoleError.MALFORMED_JSON, "The request needs " + field + ".");
      return 0;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw new ConsoleException(ConsoleError.MALFORMED_JSON, field + " must be a whole number.");
    }
    return n.asInt();
  }
}
