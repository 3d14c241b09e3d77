package io.coffer.server.oss;

/** The endpoint (host[:port]) clients reached us on, for ExtranetEndpoint and Location fields. */
final class Endpoints {
  private Endpoints() {}

  /** The Host without a virtual-host bucket label. */
  static String service(OssExchange ex) {
    String host = ex.host();
    if (!ex.pathStyle() && ex.bucket() != null && host.toLowerCase(java.util.Locale.ROOT).startsWith(ex.bucket() + ".")) {
      return host.substring(ex.bucket().length() + 1);
    }
    return host;
  }

  /** {@code scheme://host/key} for virtual-host requests, {@code scheme://host/bucket/key} for path style. */
  static String objectLocation(OssExchange ex, String bucket, String key) {
    return ex.scheme() + "://" + ex.host() + "/" + (ex.pathStyle() ? bucket + "/" : "") + key;
  }
}
