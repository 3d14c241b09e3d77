package io.coffer.server.oss;

import io.coffer.core.audit.AuditLog;
import io.coffer.core.error.CofferException;
import io.coffer.core.model.BucketName;
import io.coffer.core.model.ObjectKey;
import io.coffer.server.http.QueryString;
import io.coffer.server.http.RawPath;
import io.coffer.server.oss.auth.OssAuthenticator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
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
 * The OSS REST dialect's entry: gives every request its id, works out bucket and key from the raw
 * path and Host (path style or virtual host), authenticates, dispatches through {@link OssRoutes},
 * and turns every failure into OSS's error document. Every denial (a refused permission or a
 * failed authentication) is recorded in the audit log ({@link OssAudit}). Runs on virtual
 * threads; handlers block.
 */
public final class OssHandler extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(OssHandler.class);

  /** {@code {bucket}.oss-{region}[-internal].aliyuncs.com}, which ali-oss and custom domains send. */
  private static final Pattern ALIYUN_SUFFIX = Pattern.compile("oss-[a-z0-9-]+\\.aliyuncs\\.com|aliyuncs\\.com");

  /**
   * How much of a refused request's unread body is read and dropped to keep the connection: 4 MiB
   * covers every body small enough to be refused cheaply (metadata, XML, small puts) and takes a
   * few milliseconds; beyond it the connection is closed instead.
   */
  private static final long MAX_DRAIN_BYTES = 4L * 1024 * 1024;

  private final OssRoutes routes;
  private final OssAuthenticator authenticator;
  private final AuditLog audit;
  private final Clock clock;

  public OssHandler(OssRoutes routes, OssAuthenticator authenticator) {
    this(routes, authenticator, AuditLog.none(), Clock.systemUTC());
  }

  public OssHandler(OssRoutes routes, OssAuthenticator authenticator, AuditLog audit, Clock clock) {
    this.routes = routes;
    this.authenticator = authenticator;
    this.audit = audit;
    this.clock = clock;
  }

  static String newRequestId() {
    byte[] b = new byte[12];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().withUpperCase().formatHex(b);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String requestId = newRequestId();
    response.getHeaders().put(OssHeaders.REQUEST_ID, requestId);
    response.getHeaders().put("Server", "AliyunOSS");
    String host = request.getHeaders().get("Host");
    OssExchange ex = null;
    try {
      ex = exchange(requestId, request, response, host == null ? "" : host);
      dispatch(ex);
      callback.succeeded();
    } catch (CofferException e) {
      if (ex != null) OssAudit.recordIfDenied(audit, clock, ex, e);
      respondError(request, response, callback, ex, requestId, host, e);
    } catch (Throwable t) {
      if (isClientGone(t)) {
        log.debug("request {} ended by the client: {}", requestId, t.toString());
        callback.failed(t);
        return true;
      }
      log.error("request {} failed", requestId, t);
      respondError(request, response, callback, ex, requestId, host, new CofferException.InternalError(
          "We encountered an internal error. Please try again."));
    }
    return true;
  }

  private static boolean isClientGone(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof org.eclipse.jetty.io.EofException || c instanceof java.nio.channels.ClosedChannelException) {
        return true;
      }
    }
    return false;
  }

  private OssExchange exchange(String requestId, Request request, Response response, String host) {
    String rawPath = request.getHttpURI().getPath();
    QueryString query = QueryString.parse(request.getHttpURI().getQuery());
    String path;
    try {
      path = RawPath.decode(rawPath == null || rawPath.isEmpty() ? "/" : rawPath);
    } catch (IllegalArgumentException e) {
      throw new CofferException.InvalidRequest("The request URI is not valid.");
    }
    if (!path.startsWith("/")) throw new CofferException.InvalidRequest("The request URI is not valid.");
    String hostName = host.toLowerCase(Locale.ROOT);
    int colon = hostName.lastIndexOf(':');
    if (colon > 0 && hostName.indexOf(']') < colon) hostName = hostName.substring(0, colon);
    String bucket;
    String key;
    boolean pathStyle;
    String vhBucket = virtualHostBucket(hostName);
    if (vhBucket != null) {
      pathStyle = false;
      bucket = vhBucket.isEmpty() ? null : vhBucket;
      key = path.length() > 1 ? path.substring(1) : null;
      if (bucket == null) key = null;
    } else {
      pathStyle = true;
      String rest = path.substring(1);
      int slash = rest.indexOf('/');
      if (rest.isEmpty()) {
        bucket = null;
        key = null;
      } else if (slash < 0) {
        bucket = rest;
        key = null;
      } else {
        bucket = rest.substring(0, slash);
        key = rest.substring(slash + 1);
        if (key.isEmpty()) key = null;
      }
    }
    return new OssExchange(requestId, request, response, host, bucket, key, pathStyle, query);
  }

  /** The bucket label of a virtual-host request, "" for a service request there, or null for path style. */
  static String virtualHostBucket(String hostName) {
    int dot = hostName.indexOf('.');
    if (dot < 0) return null;
    String label = hostName.substring(0, dot);
    String rest = hostName.substring(dot + 1);
    if (rest.equals("localhost") || ALIYUN_SUFFIX.matcher(rest).matches()) {
      if (label.startsWith("oss-") && rest.equals("aliyuncs.com")) return ""; // oss-cn-hangzhou.aliyuncs.com itself
      return label;
    }
    return null;
  }

  private void dispatch(OssExchange ex) throws Exception {
    OssRoutes.Target target = ex.bucket() == null ? OssRoutes.Target.SERVICE
        : ex.key() == null ? OssRoutes.Target.BUCKET : OssRoutes.Target.OBJECT;
    if (ex.bucket() != null) new BucketName(ex.bucket());
    if (ex.key() != null) new ObjectKey(ex.key());
    OssRoutes.Route route = routes.resolve(ex.method(), target, ex.query().asMap());
    ex.operation(route.name());
    if (!isFormPost(ex, route)) ex.principal(authenticator.authenticate(ex.signedRequest()));
    if (!route.takesSse() && SseHeaders.present(ex)) SseHeaders.refuse(ex, route.name());
    route.operation().handle(ex);
  }

  /**
   * PostObject carries its signature in the form; its handler checks it. Only that route skips
   * header authentication: any other operation sent as a form is still authenticated normally.
   */
  private static boolean isFormPost(OssExchange ex, OssRoutes.Route route) {
    String ct = ex.header("content-type");
    return "PostObject".equals(route.name()) && ct != null
        && ct.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
  }

  private static void respondError(Request request, Response response, Callback callback, OssExchange ex,
      String requestId, String host, CofferException e) {
    if (ex != null && ex.responded() || response.isCommitted()) {
      // Bytes are on the wire already: the only honest signal left is to abort the connection.
      log.warn("request {} failed after its response began: {}", requestId, e.getMessage());
      callback.failed(e);
      return;
    }
    OssError err = OssErrors.of(e);
    if (err.status() >= 500 && err != OssError.NOT_IMPLEMENTED) log.warn("request {} -> {}: {}", requestId, err.code(), e.getMessage());
    response.setStatus(err.status());
    response.getHeaders().put(OssHeaders.REQUEST_ID, requestId);
    if (!drainBody(request)) {
      // Too much body is left to read: Jetty drops the connection after this response; saying so
      // keeps pooling clients (the Java SDK) from reusing it for their next request.
      response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    }
    if (e instanceof CofferException.PositionNotEqualToLength p) {
      response.getHeaders().put(OssHeaders.NEXT_APPEND_POSITION, Long.toString(p.nextPosition()));
    }
    if (err == OssError.NOT_MODIFIED) {
      // 304 has neither body nor x-oss-err: Java maps a bodyless 304 to NotModified itself.
      response.getHeaders().put("Content-Length", "0");
      response.write(true, null, callback);
      return;
    }
    byte[] xml = errorDocument(err, e, requestId, host);
    if (err.ec() != null) response.getHeaders().put(OssHeaders.EC, err.ec());
    if ("HEAD".equals(request.getMethod())) {
      response.getHeaders().put(OssHeaders.ERROR, Base64.getEncoder().encodeToString(xml));
      response.getHeaders().put("Content-Length", "0");
      response.write(true, null, callback);
      return;
    }
    response.getHeaders().put("Content-Type", "application/xml");
    response.getHeaders().put("Content-Length", Integer.toString(xml.length));
    response.write(true, java.nio.ByteBuffer.wrap(xml), callback);
  }

  /**
   * Reads and drops what is left of a refused request's body, up to {@link #MAX_DRAIN_BYTES}.
   * A client like the Java SDK writes its whole body before it reads the answer; if the server
   * closed with body bytes unread, the client would see a reset (a broken pipe) instead of the
   * error document. A client waiting for {@code 100-continue} has sent nothing yet and is not
   * asked for its body.
   *
   * @return true when the body is now fully read and the connection can be kept
   */
  private static boolean drainBody(Request request) {
    if (request.getHeaders().contains(HttpHeader.EXPECT)) return request.consumeAvailable();
    InputStream in = Content.Source.asInputStream(request);
    byte[] buf = new byte[16 * 1024];
    long total = 0;
    try {
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

  static byte[] errorDocument(OssError err, CofferException e, String requestId, String host) {
    Xml x = Xml.document("Error")
        .element("Code", err.code())
        .element("Message", e.getMessage())
        .element("RequestId", requestId)
        .element("HostId", host == null ? "" : host);
    for (Map.Entry<String, String> d : e.details().entrySet()) x.element(d.getKey(), d.getValue());
    if (err.ec() != null) x.element("EC", err.ec());
    return x.toBytes();
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
