package io.coffer.server.sse;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.ObjectMetadata;
import io.coffer.server.testing.CofferExtension;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SseSmokeIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static OSS oss;

  @BeforeAll
  static void setUp() {
    oss = coffer.client();
    oss.createBucket("sse-smoke");
  }

  @Test
  void putWithAes256_roundTripsAndIsSealedOnDisk() throws Exception {
    String marker = "MARKER-" + System.nanoTime() + "-plaintext-must-not-hit-disk";
    byte[] data = (marker + " ").repeat(20_000).getBytes(StandardCharsets.UTF_8);
    for (String alg : new String[] {"AES256", "SM4"}) {
      ObjectMetadata meta = new ObjectMetadata();
      meta.setHeader("x-oss-server-side-encryption", alg);
      oss.putObject("sse-smoke", "k-" + alg, new ByteArrayInputStream(data), meta);
      assertThat(oss.getObjectMetadata("sse-smoke", "k-" + alg).getServerSideEncryption()).isEqualTo(alg);
      try (OSSObject o = oss.getObject("sse-smoke", "k-" + alg)) {
        assertThat(o.getObjectContent().readAllBytes()).isEqualTo(data);
        assertThat(o.getObjectMetadata().getServerSideEncryption()).isEqualTo(alg);
      }
    }
    byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(coffer.dataDir())) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        byte[] content = Files.readAllBytes(f);
        assertThat(indexOf(content, needle)).as("plaintext found in %s", f).isEqualTo(-1);
      }
    }
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }
}
