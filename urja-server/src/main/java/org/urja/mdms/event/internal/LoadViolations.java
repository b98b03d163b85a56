package org.urja.mdms.event.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.urja.hes.contract.Reading;
import org.urja.hes.contract.ReadingTypes;
import org.urja.mdms.customer.ConsumerAccount;
import org.urja.mdms.customer.ConsumerAccounts;
import org.urja.mdms.event.DeviceEvent;
import org.urja.mdms.event.DeviceEvent.Kind;
import org.urja.mdms.event.DeviceEvent.Route;
import org.urja.mdms.event.DeviceEvent.State;
import org.urja.mdms.network.MeterLocation;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.reading.BillingProfileReceived;

/**
 * Load-limit violations for the control centre (UC9.1: meter number, maximum demand, date and time of the violation):
 * from the meter's overload events (the catalogue's LOAD_VIOLATION route; the demand and the limit come from the
 * event's details {@code demandKw} / {@code loadLimitKw} when the HES sends them) and from billing maximum demand above
 * the consumer's sanctioned load. Repeats per consumer are counted over a rolling window when listed.
 */
@Component
class LoadViolations {

    private static final Logger log = LoggerFactory.getLogger(LoadViolations.class);
    static final List<String> DEMAND_KEYS = List.of("demandKw", "maxDemandKw", "loadKw");
    static final List<String> LIMIT_KEYS = List.of("loadLimitKw", "limitKw");

    record View(long id, String meterSerialNo, String consumerNo, String servicePointCode, String source,
                Long eventId, Integer eventCode, Instant occurredAt, Instant endedAt, BigDecimal demandKw,
                BigDecimal limitKw, BigDecimal sanctionedLoadKw, int violationsInWindow, boolean repeatViolation) {
    }

    private final JdbcClient jdbc;
    private final NetworkRegistry network;
    private final ConsumerAccounts consumers;
    private final EventProperties props;

    LoadViolations(JdbcClient jdbc, NetworkRegistry network, ConsumerAccounts consumers, EventProperties props) {
        this.jdbc = jdbc;
        this.network = network;
        this.consumers = consumers;
        this.props = props;
    }

    /** In the recording transaction: overload occurrences become violations, their restorations end them. */
    void fromEvents(List<DeviceEvent> recorded) {
        List<DeviceEvent> occurrences = recorded.stream()
                .filter(e -> e.route() == Route.LOAD_VIOLATION && e.kind() == Kind.OCCURRENCE).toList();
        if (!occurrences.isEmpty()) {
            Map<String, MeterLocation> where = network.locations(occurrences.stream().map(DeviceEvent::meterSerialNo).toList());
            Map<String, ConsumerAccount> accounts = consumers.findAll(where.values().stream()
                    .map(MeterLocation::consumerNo).filter(c -> c != null).distinct().toList());
            for (DeviceEvent e : occurrences) {
                MeterLocation at = where.get(e.meterSerialNo());
                ConsumerAccount account = at == null || at.consumerNo() == null ? null : accounts.get(at.consumerNo());
                jdbc.sql("""
                                INSERT INTO load_violation (meter_serial, consumer_no, service_point, source, event_id,
                                    event_code, occurred_at, ended_at, demand_kw, limit_kw, sanctioned_load_kw)
                                VALUES (?, ?, ?, 'METER_EVENT', ?, ?, ?, ?, ?, ?, ?)
                                ON CONFLICT DO NOTHING""")
                        .params(e.meterSerialNo(), at == null ? null : at.consumerNo(),
                                at == null ? null : at.servicePointCode(), e.id(), e.code(),
                                DeviceEventStore.ts(e.occurredAt()),
                                e.state() == State.RESTORED ? DeviceEventStore.ts(e.partnerAt()) : null,
                                decimal(e.details(), DEMAND_KEYS), decimal(e.details(), LIMIT_KEYS),
                                account == null ? null : account.sanctionedLoadKw())
                        .update();
            }
        }
        List<DeviceEvent> ends = recorded.stream().filter(e -> e.route() == Route.LOAD_VIOLATION
                && e.kind() == Kind.RESTORATION && e.state() == State.PAIRED).toList();
        for (DeviceEvent e : ends) {
            jdbc.sql("UPDATE load_violation SET ended_at = ? WHERE event_id = ?")
                    .params(DeviceEventStore.ts(e.occurredAt()), e.partnerId()).update();
        }
    }

