package org.urja.mdms.integration.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.urja.hes.contract.HesSignature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves the feed to webhook subscribers: each round takes a due subscriber (row lock, SKIP LOCKED — one node serves
 * a subscriber at a time, so its events stay in order), posts the next events after its cursor in one signed request
 * and moves the cursor only on a 2xx answer. A receiver that is down is retried with a doubling wait and gets
 * everything it missed, in order, once it answers; an event is re-sent only if the receiver failed to acknowledge
 * it (receivers de-duplicate by event id).
 */
@Component
@EnableConfigurationProperties(IntegrationProperties.class)
class WebhookDelivery {

    private static final Logger log = LoggerFactory.getLogger(WebhookDelivery.class);

    private record Due(long id, String name, String url, String secret, Set<String> types, Feed.Cursor cursor,
                       int failures) {
    }

    private final JdbcClient jdbc;
    private final Feed feed;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final Clock clock;
    private final IntegrationProperties props;
    private final HttpClient http;

    WebhookDelivery(JdbcClient jdbc, Feed feed, TransactionTemplate tx, JsonMapper json, Clock clock,
                    IntegrationProperties props) {
        this.jdbc = jdbc;
        this.feed = feed;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
        this.props = props;
        this.http = HttpClient.newBuilder().connectTimeout(props.requestTimeout()).build();
    }

    @Scheduled(fixedDelayString = "${urja.integration.poll:PT1S}")
    void deliverDue() {
        try {
            for (int i = 0; i < 50 && Boolean.TRUE.equals(tx.execute(s -> deliverOne())); i++) {
                // go on while subscribers have events waiting
            }
        } catch (RuntimeException e) {
            log.warn("Webhook delivery round failed; tried again at the next poll", e);
        }
    }

    /** One request to one due subscriber; false when no subscriber had anything to send. */
    private boolean deliverOne() {
        Instant now = clock.instant();
        Due due = jdbc.sql("""
                        SELECT id, name, url, secret, event_types, cursor_tx::text, cursor_id, failures
                        FROM integration_subscriber WHERE active AND next_attempt_at <= ?
                        ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED""")
                .param(Timestamp.from(now))
                .query((rs, i) -> new Due(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Set.copyOf(Arrays.asList((String[]) rs.getArray(5).getArray())),
                        new Feed.Cursor(rs.getString(6), rs.getLong(7)), rs.getInt(8)))
                .optional().orElse(null);
        if (due == null) {
            return false;
        }
        List<Feed.Event> events = feed.after(due.cursor(), due.types(), props.batchSize());
        if (events.isEmpty()) {
            jdbc.sql("UPDATE integration_subscriber SET next_attempt_at = ? WHERE id = ?")
                    .params(Timestamp.from(now.plus(props.poll())), due.id()).update();
            return true;
        }
        String failure = post(due, events);
        if (failure == null) {
            Feed.Event last = events.get(events.size() - 1);
            Feed.Cursor next = Feed.Cursor.parse(last.cursor(), "cursor");
            jdbc.sql("""
                            UPDATE integration_subscriber SET cursor_tx = ?::xid8, cursor_id = ?, failures = 0,
                                last_error = NULL, last_delivered_at = ?, delivered = delivered + ?, next_attempt_at = ?
                            WHERE id = ?""")
                    .params(next.tx(), next.id(), Timestamp.from(now), events.size(), Timestamp.from(now), due.id())
                    .update();
        } else {
            int failures = due.failures() + 1;
            Instant retry = now.plus(props.backoffAfter(failures));
            log.info("Webhook {} not delivered ({} events, failure {}): {}; next attempt at {}", due.name(),
                    events.size(), failures, failure, retry);
            jdbc.sql("""
                            UPDATE integration_subscriber SET failures = ?, last_error = ?, next_attempt_at = ?
                            WHERE id = ?""")
                    .params(failures, failure, Timestamp.from(retry), due.id()).update();
        }
        return true;
    }

    /** Posts the events, signed like the HES contract's requests; null on a 2xx answer, else why not. */
    private String post(Due due, List<Feed.Event> events) {
        byte[] body = json.writeValueAsString(Map.of("subscriber", due.name(), "events", events))
                .getBytes(StandardCharsets.UTF_8);
        try {
            URI uri = URI.create(due.url());
            long ts = clock.instant().getEpochSecond();
            String nonce = HesSignature.newNonce();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                    .timeout(props.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header(HesSignature.KEY_ID_HEADER, due.name())
                    .header(HesSignature.TIMESTAMP_HEADER, Long.toString(ts))
                    .header(HesSignature.NONCE_HEADER, nonce)
                    .header(HesSignature.SIGNATURE_HEADER,
                            HesSignature.sign(due.secret(), ts, nonce, "POST", uri.getRawPath(), body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() / 100 == 2 ? null : "answered " + response.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }
}
