package io.coffer.cli.client;

import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSSException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * How a failed command ends: the service's code, message and request id (as ossutil prints them)
 * and exit status 1; usage problems a one-line message and status 2. Never a stack trace, never a
 * secret (the SDKs' messages hold neither).
 */
public final class Failures implements IExecutionExceptionHandler {
  public static final int SERVICE_ERROR = 1;
  public static final int USAGE_ERROR = 2;

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    err.println("Error: " + describe(ex));
    return ex instanceof UsageFailure ? USAGE_ERROR : SERVICE_ERROR;
  }

  /**
   * The failure as one line (without the leading "Error: "): the service's code, message and
   * request id, the SDK's client error, or the usage problem.
   */
  public static String describe(Exception ex) {
    return switch (ex) {
      case OSSException e -> String.format("oss: service returned error: ErrorCode=%s, ErrorMessage=\"%s\", RequestId=%s",
          e.getErrorCode(), e.getErrorMessage(), e.getRequestId());
      case com.aliyuncs.exceptions.ClientException e -> String.format(
          "%s service returned error: ErrorCode=%s, ErrorMessage=\"%s\", RequestId=%s",
          e instanceof com.aliyuncs.exceptions.ServerException ? "server" : "client", e.getErrCode(), e.getErrMsg(),
          e.getRequestId());
      case ClientException e -> "oss: client error: " + e.getErrorMessage();
      case UsageFailure e -> e.getMessage();
      case java.nio.file.NoSuchFileException e -> e.getFile() + ": no such file or directory";
      case java.nio.file.AccessDeniedException e -> e.getFile() + ": permission denied";
      case java.io.IOException e when e.getMessage() != null && e.getClass() == java.io.IOException.class ->
          e.getMessage();
      default -> ex.toString();
    };
  }
}
