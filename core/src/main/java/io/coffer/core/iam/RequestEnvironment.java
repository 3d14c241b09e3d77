package io.coffer.core.iam;

/**
 * Facts about how a request arrived that policy conditions may test ({@code acs:SourceIp},
 * {@code acs:SecureTransport}, {@code acs:UserAgent}); the dialect records them, never the domain.
 *
 * @param sourceIp the client's address as the server saw it, or empty when unknown
 * @param userAgent the User-Agent header, or empty
 */
public record RequestEnvironment(String sourceIp, boolean secureTransport, String userAgent) {
  private static final RequestEnvironment NONE = new RequestEnvironment("", false, "");

  public RequestEnvironment {
    if (sourceIp == null || userAgent == null) throw new IllegalArgumentException("null environment field");
  }

  /** Nothing known: for internal callers and tests. */
  public static RequestEnvironment none() {
    return NONE;
  }
}
