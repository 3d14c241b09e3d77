package io.coffer.core.audit;

/**
 * Where audit events go: one call per audited request, from the request's own thread, once its
 * outcome is known. Implementations are thread-safe and cheap to call; they never throw for a
 * failure to store an event (they count and report it instead), so auditing cannot turn an
 * answered request into a failed one.
 */
@FunctionalInterface
public interface AuditLog {

  void record(AuditEvent event);

  /** An audit log that keeps nothing, for tools and tests that have no use for one. */
  static AuditLog none() {
    return event -> { };
  }
}
