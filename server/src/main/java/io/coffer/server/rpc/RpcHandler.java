package io.coffer.server.rpc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.core.audit.AuditLog;
import io.coffer.core.error.CofferException;
import io.coffer.core.iam.Principal;
import io.coffer.core.iam.RequestEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RPC ("POP") dialect's entry, serving KMS and RAM on the RPC port: gives every request its id,
 * reads it ({@link RpcRequest}), resolves (Version, Action) in {@link RpcRoutes}, authenticates
 * ({@link RpcAuthenticator}), runs the action and writes its JSON with {@code RequestId} first.
 * Every failure becomes the dialect's error JSON through {@link RpcErrors}; nothing else writes
 * one. Parameters are never logged: they may hold plaintext. Every request that reaches this
 * handler is recorded in the audit log once its answer is known ({@link RpcAudit}).
 */
public final class RpcHandler extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(RpcHandler.class);
  static final String CONTENT_TYPE = "application/json;charset=utf-8";
  static final String REQUEST_ID_HEADER = "x-acs-request-id";
  /** Up to this much unread body of a refused request is read and dropped to keep the connection. */
  private static final long MAX_DRAIN_BYTES = 4L * 1024 * 1024;

  private final RpcRoutes routes;
  private final RpcAuthenticator authenticator;
  private final String region;
  private final AuditLog audit;
  private final Clock clock;

  public RpcHandler(RpcRoutes routes, RpcAuthenticator authenticator, String region) {
    this(routes, authenticator, region, AuditLog.none(), Clock.systemUTC());
  }

  public RpcHandler(RpcRoutes routes, RpcAuthenticator authenticator, String region, AuditLog audit, Clock clock) {
    this.routes = routes;
    this.authenticator = authenticator;
    this.region = region;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String requestId = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    String host = request.getHeaders().get(HttpHeader.HOST);
    RpcRequest rpc = null;
    RpcRoutes.Route route = null;
    Principal principal = null;
    ObjectNode result = null;
    RpcError failure = null;
    boolean forbidden = false;
    ObjectNode body;
    int status;
    try {
      rpc = RpcRequest.read(request);
      route = routes.resolve(rpc.version(), rpc.action());
      principal = authenticator.authenticate(rpc).withEnvironment(environment(request));
      result = route.handler()
          .handle(new RpcCall(principal, requestId, region, route.version(), route.action(), rpc.params()));
      body = RpcJson.object().put("RequestId", requestId);
      body.setAll(result);
      body.put("RequestId", requestId);
      status = 200;
    } catch (RpcException e) {
      failure = e.error();
      status = e.error().status();
      body = error(e.error(), e.getMessage(), requestId, host);
      log.debug("request {} ({}) -> {}", requestId, rpc, e.error().code());
    } catch (CofferException e) {
      RpcError err = RpcErrors.of(e, route == null ? null : route.version());
      failure = err;
      forbidden = e instanceof CofferException.AccessDenied;
      if (err.status() >= 500) log.warn("request {} ({}) failed in the service: {}", requestId, rpc, e.toString());
      status = err.status();
      body = error(RpcErrors.code(err, e), RpcErrors.message(err, e), requestId, host);
    } catch (Throwable t) {
      if (isClientGone(t)) {
        log.debug("request {} ended by the client: {}", requestId, t.toString());
        callback.failed(t);
        return true;
      }
      // Messages of unexpected exceptions may echo input (plaintext, keys): log type and frames only.
      log.error("request {} ({}) failed: {} at {}", requestId, rpc, t.getClass().getName(), frames(t));
      RpcError internal = route != null && RpcRoutes.RAM.equals(route.version()) ? RpcError.INTERNAL_ERROR
          : RpcError.INTERNAL_FAILURE;
      failure = internal;
      status = internal.status();
      body = error(internal, internal.message(), requestId, host);
    }
    audit.record(RpcAudit.event(clock.instant(), requestId, rpc, route, principal, failure == null ? result : null,
        failure, forbidden, status, Request.getRemoteAddr(request), region));
    byte[] bytes = RpcJson.bytes(body);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
    response.getHeaders().put(REQUEST_ID_HEADER, requestId);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Integer.toString(bytes.length));
    if (rpc == null && !drainBody(request)) {
      // Too much body is left to read: Jetty drops the connection after this answer; saying so
      // keeps pooling clients from reusing it.
      response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    }
    response.write(true, ByteBuffer.wrap(bytes), callback);
    return true;
  }

  /**
   * Reads and drops what is left of a refused request's body, up to {@link #MAX_DRAIN_BYTES}: a
   * client that writes its whole body before reading the answer would otherwise see a reset
   * instead of the error. A client waiting for {@code 100-continue} has sent nothing and is not
   * asked to.
   *
   * @return true when the body is now fully read and the connection can be kept
   */
  private static boolean drainBody(Request request) {
    if (request.getHeaders().contains(HttpHeader.EXPECT)) return request.consumeAvailable();
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] buf = new byte[16 * 1024];
      long total = 0;
      int n;
      while ((n = in.read(buf)) >= 0) {
        total += n;
        if (total > MAX_DRAIN_BYTES) return false;
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The error body every Alibaba RPC gateway sends. */
  static ObjectNode error(RpcError error, String message, String requestId, String host) {
    return error(error.code(), message, requestId, host);
  }

  static ObjectNode error(String code, String message, String requestId, String host) {
    return RpcJson.object()
        .put("RequestId", requestId)
        .put("HostId", host == null ? "" : host)
        .put("Code", code)
        .put("Message", message)
        .put("Recommend", "");
  }

  private static String frames(Throwable t) {
    StackTraceElement[] st = t.getStackTrace();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.min(st.length, 12); i++) b.append(i == 0 ? "" : " <- ").append(st[i]);
    if (t.getCause() != null) b.append(" (caused by ").append(t.getCause().getClass().getName()).append(')');
    return b.toString();
  }

  private static boolean isClientGone(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof org.eclipse.jetty.io.EofException || c instanceof java.nio.channels.ClosedChannelException) {
        return true;
      }
    }
    return false;
  }

  /** Source address, transport and user agent, for policy conditions such as {@code acs:SourceIp}. */
  private static RequestEnvironment environment(Request request) {
    java.net.SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
    String ip = remote instanceof java.net.InetSocketAddress a && a.getAddress() != null
        ? a.getAddress().getHostAddress() : "";
    String agent = request.getHeaders().get(HttpHeader.USER_AGENT);
    return new RequestEnvironment(ip, request.isSecure(), agent == null ? "" : agent);
  }
}
