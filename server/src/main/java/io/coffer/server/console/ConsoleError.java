package io.coffer.server.console;

/**
 * The console's own failures: those of sessions and of the console's JSON requests themselves.
 * Failures of the operations a page asks for keep the code their API gives them (an OSS code for a
 * bucket or object, a KMS or RAM code for a key, user or policy; {@link ConsoleErrors}), so what the
 * console shows matches what the SDKs and the command line report.
 */
public enum ConsoleError {
  NOT_SIGNED_IN("NotSignedIn", 401, "Sign in with an access key to use the console."),
  SESSION_EXPIRED("SessionExpired", 401, "Your session has expired. Sign in again."),
  INVALID_CREDENTIALS("InvalidCredentials", 401, "The AccessKey ID or AccessKey secret is not correct."),
  INACTIVE_ACCESS_KEY("InactiveAccessKey", 401, "This access key is inactive."),
  TOO_MANY_SIGN_IN_ATTEMPTS("TooManySignInAttempts", 429,
      "Too many failed sign-ins from this address. Wait a few minutes and try again."),
  INVALID_CSRF_TOKEN("InvalidCsrfToken", 403,
      "The request did not carry this session's CSRF token. Reload the page and try again."),
  CROSS_ORIGIN("CrossOriginRequest", 403, "The request came from another site."),
  NO_SUCH_ROUTE("NotFound", 404, "There is no such console request."),
  METHOD_NOT_ALLOWED("MethodNotAllowed", 405, "The method is not allowed for this console request."),
  MALFORMED_JSON("MalformedJson", 400, "The request body is not the JSON this request needs."),
  BAD_REQUEST("BadRequest", 400, "The request is malformed."),
  REQUEST_HEADER_TOO_LARGE("RequestHeaderTooLarge", 431, "The request headers are too large."),
  REQUEST_TOO_LARGE("RequestTooLarge", 413, "The request body is too large."),
  INTERNAL_ERROR("InternalError", 500, "The console could not complete the request.");

  private final String code;
  private final int status;
  private final String message;

  ConsoleError(String code, int status, String message) {
    this.code = code;
    this.status = status;
    this.message = message;
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  public String message() {
    return message;
  }
}
