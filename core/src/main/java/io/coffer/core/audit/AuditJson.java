package io.coffer.core.audit;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Renders an {@link AuditEvent} as one line of JSON in UTF-8, ending in {@code \n}. Jackson escapes
 * every control character, so a value can never break a line. Fields with no value are left out.
 * Not thread-safe: the line buffer is reused; one instance per writer thread.
 */
final class AuditJson {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
      .build();
  /** Fixed millisecond precision, so lines sort and align as text. */
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Buffer buffer = new Buffer();

  /** The line for {@code e}, valid until the next call: {@code bytes()[0 .. length())}. */
  Buffer render(AuditEvent e) {
    buffer.reset();
    try (JsonGenerator g = FACTORY.createGenerator(buffer, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("time", TIME.format(e.time()));
      g.writeStringField("requestId", e.requestId());
      g.writeObjectFieldStart("principal");
      AuditEvent.Caller c = e.caller();
      g.writeStringField("type", c.kind().wire());
      optional(g, "accountId", c.accountId());
      optional(g, "accessKeyId", c.accessKeyId());
      optional(g, "userName", c.userName());
      g.writeEndObject();
      g.writeStringField("action", e.action());
      optional(g, "resource", e.resource());
      g.writeStringField("decision", e.decision().wire());
      optional(g, "errorCode", e.errorCode());
      g.writeNumberField("status", e.status());
      optional(g, "sourceAddress", e.sourceAddress());
      g.writeEndObject();
    } catch (IOException x) {
      throw new UncheckedIOException(x); // a byte array does not fail
    }
    buffer.write('\n');
    return buffer;
  }

  private static void optional(JsonGenerator g, String name, String value) throws IOException {
    if (value != null && !value.isEmpty()) g.writeStringField(name, value);
  }

  /** A byte buffer that shows its array instead of copying it. */
  static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(512);
    }

    byte[] bytes() {
      return buf;
    }

    int length() {
      return count;
    }
  }
}
