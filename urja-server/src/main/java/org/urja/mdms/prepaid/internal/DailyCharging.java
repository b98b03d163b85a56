package org.urja.mdms.prepaid.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.customer.ConsumerAccount;
import org.urja.mdms.customer.ConsumerAccounts;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.network.PaymentMode;
import org.urja.mdms.prepaid.Wallet;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.reading.IntervalData;
import org.urja.mdms.reading.IntervalFlags;
import org.urja.mdms.tariff.Charging;
import org.urja.mdms.tariff.DailyCharge;
import org.urja.mdms.tariff.Tariff;
import org.urja.mdms.tariff.Tariffs;
import org.urja.mdms.vee.DailyDataValidated;
import org.urja.mdms.vee.DaysValidated;
import tools.jackson.databind.json.JsonMapper;

/**
 * UC1.4: the day's charge of a prepaid consumer, from VEE's validated day (estimates included and counted), under
 * the consumer's tariff in force that day, posted to the wallet once: the first outcome of a day is a DAILY_CHARGE
 * (reference {@code day:<date>}); a revised day (late actual, re-acquisition, edit) posts the difference as an
 * ADJUSTMENT (reference {@code day:<date>:v<version>}), never a silent rewrite. The listener runs after VEE's commit
 * through the event publication registry, and every posting is idempotent, so redelivery never charges twice. The
 * month's slab position is the units charged on the month's earlier days.
 */
@Component
class DailyCharging {

    private static final Logger log = LoggerFactory.getLogger(DailyCharging.class);
    static final String BY = "prepaid-daily-charge";

    private final NetworkRegistry network;
    private final ConsumerAccounts consumers;
    private final Tariffs tariffs;
    private final IntervalData data;
    private final Wallet wallet;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final BalancePolicy policy;

    DailyCharging(NetworkRegistry network, ConsumerAccounts consumers, Tariffs tariffs, IntervalData data, Wallet wallet,
                  JdbcClient jdbc, JsonMapper json, BalancePolicy policy) {
        this.policy = policy;
        this.network = network;
        this.consumers = consumers;
        this.tariffs = tariffs;
        this.data = data;
        this.wallet = wallet;
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One VEE batch: the prepaid meters among its days (one lookup) are charged, in this listener's transaction. */
    @ApplicationModuleListener
    void on(DaysValidated batch) {
        Map<String, NetworkRegistry.MeterSummary> meters = network.meterSummaries(batch.days().stream()
                .map(DailyDataValidated::meterSerialNo).distinct().toList());
        for (DailyDataValidated day : batch.days()) {
            NetworkRegistry.MeterSummary m = meters.get(day.meterSerialNo());
            if (m != null && m.consumerNo() != null && m.meter().paymentMode() == PaymentMode.PREPAID) {
                charge(day.meterSerialNo(), day.day(), day.version(), day.estimated());
            }
        }
    }

    /** Charges (or adjusts) one meter's day if its consumer is prepaid; returns the wallet entry posted, if any. */
    @Transactional
    Optional<Wallet.Entry> charge(String serial, LocalDate day, int version, int estimated) {
        NetworkRegistry.MeterSummary meter = network.meterSummaries(List.of(serial)).get(serial);
        if (meter == null || meter.consumerNo() == null || meter.meter().paymentMode() != PaymentMode.PREPAID) {
            return Optional.empty();
        }
        String consumerNo = meter.consumerNo();
        ConsumerAccount account = consumers.find(consumerNo).orElse(null);
        if (account == null) {
            log.warn("Prepaid meter {} serves unknown consumer {}; {} not charged", serial, consumerNo, day);
            return Optional.empty();
        }
        Tariff tariff = tariffs.effective(account.tariffCategory(), day).orElse(null);
        if (tariff == null) {
            log.warn("No tariff {} in force on {}: consumer {} not charged", account.tariffCategory(), day, consumerNo);
            return Optional.empty();
        }
        DaySeries series = data.current(serial, Channel.KWH_IMPORT, day).orElse(null);
        BigDecimal[] kwh = new BigDecimal[series == null ? 0 : series.slots()];
        for (int i = 0; i < kwh.length; i++) {
            if (IntervalFlags.has(series.flags()[i], IntervalFlags.PRESENT)) {
                kwh[i] = BigDecimal.valueOf(series.values()[i]).divide(BigDecimal.valueOf(Channel.KWH_IMPORT.scale()), 3,
                        RoundingMode.UNNECESSARY);
            }
        }
        Map<String, BigDecimal> zones = Charging.unitsByZone(tariff, series == null ? 15 : series.intervalMinutes(), kwh);
        BigDecimal units = zones.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);

        // Serialise this consumer's charging with its wallet postings (the account row lock).
        jdbc.sql("INSERT INTO prepaid_account (consumer_no) VALUES (?) ON CONFLICT DO NOTHING").param(consumerNo).update();
        jdbc.sql("SELECT 1 FROM prepaid_account WHERE consumer_no = ? FOR UPDATE").param(consumerNo).query(Integer.class).single();
        BigDecimal monthBefore = jdbc.sql("""
                        SELECT coalesce(sum(units), 0) FROM prepaid_day
                        WHERE consumer_no = ? AND day >= ? AND day < ?""")
                .params(consumerNo, day.withDayOfMonth(1), day).query(BigDecimal.class).single();
        DailyCharge charge = Charging.daily(tariff, day, zones, monthBefore, account.sanctionedLoadKw());
        String detail = json.writeValueAsString(Map.of("meter", serial, "dataVersion", version, "units", units,
                "estimatedIntervals", estimated, "tariff", tariff.category() + "@" + tariff.effectiveFrom(),
                "lines", charge.lines()));

        record Charged(int version, long paise) {
        }
        Optional<Charged> before = jdbc.sql("SELECT data_version, charged_paise FROM prepaid_day WHERE consumer_no = ? AND day = ?")
                .params(consumerNo, day).query((rs, i) -> new Charged(rs.getInt(1), rs.getLong(2))).optional();
        Wallet.Posted posted;
        if (before.isEmpty()) {
            posted = wallet.post(consumerNo, Wallet.Kind.DAILY_CHARGE, -charge.totalPaise(), "day:" + day, day, detail, BY);
            jdbc.sql("""
                            INSERT INTO prepaid_day (consumer_no, day, meter_serial, data_version, units, estimated, charged_paise, tariff)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(consumerNo, day, serial, version, units, estimated, charge.totalPaise(),
                            tariff.category() + "@" + tariff.effectiveFrom())
                    .update();
        } else {
            long difference = charge.totalPaise() - before.get().paise();
            if (before.get().version() == version && difference == 0) {
                return Optional.empty(); // the same outcome again (a redelivery or a re-run that changed nothing)
            }
            posted = difference == 0 ? null : wallet.post(consumerNo, Wallet.Kind.ADJUSTMENT, -difference,
                    "day:" + day + ":v" + version, day, detail, BY);
            jdbc.sql("""
                            UPDATE prepaid_day SET data_version = ?, units = ?, estimated = ?, charged_paise = ?, charged_at = now()
                            WHERE consumer_no = ? AND day = ?""")
                    .params(version, units, estimated, charge.totalPaise(), consumerNo, day).update();
            if (posted == null) {
                return Optional.empty();
            }
        }
        Wallet.Entry entry = posted.entry();
        policy.apply(consumerNo, serial, entry.balanceAfterPaise() - entry.amountPaise(), entry.balanceAfterPaise(),
                entry.id());
        return Optional.of(entry);
    }
}
