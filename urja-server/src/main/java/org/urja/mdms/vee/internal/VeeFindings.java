package org.urja.mdms.vee.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.IntervalsEdited;
import org.urja.mdms.reading.MeterDay;

/**
 * The exception work queue's state changes: a person approves a finding as it is, or edits the values it is about
 * (an edit resolves the open findings of that day that touch an edited slot, or the whole day's).
 */
@Component
class VeeFindings {

    static final String COLUMNS = """
            id, meter_serial, day, rule, severity, from_slot, to_slot, reason, status, resolved_by, resolved_at, resolution""";

    private final JdbcClient jdbc;
    private final VeeOnArrival queue;

    VeeFindings(JdbcClient jdbc, VeeOnArrival queue) {
        this.jdbc = jdbc;
        this.queue = queue;
    }

    @Transactional
    VeeController.FindingView resolve(long id, String by, String resolution) {
        int updated = jdbc.sql("""
                        UPDATE vee_finding SET status = 'RESOLVED', resolved_by = ?, resolved_at = now(), resolution = ?
                        WHERE id = ? AND status = 'OPEN'""")
                .params(by, resolution, id).update();
        VeeController.FindingView view = jdbc.sql("SELECT " + COLUMNS + " FROM vee_finding WHERE id = ?").param(id)
                .query(VeeFindings::view).optional()
                .orElseThrow(() -> ApiProblem.notFound("id", "No finding " + id));
        if (updated == 0) {
            throw ApiProblem.conflict("id", "Finding " + id + " is already " + view.status());
        }
        return view;
    }

    @ApplicationModuleListener
    void on(IntervalsEdited edit) {
        jdbc.sql("""
                        UPDATE vee_finding SET status = 'RESOLVED', resolved_by = ?, resolved_at = now(),
                               resolution = 'Edited in version ' || ? || ': ' || ?
                        WHERE meter_serial = ? AND channel = ? AND day = ? AND status = 'OPEN'
                          AND (from_slot = -1 OR EXISTS (SELECT 1 FROM unnest(?::int[]) s WHERE s >= from_slot AND s < to_slot))""")
                .params(edit.editedBy(), edit.version(), edit.reason(), edit.meterSerialNo(), edit.channel().code(),
                        edit.day(), edit.slots().toArray(Integer[]::new))
                .update();
        if (edit.channel() == Channel.KWH_IMPORT) {
            queue.enqueue(List.of(new MeterDay(edit.meterSerialNo(), edit.day()))); // the day's outcome changed
        }
    }

    static VeeController.FindingView view(ResultSet rs, int row) throws SQLException {
        OffsetDateTime resolvedAt = rs.getObject(11, OffsetDateTime.class);
        return new VeeController.FindingView(rs.getLong(1), rs.getString(2), rs.getObject(3, LocalDate.class),
                rs.getString(4), rs.getString(5), rs.getInt(6), rs.getInt(7), rs.getString(8), rs.getString(9),
                rs.getString(10), resolvedAt == null ? null : resolvedAt.toInstant(), rs.getString(12));
    }
}
