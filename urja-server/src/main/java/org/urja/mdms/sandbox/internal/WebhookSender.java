package org.urja.mdms.sandbox.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the sandbox gateway's due webhooks over HTTP: claimed in batches (FOR UPDATE SKIP LOCKED), the copies of one
 * event sent at the same moment (in parallel, as a gateway's duplicate deliveries can arrive). A 2xx answer is
 * DELIVERED, a 4xx one REFUSED (the merchant will not take it; not sent again); no answer or a 5xx is tried again
 * after 2, 4, 8 … seconds and FAILED after {@code webhook-max-attempts}.
 */
@Component
@ConditionalOnProperty("urja.sandbox-gateway.enabled")
class WebhookSender {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    record Due(long id, String eventId, String url, String body, String signature, int attempts) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final SandboxProperties props;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService senders = Executors.newFixedThreadPool(4);

    WebhookSender(JdbcClient jdbc, TransactionTemplate tx, SandboxProperties props) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.props = props;
    }

    @Scheduled(fixedDelayString = "${urja.sandbox-gateway.webhook-poll:PT1S}")
    void sendDue() {
        try {
            tx.executeWithoutResult(s -> {
                List<Due> due = jdbc.sql("""
                                SELECT id, event_id, url, body, signature, attempts FROM sandbox_webhook
                                WHERE status = 'PENDING' AND due_at <= now() ORDER BY due_at, id LIMIT 20
                                FOR UPDATE SKIP LOCKED""")
                        .query((rs, i) -> new Due(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getInt(6)))
                        .list();
                List<CompletableFuture<Object>> sent = due.stream()
                        .map(d -> CompletableFuture.supplyAsync(() -> send(d), senders)).toList();
                for (int i = 0; i < due.size(); i++) {
                    record(due.get(i), sent.get(i).join());
                }
            });
        } catch (RuntimeException e) {
            log.warn("Sandbox webhooks not sent; tried again at the next poll", e);
        }
    }

    /** The HTTP status (Integer) or what went wrong (Exception). */
    private Object send(Due d) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(d.url())).timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .header("X-Sandbox-Event-Id", d.eventId())
                            .header("X-Sandbox-Signature", d.signature())
                            .POST(HttpRequest.BodyPublishers.ofString(d.body(), StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return e;
        }
    }

    private void record(Due d, Object result) {
        int attempts = d.attempts() + 1;
        if (result instanceof Integer status && status < 500) {
            String outcome = status / 100 == 2 ? "DELIVERED" : "REFUSED";
            jdbc.sql("""
                            UPDATE sandbox_webhook SET status = ?, attempts = ?, last_status = ?, delivered_at = now()
                            WHERE id = ?""")
                    .params(outcome, attempts, status, d.id()).update();
            return;
        }
        String error = result instanceof Integer status ? "HTTP " + status : result.toString();
        boolean last = attempts >= props.webhookMaxAttempts();
        log.info("Sandbox webhook {} (event {}) attempt {} failed: {}", d.id(), d.eventId(), attempts, error);
        jdbc.sql("""
                        UPDATE sandbox_webhook SET status = ?, attempts = ?, last_status = ?, last_error = ?,
                            due_at = now() + ? * interval '1 second' WHERE id = ?""")
                .params(last ? "FAILED" : "PENDING", attempts, result instanceof Integer s ? s : null, error,
                        1L << Math.min(attempts, 10), d.id())
                .update();
    }

    @PreDestroy
    void stop() {
        senders.shutdownNow();
    }
}
