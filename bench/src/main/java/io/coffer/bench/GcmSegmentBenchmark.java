package io.coffer.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The bare cipher under the sealed-blob format: one 64 KiB segment sealed or opened per operation,
 * with the same calls {@code SegmentCipher} makes (JCE AES-256-GCM; BouncyCastle's lightweight
 * SM4-GCM), and nothing else. The floor {@link SealedBlobBenchmark} is compared against.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GcmSegmentBenchmark {
  private static final int SEGMENT = 64 * 1024;

  @Param({"AES_256_GCM", "SM4_GCM"})
  String suite;

  private byte[] key;
  private final byte[] nonce = new byte[12];
  private final byte[] plain = new byte[SEGMENT];
  private final byte[] out = new byte[SEGMENT + 16];
  private byte[] sealed;
  private Cipher jce;
  private SecretKeySpec jceKey;
  private GCMModeCipher bc;
  private long counter;

  @Setup
  public void setUp() throws Exception {
    SplittableRandom r = new SplittableRandom(5);
    r.nextBytes(plain);
    key = new byte[suite.equals("SM4_GCM") ? 16 : 32];
    r.nextBytes(key);
    jce = Cipher.getInstance("AES/GCM/NoPadding");
    jceKey = new SecretKeySpec(key, "AES");
    bc = GCMBlockCipher.newInstance(new SM4Engine());
    sealed = new byte[SEGMENT + 16];
    run(true, plain, SEGMENT, sealed);
  }

  private int run(boolean encrypt, byte[] in, int len, byte[] dst) throws Exception {
    if (suite.equals("AES_256_GCM")) {
      jce.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, jceKey, new GCMParameterSpec(128, nonce));
      return jce.doFinal(in, 0, len, dst, 0);
    }
    bc.init(encrypt, new AEADParameters(new KeyParameter(key), 128, nonce));
    int n = bc.processBytes(in, 0, len, dst, 0);
    return n + bc.doFinal(dst, n);
  }

  @Benchmark
  public int seal() throws Exception {
    // JCE refuses to encrypt twice under one key and nonce; a sealer uses a fresh nonce per segment.
    counter++;
    for (int i = 0; i < 8; i++) nonce[4 + i] = (byte) (counter >>> (8 * i));
    int n = run(true, plain, SEGMENT, out);
    for (int i = 4; i < 12; i++) nonce[i] = 0; // open() expects the nonce sealed in setUp
    return n;
  }

  @Benchmark
  public int open() throws Exception {
    return run(false, sealed, sealed.length, out);
  }
}
