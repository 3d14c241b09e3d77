package io.coffer.core.object;

import io.coffer.core.error.CofferException;
import io.coffer.core.model.ObjectRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Conditional-request headers (or their {@code x-oss-copy-source-*} twins), evaluated as RFC 7232
 * orders them: If-Match, then If-Unmodified-Since (only without If-Match), then If-None-Match, then
 * If-Modified-Since (only without If-None-Match). Times compare at second granularity.
 *
 * @param ifMatch ETags (quotes optional, {@code *} allowed), or null
 * @param ifNoneMatch ETags, or null
 */
public record Conditions(List<String> ifMatch, List<String> ifNoneMatch, Instant ifModifiedSince,
    Instant ifUnmodifiedSince) {

  public static final Conditions NONE = new Conditions(null, null, null, null);

  /**
   * @throws CofferException.PreconditionFailed for 412
   * @throws CofferException.NotModified for 304
   */
  public void check(ObjectRecord o) {
    Instant modified = o.lastModified().truncatedTo(ChronoUnit.SECONDS);
    if (ifMatch != null) {
      if (!matches(ifMatch, o.etag())) throw new CofferException.PreconditionFailed("If-Match");
    } else if (ifUnmodifiedSince != null && modified.isAfter(ifUnmodifiedSince)) {
      throw new CofferException.PreconditionFailed("If-Unmodified-Since");
    }
    if (ifNoneMatch != null) {
      if (matches(ifNoneMatch, o.etag())) throw new CofferException.NotModified();
    } else if (ifModifiedSince != null && !modified.isAfter(ifModifiedSince)) {
      throw new CofferException.NotModified();
    }
  }

  private static boolean matches(List<String> tags, String etag) {
    for (String t : tags) {
      String s = t.trim();
      if (s.startsWith("W/")) s = s.substring(2);
      if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) s = s.substring(1, s.length() - 1);
      if (s.equals("*") || s.equalsIgnoreCase(etag)) return true;
    }
    return false;
  }
}
