package io.coffer.cli.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * ossutil's configuration file: an INI file whose {@code [Credentials]} section holds
 * {@code endpoint}, {@code accessKeyID}, {@code accessKeySecret} (and Coffer's own
 * {@code rpcEndpoint} and {@code region}). Written with mode 0600: it holds a secret.
 */
public final class ConfigFile {
  public static final String SECTION = "Credentials";

  private ConfigFile() {}

  /** ossutil's default location, {@code ~/.ossutilconfig}. */
  public static Path defaultPath() {
    return Path.of(System.getProperty("user.home"), ".ossutilconfig");
  }

  /** The {@code [Credentials]} entries by lower-cased key; empty when the file does not exist. */
  public static Map<String, String> read(Path file) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    if (!Files.exists(file)) return out;
    String section = "";
    for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line.substring(1, line.length() - 1).strip();
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0 || !section.equalsIgnoreCase(SECTION)) continue;
      out.put(line.substring(0, eq).strip().toLowerCase(Locale.ROOT), line.substring(eq + 1).strip());
    }
    return out;
  }

  /** Writes the entries as ossutil does, atomically and readable only by the owner. */
  public static void write(Path file, Map<String, String> entries) throws IOException {
    StringBuilder sb = new StringBuilder("[").append(SECTION).append("]\n");
    sb.append("language=EN\n");
    for (Map.Entry<String, String> e : entries.entrySet()) {
      if (e.getValue() != null && !e.getValue().isEmpty()) sb.append(e.getKey()).append('=').append(e.getValue()).append('\n');
    }
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".ossutilconfig", ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the platform's defaults apply
      }
      Files.writeString(tmp, sb, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
