package io.coffer.server.rpc.ram;

import static io.coffer.server.rpc.ram.RamCalls.createKey;
import static io.coffer.server.rpc.ram.RamCalls.createUser;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.aliyun.oss.OSS;
import com.aliyuncs.kms.model.v20160120.ListKeysRequest;
import com.aliyuncs.ram.model.v20150501.CreateAccessKeyResponse;
import com.aliyuncs.ram.model.v20150501.UpdateAccessKeyRequest;
import io.coffer.server.testing.CofferExtension;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * An access key secret is stored only wrapped by the root key and never logged: after a key was
 * made, used, refused and the server restarted, no file of the data directory and no log line
 * holds it (in the clear, Base64 or hex), and the key still signs after the restart.
 */
class RamSecretsAtRestIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();

  @Test
  void secret_isInNoDataFileAndNoLogLine_andStillSignsAfterRestart() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger coffers = (Logger) LoggerFactory.getLogger("io.coffer");
    Level before = coffers.getLevel();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    coffers.setLevel(Level.TRACE);
    CreateAccessKeyResponse.AccessKey k;
    try {
      createUser(coffer.kms(), "at-rest");
      RamCalls.attach(coffer.kms(), "System", "AliyunOSSFullAccess", "at-rest");
      RamCalls.attach(coffer.kms(), "System", "AliyunKMSReadOnlyAccess", "at-rest");
      k = createKey(coffer.kms(), "at-rest");
      OSS oss = coffer.client(k.getAccessKeyId(), k.getAccessKeySecret());
      oss.createBucket("at-rest-it");
      oss.putObject("at-rest-it", "o", new ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8)));
      coffer.kms(k.getAccessKeyId(), k.getAccessKeySecret()).call(new ListKeysRequest());
      // Refused requests log too: a wrong secret (the SDK sees its string to sign echoed: SignatureDoesNotMatch
      // becomes SDK.InvalidAccessKeySecret) and an Inactive key.
      RamCalls.assertRamError(() -> coffer.kms(k.getAccessKeyId(), k.getAccessKeySecret() + "x")
          .call(new ListKeysRequest()), "SDK.InvalidAccessKeySecret");
      UpdateAccessKeyRequest off = new UpdateAccessKeyRequest();
      off.setUserName("at-rest");
      off.setUserAccessKeyId(k.getAccessKeyId());
      off.setStatus("Inactive");
      coffer.kms().call(off);
      RamCalls.assertRamError(() -> coffer.kms(k.getAccessKeyId(), k.getAccessKeySecret()).call(new ListKeysRequest()),
          "InvalidAccessKeyId.Inactive");
      off.setStatus("Active");
      coffer.kms().call(off);

      coffer.stop();
      assertNowhereInDataDir(k.getAccessKeySecret());
      coffer.start();
      OSS again = coffer.client(k.getAccessKeyId(), k.getAccessKeySecret());
      assertThat(new String(again.getObject("at-rest-it", "o").getObjectContent().readAllBytes(),
          StandardCharsets.UTF_8)).isEqualTo("x");
      coffer.kms(k.getAccessKeyId(), k.getAccessKeySecret()).call(new ListKeysRequest());
      coffer.stop();
      assertNowhereInDataDir(k.getAccessKeySecret());
      coffer.start();
    } finally {
      root.detachAppender(logs);
      coffers.setLevel(before);
    }
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent e : logs.list) {
      lines.add(e.getFormattedMessage());
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) lines.add(t.getMessage());
    }
    assertThat(lines).as("log lines captured").isNotEmpty();
    assertThat(lines).noneMatch(l -> l != null && l.contains(k.getAccessKeySecret()));
    // The capture saw the server's own lines (start-ups), so a leak would have been caught.
    assertThat(String.join("\n", lines)).contains("Coffer is up");
  }

  private static void assertNowhereInDataDir(String secret) throws Exception {
    assertThat(filesHolding(secret)).isEmpty();
    // The scan finds what is there: the root key's secret is kept in the clear in root-credentials.
    assertThat(filesHolding(CofferExtension.ACCESS_KEY_SECRET)).extracting(p -> p.getFileName().toString())
        .containsExactly("root-credentials");
  }

  /** Files of the data directory holding {@code secret} as UTF-8, UTF-16LE, Base64 or hex. */
  private static List<Path> filesHolding(String secret) throws Exception {
    byte[] utf8 = secret.getBytes(StandardCharsets.UTF_8);
    List<byte[]> forms = List.of(utf8, secret.getBytes(StandardCharsets.UTF_16LE),
        Base64.getEncoder().encodeToString(utf8).getBytes(StandardCharsets.US_ASCII),
        HexFormat.of().formatHex(utf8).getBytes(StandardCharsets.US_ASCII));
    List<Path> files;
    try (Stream<Path> s = Files.walk(coffer.dataDir())) {
      files = s.filter(Files::isRegularFile).toList();
    }
    assertThat(files).as("files scanned").anyMatch(p -> p.getFileName().toString().equals("coffer.db"));
    List<Path> holding = new ArrayList<>();
    for (Path f : files) {
      byte[] content = Files.readAllBytes(f);
      if (forms.stream().anyMatch(form -> indexOf(content, form) >= 0)) holding.add(f);
    }
    return holding;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }
}
