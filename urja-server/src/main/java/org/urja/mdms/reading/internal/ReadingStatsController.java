package org.urja.mdms.reading.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Storage figures of the meter data: rows, values and present values as received (version 0), bytes on disk of every
 * version (tables + indexes) — so bytes per value includes what estimates and edits cost —, ingested messages. It
 * scans the whole interval table: meant for benchmarks and small systems, not for dashboards over millions of meters.
 */
@RestController
@RequestMapping("/api/v1/readings/stats")
@PreAuthorize("hasAnyRole('ADMIN', 'OPERATOR')")
class ReadingStatsController {

    record Stats(long ingestedMessages, long intervalRows, long intervalValues, long presentValues, long intervalBytes,
                 Double bytesPerValue, long registerReads) {
    }

    private final JdbcClient jdbc;

    ReadingStatsController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping
    Stats stats() {
        return jdbc.sql("""
                        WITH parts AS (SELECT inhrelid AS rel FROM pg_inherits WHERE inhparent = 'interval_day'::regclass),
                             sizes AS (SELECT coalesce(sum(pg_total_relation_size(rel)), 0) AS bytes FROM parts),
                             vals AS (SELECT count(*) AS rows, coalesce(sum(cardinality(vals)), 0) AS n,
                                             coalesce(sum((SELECT count(*) FROM unnest(flags) f WHERE f & 1 = 1)), 0) AS present
                                      FROM interval_day WHERE version = 0)
                        SELECT (SELECT count(*) FROM reading_ingested_message), vals.rows, vals.n, vals.present, sizes.bytes,
                               CASE WHEN vals.present > 0 THEN round(sizes.bytes::numeric / vals.present, 2) END,
                               (SELECT count(*) FROM register_read)
                        FROM vals, sizes""")
                .query((rs, i) -> new Stats(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getObject(6) == null ? null : rs.getDouble(6), rs.getLong(7)))
                .single();
    }
}
