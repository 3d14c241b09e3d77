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
    switch (ex) {
      case OSSException e -> {
        err.printf("Error: oss: service returned error: ErrorCode=%s, ErrorMessage=\"%s\", RequestId=%s%n",
            e.getErrorCode(), e.getErrorMessage(), e.getRequestId());
        return SERVICE_ERROR;
      }
      case com.aliyuncs.exceptions.ClientException e -> {
        err.printf("Error: %s service returned error: ErrorCode=%s, ErrorMessage=\"%s\", RequestId=%s%n",
            e instanceof com.aliyuncs.exceptions.ServerException ? "server" : "client", e.getErrCode(), e.getErrMsg(),
            e.getRequestId());
        return SERVICE_ERROR;
      }
      case ClientException e -> {
        err.printf("Error: oss: client error: %s%n", e.getErrorMessage());
        return SERVICE_ERROR;
      }
      case UsageFailure e -> {
        err.printf("Error: %s%n", e.getMessage());
        return USAGE_ERROR;
      }
      case java.io.IOException e -> {
        err.printf("Error: %s%n", e);
        return SERVICE_ERROR;
      }
      default -> {
        err.printf("Error: %s%n", ex);
        return SERVICE_ERROR;
      }
    }
  }
}
