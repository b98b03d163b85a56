package org.urja.mdms.tariff.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.tariff.Tariff;
import org.urja.mdms.tariff.Tariffs;
import tools.jackson.databind.json.JsonMapper;

@Repository
class JdbcTariffs implements Tariffs {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    private final AuditTrail audit;

    JdbcTariffs(JdbcClient jdbc, JsonMapper json, AuditTrail audit) {
        this.jdbc = jdbc;
        this.json = json;
        this.audit = audit;
    }

    @Override
    public Optional<Tariff> effective(String category, LocalDate day) {
        return jdbc.sql("""
                        SELECT definition::text FROM tariff_version WHERE category = ? AND effective_from <= ?
                        ORDER BY effective_from DESC LIMIT 1""")
                .params(category, day).query(String.class).optional().map(this::tariff);
    }

    @Override
    public List<Tariff> versions(String category) {
        return jdbc.sql("SELECT definition::text FROM tariff_version WHERE category = ? ORDER BY effective_from")
                .param(category).query(String.class).list().stream().map(this::tariff).toList();
    }

    @Override
    @Transactional
    public void publish(Tariff tariff, String by, String reason) {
        Tariff before = effective(tariff.category(), tariff.effectiveFrom()).orElse(null);
        try {
            jdbc.sql("""
                            INSERT INTO tariff_version (category, effective_from, definition, created_by, reason)
                            VALUES (?, ?, ?::jsonb, ?, ?)""")
                    .params(tariff.category(), tariff.effectiveFrom(), json.writeValueAsString(tariff), by, reason)
                    .update();
        } catch (DuplicateKeyException e) {
            throw ApiProblem.conflict("effectiveFrom", "Tariff " + tariff.category() + " already has a version effective "
                    + tariff.effectiveFrom() + "; versions are never edited, add one with a later date");
        }
        audit.record(by, AuditTrail.ADMIN + "TARIFF VERSION", "tariff " + tariff.category() + " from "
                + tariff.effectiveFrom(), "OK", AuditTrail.change(before == null ? null : "from " + before.effectiveFrom()
                + ": " + describe(before), describe(tariff)) + "; reason: " + reason, null);
    }

    /** A version in one line, as the audit trail records it. */
    static String describe(Tariff t) {
        StringBuilder b = new StringBuilder("fixed " + t.fixedPaisePerKwMonth().toPlainString() + " paise/kW-month of "
                + t.fixedChargeBasis() + "; billed on " + t.billingUnit() + "; slabs");
        BigDecimal from = BigDecimal.ZERO;
        for (Tariff.Slab s : t.slabs()) {
            b.append(' ').append(from.toPlainString()).append('–')
                    .append(s.uptoUnits() == null ? "" : s.uptoUnits().toPlainString()).append(" @")
                    .append(s.paisePerUnit().toPlainString());
            from = s.uptoUnits() == null ? from : s.uptoUnits();
        }
        t.todZones().forEach(z -> b.append("; ToD ").append(z.name()).append(' ').append(z.from()).append('–')
                .append(z.to()).append(' ').append(z.percent().signum() >= 0 ? "+" : "")
                .append(z.percent().toPlainString()).append('%'));
        t.levies().forEach(l -> b.append("; levy ").append(l.name()).append(' ').append(l.percent().toPlainString())
                .append("% of ").append(l.base()));
        if (t.subsidy() != null) {
            b.append("; subsidy ").append(t.subsidy().name()).append(' ').append(t.subsidy().paisePerUnit().toPlainString())
                    .append(" paise/unit on the first ").append(t.subsidy().uptoUnits().toPlainString()).append(" units");
        }
        if (t.fixedChargeBasis() == Tariff.DemandBasis.MAX_DEMAND) {
            b.append("; minimum demand ").append(t.minimumDemandPercent().toPlainString()).append("%, excess +")
                    .append(t.excessDemandPercent().toPlainString()).append('%');
        }
        if (t.latePaymentSurchargePercent() != null) {
            b.append("; late payment surcharge ").append(t.latePaymentSurchargePercent().toPlainString()).append('%');
        }
        return b.toString();
    }

    record Version(String category, LocalDate effectiveFrom, String createdBy, java.time.Instant createdAt, String reason) {
    }

    List<Version> history(String category) {
        return jdbc.sql("""
                        SELECT category, effective_from, created_by, created_at, reason FROM tariff_version
                        WHERE category = ? ORDER BY effective_from""")
                .param(category)
                .query((rs, i) -> new Version(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getString(3),
                        rs.getObject(4, java.time.OffsetDateTime.class).toInstant(), rs.getString(5)))
                .list();
    }

    List<String> categories() {
        return jdbc.sql("SELECT DISTINCT category FROM tariff_version ORDER BY 1").query(String.class).list();
    }

    private Tariff tariff(String definition) {
        return json.readValue(definition, Tariff.class);
    }
}
