package io.coffer.cli.kms;

import com.aliyuncs.kms.model.v20160120.CancelKeyDeletionRequest;
import com.aliyuncs.kms.model.v20160120.CreateKeyRequest;
import com.aliyuncs.kms.model.v20160120.CreateKeyResponse;
import com.aliyuncs.kms.model.v20160120.DescribeKeyRequest;
import com.aliyuncs.kms.model.v20160120.DescribeKeyResponse;
import com.aliyuncs.kms.model.v20160120.DisableKeyRequest;
import com.aliyuncs.kms.model.v20160120.EnableKeyRequest;
import com.aliyuncs.kms.model.v20160120.ListKeysRequest;
import com.aliyuncs.kms.model.v20160120.ListKeysResponse;
import com.aliyuncs.kms.model.v20160120.ScheduleKeyDeletionRequest;
import com.aliyuncs.kms.model.v20160120.UpdateRotationPolicyRequest;
import io.coffer.cli.client.Clients;
import io.coffer.cli.client.UsageFailure;
import io.coffer.cli.rpc.Paging;
import io.coffer.cli.rpc.Printer;
import io.coffer.cli.rpc.RpcCommand;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The key commands: CreateKey, ListKeys, DescribeKey, the state changes and the rotation policy. */
final class KeyCommands {
  /** KeyMetadata as CreateKey answers it, in the order people read it. */
  static final String[] CREATED = {"KeyId", "Arn", "KeyState", "KeySpec", "KeyUsage", "Origin", "ProtectionLevel",
      "Description", "Creator", "CreationDate", "DeleteDate", "MaterialExpireTime", "PrimaryKeyVersion",
      "AutomaticRotation", "RotationInterval", "LastRotationDate", "NextRotationDate"};
  /** DescribeKey's KeyMetadata has one field more. */
  static final String[] DESCRIBED = append(CREATED, "DeletionProtection");
  private static final int PAGE_SIZE = 100;
  private static final Pattern INTERVAL = Pattern.compile("(\\d{1,9})([smhd])");

  private KeyCommands() {}

  @Command(name = "create-key", description = "Create a symmetric key (CreateKey) and print its metadata.")
  static final class CreateKey extends RpcCommand {
    @Option(names = "--key-spec", paramLabel = "SPEC", description = "Aliyun_AES_256 (default) or Aliyun_SM4.")
    String keySpec;

    @Option(names = "--origin", paramLabel = "ORIGIN",
        description = "Aliyun_KMS (default: KMS makes the material) or EXTERNAL (import it with import-key-material).")
    String origin;

    @Option(names = "--description", description = "Free text, up to 8192 characters.")
    String description;

