package org.urja.mdms.event.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.urja.hes.contract.EndDeviceEvent;
import org.urja.hes.contract.EndDeviceEventsMessage;
import org.urja.mdms.event.DeviceEvent;
import org.urja.mdms.event.DeviceEvent.Kind;
import org.urja.mdms.event.DeviceEvent.State;
import org.urja.mdms.event.DeviceEventsRecorded;
import org.urja.mdms.hes.HesMessageReceived;
import org.urja.mdms.hes.InboundMessages;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records the events of each EndDeviceEvents message the HES sent (UC5.2, UC7.2, UC9.1), set-wise in one transaction:
 * classified by the catalogue, inserted once per meter, code and occurrence time (a repeat only counts), paired with
 * the other half of their pair whatever the arrival order, turned into load violations where the catalogue says so,
 * and published as {@link DeviceEventsRecorded} for the modules that act on them.
 */
@Component
class DeviceEventRecorder {

    private static final Logger log = LoggerFactory.getLogger(DeviceEventRecorder.class);
    static final String NOUN = "EndDeviceEvents";

    private record Key(String meter, int code, Instant at) {
    }

    private record FamilyKey(String meter, int family) {
    }

    private final InboundMessages inbound;
    private final JsonMapper json;
    private final JdbcClient jdbc;
    private final EventCatalogue catalogue;
    private final DeviceEventStore store;
    private final LoadViolations violations;
    private final ApplicationEventPublisher events;

    DeviceEventRecorder(InboundMessages inbound, JsonMapper json, JdbcClient jdbc, EventCatalogue catalogue,
                        DeviceEventStore store, LoadViolations violations, ApplicationEventPublisher events) {
        this.inbound = inbound;
        this.json = json;
        this.jdbc = jdbc;
        this.catalogue = catalogue;
        this.store = store;
        this.violations = violations;
        this.events = events;
    }

    @ApplicationModuleListener
    void on(HesMessageReceived received) {
        if (!NOUN.equals(received.noun())) {
            return;
        }
        String payload = inbound.payload(received.messageId())
                .orElseThrow(() -> new IllegalStateException("HES message " + received.messageId() + " is not stored"));
        EndDeviceEventsMessage message = json.readValue(payload, EndDeviceEventsMessage.class);
        List<DeviceEvent> recorded = record(message, received.receivedAt());
        log.debug("EndDeviceEvents {}: {} events, {} new", message.messageId(), message.endDeviceEvents().size(),
                recorded.size());
    }

    /** Records a message's events; returns the events not recorded before, as they stand after pairing. */
    @Transactional
    List<DeviceEvent> record(EndDeviceEventsMessage message, Instant receivedAt) {
        Map<Key, EndDeviceEvent> distinct = new LinkedHashMap<>();
        for (EndDeviceEvent e : message.endDeviceEvents()) {
            distinct.putIfAbsent(new Key(e.meterSerialNo(), e.eventCode(), e.createdDateTime()), e);
        }
        List<EndDeviceEvent> list = new ArrayList<>(distinct.values());
        // One message at a time per meter: pairing reads and rewrites the meter's timeline.
        jdbc.sql("""
                        SELECT count(pg_advisory_xact_lock(k)) FROM (
                            SELECT DISTINCT hashtextextended('device_event|' || s, 0) AS k FROM unnest(?::text[]) s ORDER BY 1) x""")
                .param(list.stream().map(EndDeviceEvent::meterSerialNo).distinct().toArray(String[]::new))
                .query(Long.class).single();
        List<Long> inserted = insert(message, receivedAt, list);
        if (inserted.isEmpty()) {
            return List.of();
        }
        pair(store.byIds(inserted));
        List<DeviceEvent> recorded = store.byIds(inserted);
        violations.fromEvents(recorded);
        events.publishEvent(new DeviceEventsRecorded(message.messageId(), recorded));
        return recorded;
    }

