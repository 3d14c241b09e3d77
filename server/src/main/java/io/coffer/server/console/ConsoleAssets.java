package io.coffer.server.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The console's pages: plain HTML, CSS and ES modules committed under {@code resources/console/},
 * served from the class path with no build step and nothing fetched from a CDN. Files are read once
 * and kept; each carries a strong ETag so reloads revalidate cheaply.
 */
final class ConsoleAssets {
  /** Names are plain paths of the committed files: no traversal, no encoded characters. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*\\.(html|js|css|svg)");
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml");

  record Asset(byte[] body, String contentType, String etag) {}

  private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

  /** The asset at {@code name} (relative, e.g. {@code js/app.js}), if it exists. */
  Optional<Asset> find(String name) {
    if (!NAME.matcher(name).matches()) return Optional.empty();
    return cache.computeIfAbsent(name, ConsoleAssets::load);
  }

  private static Optional<Asset> load(String name) {
    try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream("console/" + name)) {
      if (in == null) return Optional.empty();
      byte[] b = in.readAllBytes();
      String ext = name.substring(name.lastIndexOf('.') + 1);
      return Optional.of(new Asset(b, TYPES.get(ext), etag(b)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String etag(byte[] b) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(b);
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 22) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
