package org.urja.mdms.integration.internal;

import java.net.URI;
import java.security.Principal;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.platform.ApiProblem;

/**
 * The feed for external systems: the pull API (ADMIN, BILLING, OPERATOR accounts of integration users) and the webhook
 * subscribers (ADMIN; every change audited; a subscriber's secret is shown once, when it is created).
 */
@RestController
@RequestMapping("/api/v1/integration")
@Validated
class IntegrationController {

    /** One page of the feed; {@code nextCursor} is where to ask from next (the same cursor when nothing is new). */
    record Page(List<Feed.Event> events, String nextCursor) {
    }

    record SubscriberBody(String name, String url, List<String> eventTypes, String from) {
    }

    record Subscriber(long id, String name, String url, List<String> eventTypes, boolean active, String cursor,
                      long delivered, int failures, String lastError, Instant lastDeliveredAt, Instant nextAttemptAt,
                      String createdBy, Instant createdAt, String secret) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Feed feed;
    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    IntegrationController(Feed feed, JdbcClient jdbc, AuditTrail audit, Clock clock) {
        this.feed = feed;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** Events after {@code after} (from the start without it), oldest first, of {@code types} (all without it). */
    @GetMapping("/events")
    @PreAuthorize("hasAnyRole('ADMIN', 'BILLING', 'OPERATOR')")
    Page events(@RequestParam(required = false) String after, @RequestParam(required = false) List<String> types,
                @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        Feed.Cursor cursor = Feed.Cursor.parse(after, "after");
        List<Feed.Event> events = feed.after(cursor, types(types, "types", true), limit);
        return new Page(events, events.isEmpty() ? cursor.toString() : events.get(events.size() - 1).cursor());
    }

    @PostMapping("/subscribers")
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    ResponseEntity<Subscriber> subscribe(@RequestBody SubscriberBody body, Principal admin, HttpServletRequest http) {
        if (body == null || body.name() == null || !body.name().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw ApiProblem.invalid("name", "A name of letters, digits, '.', '_' or '-' (at most 64)");
        }
        URI url;
        try {
            url = URI.create(body.url() == null ? "" : body.url());
        } catch (IllegalArgumentException e) {
            url = null;
        }
        if (url == null || !url.isAbsolute() || !Set.of("http", "https").contains(url.getScheme()) || url.getHost() == null) {
            throw ApiProblem.invalid("url", "An absolute http(s) URL of the receiver");
        }
        Set<String> types = types(body.eventTypes(), "eventTypes", false);
        String from = body.from() == null ? "now" : body.from();
        if (!from.equals("now") && !from.equals("start")) {
            throw ApiProblem.invalid("from", "now (events from now on) or start (every event kept)");
        }
        Feed.Cursor cursor = from.equals("start") ? Feed.Cursor.START : feed.now();
        String secret = HexFormat.of().formatHex(bytes());
        Instant now = clock.instant();
        long id;
        try {
            id = jdbc.sql("""
                            INSERT INTO integration_subscriber (name, url, secret, event_types, cursor_tx, cursor_id,
                                next_attempt_at, created_by, created_at)
                            VALUES (?, ?, ?, ?::text[], ?::xid8, ?, ?, ?, ?) RETURNING id""")
                    .params(body.name(), url.toString(), secret, types.toArray(String[]::new), cursor.tx(), cursor.id(),
                            Timestamp.from(now), admin.getName(), Timestamp.from(now))
                    .query(Long.class).single();
        } catch (DuplicateKeyException e) {
            throw ApiProblem.conflict("name", "A subscriber named " + body.name() + " exists");
        }
        audit.record(admin.getName(), "WEBHOOK SUBSCRIBE", "subscriber " + body.name(), "OK",
                url + " " + types + " from " + from, http.getRemoteAddr());
        Subscriber created = find(id);
        return ResponseEntity.status(201).body(new Subscriber(created.id(), created.name(), created.url(),
                created.eventTypes(), created.active(), created.cursor(), 0, 0, null, null, created.nextAttemptAt(),
                created.createdBy(), created.createdAt(), secret));
    }

    @GetMapping("/subscribers")
    @PreAuthorize("hasRole('ADMIN')")
    List<Subscriber> subscribers() {
        return jdbc.sql(SELECT + " ORDER BY name").query((rs, i) -> subscriber(rs)).list();
    }

    @GetMapping("/subscribers/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    Subscriber subscriber(@PathVariable long id) {
        return find(id);
    }

    /** Stops deliveries to a subscriber (kept, with its cursor, for the record). */
    @DeleteMapping("/subscribers/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional
    Subscriber unsubscribe(@PathVariable long id, Principal admin, HttpServletRequest http) {
        Subscriber s = find(id);
        jdbc.sql("UPDATE integration_subscriber SET active = FALSE WHERE id = ?").param(id).update();
        audit.record(admin.getName(), "WEBHOOK UNSUBSCRIBE", "subscriber " + s.name(), "OK", s.url(), http.getRemoteAddr());
        return find(id);
    }

    private Subscriber find(long id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query((rs, i) -> subscriber(rs)).optional()
                .orElseThrow(() -> ApiProblem.notFound("id", "No subscriber " + id));
    }

    private static Set<String> types(List<String> asked, String field, boolean allWhenEmpty) {
        if (asked == null || asked.isEmpty()) {
            if (allWhenEmpty) {
                return Feed.TYPES;
            }
            throw ApiProblem.invalid(field, "Name the event types: " + new TreeSet<>(Feed.TYPES));
        }
        for (String t : asked) {
            if (!Feed.TYPES.contains(t)) {
                throw ApiProblem.invalid(field, "Unknown event type " + t + "; known: " + new TreeSet<>(Feed.TYPES));
            }
        }
        return Set.copyOf(asked);
    }

    private static byte[] bytes() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return b;
    }

    private static final String SELECT = """
            SELECT id, name, url, event_types, active, cursor_tx::text || '-' || cursor_id, delivered, failures,
                   last_error, last_delivered_at, next_attempt_at, created_by, created_at FROM integration_subscriber""";

    private static Subscriber subscriber(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Subscriber(rs.getLong(1), rs.getString(2), rs.getString(3),
                Arrays.stream((String[]) rs.getArray(4).getArray()).sorted().toList(), rs.getBoolean(5),
                rs.getString(6), rs.getLong(7), rs.getInt(8), rs.getString(9), instant(rs.getObject(10, OffsetDateTime.class)),
                instant(rs.getObject(11, OffsetDateTime.class)), rs.getString(12),
                instant(rs.getObject(13, OffsetDateTime.class)), null);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