    /** Inserts the events not recorded before and counts a repeat on the others; returns the ids of the new ones. */
    private List<Long> insert(EndDeviceEventsMessage message, Instant receivedAt, List<EndDeviceEvent> list) {
        int n = list.size();
        String[] meters = new String[n];
        Integer[] codes = new Integer[n];
        String[] times = new String[n];
        String[] hesCategories = new String[n];
        String[] categories = new String[n];
        String[] severities = new String[n];
        String[] kinds = new String[n];
        Integer[] families = new Integer[n];
        Integer[] pairs = new Integer[n];
        String[] routes = new String[n];
        String[] types = new String[n];
        String[] descriptions = new String[n];
        String[] hesTypes = new String[n];
        String[] hesDescriptions = new String[n];
        Boolean[] priorities = new Boolean[n];
        String[] details = new String[n];
        String[] states = new String[n];
        for (int i = 0; i < n; i++) {
            EndDeviceEvent e = list.get(i);
            EventCatalogue.Entry c = catalogue.lookup(e.eventCode(), e.category(), e.description(), e.eventType(),
                    e.highPriority());
            meters[i] = e.meterSerialNo();
            codes[i] = e.eventCode();
            times[i] = e.createdDateTime().toString();
            hesCategories[i] = e.category().name();
            categories[i] = c.category().name();
            severities[i] = c.severity().name();
            kinds[i] = c.kind().name();
            families[i] = c.kind() == Kind.OCCURRENCE ? Integer.valueOf(c.code())
                    : c.kind() == Kind.RESTORATION ? c.pairCode() : null;
            pairs[i] = c.pairCode();
            routes[i] = c.route().name();
            types[i] = c.eventType() != null ? c.eventType() : e.eventType();
            descriptions[i] = c.description();
            hesTypes[i] = e.eventType();
            hesDescriptions[i] = e.description();
            priorities[i] = e.highPriority();
            details[i] = json.writeValueAsString(e.details());
            states[i] = switch (c.kind()) {
                case OCCURRENCE -> State.OPEN.name();
                case RESTORATION -> State.UNPAIRED.name();
                case SINGLE -> State.SINGLE.name();
            };
        }
        return jdbc.sql("""
                        INSERT INTO device_event AS d (meter_serial, code, occurred_at, hes_category, category, severity,
                            kind, family, pair_code, route, event_type, description, hes_event_type, hes_description,
                            high_priority, details, state, message_id, correlation_id, received_at)
                        SELECT m, c, t::timestamptz, hc, cat, sev, k, f, p, r, et, de, het, hde, hp, dt::jsonb, st, ?, ?, ?
                        FROM unnest(?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[],
                                    ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[],
                                    ?::text[], ?::text[])
                            AS u(m, c, t, hc, cat, sev, k, f, p, r, et, de, het, hde, hp, dt, st)
                        ORDER BY m, c, t::timestamptz
                        ON CONFLICT (meter_serial, code, occurred_at) DO UPDATE
                            SET repeats = d.repeats + 1, last_repeat_message_id = EXCLUDED.message_id
                        RETURNING id, (xmax = 0) AS inserted""")
                .params(message.messageId(), message.correlationId(), java.sql.Timestamp.from(receivedAt), meters,
                        codes, times, hesCategories, categories, severities, kinds, families, pairs, routes, types,
                        descriptions, hesTypes, hesDescriptions, priorities, details, states)
                .query((rs, i) -> rs.getBoolean(2) ? rs.getLong(1) : null).list().stream()
                .filter(id -> id != null).toList();
    }

    /**
     * Re-pairs the timelines the new events belong to, each from its last occurrence before the earliest new event
     * (nothing before that can change; see {@link EventPairing}), and stores what changed.
     */
    private void pair(List<DeviceEvent> added) {
        Map<FamilyKey, Instant> since = new HashMap<>();
        for (DeviceEvent e : added) {
            if (e.family() != null) {
                since.merge(new FamilyKey(e.meterSerialNo(), e.family()), e.occurredAt(),
                        (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        if (since.isEmpty()) {
            return;
        }
        List<FamilyKey> keys = new ArrayList<>(since.keySet());
        record Row(FamilyKey key, EventPairing.Item item, State state, Long partnerId) {
        }
        List<Row> rows = jdbc.sql("""
                        WITH k AS (
                            SELECT u.m, u.f, coalesce((SELECT max(a.occurred_at) FROM device_event a
                                                       WHERE a.meter_serial = u.m AND a.family = u.f
                                                         AND a.kind = 'OCCURRENCE' AND a.occurred_at < u.s::timestamptz),
                                                      u.s::timestamptz) AS anchor
                            FROM unnest(?::text[], ?::int[], ?::text[]) AS u(m, f, s))
                        SELECT e.id, e.meter_serial, e.family, e.kind, e.occurred_at, e.state, e.partner_id
                        FROM k JOIN device_event e ON e.meter_serial = k.m AND e.family = k.f AND e.occurred_at >= k.anchor""")
                .params(keys.stream().map(FamilyKey::meter).toArray(String[]::new),
                        keys.stream().map(FamilyKey::family).toArray(Integer[]::new),
                        keys.stream().map(k -> since.get(k).toString()).toArray(String[]::new))
                .query((rs, i) -> new Row(new FamilyKey(rs.getString(2), rs.getInt(3)),
                        new EventPairing.Item(rs.getLong(1), Kind.valueOf(rs.getString(4)),
                                DeviceEventStore.instant(rs, "occurred_at")),
                        State.valueOf(rs.getString(6)), (Long) rs.getObject(7)))
                .list();
        Map<FamilyKey, List<EventPairing.Item>> timelines = new HashMap<>();
        Map<Long, Row> current = new HashMap<>();
        for (Row r : rows) {
            timelines.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.item());
            current.put(r.item().id(), r);
        }
        List<Long> ids = new ArrayList<>();
        List<String> states = new ArrayList<>();
        List<Long> partners = new ArrayList<>();
        List<String> partnerTimes = new ArrayList<>();
        for (List<EventPairing.Item> timeline : timelines.values()) {
            EventPairing.pair(timeline).forEach((id, p) -> {
                Row now = current.get(id);
                if (now.state() != p.state() || !java.util.Objects.equals(now.partnerId(), p.partnerId())) {
                    ids.add(id);
                    states.add(p.state().name());
                    partners.add(p.partnerId());
                    partnerTimes.add(p.partnerAt() == null ? null : p.partnerAt().toString());
                }
            });
        }
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        UPDATE device_event d SET state = u.st, partner_id = u.p, partner_at = u.pt::timestamptz
                        FROM unnest(?::bigint[], ?::text[], ?::bigint[], ?::text[]) AS u(id, st, p, pt) WHERE d.id = u.id""")
                .params(ids.toArray(Long[]::new), states.toArray(String[]::new), partners.toArray(Long[]::new),
                        partnerTimes.toArray(String[]::new))
                .update();
    }
}
