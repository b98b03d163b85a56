package org.urja.mdms.support;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.hes.contract.IntervalBlock;
import org.urja.hes.contract.MeterReading;
import org.urja.hes.contract.MeterReadingsMessage;
import org.urja.mdms.hes.InboundMessages;

/** MeterReadings messages as the MDM stored them (read back through the HES module's published API). */
public final class StoredMessages {

    private StoredMessages() {
    }

    /** The meter readings of stored MeterReadings messages matching a SQL condition on hes_inbound_message, oldest first. */
    public static List<MeterReading> meterReadings(JdbcClient jdbc, InboundMessages inbound, String where, Object... params) {
        List<String> ids = jdbc.sql("SELECT message_id FROM hes_inbound_message WHERE noun = 'MeterReadings' AND (" + where
                        + ") ORDER BY received_at, message_id")
                .params(params).query(String.class).list();
        return ids.stream()
                .flatMap(id -> TestHttp.JSON.readValue(inbound.payload(id).orElseThrow(), MeterReadingsMessage.class)
                        .meterReadings().stream())
                .toList();
    }

    /** Sizes of the interval blocks of a reading type for one meter, in the order received. */
    public static List<Integer> blockSizes(List<MeterReading> readings, String serial, String readingType) {
        return readings.stream().filter(r -> r.meterSerialNo().equals(serial))
                .flatMap(r -> r.intervalBlocks().stream())
                .filter(b -> b.readingType().equals(readingType))
                .map(IntervalBlock::intervalReadings).map(List::size).toList();
    }
}
