package org.urja.mdms.event.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.urja.mdms.event.DeviceEvent;
import org.urja.mdms.event.DeviceEvent.Category;
import org.urja.mdms.event.DeviceEvent.Kind;
import org.urja.mdms.event.DeviceEvent.Route;
import org.urja.mdms.event.DeviceEvent.Severity;
import org.urja.mdms.event.DeviceEvent.State;
import tools.jackson.databind.json.JsonMapper;

/** Reads recorded device events ({@code device_event}) for other parts of the module and the API. */
@Component
class DeviceEventStore implements org.urja.mdms.event.DeviceEvents {

    /** An event as the API shows it: the recorded event plus what the HES said and how it arrived. */
    record View(long id, String meterSerialNo, int code, Instant occurredAt, Category category, Severity severity,
                Kind kind, Integer pairCode, Route route, String eventType, String description, boolean highPriority,
                State state, boolean open, Long partnerId, Instant partnerAt, Long durationSeconds,
                String hesCategory, String hesEventType, String hesDescription, Map<String, String> details,
                String messageId, String correlationId, Instant receivedAt, int repeats) {
    }

    /** Query filters; null means any. {@code open}: true = OPEN occurrences only, false = everything else. */
    record Filter(String meterSerialNo, Category category, Severity severity, Integer code, Boolean open, Instant from,
                  Instant to, int limit) {
    }

    static final String COLUMNS = """
            id, meter_serial, code, occurred_at, category, severity, kind, pair_code, route, event_type, description,
            high_priority, state, partner_id, partner_at, details::text, hes_category, hes_event_type, hes_description,
            message_id, correlation_id, received_at, repeats""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DeviceEventStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    List<DeviceEvent> byIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM device_event WHERE id = ANY(?) ORDER BY occurred_at, meter_serial, id")
                .param(ids.toArray(Long[]::new)).query((rs, i) -> event(rs)).list();
    }

    @Override
    public List<DeviceEvent> ofMeter(String meterSerialNo, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM device_event WHERE meter_serial = ? ORDER BY occurred_at DESC, id DESC LIMIT ?")
                .params(meterSerialNo, limit).query((rs, i) -> event(rs)).list();
    }

    /** Most recent first. */
    List<View> find(Filter f) {
        return jdbc.sql("""
                        SELECT %s FROM device_event
                        WHERE (CAST(? AS text) IS NULL OR meter_serial = ?)
                          AND (CAST(? AS text) IS NULL OR category = ?)
                          AND (CAST(? AS text) IS NULL OR severity = ?)
                          AND (CAST(? AS int) IS NULL OR code = ?)
                          AND (CAST(? AS boolean) IS NULL OR (state = 'OPEN') = ?)
                          AND (CAST(? AS timestamptz) IS NULL OR occurred_at >= ?)
                          AND (CAST(? AS timestamptz) IS NULL OR occurred_at < ?)
                        ORDER BY occurred_at DESC, id DESC LIMIT ?""".formatted(COLUMNS))
                .params(f.meterSerialNo(), f.meterSerialNo(), name(f.category()), name(f.category()),
                        name(f.severity()), name(f.severity()), f.code(), f.code(), f.open(), f.open(),
                        ts(f.from()), ts(f.from()), ts(f.to()), ts(f.to()), f.limit())
                .query((rs, i) -> view(rs)).list();
    }

    DeviceEvent event(ResultSet rs) throws SQLException {
        return new DeviceEvent(rs.getLong("id"), rs.getString("meter_serial"), rs.getInt("code"),
                instant(rs, "occurred_at"), Category.valueOf(rs.getString("category")),
                Severity.valueOf(rs.getString("severity")), Kind.valueOf(rs.getString("kind")),
                (Integer) rs.getObject("pair_code"), Route.valueOf(rs.getString("route")), rs.getString("event_type"),
                rs.getString("description"), rs.getBoolean("high_priority"), State.valueOf(rs.getString("state")),
                (Long) rs.getObject("partner_id"), instant(rs, "partner_at"), details(rs.getString("details")));
    }

    private View view(ResultSet rs) throws SQLException {
        DeviceEvent e = event(rs);
        Duration d = e.duration();
        return new View(e.id(), e.meterSerialNo(), e.code(), e.occurredAt(), e.category(), e.severity(), e.kind(),
                e.pairCode(), e.route(), e.eventType(), e.description(), e.highPriority(), e.state(),
                e.state() == State.OPEN, e.partnerId(), e.partnerAt(), d == null ? null : d.toSeconds(),
                rs.getString("hes_category"), rs.getString("hes_event_type"), rs.getString("hes_description"),
                e.details(), rs.getString("message_id"), rs.getString("correlation_id"), instant(rs, "received_at"),
                rs.getInt("repeats"));
    }

    private Map<String, String> details(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text != null) {
            for (var e : json.readTree(text).properties()) {
                out.put(e.getKey(), e.getValue().asString());
            }
        }
        return out;
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static java.sql.Timestamp ts(Instant i) {
        return i == null ? null : java.sql.Timestamp.from(i);
    }

    private static String name(Enum<?> e) {
        return e == null ? null : e.name();
    }
}
