package io.coffer.cli.cp;

import com.aliyun.oss.model.CannedAccessControlList;
import com.aliyun.oss.model.ObjectMetadata;
import io.coffer.cli.client.UsageFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * ossutil's {@code --meta "header:value#header2:value2"}: the headers an upload or copy sends with
 * the new object. Names are case-insensitive and limited to the set ossutil accepts (see
 * aliyun/ossutil lib/set_meta.go); a value may itself contain ':'.
 */
public record MetaOption(Map<String, String> headers) {
  /** Lower-cased accepted names mapped to the spelling sent on the wire. */
  private static final Map<String, String> ACCEPTED = accepted();

  /** Headers that say how the object is stored rather than what it is: a copy keeps the source's metadata. */
  private static final Set<String> STORAGE_ONLY = Set.of("x-oss-object-acl", "x-oss-storage-class",
      "x-oss-server-side-encryption", "x-oss-server-side-encryption-key-id", "x-oss-server-side-data-encryption");

  private static final String USER_META = "x-oss-meta-";
  private static final String ACL = "x-oss-object-acl";

  public static final MetaOption NONE = new MetaOption(Map.of());

  public MetaOption {
    headers = java.util.Collections.unmodifiableMap(new TreeMap<>(headers));
  }

  /**
   * @throws UsageFailure for a pair without ':' or a header ossutil does not accept
   */
  public static MetaOption parse(String spec) {
    if (spec == null || spec.isBlank()) return NONE;
    Map<String, String> out = new TreeMap<>();
    for (String pair : spec.split("#")) {
      if (pair.isBlank()) continue;
      int colon = pair.indexOf(':');
      if (colon <= 0) throw new UsageFailure("--meta: \"" + pair + "\" is not header:value");
      String name = pair.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = pair.substring(colon + 1).strip();
      String wire = name.startsWith(USER_META) && name.length() > USER_META.length() ? name : ACCEPTED.get(name);
      if (wire == null) {
        throw new UsageFailure("--meta: unsupported header \"" + pair.substring(0, colon).strip() + "\"; accepted: "
            + String.join(", ", ACCEPTED.values()) + ", x-oss-meta-*");
      }
      if (name.equals(ACL)) aclOf(value);
      out.put(wire, value);
    }
    return new MetaOption(out);
  }

  public boolean isEmpty() {
    return headers.isEmpty();
  }

  /** True when a copy must replace the source's metadata (a header other than ACL, storage class or SSE). */
  public boolean replacesMetadata() {
    return headers.keySet().stream().anyMatch(h -> !STORAGE_ONLY.contains(h.toLowerCase(Locale.ROOT)));
  }

  /** The object ACL asked for, or null: multipart uploads send it with CompleteMultipartUpload. */
  public CannedAccessControlList acl() {
    String v = headers.get(ACL);
    return v == null ? null : aclOf(v);
  }

  /** Adds every header except the ACL (when {@code withAcl} is false) to {@code meta}. */
  public void applyTo(ObjectMetadata meta, boolean withAcl) {
    headers.forEach((name, value) -> {
      if (name.startsWith(USER_META)) {
        meta.addUserMetadata(name.substring(USER_META.length()), value);
      } else if (withAcl || !name.equals(ACL)) {
        meta.setHeader(name, value);
      }
    });
  }

  /** Headers for a request the SDK has no metadata object for (CopyObject keeping the source's metadata). */
  public Map<String, String> storageHeaders() {
    Map<String, String> out = new TreeMap<>();
    headers.forEach((name, value) -> {
      if (STORAGE_ONLY.contains(name)) out.put(name, value);
    });
    return out;
  }

  public boolean has(String name) {
    return headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase(name));
  }

  /** A stable text of the headers, for checkpoints: an upload initiated with other headers cannot be resumed. */
  public String canonical() {
    List<String> parts = new ArrayList<>();
    headers.forEach((k, v) -> parts.add(k.toLowerCase(Locale.ROOT) + ":" + v));
    return String.join("#", parts);
  }

  private static CannedAccessControlList aclOf(String value) {
    CannedAccessControlList acl = CannedAccessControlList.parse(value);
    if (acl == null || acl == CannedAccessControlList.Unknown) {
      throw new UsageFailure("--meta: x-oss-object-acl must be default, private, public-read or public-read-write,"
          + " not \"" + value + "\"");
    }
    return acl;
  }

  private static Map<String, String> accepted() {
    Map<String, String> m = new TreeMap<>();
    for (String h : List.of("Content-Type", "Cache-Control", "Content-Disposition", "Content-Encoding", "Expires",
        "Accept-Encoding", "Origin", "x-oss-object-acl", "x-oss-storage-class", "x-oss-server-side-encryption",
        "x-oss-server-side-encryption-key-id", "x-oss-server-side-data-encryption",
        "x-oss-server-side-encryption-customer-algorithm", "x-oss-server-side-encryption-customer-key",
        "x-oss-server-side-encryption-customer-key-MD5")) {
      m.put(h.toLowerCase(Locale.ROOT), h);
    }
    return java.util.Collections.unmodifiableMap(m);
  }
}
