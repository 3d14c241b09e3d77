package io.coffer.core.iam.ram;

import java.util.List;

/**
 * One page of a RAM listing.
 *
 * @param marker where the next page starts (pass it back as {@code Marker}); empty when not truncated
 */
public record Page<T>(List<T> items, boolean truncated, String marker) {
  public Page {
    items = List.copyOf(items);
  }
}