    @Option(names = "--rotation-interval", paramLabel = "INTERVAL",
        description = "Turn on automatic rotation at this interval: seconds, or a number with s, m, h or d (30d).")
    String rotationInterval;

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      CreateKeyRequest r = new CreateKeyRequest();
      if (keySpec != null) r.setKeySpec(keySpec);
      if (origin != null) r.setOrigin(origin);
      if (description != null) r.setDescription(description);
      if (rotationInterval != null) {
        r.setEnableAutomaticRotation(true);
        r.setRotationInterval(seconds(rotationInterval));
      }
      CreateKeyResponse.KeyMetadata m = rpc.call(r).getKeyMetadata();
      out.record(Printer.fields(m, CREATED));
      if (!out.json() && "PendingImport".equals(m.getKeyState())) {
        note("The key waits for its material: coffer kms import-key-material " + m.getKeyId()
            + " --key-material-file FILE");
      }
    }
  }

  @Command(name = "list-keys", description = "List every key (ListKeys, all pages).")
  static final class ListKeys extends RpcCommand {
    @Mixin Paging paging;

    @Option(names = {"-l", "--long"}, description = "Describe each key too (state, spec, origin, description).")
    boolean describeEach;

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      List<ListKeysResponse.Key> keys = new ArrayList<>();
      for (int page = 1; ; page++) {
        ListKeysRequest r = new ListKeysRequest();
        r.setPageNumber(page);
        r.setPageSize(paging.size(PAGE_SIZE));
        ListKeysResponse answer = rpc.call(r);
        List<ListKeysResponse.Key> got = answer.getKeys() == null ? List.of() : answer.getKeys();
        keys.addAll(got);
        if (got.isEmpty() || answer.getTotalCount() == null || keys.size() >= answer.getTotalCount()) break;
      }
      if (!describeEach) {
        out.table("Keys", Printer.rows(keys, "KeyId", "KeyArn"), "KeyId", "KeyArn");
        return;
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      for (ListKeysResponse.Key k : keys) rows.add(Printer.fields(describe(rpc, k.getKeyId()), DESCRIBED));
      out.table("Keys", rows, "KeyId", "KeyState", "KeySpec", "Origin", "CreationDate", "Description");
    }
  }

  @Command(name = "describe-key", description = "Print a key's metadata (DescribeKey).")
  static final class DescribeKey extends RpcCommand {
    @Parameters(paramLabel = "KEY", description = "Key id, key ARN, alias (alias/…) or alias ARN.")
    String keyId;

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      out.record(Printer.fields(describe(rpc, keyId), DESCRIBED));
    }
  }

  @Command(name = "enable-key", description = "Enable a disabled key (EnableKey).")
  static final class EnableKey extends RpcCommand {
    @Parameters(paramLabel = "KEY", description = "Key id or key ARN.")
    String keyId;

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      EnableKeyRequest r = new EnableKeyRequest();
      r.setKeyId(keyId);
      String requestId = rpc.call(r).getRequestId();
      out.done("Enabled key " + keyId + ".", result(keyId, requestId));
    }
  }

  @Command(name = "disable-key", description = "Disable a key: it stays, but encrypts and decrypts nothing (DisableKey).")
  static final class DisableKey extends RpcCommand {
    @Parameters(paramLabel = "KEY", description = "Key id or key ARN.")
    String keyId;

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      DisableKeyRequest r = new DisableKeyRequest();
      r.setKeyId(keyId);
      String requestId = rpc.call(r).getRequestId();
      out.done("Disabled key " + keyId + ".", result(keyId, requestId));
    }
  }

  @Command(name = "schedule-key-deletion",
      description = "Destroy a key after a waiting period; until then cancel-key-deletion brings it back (ScheduleKeyDeletion).")
  static final class ScheduleKeyDeletion extends RpcCommand {
    @Parameters(paramLabel = "KEY", description = "Key id or key ARN.")
    String keyId;

    @Option(names = "--pending-window-in-days", paramLabel = "DAYS", required = true,
        description = "Days until the key, its versions and aliases are destroyed (7 to 366).")
    int days;

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      ScheduleKeyDeletionRequest r = new ScheduleKeyDeletionRequest();
      r.setKeyId(keyId);
      r.setPendingWindowInDays(days);
      String requestId = rpc.call(r).getRequestId();
      Map<String, Object> fields = result(keyId, requestId);
      fields.put("PendingWindowInDays", days);
      out.done("Key " + keyId + " is pending deletion; it is destroyed in " + days + " days unless cancelled.", fields);
    }
  }

  @Command(name = "cancel-key-deletion", description = "Keep a key that is pending deletion (CancelKeyDeletion).")
  static final class CancelKeyDeletion extends RpcCommand {
    @Parameters(paramLabel = "KEY", description = "Key id or key ARN.")
    String keyId;

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      CancelKeyDeletionRequest r = new CancelKeyDeletionRequest();
      r.setKeyId(keyId);
      String requestId = rpc.call(r).getRequestId();
      out.done("Cancelled the deletion of key " + keyId + ".", result(keyId, requestId));
    }
  }

  @Command(name = "update-rotation-policy",
      description = "Turn automatic rotation on (--rotation-interval) or off (--disable) (UpdateRotationPolicy).")
  static final class UpdateRotationPolicy extends RpcCommand {
    @Parameters(paramLabel = "KEY", description = "Key id or key ARN.")
    String keyId;

    @Option(names = "--rotation-interval", paramLabel = "INTERVAL",
        description = "Rotate at this interval: seconds, or a number with s, m, h or d (30d); 7 to 365 days.")
    String rotationInterval;

    @Option(names = "--disable", description = "Turn automatic rotation off.")
    boolean disable;

    @Override
    protected void validate() {
      if ((rotationInterval == null) == !disable) {
        throw new UsageFailure("give exactly one of --rotation-interval and --disable");
      }
    }

    @Override
    protected void run(Clients.Rpc rpc, Printer out) throws Exception {
      UpdateRotationPolicyRequest r = new UpdateRotationPolicyRequest();
      r.setKeyId(keyId);
      r.setEnableAutomaticRotation(!disable);
      if (!disable) r.setRotationInterval(seconds(rotationInterval));
      String requestId = rpc.call(r).getRequestId();
      Map<String, Object> fields = result(keyId, requestId);
      fields.put("AutomaticRotation", disable ? "Disabled" : "Enabled");
      if (!disable) fields.put("RotationInterval", r.getRotationInterval());
      out.done(disable ? "Automatic rotation of key " + keyId + " is off."
          : "Key " + keyId + " rotates every " + r.getRotationInterval() + ".", fields);
    }
  }

  static DescribeKeyResponse.KeyMetadata describe(Clients.Rpc rpc, String keyId) throws Exception {
    DescribeKeyRequest r = new DescribeKeyRequest();
    r.setKeyId(keyId);
    return rpc.call(r).getKeyMetadata();
  }

  static Map<String, Object> result(String keyId, String requestId) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("KeyId", keyId);
    fields.put("RequestId", requestId);
    return fields;
  }

  /** The API's interval form, {@code <seconds>s}, from seconds or a number with a unit. */
  static String seconds(String interval) {
    String s = interval.strip();
    if (s.chars().allMatch(Character::isDigit) && !s.isEmpty()) return s + "s";
    Matcher m = INTERVAL.matcher(s);
    if (!m.matches()) {
      throw new UsageFailure("--rotation-interval: not an interval: " + interval + " (use seconds, or e.g. 30d, 720h)");
    }
    long n = Long.parseLong(m.group(1));
    long unit = switch (m.group(2)) {
      case "m" -> 60;
      case "h" -> 3600;
      case "d" -> 86400;
      default -> 1;
    };
    return n * unit + "s";
  }

  private static String[] append(String[] names, String more) {
    String[] out = Arrays.copyOf(names, names.length + 1);
    out[names.length] = more;
    return out;
  }
}
