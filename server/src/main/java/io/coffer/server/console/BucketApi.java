package io.coffer.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.core.bucket.BucketService;
import io.coffer.core.error.CofferException;
import io.coffer.core.iam.OssAction;
import io.coffer.core.iam.Principal;
import io.coffer.core.kms.KeyMetadata;
import io.coffer.core.kms.KmsAlias;
import io.coffer.core.kms.KmsService;
import io.coffer.core.model.Bucket;
import io.coffer.core.model.BucketAcl;
import io.coffer.core.model.BucketName;
import io.coffer.core.model.SseMethod;
import io.coffer.core.model.SseSpec;
import io.coffer.core.model.StorageClass;
import io.coffer.server.console.ConsoleErrors.Area;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's Buckets area: list, create (with ACL, storage class and the starting default
 * encryption rule), the default encryption rule, delete, and the region's CMKs for the encryption
 * form's picker. Every call goes to BucketService or KmsService with the signed-in caller, so the
 * console is refused exactly what PutBucket, PutBucketEncryption or ListKeys would be.
 *
 * <p>An encryption rule travels as {@code {"method": "None"|"OSS"|"KMS", "algorithm":
 * "AES256"|"SM4", "kmsKeyId": null|"<CMK id>"}}: the console form's Encryption Method, Encryption
 * Algorithm and CMK. No CMK, or {@value KmsService#OSS_DEFAULT_ALIAS}, means the default CMK.
 */
public final class BucketApi {
  private final BucketService buckets;
  private final KmsService kms;

  public BucketApi(BucketService buckets, KmsService kms) {
    this.buckets = buckets;
    this.kms = kms;
  }

  public void register(ConsoleRoutes r) {
    r.add("GET", "/api/buckets", "oss:ListBuckets", Area.OSS, this::list);
    r.add("POST", "/api/buckets", "oss:PutBucket", Area.OSS, this::create);
    r.add("GET", "/api/buckets/{bucket}", "oss:GetBucketInfo", Area.OSS, this::info);
    r.add("DELETE", "/api/buckets/{bucket}", "oss:DeleteBucket", Area.OSS, this::delete);
    r.add("GET", "/api/buckets/{bucket}/encryption", "oss:GetBucketEncryption", Area.OSS, this::getEncryption);
    r.add("PUT", "/api/buckets/{bucket}/encryption", "oss:PutBucketEncryption", Area.OSS, this::putEncryption);
    r.add("DELETE", "/api/buckets/{bucket}/encryption", "oss:DeleteBucketEncryption", Area.OSS,
        this::deleteEncryption);
    r.add("GET", "/api/encryption/cmks", "kms:ListKeys", Area.KMS, this::cmks);
  }

  /** ListBuckets, each with its default encryption when the caller may read the bucket's info. */
  void list(ConsoleExchange ex) {
    Principal caller = ex.principal();
    ArrayNode out = ex.object().arrayNode();
    String marker = null;
    BucketService.BucketListing page;
    do {
      page = buckets.listBuckets(caller, null, marker, 1000);
      for (Bucket b : page.buckets()) {
        ObjectNode n = bucket(out.addObject(), b);
        try {
          buckets.authorized(caller, OssAction.GET_BUCKET_INFO, b.name());
          n.set("encryption", rule(buckets.encryptionRule(b.name()).orElse(null)));
        } catch (CofferException.AccessDenied | CofferException.NoSuchBucket e) {
          // Not readable by this caller (or gone meanwhile): the list shows no summary for it.
        }
      }
      marker = page.nextMarker();
    } while (page.truncated());
    ex.sendOk(ex.object().put("region", buckets.region()).set("buckets", out));
  }

  /**
   * PutBucket with its starting rule in one core call: an invalid or refused rule is found before
   * anything is stored. A name that exists, even the caller's own bucket, is BucketAlreadyExists.
   */
  void create(ConsoleExchange ex) {
    ObjectNode body = ex.json();
    String rawName = text(body, "name");
    if (rawName == null) throw new ConsoleException(ConsoleError.MALFORMED_JSON, "Enter a bucket name (field name).");
    ex.resource(rawName);
    BucketName name = new BucketName(rawName);
    BucketAcl acl = BucketAcl.parse(text(body, "acl"));
    StorageClass sc = StorageClass.parse(text(body, "storageClass"));
    SseSpec rule = body.has("encryption") ? spec(object(body, "encryption")) : null;
    Bucket b = buckets.createNewBucket(ex.principal(), new BucketService.CreateBucketRequest(name, acl, sc, null,
        text(body, "redundancyType"), rule));
    ObjectNode n = bucket(ex.object(), b);
    n.set("encryption", rule(rule));
    ex.sendOk(n);
  }

  /** GetBucketInfo: what the bucket's Overview and Basic Settings show. */
  void info(ConsoleExchange ex) {
    BucketName name = name(ex);
    Bucket b = buckets.authorized(ex.principal(), OssAction.GET_BUCKET_INFO, name);
    ObjectNode n = bucket(ex.object(), b);
    n.put("owner", b.owner()).put("redundancyType", b.redundancyType());
    n.set("encryption", rule(buckets.encryptionRule(name).orElse(null)));
    ex.sendOk(n);
  }

  void delete(ConsoleExchange ex) {
    buckets.deleteBucket(ex.principal(), name(ex));
    ex.sendNoContent();
  }

  /** GetBucketEncryption; a bucket without a rule answers method None rather than an error. */
  void getEncryption(ConsoleExchange ex) {
    BucketName name = name(ex);
    SseSpec spec;
    try {
      spec = buckets.getEncryptionRule(ex.principal(), name);
    } catch (CofferException.NoSuchServerSideEncryptionRule e) {
      spec = null;
    }
    ex.sendOk(rule(spec));
  }

  /** PutBucketEncryption. Method None is not a rule: turning encryption off is DELETE. */
  void putEncryption(ConsoleExchange ex) {
    BucketName name = name(ex);
    SseSpec spec = spec(ex.json());
    if (spec == null) {
      throw new ConsoleException(ConsoleError.MALFORMED_JSON,
          "Method None sets no rule: delete the bucket's encryption rule instead.");
    }
    buckets.putEncryptionRule(ex.principal(), name, spec);
    ex.sendOk(rule(spec));
  }

  void deleteEncryption(ConsoleExchange ex) {
    buckets.deleteEncryptionRule(ex.principal(), name(ex));
    ex.sendNoContent();
  }

  /**
   * The account's CMKs a bucket rule can name, with their aliases. Listing them takes kms:ListKeys
   * and kms:ListAliases, as in the KMS console; a caller without them is refused with KMS's answer
   * and the form still offers the default CMK.
   */
  void cmks(ConsoleExchange ex) {
    Principal caller = ex.principal();
    List<KeyMetadata> keys = kms.listKeys(caller);
    Map<String, List<String>> aliases = new HashMap<>();
    for (KmsAlias a : kms.listAliases(caller)) aliases.computeIfAbsent(a.keyId(), k -> new ArrayList<>()).add(a.name());
    ArrayNode out = ex.object().arrayNode();
    for (KeyMetadata k : keys) {
      if (k.service()) continue; // the default CMK is offered as alias/acs/oss
      ObjectNode n = out.addObject().put("keyId", k.keyId()).put("arn", k.arn()).put("spec", k.spec().name())
          .put("state", k.state().name()).put("origin", k.origin().name());
      ArrayNode names = n.putArray("aliases");
      aliases.getOrDefault(k.keyId(), List.of()).stream().sorted().forEach(names::add);
    }
    ex.sendOk(ex.object().put("region", kms.region()).put("defaultAlias", KmsService.OSS_DEFAULT_ALIAS)
        .set("keys", out));
  }

  // ---- JSON ----

  private static BucketName name(ConsoleExchange ex) {
    String n = ex.path("bucket");
    ex.resource(n);
    return new BucketName(n);
  }

  private ObjectNode bucket(ObjectNode n, Bucket b) {
    return n.put("name", b.name().value()).put("region", buckets.region())
        .put("creationDate", b.created().toString()).put("storageClass", b.storageClass().wireName())
        .put("acl", b.acl().wireName());
  }

  /** A rule as the console shows it; null is method None. */
  static ObjectNode rule(SseSpec spec) {
    ObjectNode n = ConsoleExchange.JSON.createObjectNode();
    if (spec == null) return n.put("method", "None");
    n.put("method", spec.method() == SseMethod.KMS ? "KMS" : "OSS").put("algorithm", spec.algorithm().name());
    if (spec.method() == SseMethod.KMS) {
      n.put("kmsKeyId", spec.kmsKeyId() == null ? KmsService.OSS_DEFAULT_ALIAS : spec.kmsKeyId());
    }
    return n;
  }

  /**
   * The rule the form asks for, checked by core's rule reader as PutBucketEncryption's XML is; null
   * for method None. An unknown method or algorithm is InvalidEncryptionAlgorithmError.
   */
  static SseSpec spec(ObjectNode n) {
    String method = text(n, "method");
    String algorithm = text(n, "algorithm");
    String cmk = text(n, "kmsKeyId");
    if (method == null) throw new ConsoleException(ConsoleError.MALFORMED_JSON, "Choose an encryption method (field method).");
    if (cmk != null && (cmk.isBlank() || cmk.equals(KmsService.OSS_DEFAULT_ALIAS))) cmk = null;
    return switch (method) {
      case "None" -> {
        if (cmk != null) {
          throw new CofferException.InvalidArgument("KMSMasterKeyID is not applicable if the default sse algorithm is not KMS",
              "KMSMasterKeyID", cmk);
        }
        yield null;
      }
      case "OSS" -> {
        String a = algorithm == null ? "AES256" : algorithm;
        if (!a.equals("AES256") && !a.equals("SM4")) throw new CofferException.InvalidEncryptionAlgorithm();
        yield BucketService.rule(a, cmk, null);
      }
      case "KMS" -> {
        if (algorithm != null && !algorithm.equals("AES256") && !algorithm.equals("SM4")) {
          throw new CofferException.InvalidEncryptionAlgorithm();
        }
        yield BucketService.rule("KMS", cmk, "SM4".equals(algorithm) ? "SM4" : null);
      }
      default -> throw new CofferException.InvalidEncryptionAlgorithm();
    };
  }

  /** A string field, or null when absent or JSON null; any other type is MalformedJson naming it. */
  static String text(ObjectNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isTextual()) throw new ConsoleException(ConsoleError.MALFORMED_JSON, "The field " + field + " must be a string.");
    return v.asText().strip();
  }

  private static ObjectNode object(ObjectNode n, String field) {
    JsonNode v = n.get(field);
    if (v instanceof ObjectNode o) return o;
    throw new ConsoleException(ConsoleError.MALFORMED_JSON, "The field " + field + " must be an object.");
  }
}
