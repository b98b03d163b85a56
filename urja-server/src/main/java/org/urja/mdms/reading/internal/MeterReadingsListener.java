package org.urja.mdms.reading.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.urja.hes.contract.MeterReadingsMessage;
import org.urja.mdms.hes.HesMessageReceived;
import org.urja.mdms.hes.InboundMessages;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ingests every MeterReadings message the HES module stored (UC1.3, UC2.4, UC6.3, UC21.2). Runs after the message's
 * commit, in its own transaction; the event publication registry redelivers it if the MDM stops midway, and the
 * ingested-message marker makes a redelivery harmless.
 */
@Component
class MeterReadingsListener {

    private final InboundMessages inbound;
    private final ReadingIngestion ingestion;
    private final JdbcClient jdbc;
    private final JsonMapper json;

    MeterReadingsListener(InboundMessages inbound, ReadingIngestion ingestion, JdbcClient jdbc, JsonMapper json) {
        this.inbound = inbound;
        this.ingestion = ingestion;
        this.jdbc = jdbc;
        this.json = json;
    }

    @ApplicationModuleListener
    void on(HesMessageReceived event) {
        if (!"MeterReadings".equals(event.noun())) {
            return;
        }
        int claimed = jdbc.sql("""
                        INSERT INTO reading_ingested_message (message_id, slots, registers, rejected) VALUES (?, 0, 0, 0)
                        ON CONFLICT (message_id) DO NOTHING""")
                .param(event.messageId()).update();
        if (claimed == 0) {
            return;
        }
        String payload = inbound.payload(event.messageId())
                .orElseThrow(() -> new IllegalStateException("Stored message " + event.messageId() + " not found"));
        var result = ingestion.ingest(json.readValue(payload, MeterReadingsMessage.class));
        jdbc.sql("UPDATE reading_ingested_message SET slots = ?, registers = ?, rejected = ? WHERE message_id = ?")
                .params(result.slots(), result.registers(), result.rejected(), event.messageId()).update();
    }
}
