package io.coffer.core.object;

import io.coffer.core.model.BucketName;
import io.coffer.core.model.ObjectRecord;
import io.coffer.core.storage.MetadataStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ListObjects paging with prefix and delimiter. A common prefix counts against {@code maxKeys}
 * like an object; the marker is exclusive; a common prefix at or before the marker is not repeated.
 */
public final class ObjectListing {
  private static final int BATCH = 1000;

  /** @param nextMarker the last key or common prefix returned, when truncated */
  public record Page(List<ObjectRecord> objects, List<String> commonPrefixes, boolean truncated, String nextMarker) {}

  private ObjectListing() {}

  public static Page list(MetadataStore store, BucketName bucket, String prefix, String delimiter, String marker,
      int maxKeys) {
    String p = prefix == null ? "" : prefix;
    String d = delimiter == null || delimiter.isEmpty() ? null : delimiter;
    byte[] markerBytes = marker == null || marker.isEmpty() ? null : marker.getBytes(StandardCharsets.UTF_8);
    byte[] cursor = markerBytes;
    List<ObjectRecord> objects = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String last = null;
    while (true) {
      // One record past the page is enough to know whether it is truncated; more is wasted decoding.
      int want = Math.min(BATCH, maxKeys - objects.size() - prefixes.size() + 1);
      List<ObjectRecord> batch = store.listObjects(bucket, p, cursor, want);
      if (batch.isEmpty()) return new Page(objects, prefixes, false, null);
      for (ObjectRecord o : batch) {
        String key = o.key().value();
        cursor = o.key().utf8();
        String common = null;
        if (d != null) {
          int at = key.indexOf(d, p.length());
          if (at >= 0) common = key.substring(0, at + d.length());
        }
        if (common != null) {
          byte[] cb = common.getBytes(StandardCharsets.UTF_8);
          // 0xFF never occurs in UTF-8, so cb‖0xFF sorts after every key under this prefix.
          cursor = Arrays.copyOf(cb, cb.length + 1);
          cursor[cb.length] = (byte) 0xFF;
          if (markerBytes != null && Arrays.compareUnsigned(cb, markerBytes) <= 0) break; // listed on an earlier page
          if (objects.size() + prefixes.size() == maxKeys) return new Page(objects, prefixes, true, last);
          prefixes.add(common);
          last = common;
          break; // the cursor jumped; fetch from past this prefix
        }
        if (objects.size() + prefixes.size() == maxKeys) return new Page(objects, prefixes, true, last);
        objects.add(o);
        last = key;
      }
    }
  }
}
