package org.urja.mdms.network.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.network.Meter;
import org.urja.mdms.network.MeterChanges;
import org.urja.mdms.network.MeterRole;
import org.urja.mdms.network.NetworkLevel;
import org.urja.mdms.network.NetworkNode;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.network.PaymentMode;
import org.urja.mdms.platform.ApiProblem;

/**
 * Meter exchanges reported by the field force, applied as a MeterReplaced network change (the same rules and
 * history as one from the HES, under the exchange's reference as message id), and payment-mode changes.
 */
@Service
class JdbcMeterChanges implements MeterChanges {

    private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    private final JdbcClient jdbc;
    private final NetworkStore store;
    private final NetworkRegistry registry;
    private final NetworkChangeProcessor processor;
    private final Clock clock;

    JdbcMeterChanges(JdbcClient jdbc, NetworkStore store, NetworkRegistry registry, NetworkChangeProcessor processor,
                     Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.registry = registry;
        this.processor = processor;
        this.clock = clock;
    }

    @Override
    public void check(Exchange e) {
        long sp = store.servicePointId(e.servicePointCode())
                .orElseThrow(() -> ApiProblem.invalid("servicePointCode", "Unknown service point " + e.servicePointCode()));
        String current = store.currentMeterAt(sp).orElse(null);
        if (current == null || !current.equals(e.removedMeterSerialNo())) {
            throw ApiProblem.conflict("servicePointCode", "Service point " + e.servicePointCode() + " has "
                    + (current == null ? "no meter" : "meter " + current) + " now, not " + e.removedMeterSerialNo());
        }
        Meter meter = registry.meter(e.installedMeterSerialNo()).map(v -> {
            if (v.currentPlacement() != null) {
                throw ApiProblem.conflict("meterSerialNo", "Meter " + e.installedMeterSerialNo()
                        + " is already installed under " + v.currentPlacement().nodeCode());
            }
            return v.meter();
        }).orElseThrow(() -> ApiProblem.invalid("meterSerialNo", "Meter " + e.installedMeterSerialNo()
                + " is not in the asset master; import it before installing it"));
        if (meter.role() != MeterRole.CONSUMER) {
            throw ApiProblem.invalid("meterSerialNo", "Meter " + meter.serialNo() + " is a " + meter.role()
                    + " meter, not a consumer meter");
        }
        NetworkNode dt = registry.node(e.dtCode()).filter(n -> n.level() == NetworkLevel.DT)
                .orElseThrow(() -> ApiProblem.invalid("dtCode", "No DT " + e.dtCode()));
        if (e.feederCode() != null && !e.feederCode().equals(dt.parentCode())) {
            throw ApiProblem.invalid("feederCode", "DT " + dt.code() + " is on feeder " + dt.parentCode() + ", not "
                    + e.feederCode());
        }
        Instant now = clock.instant();
        if (e.installedAt().isAfter(now.plus(FUTURE_TOLERANCE))) {
            throw ApiProblem.invalid("installedAt", "installedAt " + e.installedAt() + " is in the future");
        }
        store.meterId(e.removedMeterSerialNo()).flatMap(store::currentPlacement).ifPresent(p -> {
            if (e.installedAt().isBefore(p.validFrom().toInstant())) {
                throw ApiProblem.invalid("installedAt", "installedAt " + e.installedAt() + " is before meter "
                        + e.removedMeterSerialNo() + " was placed (" + p.validFrom() + ")");
            }
        });
    }

    @Override
    @Transactional
    public void exchange(Exchange e, String source) {
        if (jdbc.sql("SELECT count(*) FROM network_change_message WHERE message_id = ?").param(e.reference())
                .query(Long.class).single() > 0) {
            return; // recorded before
        }
        check(e);
        Meter m = registry.meter(e.installedMeterSerialNo()).orElseThrow().meter();
        processor.apply(new NetworkChangeMessage(e.reference(), NetworkChangeMessage.ChangeType.MeterReplaced,
                e.installedAt().atOffset(ZoneOffset.UTC), new NetworkChangeMessage.MeterNameplate(m.serialNo(),
                m.manufacturer(), m.category(), m.firmwareVersion(), m.multiplier(), m.intervalMinutes(), m.paymentMode(),
                m.relayCapable(), m.commPath(), m.role()), e.removedMeterSerialNo(), e.dtCode(), e.feederCode(), null,
                null, e.finalReadingKwh(), e.initialReadingKwh()), source);
    }

    @Override
    public void recordPaymentMode(String meterSerialNo, PaymentMode mode) {
        int updated = jdbc.sql("UPDATE meter SET payment_mode = ? WHERE serial_no = ?").params(mode.name(), meterSerialNo)
                .update();
        if (updated == 0) {
            throw ApiProblem.invalid("meterSerialNo", "No meter " + meterSerialNo);
        }
    }
}
