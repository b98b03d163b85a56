package org.urja.mdms.audit.internal;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.audit.AuditTrail;

@Service
class JdbcAuditTrail implements AuditTrail {

    private final JdbcClient jdbc;

    JdbcAuditTrail(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Written in its own transaction: a rejected action is audited even though its own change rolled back. */
    @Override
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void record(String actor, String action, String target, String outcome, String detail, String remoteAddr) {
        jdbc.sql("""
                        INSERT INTO audit_event (actor, action, target, outcome, detail, remote_addr)
                        VALUES (?, ?, ?, ?, ?, ?)""")
                .params(actor, action, target, outcome, truncate(detail), remoteAddr)
                .update();
    }

    @Override
    public List<Entry> recent(String actor, int limit) {
        return jdbc.sql("""
                        SELECT occurred_at, actor, action, target, outcome, detail, remote_addr FROM audit_event
                        WHERE (CAST(? AS text) IS NULL OR actor = ?) ORDER BY occurred_at DESC, id DESC LIMIT ?""")
                .params(actor, actor, limit)
                .query((rs, i) -> new Entry(rs.getObject(1, OffsetDateTime.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)))
                .list();
    }

    @Override
    public List<Entry> withActions(List<String> actionPrefixes, String actor, int limit) {
        String[] patterns = actionPrefixes.stream()
                .map(p -> p.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
                .toArray(String[]::new);
        return jdbc.sql("""
                        SELECT occurred_at, actor, action, target, outcome, detail, remote_addr FROM audit_event
                        WHERE action LIKE ANY (?::text[]) AND (CAST(? AS text) IS NULL OR actor = ?)
                        ORDER BY occurred_at DESC, id DESC LIMIT ?""")
                .params(patterns, actor, actor, limit)
                .query((rs, i) -> new Entry(rs.getObject(1, OffsetDateTime.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)))
                .list();
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
    }
}
