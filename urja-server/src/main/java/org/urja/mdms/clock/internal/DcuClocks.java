package org.urja.mdms.clock.internal;

import java.math.BigDecimal;
import java.sql.Timestamp;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.urja.hes.contract.ControlType;
import org.urja.hes.contract.EndDeviceControlResult;
import org.urja.mdms.hes.DcuControls;
import org.urja.mdms.hes.HesClient;
import org.urja.mdms.hes.HesDcuControlCompleted;
import org.urja.mdms.hes.OutboundRequest;

/**
 * DCU clocks (UC10.1): a TIME_SYNC to a DCU through the HES contract, and what the outcome said — when the DCU's clock
 * was last set and how far off it was ({@code clockOffsetSeconds}). One row per DCU in {@code clock_dcu}.
 */
@Component
class DcuClocks {

    private final DcuControls dcus;
    private final HesClient hes;
    private final JdbcClient jdbc;

    DcuClocks(DcuControls dcus, HesClient hes, JdbcClient jdbc) {
        this.dcus = dcus;
        this.hes = hes;
        this.jdbc = jdbc;
    }

    /** Asks the HES to set the DCU's clock; the same key again returns the first request. */
    OutboundRequest sync(String dcuCode, String requestKey) {
        OutboundRequest r = dcus.send(dcuCode, ControlType.TIME_SYNC, "system:clock", requestKey);
        jdbc.sql("""
                        INSERT INTO clock_dcu (dcu_code, last_correlation_id, last_requested_at, last_status, last_reason)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (dcu_code) DO UPDATE
                        SET last_correlation_id = EXCLUDED.last_correlation_id, last_requested_at = EXCLUDED.last_requested_at,
                            last_status = EXCLUDED.last_status, last_reason = EXCLUDED.last_reason
                        WHERE clock_dcu.last_requested_at < EXCLUDED.last_requested_at""") // an outcome already written wins
                .params(dcuCode, r.correlationId(), Timestamp.from(r.requestedAt()), r.status(), r.statusReason())
                .update();
        return r;
    }

    /**
     * The outcome of a DCU command: the status of the DCU's latest request, and the clock's offset and last setting. The
     * outcome may overtake the recording of its request's acknowledgement, so it is written as of its request's time.
     */
    @ApplicationModuleListener
    void on(HesDcuControlCompleted e) {
        OutboundRequest request = hes.find(e.correlationId()).orElse(null);
        if (request == null) {
            return;
        }
        String offset = e.details().get(EndDeviceControlResult.CLOCK_OFFSET_SECONDS);
        Long offsetMs = null;
        if ("SUCCEEDED".equals(e.outcome()) && offset != null) {
            try {
                offsetMs = new BigDecimal(offset).movePointRight(3).longValue();
            } catch (NumberFormatException notANumber) {
                offsetMs = null;
            }
        }
        Timestamp at = Timestamp.from(e.completedAt());
        Timestamp synced = "SUCCEEDED".equals(e.outcome()) && ControlType.TIME_SYNC.name().equals(e.controlType()) ? at : null;
        jdbc.sql("""
                        INSERT INTO clock_dcu AS c (dcu_code, last_correlation_id, last_requested_at, last_status, last_reason,
                                                    synced_at, offset_ms, offset_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, CASE WHEN CAST(? AS bigint) IS NULL THEN NULL ELSE CAST(? AS timestamptz) END)
                        ON CONFLICT (dcu_code) DO UPDATE SET
                            last_correlation_id = CASE WHEN c.last_requested_at <= EXCLUDED.last_requested_at
                                                       THEN EXCLUDED.last_correlation_id ELSE c.last_correlation_id END,
                            last_status = CASE WHEN c.last_requested_at <= EXCLUDED.last_requested_at
                                               THEN EXCLUDED.last_status ELSE c.last_status END,
                            last_reason = CASE WHEN c.last_requested_at <= EXCLUDED.last_requested_at
                                               THEN EXCLUDED.last_reason ELSE c.last_reason END,
                            last_requested_at = greatest(c.last_requested_at, EXCLUDED.last_requested_at),
                            synced_at = greatest(c.synced_at, EXCLUDED.synced_at),
                            offset_ms = CASE WHEN EXCLUDED.offset_at IS NOT NULL AND (c.offset_at IS NULL OR c.offset_at < EXCLUDED.offset_at)
                                             THEN EXCLUDED.offset_ms ELSE c.offset_ms END,
                            offset_at = greatest(c.offset_at, EXCLUDED.offset_at)""")
                .params(e.dcuCode(), e.correlationId(), Timestamp.from(request.requestedAt()), e.outcome(), e.reason(),
                        synced, offsetMs, offsetMs, at)
                .update();
    }
}
