package io.coffer.server.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Building RPC response bodies: PascalCase fields set by the action, lists wrapped the Alibaba way
 * ({@code "Keys": {"Key": [...]}}), times as {@code yyyy-MM-ddTHH:mm:ssZ} strings.
 */
public final class RpcJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /**
   * Configured once and never changed: ObjectMapper is thread-safe for writing after that.
   * Characters beyond the BMP are written as UTF-8, not as a pair of backslash-u surrogate
   * escapes: the old POP SDK's JSON reader does not decode those escapes and would hand back
   * {@code uD83CuDF0D} for an emoji (in a Decrypt plaintext, say).
   */
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private RpcJson() {}

  /** A new empty object, for a response or one list element. */
  public static ObjectNode object() {
    return NODES.objectNode();
  }

  /**
   * Sets {@code listName: {itemName: [items...]}} on {@code parent}, the shape every Alibaba RPC
   * list has ({@code list(body, "Keys", "Key", keys)}); an empty list stays {@code {"Key": []}}.
   *
   * @return {@code parent}, for chaining
   */
  public static ObjectNode list(ObjectNode parent, String listName, String itemName, Iterable<? extends JsonNode> items) {
    ArrayNode array = NODES.arrayNode();
    for (JsonNode item : items) array.add(item);
    parent.set(listName, NODES.objectNode().set(itemName, array));
    return parent;
  }

  /** A time as Alibaba RPC APIs render it: UTC, whole seconds, e.g. {@code 2016-03-28T03:13:08Z}. */
  public static String time(Instant t) {
    return TIME.format(t);
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree did not serialize", e);
    }
  }

  static ObjectMapper mapper() {
    return MAPPER;
  }
}