    /** Billing maximum demand above {@code maxDemandFactor} × the consumer's sanctioned load is a violation. */
    @ApplicationModuleListener
    void on(BillingProfileReceived profile) {
        List<Reading> demands = profile.registers().stream()
                .filter(r -> r.readingType().equals(ReadingTypes.REGISTER_KW_MAX_DEMAND)).toList();
        if (demands.isEmpty()) {
            return;
        }
        MeterLocation at = network.locations(List.of(profile.meterSerialNo())).get(profile.meterSerialNo());
        if (at == null || at.consumerNo() == null) {
            return;
        }
        ConsumerAccount account = consumers.find(at.consumerNo()).orElse(null);
        if (account == null || account.sanctionedLoadKw() == null) {
            return;
        }
        BigDecimal limit = account.sanctionedLoadKw().multiply(props.maxDemandFactor());
        for (Reading md : demands) {
            if (md.value().compareTo(limit) <= 0) {
                continue;
            }
            Instant when = md.occurredAt() != null ? md.occurredAt() : md.timeStamp();
            int added = jdbc.sql("""
                            INSERT INTO load_violation (meter_serial, consumer_no, service_point, source, occurred_at,
                                demand_kw, limit_kw, sanctioned_load_kw)
                            VALUES (?, ?, ?, 'BILLING_MAX_DEMAND', ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                    .params(profile.meterSerialNo(), at.consumerNo(), at.servicePointCode(), DeviceEventStore.ts(when),
                            md.value(), limit, account.sanctionedLoadKw())
                    .update();
            if (added > 0) {
                log.info("Load violation: meter {} consumer {} maximum demand {} kW at {} over {} kW",
                        profile.meterSerialNo(), at.consumerNo(), md.value(), when, limit);
            }
        }
    }

    /**
     * Violations, most recent first, each with how many violations its consumer (or, without a consumer, its meter)
     * had in the rolling window ending at it.
     */
    List<View> find(String consumerNo, String meterSerialNo, Instant from, Instant to, int limit) {
        return jdbc.sql("""
                        SELECT v.*, (SELECT count(*) FROM load_violation w
                                     WHERE (w.consumer_no = v.consumer_no
                                            OR (v.consumer_no IS NULL AND w.meter_serial = v.meter_serial))
                                       AND w.occurred_at > v.occurred_at - make_interval(secs => ?)
                                       AND w.occurred_at <= v.occurred_at) AS in_window
                        FROM load_violation v
                        WHERE (CAST(? AS text) IS NULL OR v.consumer_no = ?)
                          AND (CAST(? AS text) IS NULL OR v.meter_serial = ?)
                          AND (CAST(? AS timestamptz) IS NULL OR v.occurred_at >= ?)
                          AND (CAST(? AS timestamptz) IS NULL OR v.occurred_at < ?)
                        ORDER BY v.occurred_at DESC, v.id DESC LIMIT ?""")
                .params((double) props.loadViolationWindow().toSeconds(), consumerNo, consumerNo, meterSerialNo,
                        meterSerialNo, DeviceEventStore.ts(from), DeviceEventStore.ts(from), DeviceEventStore.ts(to),
                        DeviceEventStore.ts(to), limit)
                .query((rs, i) -> view(rs)).list();
    }

    private View view(ResultSet rs) throws SQLException {
        int inWindow = rs.getInt("in_window");
        return new View(rs.getLong("id"), rs.getString("meter_serial"), rs.getString("consumer_no"),
                rs.getString("service_point"), rs.getString("source"), (Long) rs.getObject("event_id"),
                (Integer) rs.getObject("event_code"), DeviceEventStore.instant(rs, "occurred_at"),
                DeviceEventStore.instant(rs, "ended_at"), rs.getBigDecimal("demand_kw"), rs.getBigDecimal("limit_kw"),
                rs.getBigDecimal("sanctioned_load_kw"), inWindow, inWindow >= props.repeatViolations());
    }

    static BigDecimal decimal(Map<String, String> details, List<String> keys) {
        for (String k : keys) {
            String v = details.get(k);
            if (v != null) {
                try {
                    return new BigDecimal(v.strip());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
