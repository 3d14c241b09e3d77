package io.coffer.server.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PutObjectResult;
import io.coffer.server.testing.CofferExtension;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ObjectBasicsIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static OSS oss;

  @BeforeAll
  static void setUp() {
    oss = coffer.client();
    oss.createBucket("basics");
  }

  @Test
  void putObject_thenGet_roundTripsBytesMetadataAndCrc() throws Exception {
    byte[] data = new byte[300_000];
    new Random(1).nextBytes(data);
    ObjectMetadata meta = new ObjectMetadata();
    meta.setContentType("text/plain");
    meta.addUserMetadata("author", "alice 张");
    PutObjectResult r = oss.putObject("basics", "dir/a b.txt", new ByteArrayInputStream(data), meta);
    assertThat(r.getETag()).hasSize(32);
    try (OSSObject o = oss.getObject("basics", "dir/a b.txt")) {
      assertThat(o.getObjectContent().readAllBytes()).isEqualTo(data);
      assertThat(o.getObjectMetadata().getContentType()).isEqualTo("text/plain");
      assertThat(o.getObjectMetadata().getUserMetadata()).containsEntry("author", "alice 张");
      assertThat(o.getObjectMetadata().getServerCRC()).isNotNull();
    }
  }

  @Test
  void getObject_missingKey_isNoSuchKey() {
    assertThatThrownBy(() -> oss.getObject("basics", "nope"))
        .isInstanceOfSatisfying(OSSException.class, e -> {
          assertThat(e.getErrorCode()).isEqualTo("NoSuchKey");
          assertThat(e.getRequestId()).hasSize(24);
        });
  }

  @Test
  void headObject_missingBucket_isNoSuchBucket() {
    assertThatThrownBy(() -> oss.getObjectMetadata("nobucket", "k"))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchBucket"));
  }

  @Test
  void v4Client_putAndGet() throws Exception {
    OSS v4 = coffer.clientV4();
    v4.putObject("basics", "v4/key%2F..//x", new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)));
    try (OSSObject o = v4.getObject("basics", "v4/key%2F..//x")) {
      assertThat(new String(o.getObjectContent().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }
  }
}
