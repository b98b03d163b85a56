package org.urja.mdms.vee.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.urja.hes.contract.ReadingTypes;
import org.urja.mdms.customer.ConsumerAccount;
import org.urja.mdms.customer.ConsumerAccounts;
import org.urja.mdms.network.MeterView;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.reading.IntervalData;
import org.urja.mdms.vee.DayInput;
import org.urja.mdms.vee.Finding;
import org.urja.mdms.vee.MeterContext;
import org.urja.mdms.vee.RegisterDelta;
import org.urja.mdms.vee.Severity;
import org.urja.mdms.vee.Vee;
import org.urja.mdms.vee.VeeProfile;
import org.urja.mdms.vee.VeeResult;

/**
 * Runs VEE over stored interval data: for each meter with imported energy on a day it validates what the meter sent
 * (version 0, so late actuals always win over earlier estimates), estimates the gaps it can, stores the result as a
 * new version when it differs from the current one, and replaces that day's findings in the work queue. Meter
 * context comes from the network registry (category, multiplier, installed) and the consumer account (sanctioned
 * load). Disconnection and outage periods are not known yet (commands and outage modules) and are passed empty.
 */
@Service
class VeeRunner {

    record DayRun(LocalDate day, int meters, int estimatedSlots, int remainingGaps, int newVersions,
                  Map<Severity, Integer> findings) {
    }

    static final String RUN_BY = "vee";

    private final IntervalData data;
    private final NetworkRegistry network;
    private final ConsumerAccounts consumers;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Vee vee = Vee.standard();

    VeeRunner(IntervalData data, NetworkRegistry network, ConsumerAccounts consumers, JdbcClient jdbc,
              TransactionTemplate tx) {
        this.data = data;
        this.network = network;
        this.consumers = consumers;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    DayRun runDay(LocalDate day, List<String> onlyMeters) {
        List<String> meters = onlyMeters == null || onlyMeters.isEmpty()
                ? data.metersWithData(Channel.KWH_IMPORT, day) : onlyMeters;
        int estimated = 0;
        int gaps = 0;
        int versions = 0;
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (String serial : meters) {
            Optional<DaySeries> received = data.asReceived(serial, Channel.KWH_IMPORT, day);
            if (received.isEmpty()) {
                continue;
            }
            MeterContext meter = context(serial);
            VeeResult result = vee.run(input(received.get(), meter), VeeProfile.defaults(meter.category()));
            DaySeries outcome = keepEdits(result.estimated(), data.current(serial, Channel.KWH_IMPORT, day).orElse(null));
            boolean stored = Boolean.TRUE.equals(tx.execute(s -> {
                boolean newVersion = data.storeVersion(outcome, RUN_BY,
                        "VEE: " + result.estimatedSlots() + " estimated, " + result.findings().size() + " findings")
                        .isPresent();
                replaceFindings(serial, day, result.findings());
                return newVersion;
            }));
            versions += stored ? 1 : 0;
            estimated += result.estimatedSlots();
            gaps += result.remainingGaps();
            result.findings().forEach(f -> counts.merge(f.severity(), 1, Integer::sum));
        }
        return new DayRun(day, meters.size(), estimated, gaps, versions, counts);
    }

    /** A person's edit outlives a re-run: edited slots of the current version are carried into the new one. */
    static DaySeries keepEdits(DaySeries estimated, DaySeries current) {
        if (current == null || current.intervalMinutes() != estimated.intervalMinutes()) {
            return estimated;
        }
        long[] values = estimated.values().clone();
        short[] flags = estimated.flags().clone();
        for (int i = 0; i < values.length; i++) {
            if (org.urja.mdms.reading.IntervalFlags.has(current.flags()[i], org.urja.mdms.reading.IntervalFlags.EDITED)) {
                values[i] = current.values()[i];
                flags[i] = current.flags()[i];
            }
        }
        return new DaySeries(estimated.meterSerialNo(), estimated.channel(), estimated.day(), estimated.intervalMinutes(),
                values, flags);
    }

    private DayInput input(DaySeries series, MeterContext meter) {
        String serial = series.meterSerialNo();
        LocalDate day = series.day();
        List<DaySeries> history = data.currentRange(serial, Channel.KWH_IMPORT, day.minusDays(28), day.minusDays(1)).stream()
                .filter(h -> h.intervalMinutes() == series.intervalMinutes()).toList();
        DaySeries kvah = data.asReceived(serial, Channel.KVAH_IMPORT, day)
                .filter(k -> k.intervalMinutes() == series.intervalMinutes()).orElse(null);
        return new DayInput(series, meter, history, kvah, registerDelta(serial, day));
    }

    /** The day's change of the cumulative kWh import register, from the two midnight snapshots, in Wh. */
    private RegisterDelta registerDelta(String serial, LocalDate day) {
        Instant from = day.atStartOfDay(MeterContext.IST).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(MeterContext.IST).toInstant();
        Optional<BigDecimal> start = data.register(serial, ReadingTypes.REGISTER_KWH_IMPORT, from);
        Optional<BigDecimal> end = data.register(serial, ReadingTypes.REGISTER_KWH_IMPORT, to);
        if (start.isEmpty() || end.isEmpty()) {
            return null;
        }
        long wh = end.get().subtract(start.get()).multiply(BigDecimal.valueOf(Channel.KWH_IMPORT.scale()))
                .setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
        return new RegisterDelta(from, to, wh);
    }

    private MeterContext context(String serial) {
        Optional<MeterView> view = network.meter(serial);
        if (view.isEmpty()) {
            // Data from a meter the registry does not know: validated as an uninstalled whole-current meter.
            return new MeterContext(serial, MeterContext.SINGLE_PHASE_WC, BigDecimal.ONE, null, false, false, List.of(),
                    List.of());
        }
        MeterView m = view.get();
        BigDecimal sanctioned = m.consumerNo() == null ? null
                : consumers.find(m.consumerNo()).map(ConsumerAccount::sanctionedLoadKw).orElse(null);
        return new MeterContext(serial, m.meter().category().name(), m.meter().multiplier(), sanctioned, false,
                m.currentPlacement() != null, List.of(), List.of());
    }

    private void replaceFindings(String serial, LocalDate day, List<Finding> findings) {
        jdbc.sql("DELETE FROM vee_finding WHERE meter_serial = ? AND channel = ? AND day = ? AND status = 'OPEN'")
                .params(serial, Channel.KWH_IMPORT.code(), day).update();
        for (Finding f : findings) {
            jdbc.sql("""
                            INSERT INTO vee_finding (meter_serial, channel, day, rule, severity, from_slot, to_slot, reason)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(serial, Channel.KWH_IMPORT.code(), day, f.rule(), f.severity().name(), f.fromSlot(),
                            f.toSlot(), f.reason())
                    .update();
        }
    }
}
