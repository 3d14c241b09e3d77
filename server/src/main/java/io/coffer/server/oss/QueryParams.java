package io.coffer.server.oss;

import io.coffer.core.error.CofferException;
import io.coffer.server.http.QueryString;

/**
 * Numeric query parameters as OSS reads them, shared by the OSS API and the console's object
 * routes so both refuse the same values with the same error.
 */
public final class QueryParams {
  private QueryParams() {}

  /** {@code name} as an int in [min, max], {@code dflt} when absent or empty; else InvalidArgument. */
  public static int intParam(QueryString q, String name, int dflt, int min, int max) {
    String v = q.nonEmpty(name);
    if (v == null) return dflt;
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min || n > max) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw new CofferException.InvalidArgument("Argument " + name + " is invalid.", name, v);
    }
  }

  /** The {@code partNumber} of an UploadPart; its range is the multipart service's to check. */
  public static int partNumber(QueryString q) {
    String pn = q.get("partNumber");
    try {
      return Integer.parseInt(pn == null ? "" : pn.trim());
    } catch (NumberFormatException e) {
      throw new CofferException.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive.",
          "partNumber", pn);
    }
  }
}
