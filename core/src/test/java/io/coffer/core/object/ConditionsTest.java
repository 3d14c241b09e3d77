package io.coffer.core.object;

import static org.assertj.core.api.Assertions.assertThat;

import io.coffer.core.error.CofferException;
import io.coffer.core.model.BlobId;
import io.coffer.core.model.BucketName;
import io.coffer.core.model.ContentHeaders;
import io.coffer.core.model.Extent;
import io.coffer.core.model.ObjectAcl;
import io.coffer.core.model.ObjectKey;
import io.coffer.core.model.ObjectRecord;
import io.coffer.core.model.ObjectType;
import io.coffer.core.model.StorageClass;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConditionsTest {
  private static final String ETAG = "D80CF0E5BE2436514894D64B2BCFB2AE";
  /** Last-Modified has a fraction; HTTP dates do not, so comparisons must truncate it. */
  private static final Instant MODIFIED = Instant.parse("2025-03-01T10:00:00.750Z");
  private static final Instant SAME_SECOND = Instant.parse("2025-03-01T10:00:00Z");
  private static final Instant EARLIER = Instant.parse("2025-03-01T09:59:59Z");
  private static final Instant LATER = Instant.parse("2025-03-01T10:00:01Z");

  private static final ObjectRecord OBJECT = new ObjectRecord(new BucketName("bucket"), new ObjectKey("key"),
      ObjectType.NORMAL, 3, ETAG, null, 0, MODIFIED, ContentHeaders.empty(), StorageClass.STANDARD,
      ObjectAcl.DEFAULT, List.of(new Extent(new BlobId("0123456789abcdef0123456789abcdef"), 3)));

  private static final String OTHER = "\"00000000000000000000000000000000\"";

  static Stream<Arguments> cases() {
    return Stream.of(
        // id, If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since, outcome
        Arguments.of("none", null, null, null, null, "200"),
        Arguments.of("match-quoted", List.of("\"" + ETAG + "\""), null, null, null, "200"),
        Arguments.of("match-unquoted-lowercase", List.of(ETAG.toLowerCase()), null, null, null, "200"),
        Arguments.of("match-weak", List.of("W/\"" + ETAG + "\""), null, null, null, "200"),
        Arguments.of("match-in-list", List.of(OTHER, "\"" + ETAG + "\""), null, null, null, "200"),
        Arguments.of("match-star", List.of("*"), null, null, null, "200"),
        Arguments.of("match-fails", List.of(OTHER), null, null, null, "412"),
        Arguments.of("none-match-hits", null, List.of("\"" + ETAG + "\""), null, null, "304"),
        Arguments.of("none-match-star", null, List.of("*"), null, null, "304"),
        Arguments.of("none-match-misses", null, List.of(OTHER), null, null, "200"),
        Arguments.of("modified-since-same-second", null, null, SAME_SECOND, null, "304"),
        Arguments.of("modified-since-later", null, null, LATER, null, "304"),
        Arguments.of("modified-since-earlier", null, null, EARLIER, null, "200"),
        Arguments.of("unmodified-since-earlier", null, null, null, EARLIER, "412"),
        Arguments.of("unmodified-since-same-second", null, null, null, SAME_SECOND, "200"),
        Arguments.of("unmodified-since-later", null, null, null, LATER, "200"),
        // RFC 7232 §6: If-Match decides alone; If-Unmodified-Since only counts without it.
        Arguments.of("match-ok-overrides-unmodified-since", List.of(ETAG), null, null, EARLIER, "200"),
        Arguments.of("match-fails-despite-unmodified-since", List.of(OTHER), null, null, LATER, "412"),
        // Preconditions (412) are evaluated before cache validators (304).
        Arguments.of("match-fails-before-none-match", List.of(OTHER), List.of(ETAG), null, null, "412"),
        Arguments.of("unmodified-fails-before-modified", null, null, EARLIER, EARLIER, "412"),
        Arguments.of("unmodified-fails-before-none-match", null, List.of(ETAG), null, EARLIER, "412"),
        Arguments.of("match-ok-then-none-match-hits", List.of(ETAG), List.of(ETAG), null, null, "304"),
        // If-None-Match decides alone; If-Modified-Since only counts without it.
        Arguments.of("none-match-misses-overrides-modified-since", null, List.of(OTHER), LATER, null, "200"),
        Arguments.of("none-match-hits-despite-modified-since", null, List.of(ETAG), EARLIER, null, "304"),
        Arguments.of("all-pass", List.of(ETAG), List.of(OTHER), EARLIER, LATER, "200"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void check_conditionCombination_givesOutcome(String id, List<String> ifMatch, List<String> ifNoneMatch,
      Instant ifModifiedSince, Instant ifUnmodifiedSince, String expected) {
    Conditions c = new Conditions(ifMatch, ifNoneMatch, ifModifiedSince, ifUnmodifiedSince);
    String actual;
    try {
      c.check(OBJECT);
      actual = "200";
    } catch (CofferException.PreconditionFailed e) {
      actual = "412";
    } catch (CofferException.NotModified e) {
      actual = "304";
    }
    assertThat(actual).isEqualTo(expected);
  }
}
