package io.coffer.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.ObjectMetadata;
import io.coffer.server.AdminCommand;
import io.coffer.server.testing.CofferProcess;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import picocli.CommandLine;

/** Shared helpers of the key hierarchy process tests: objects with known contents, and admin in-process. */
final class KeyTesting {
  private KeyTesting() {}

  /** Objects a test wrote, with the bytes each must read back as. */
  static final class Written {
    private final String bucket;
    private final Map<String, byte[]> contents = new TreeMap<>();

    Written(String bucket) {
      this.bucket = bucket;
    }

    /** Puts {@code size} seeded random bytes, SSE-OSS with {@code algorithm} (AES256, SM4) or none for null. */
    void put(OSS oss, String key, String algorithm, int size) {
      byte[] data = new byte[size];
      new Random(key.hashCode()).nextBytes(data);
      ObjectMetadata m = new ObjectMetadata();
      if (algorithm != null) m.setServerSideEncryption(algorithm);
      oss.putObject(bucket, key, new ByteArrayInputStream(data), m);
      contents.put(key, data);
    }

    void record(String key, byte[] data) {
      contents.put(key, data.clone());
    }

    /** Reads every object whole through the SDK (which checks the CRC-64) and compares the bytes. */
    void assertAllReadBack(OSS oss) {
      assertThat(contents).isNotEmpty();
      contents.forEach((key, data) -> assertThat(read(oss, bucket, key)).as(key).isEqualTo(data));
    }

    /** {@code bucket/key} of every object written, as {@link io.coffer.server.testing.DataDir} names them. */
    java.util.Set<String> names() {
      java.util.Set<String> out = new java.util.TreeSet<>();
      for (String k : contents.keySet()) out.add(bucket + "/" + k);
      return out;
    }
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static byte[] read(OSS oss, String bucket, String key) {
    try (OSSObject o = oss.getObject(bucket, key)) {
      return o.getObjectContent().readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code coffer admin args…} in this JVM through picocli, capturing what it prints. */
  static synchronized CofferProcess.Finished adminInProcess(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = new CommandLine(new AdminCommand()).execute(args);
      return new CofferProcess.Finished(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
