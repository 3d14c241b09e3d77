package io.coffer.server.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coffer.core.audit.AuditEvent;
import io.coffer.core.audit.AuditLogReader;
import io.coffer.core.audit.AuditQuery;
import io.coffer.server.console.ConsoleErrors.Area;
import java.time.format.DateTimeFormatter;

/**
 * The audit view: events of the audit log, newest first, filtered as {@link AuditQuery} allows
 * ({@code ?action=&caller=&decision=&from=&to=&errorCode=&limit=}). Who may read it is decided in
 * core ({@link AuditLogReader}: the account's root identity only); a refusal is itself audited.
 */
public final class AuditApi {
  private final AuditLogReader reader;

  public AuditApi(AuditLogReader reader) {
    this.reader = reader;
  }

  public void register(ConsoleRoutes r) {
    r.add("GET", "/api/audit", "console:GetAuditLog", Area.CONSOLE, this::events);
  }

  void events(ConsoleExchange ex) {
    AuditQuery q = AuditQuery.parse(ex.query("action"), ex.query("caller"), ex.query("decision"), ex.query("from"),
        ex.query("to"), ex.query("errorCode"), ex.query("limit"));
    AuditLogReader.Result result = reader.read(ex.principal(), q);
    ObjectNode out = ex.object();
    ArrayNode list = out.putArray("events");
    for (AuditEvent e : result.events()) list.add(event(ex, e));
    out.put("limit", q.limit()).put("more", result.more()).put("skippedLines", result.skippedLines());
    ex.sendOk(out);
  }

  private static ObjectNode event(ConsoleExchange ex, AuditEvent e) {
    ObjectNode n = ex.object().put("time", DateTimeFormatter.ISO_INSTANT.format(e.time()))
        .put("requestId", e.requestId()).put("action", e.action()).put("resource", e.resource())
        .put("decision", e.decision().wire()).put("errorCode", e.errorCode()).put("status", e.status())
        .put("sourceAddress", e.sourceAddress());
    n.putObject("principal").put("type", e.caller().kind().wire()).put("accountId", e.caller().accountId())
        .put("accessKeyId", e.caller().accessKeyId()).put("userName", e.caller().userName());
    return n;
  }
}
