package org.urja.mdms.notification.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers the outbox: due messages are claimed in small batches (FOR UPDATE SKIP LOCKED, so any number of nodes can
 * run it), sent by email through SMTP ({@code spring.mail.*}) or by SMS through an HTTP provider
 * ({@code urja.notification.sms.*}: POST JSON {@code {"to","text","reference"}} with a bearer key; a 2xx answer is
 * accepted and its body kept as the provider's reference). A failure is retried with growing pauses (1, 5, 15, 60,
 * 240 × {@code retry-base}, default one minute) and FAILED after {@code max-attempts}; a channel with no provider
 * configured leaves the message
 * UNDELIVERABLE, visible in the outbox view, never silently dropped.
 */
@Component
class Delivery {

    private static final Logger log = LoggerFactory.getLogger(Delivery.class);
    private static final int[] BACKOFF = {1, 5, 15, 60, 240};

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ObjectProvider<JavaMailSender> mail;
    private final JsonMapper json;
    private final String from;
    private final String smsUrl;
    private final String smsKey;
    private final int maxAttempts;
    private final Duration retryBase;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Delivery(JdbcClient jdbc, TransactionTemplate tx, ObjectProvider<JavaMailSender> mail, JsonMapper json,
             @Value("${urja.notification.from:noreply@urja.local}") String from,
             @Value("${urja.notification.sms.url:}") String smsUrl,
             @Value("${urja.notification.sms.api-key:}") String smsKey,
             @Value("${urja.notification.max-attempts:5}") int maxAttempts,
             @Value("${urja.notification.retry-base:PT1M}") Duration retryBase) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.mail = mail;
        this.json = json;
        this.from = from;
        this.smsUrl = smsUrl;
        this.smsKey = smsKey;
        this.maxAttempts = maxAttempts;
        this.retryBase = retryBase;
    }

    @Scheduled(fixedDelayString = "${urja.notification.poll:PT5S}")
    public void deliverDue() {
        int sent;
        do {
            sent = deliverBatch();
        } while (sent == 20);
    }

    /** Claims and delivers up to 20 due messages; the claim holds their rows until each outcome is written. */
    int deliverBatch() {
        Integer n = tx.execute(s -> {
            List<Outbox.Message> due = jdbc.sql("SELECT " + Outbox.COLUMNS + """
                             FROM notification_outbox WHERE status = 'PENDING' AND next_attempt_at <= now()
                            ORDER BY next_attempt_at LIMIT 20 FOR UPDATE SKIP LOCKED""")
                    .query(Outbox::message).list();
            for (Outbox.Message m : due) {
                deliver(m);
            }
            return due.size();
        });
        return n == null ? 0 : n;
    }

    /** A secret message's text (a one-time code, a password) is wiped once it is sent or given up. */
    private static final String WIPE = "body = CASE WHEN secret THEN '" + Outbox.SECRET_BODY + "' ELSE body END";

    private void deliver(Outbox.Message m) {
        try {
            String reference = switch (m.channel()) {
                case "EMAIL" -> email(m);
                case "SMS" -> sms(m);
                default -> throw new IllegalStateException("channel " + m.channel());
            };
            if (reference == null) {
                jdbc.sql("UPDATE notification_outbox SET status = 'UNDELIVERABLE', last_error = ?, " + WIPE + " WHERE id = ?")
                        .params("no " + m.channel() + " provider configured", m.id()).update();
                return;
            }
            jdbc.sql("""
                            UPDATE notification_outbox SET status = 'SENT', attempts = attempts + 1, sent_at = now(),
                                   provider_reference = ?, last_error = NULL,""" + " " + WIPE + " WHERE id = ?")
                    .params(reference, m.id()).update();
        } catch (Exception e) {
            int attempts = m.attempts() + 1;
            boolean last = attempts >= maxAttempts;
            log.warn("Notification {} ({} to {}) attempt {} failed: {}", m.id(), m.channel(), m.to(), attempts, e.toString());
            jdbc.sql("""
                            UPDATE notification_outbox SET attempts = ?, last_error = ?, status = ?,
                                   next_attempt_at = now() + ? * interval '1 millisecond'"""
                            + (last ? ", " + WIPE : "") + " WHERE id = ?")
                    .params(attempts, String.valueOf(e.getMessage()), last ? "FAILED" : "PENDING",
                            retryBase.toMillis() * BACKOFF[Math.min(attempts - 1, BACKOFF.length - 1)], m.id())
                    .update();
        }
    }

    /** Sends by SMTP; the Message-ID is the reference. Null when no mail server is configured. */
    private String email(Outbox.Message m) throws Exception {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            return null;
        }
        MimeMessage message = sender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, "UTF-8");
        helper.setFrom(from);
        helper.setTo(m.to());
        helper.setSubject(m.subject() == null ? m.template() : m.subject());
        helper.setText(m.body());
        message.setHeader("X-Urja-Notification", Long.toString(m.id()));
        sender.send(message);
        return message.getMessageID() == null ? "smtp" : message.getMessageID();
    }

    /** Sends through the configured SMS provider; null when none is configured. */
    private String sms(Outbox.Message m) throws Exception {
        if (smsUrl.isBlank()) {
            return null;
        }
        String body = json.writeValueAsString(java.util.Map.of("to", m.to(), "text", m.body(), "reference",
                "urja-" + m.id()));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(smsUrl))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + smsKey).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("SMS provider answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(200, response.body().length())));
        }
        return response.body().isBlank() ? "sms" : response.body().substring(0, Math.min(200, response.body().length()));
    }
}
