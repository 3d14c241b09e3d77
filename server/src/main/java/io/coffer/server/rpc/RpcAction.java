package io.coffer.server.rpc;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One RPC action (say KMS {@code CreateKey}). It reads typed parameters from the {@link RpcCall},
 * calls one domain service method and returns the response fields; the handler adds
 * {@code RequestId} first and writes the JSON. Failures are thrown as
 * {@link io.coffer.core.error.CofferException}s; an action never writes an error body.
 */
@FunctionalInterface
public interface RpcAction {
  /** @return the response object without {@code RequestId}; build it with {@link RpcJson} */
  ObjectNode handle(RpcCall call) throws Exception;
}
