package io.coffer.cli.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A pass-through TCP proxy in front of the server that notes the request line of every HTTP
 * request it forwards, and can hold requests back: the client's view of the server, for tests
 * that must know exactly which requests a command sent (which parts were uploaded) or that must
 * stop a command at a known point without relying on timing. Bytes are forwarded unchanged, so
 * signatures (which cover the Host header the client sent to this proxy) stay valid.
 */
public final class HttpTap implements AutoCloseable {
  private final ServerSocket listener;
  private final int targetPort;
  private final List<String> forwarded = new CopyOnWriteArrayList<>();
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile Predicate<String> holding = line -> false;
  private final AtomicInteger allowance = new AtomicInteger();
  private final AtomicInteger held = new AtomicInteger();

  private HttpTap(ServerSocket listener, int targetPort) {
    this.listener = listener;
    this.targetPort = targetPort;
  }

  /** Starts a tap on a random loopback port forwarding to {@code 127.0.0.1:targetPort}. */
  public static HttpTap start(int targetPort) throws IOException {
    HttpTap tap = new HttpTap(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
    Thread.ofPlatform().daemon().name("http-tap-accept").start(tap::acceptLoop);
    return tap;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + listener.getLocalPort();
  }

  /** Request lines ("PUT /bucket/key?partNumber=1&uploadId=... HTTP/1.1") forwarded so far, in order. */
  public List<String> requests() {
    return List.copyOf(forwarded);
  }

  /** Lets {@code allowed} more requests matching {@code which} through, then holds every later one. */
  public void holdAfter(Predicate<String> which, int allowed) {
    allowance.set(allowed);
    holding = which;
  }

  /** Requests held back so far. */
  public int held() {
    return held.get();
  }

  @Override
  public void close() throws IOException {
    closed.countDown();
    listener.close();
    for (Socket s : sockets) s.close();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(server);
        Thread.ofPlatform().daemon().start(() -> pipe(server, client));
        Thread.ofPlatform().daemon().start(() -> requests(client, server));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** Responses go back as they come. */
  private void pipe(Socket from, Socket to) {
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // a side closed
    } finally {
      closeQuietly(from, to);
    }
  }

  /** Requests are read one by one (head, then body by Content-Length or chunks) so each is seen whole. */
  private void requests(Socket client, Socket server) {
    try (InputStream in = new BufferedInputStream(client.getInputStream()); OutputStream out = server.getOutputStream()) {
      while (true) {
        byte[] head = readHead(in);
        if (head == null) return;
        String text = new String(head, StandardCharsets.ISO_8859_1);
        String line = text.substring(0, text.indexOf("\r\n"));
        if (holding.test(line) && allowance.getAndDecrement() <= 0) {
          held.incrementAndGet();
          closed.await(); // never forwarded: the client waits for an answer that does not come
          return;
        }
        forwarded.add(line);
        out.write(head);
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("\r\ntransfer-encoding: chunked")) {
          copyChunked(in, out);
        } else {
          int at = lower.indexOf("\r\ncontent-length:");
          if (at >= 0) {
            long length = Long.parseLong(lower.substring(at + 17, lower.indexOf("\r\n", at + 2)).strip());
            copy(in, out, length);
          }
        }
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // a side closed
    } finally {
      closeQuietly(client, server);
    }
  }

  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int state = 0;
    while (state < 4) {
      int b = in.read();
      if (b < 0) return null;
      head.write(b);
      state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1
          : b == '\r' ? 1 : 0;
    }
    return head.toByteArray();
  }

  private static void copy(InputStream in, OutputStream out, long length) throws IOException {
    byte[] buf = new byte[64 * 1024];
    long left = length;
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) throw new IOException("client closed mid-body");
      out.write(buf, 0, n);
      left -= n;
    }
  }

  private static void copyChunked(InputStream in, OutputStream out) throws IOException {
    while (true) {
      String size = readLine(in, out);
      long n = Long.parseLong(size.split(";")[0].strip(), 16);
      if (n == 0) {
        while (!readLine(in, out).isEmpty()) {
          // trailers
        }
        return;
      }
      copy(in, out, n);
      readLine(in, out);
    }
  }

  /** Reads and forwards one CRLF-terminated line; returns it without the CRLF. */
  private static String readLine(InputStream in, OutputStream out) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      out.write(b);
      if (b == '\n') break;
      if (b != '\r') line.write(b);
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  private static void closeQuietly(Socket... sockets) {
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }
}
