package io.coffer.server;

import io.coffer.core.iam.AccessKey;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Properties;

/**
 * The root account's access key, kept in {@code <data-dir>/root-credentials} (mode 0600). On first
 * start it comes from {@code COFFER_ROOT_ACCESS_KEY_ID} / {@code COFFER_ROOT_ACCESS_KEY_SECRET}
 * when both are set, else it is generated; afterwards the file is the source.
 */
public final class RootCredentials {
  public static final String FILE = "root-credentials";
  private static final String ALPHANUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  /**
   * @param created true when this start wrote the file (so the caller shows the key once)
   * @param generated true when Coffer made the secret up (only then is it printed: a secret the
   *     operator supplied is never echoed to a console or log)
   */
  public record Loaded(AccessKey key, boolean created, boolean generated) {}

  private RootCredentials() {}

  public static Loaded loadOrCreate(Path dataDir, Map<String, String> env, SecureRandom random) throws IOException {
    Path file = dataDir.resolve(FILE);
    if (Files.exists(file)) {
      Properties p = new Properties();
      try (Reader r = new StringReader(Files.readString(file, StandardCharsets.UTF_8))) {
        p.load(r);
      }
      String id = p.getProperty("accessKeyId");
      String secret = p.getProperty("accessKeySecret");
      String account = p.getProperty("accountId");
      if (id == null || secret == null || account == null) {
        throw new IOException(file + " is damaged: it needs accountId, accessKeyId and accessKeySecret");
      }
      return new Loaded(new AccessKey(id, secret, account, true), false, false);
    }
    String id = env.get("COFFER_ROOT_ACCESS_KEY_ID");
    String secret = env.get("COFFER_ROOT_ACCESS_KEY_SECRET");
    boolean generated = id == null || id.isEmpty() || secret == null || secret.isEmpty();
    if (generated) {
      id = "LTAI" + random(random, 20);
      secret = random(random, 30);
    }
    String account = Long.toString(1_000_000_000_000_000L + Math.floorMod(random.nextLong(), 8_999_999_999_999_999L));
    String text = "# Coffer root account access key. Keep this file secret.\n" + "accountId=" + account + "\n"
        + "accessKeyId=" + id + "\n" + "accessKeySecret=" + secret + "\n";
    Path tmp = dataDir.resolve(FILE + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return new Loaded(new AccessKey(id, secret, account, true), true, generated);
  }

  private static String random(SecureRandom random, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) sb.append(ALPHANUM.charAt(random.nextInt(ALPHANUM.length())));
    return sb.toString();
  }
}
