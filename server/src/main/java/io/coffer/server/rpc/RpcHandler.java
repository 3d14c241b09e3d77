package io.coffer.server.rpc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The RPC port (KMS and RAM, Alibaba RPC style). No action is served yet, so every request gets
 * the RPC error for an unknown action, never a fake success.
 */
public final class RpcHandler extends Handler.Abstract {

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String requestId = UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT);
    String json = "{\"RequestId\":\"" + requestId + "\",\"HostId\":\"" + escape(request.getHeaders().get("Host"))
        + "\",\"Code\":\"InvalidAction.NotFound\",\"Message\":\"Specified api is not found, please check your url and method.\"}";
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    response.setStatus(404);
    response.getHeaders().put("Content-Type", "application/json;charset=utf-8");
    response.getHeaders().put("Content-Length", Integer.toString(b.length));
    response.write(true, ByteBuffer.wrap(b), callback);
    return true;
  }

  private static String escape(String s) {
    if (s == null) return "";
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') sb.append('\\').append(c);
      else if (c < 0x20) sb.append("\\u").append(HexFormat.of().toHexDigits((short) c));
      else sb.append(c);
    }
    return sb.toString();
  }
}
