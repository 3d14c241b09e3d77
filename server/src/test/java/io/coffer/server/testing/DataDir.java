package io.coffer.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.sqlite.SQLiteConfig;

/**
 * Reads a data directory from outside, as an independent oracle for process tests: which blob
 * files exist, and which blobs the metadata database refers to (read-only, straight from the
 * on-disk format rather than through Coffer's own store classes).
 */
public final class DataDir {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DataDir() {}

  /** Names of every regular file under {@code blobs/}. */
  public static Set<String> blobFiles(Path dataDir) throws IOException {
    Set<String> out = new TreeSet<>();
    Path blobs = dataDir.resolve("blobs");
    if (!Files.isDirectory(blobs)) return out;
    try (Stream<Path> s = Files.walk(blobs)) {
      s.filter(Files::isRegularFile).forEach(p -> out.add(p.getFileName().toString()));
    }
    return out;
  }

  /** Every file under {@code tmp/}. */
  public static Set<String> tmpFiles(Path dataDir) throws IOException {
    Set<String> out = new TreeSet<>();
    Path tmp = dataDir.resolve("tmp");
    if (!Files.isDirectory(tmp)) return out;
    try (Stream<Path> s = Files.list(tmp)) {
      s.forEach(p -> out.add(p.getFileName().toString()));
    }
    return out;
  }

  /** Blob ids referenced by objects' extents and by the parts of unfinished multipart uploads. */
  public static Set<String> referencedBlobs(Path dataDir) throws SQLException, IOException {
    Set<String> out = new TreeSet<>();
    try (Connection c = open(dataDir); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT doc FROM objects")) {
        while (rs.next()) {
          for (JsonNode e : JSON.readTree(rs.getString(1)).get("extents")) out.add(e.get("blob").asText());
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT blob FROM parts")) {
        while (rs.next()) out.add(rs.getString(1));
      }
    }
    return out;
  }

  /**
   * The SSE-OSS master key version each object's data key is wrapped with ({@code "sse":{"ver":N}}
   * in {@code objects.doc}), by {@code bucket/key}; unencrypted and SSE-KMS objects are absent.
   */
  public static Map<String, Integer> objectKeyVersions(Path dataDir) throws SQLException, IOException {
    return keyVersions(dataDir, "SELECT bucket || '/' || CAST(key AS TEXT), doc FROM objects");
  }

  /** As {@link #objectKeyVersions}, for unfinished multipart uploads, by upload id. */
  public static Map<String, Integer> uploadKeyVersions(Path dataDir) throws SQLException, IOException {
    return keyVersions(dataDir, "SELECT upload_id, doc FROM uploads");
  }

  private static Map<String, Integer> keyVersions(Path dataDir, String query) throws SQLException, IOException {
    Map<String, Integer> out = new TreeMap<>();
    try (Connection c = open(dataDir); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      while (rs.next()) {
        JsonNode sse = JSON.readTree(rs.getString(2)).get("sse");
        // SSE-KMS data keys belong to the KMS, not to a master key version.
        if (sse != null && !sse.isNull() && !"KMS".equals(sse.path("method").asText())) {
          out.put(rs.getString(1), sse.get("ver").asInt());
        }
      }
    }
    return out;
  }

  /**
   * An object's stored encryption record ({@code "sse"} in {@code objects.doc}): method, algorithm,
   * CMK and the wrapped data key (for SSE-KMS, the KMS's CiphertextBlob), or null when unencrypted
   * or absent.
   */
  public record StoredSse(String method, String algorithm, String cmk, byte[] wrapped) {}

  public static StoredSse objectSse(Path dataDir, String bucket, String key) throws SQLException, IOException {
    try (Connection c = open(dataDir);
        java.sql.PreparedStatement ps = c.prepareStatement("SELECT doc FROM objects WHERE bucket = ? AND key = ?")) {
      ps.setString(1, bucket);
      ps.setBytes(2, key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return null;
        JsonNode sse = JSON.readTree(rs.getString(1)).get("sse");
        if (sse == null || sse.isNull()) return null;
        return new StoredSse(sse.get("method").asText(), sse.get("alg").asText(),
            sse.hasNonNull("cmk") ? sse.get("cmk").asText() : null,
            java.util.Base64.getDecoder().decode(sse.get("wrapped").asText()));
      }
    }
  }

  /** The SSE-OSS master key versions stored (wrapped), ascending. */
  public static List<Integer> masterKeyVersions(Path dataDir) throws SQLException {
    List<Integer> out = new ArrayList<>();
    try (Connection c = open(dataDir); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version FROM master_keys ORDER BY version")) {
      while (rs.next()) out.add(rs.getInt(1));
    }
    return out;
  }

  /** SHA-256 (hex) of every regular file under {@code dir}, by path relative to it. */
  public static Map<String, String> fileDigests(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    if (!Files.isDirectory(dir)) return out;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(dir.relativize(p).toString(), HexFormat.of().formatHex(sha256(Files.readAllBytes(p))));
      }
    }
    return out;
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SQLite's own {@code PRAGMA integrity_check} answer ("ok" when the file is sound). */
  public static String integrityCheck(Path dataDir) throws SQLException {
    try (Connection c = open(dataDir); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      StringBuilder sb = new StringBuilder();
      while (rs.next()) sb.append(sb.isEmpty() ? "" : "\n").append(rs.getString(1));
      return sb.toString();
    }
  }

  private static Connection open(Path dataDir) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("coffer.db").toAbsolutePath(),
        config.toProperties());
  }
}
