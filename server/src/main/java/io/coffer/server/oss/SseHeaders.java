package io.coffer.server.oss;

import io.coffer.core.error.CofferException;
import io.coffer.core.model.EncryptionInfo;
import io.coffer.core.model.SseAlgorithm;
import io.coffer.core.model.SseMethod;
import io.coffer.core.model.SseSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The server-side encryption headers: reading what a request asks for, refusing them where OSS
 * does not take them, and echoing the object's (never the request's) encryption on responses.
 */
public final class SseHeaders {
  private SseHeaders() {}

  /** What the request asks for (validated), or null for nothing. */
  static SseSpec requested(OssExchange ex) {
    return requested(ex::header);
  }

  /** The same from PostObject form fields or any other name → value source. */
  static SseSpec requested(Function<String, String> source) {
    if (source.apply(OssHeaders.SSE_CONTEXT) != null) {
      throw new CofferException.NotImplemented("x-oss-server-side-encryption-context (bring-your-own-key contexts)");
    }
    return SseSpec.parse(source.apply(OssHeaders.SERVER_SIDE_ENCRYPTION), source.apply(OssHeaders.SSE_KEY_ID),
        source.apply(OssHeaders.SSE_DATA_ENCRYPTION));
  }

  /** True when the request carries an SSE header that selects encryption. */
  static boolean present(OssExchange ex) {
    return ex.header(OssHeaders.SERVER_SIDE_ENCRYPTION) != null || ex.header(OssHeaders.SSE_KEY_ID) != null
        || ex.header(OssHeaders.SSE_CONTEXT) != null;
  }

  /** For operations that take no SSE headers: OSS answers them with 400 InvalidArgument. */
  static void refuse(OssExchange ex, String operation) {
    String name = ex.header(OssHeaders.SERVER_SIDE_ENCRYPTION) != null ? OssHeaders.SERVER_SIDE_ENCRYPTION
        : ex.header(OssHeaders.SSE_KEY_ID) != null ? OssHeaders.SSE_KEY_ID : OssHeaders.SSE_CONTEXT;
    throw new CofferException.InvalidArgument("The " + operation + " operation does not support the " + name
        + " header.", name, ex.header(name));
  }

  /** The object's encryption, as OSS echoes it; nothing for plaintext objects. */
  static void respond(OssExchange ex, EncryptionInfo info) {
    for (Map.Entry<String, String> e : of(info).entrySet()) ex.header(e.getKey(), e.getValue());
  }

  /** The encryption headers OSS answers for an object (or upload) encrypted as {@code info}; empty for none. */
  public static Map<String, String> of(EncryptionInfo info) {
    Map<String, String> m = new LinkedHashMap<>();
    if (info == null) return m;
    m.put(OssHeaders.SERVER_SIDE_ENCRYPTION, info.spec().headerValue());
    if (info.method() == SseMethod.KMS) {
      m.put(OssHeaders.SSE_KEY_ID, info.kmsKeyId());
      if (info.algorithm() == SseAlgorithm.SM4) m.put(OssHeaders.SSE_DATA_ENCRYPTION, "SM4");
    }
    return m;
  }
}
