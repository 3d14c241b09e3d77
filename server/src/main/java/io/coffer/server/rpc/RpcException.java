package io.coffer.server.rpc;

/**
 * A failure of the RPC protocol itself (signature, timestamp, nonce, version, action, method) that
 * is no domain error and so has no {@link io.coffer.core.error.CofferException} subtype. Immutable,
 * without a stack trace: these are answers, not bugs.
 */
public final class RpcException extends RuntimeException {
  private final RpcError error;

  public RpcException(RpcError error) {
    this(error, error.message());
  }

  public RpcException(RpcError error, String message) {
    super(message, null, false, false);
    this.error = error;
  }

  public RpcError error() {
    return error;
  }
}
