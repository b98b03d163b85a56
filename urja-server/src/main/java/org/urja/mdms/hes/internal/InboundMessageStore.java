package org.urja.mdms.hes.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.urja.hes.contract.HesSignature;
import org.urja.mdms.hes.InboundMessages;
import org.urja.mdms.platform.ApiProblem;

/** Durable store of messages received from the HES, keyed by message id. */
@Repository
class InboundMessageStore implements InboundMessages {

    record Stored(boolean duplicate, Instant receivedAt) {
    }

    private final JdbcClient jdbc;

    InboundMessageStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores the message unless its id is known. A known id with the same content is a harmless re-send
     * ({@code duplicate}); with other content it is a conflict. Content is compared as JSONB without the transport
     * field {@code sentAt}, so key order and a new send time do not matter. Must run in the caller's transaction.
     */
    Stored store(String noun, String source, String messageId, String correlationId, Instant sentAt, String json,
                 List<String> meterSerials, int itemCount) {
        String hash = HesSignature.sha256Hex(json.getBytes(StandardCharsets.UTF_8));
        Optional<OffsetDateTime> inserted = jdbc.sql("""
                        INSERT INTO hes_inbound_message (message_id, noun, source, correlation_id, sent_at, payload_sha256,
                                                         meter_serials, item_count, payload)
                        VALUES (?, ?, ?, ?, ?, ?, ?::text[], ?, ?::jsonb)
                        ON CONFLICT (message_id) DO NOTHING RETURNING received_at""")
                .params(messageId, noun, source, correlationId, Timestamp.from(sentAt), hash,
                        meterSerials.toArray(String[]::new), itemCount, json)
                .query(OffsetDateTime.class).optional();
        if (inserted.isPresent()) {
            return new Stored(false, inserted.get().toInstant());
        }
        record Previous(boolean sameContent, Instant receivedAt) {
        }
        Previous previous = jdbc.sql("""
                        SELECT noun = ? AND (payload - 'sentAt') = (CAST(? AS jsonb) - 'sentAt'), received_at
                        FROM hes_inbound_message WHERE message_id = ?""")
                .params(noun, json, messageId)
                .query((rs, i) -> new Previous(rs.getBoolean(1), rs.getObject(2, OffsetDateTime.class).toInstant()))
                .single();
        if (!previous.sameContent()) {
            throw ApiProblem.conflict("messageId", "Message id " + messageId
                    + " was already received with different content; a re-sent message must be identical");
        }
        return new Stored(true, previous.receivedAt());
    }

    /**
     * Stores a MeterReadings body as received (gzip) unless its id is known. A known id is a harmless re-send when the
     * bytes are identical or, failing that, when the JSON is equal apart from {@code sentAt} (compared as JSONB, only
     * on this rare path); otherwise it is a conflict. Must run in the caller's transaction.
     */
    Stored storeRaw(String noun, String source, String messageId, String correlationId, Instant sentAt, byte[] body,
                    List<String> meterSerials, int itemCount) {
        String hash = HesSignature.sha256Hex(body);
        Optional<OffsetDateTime> inserted = jdbc.sql("""
                        INSERT INTO hes_inbound_message (message_id, noun, source, correlation_id, sent_at, payload_sha256,
                                                         meter_serials, item_count, payload_gzip)
                        VALUES (?, ?, ?, ?, ?, ?, ?::text[], ?, ?)
                        ON CONFLICT (message_id) DO NOTHING RETURNING received_at""")
                .params(messageId, noun, source, correlationId, Timestamp.from(sentAt), hash,
                        meterSerials.toArray(String[]::new), itemCount, gzip(body))
                .query(OffsetDateTime.class).optional();
        if (inserted.isPresent()) {
            return new Stored(false, inserted.get().toInstant());
        }
        record Previous(String noun, String hash, Instant receivedAt) {
        }
        Previous previous = jdbc.sql("SELECT noun, payload_sha256, received_at FROM hes_inbound_message WHERE message_id = ?")
                .param(messageId)
                .query((rs, i) -> new Previous(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant()))
                .single();
        boolean same = previous.noun().equals(noun) && (previous.hash().equals(hash) || Boolean.TRUE.equals(jdbc.sql(
                        "SELECT (CAST(? AS jsonb) - 'sentAt') = (CAST(? AS jsonb) - 'sentAt')")
                .params(payload(messageId).orElseThrow(), new String(body, StandardCharsets.UTF_8))
                .query(Boolean.class).single()));
        if (!same) {
            throw ApiProblem.conflict("messageId", "Message id " + messageId
                    + " was already received with different content; a re-sent message must be identical");
        }
        return new Stored(true, previous.receivedAt());
    }

    private static byte[] gzip(byte[] body) {
        var out = new ByteArrayOutputStream(body.length / 8 + 64);
        try (var gz = new GZIPOutputStream(out, 64 * 1024) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String gunzip(byte[] gz) {
        try (var in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<Summary> recent(String noun, String meterSerialNo, String correlationId, int limit) {
        return jdbc.sql("""
                        SELECT message_id, noun, source, correlation_id, sent_at, received_at, meter_serials, item_count
                        FROM hes_inbound_message
                        WHERE (CAST(? AS text) IS NULL OR noun = ?)
                          AND (CAST(? AS text) IS NULL OR meter_serials @> ARRAY[CAST(? AS text)])
                          AND (CAST(? AS text) IS NULL OR correlation_id = ?)
                        ORDER BY received_at DESC, message_id LIMIT ?""")
                .params(noun, noun, meterSerialNo, meterSerialNo, correlationId, correlationId, limit)
                .query((rs, i) -> new Summary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getObject(6, OffsetDateTime.class).toInstant(),
                        Arrays.asList((String[]) rs.getArray(7).getArray()), rs.getInt(8)))
                .list();
    }

    @Override
    public Optional<String> payload(String messageId) {
        return jdbc.sql("SELECT payload::text, payload_gzip FROM hes_inbound_message WHERE message_id = ?").param(messageId)
                .query((rs, i) -> rs.getString(1) != null ? rs.getString(1) : gunzip(rs.getBytes(2)))
                .optional();
    }
}
