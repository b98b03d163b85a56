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
    public void check(Installation i) {
        long sp = store.servicePointId(i.servicePointCode())
                .orElseThrow(() -> ApiProblem.invalid("servicePointCode", "Unknown service point " + i.servicePointCode()));
        store.currentMeterAt(sp).ifPresent(current -> {
            throw ApiProblem.conflict("servicePointCode", "Service point " + i.servicePointCode() + " already has meter "
                    + current);
        });
        consumerMeterInStock(i.meterSerialNo());
        dt(i.dtCode(), i.feederCode());
        notInFuture(i.installedAt());
    }

    @Override
    @Transactional
    public void install(Installation i, String source) {
        if (recorded(i.reference())) {
            return;
        }
        check(i);
        Meter m = registry.meter(i.meterSerialNo()).orElseThrow().meter();
        processor.apply(new NetworkChangeMessage(i.reference(), NetworkChangeMessage.ChangeType.MeterInstalled,
                i.installedAt().atOffset(ZoneOffset.UTC), nameplate(m), null, i.dtCode(), i.feederCode(), i.dcuCode(),
                i.servicePointCode(), null, i.initialReadingKwh()), source);
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
        consumerMeterInStock(e.installedMeterSerialNo());
        dt(e.dtCode(), e.feederCode());
        notInFuture(e.installedAt());
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
        if (recorded(e.reference())) {
            return;
        }
        check(e);
        Meter m = registry.meter(e.installedMeterSerialNo()).orElseThrow().meter();
        processor.apply(new NetworkChangeMessage(e.reference(), NetworkChangeMessage.ChangeType.MeterReplaced,
                e.installedAt().atOffset(ZoneOffset.UTC), nameplate(m), e.removedMeterSerialNo(), e.dtCode(),
                e.feederCode(), null, null, e.finalReadingKwh(), e.initialReadingKwh()), source);
    }

    private boolean recorded(String reference) {
        return jdbc.sql("SELECT count(*) FROM network_change_message WHERE message_id = ?").param(reference)
                .query(Long.class).single() > 0;
    }

    private static NetworkChangeMessage.MeterNameplate nameplate(Meter m) {
        return new NetworkChangeMessage.MeterNameplate(m.serialNo(), m.manufacturer(), m.category(),
                m.firmwareVersion(), m.multiplier(), m.intervalMinutes(), m.paymentMode(), m.relayCapable(),
                m.commPath(), m.role());
    }

    /** A consumer meter of the asset master, neither placed in the network nor installed at a service point. */
    private void consumerMeterInStock(String serial) {
        Meter meter = registry.meter(serial).map(v -> {
            if (v.currentPlacement() != null) {
                throw ApiProblem.conflict("meterSerialNo", "Meter " + serial + " is already installed under "
                        + v.currentPlacement().nodeCode());
            }
            if (v.servicePointCode() != null) {
                throw ApiProblem.conflict("meterSerialNo", "Meter " + serial + " is already installed at service point "
                        + v.servicePointCode());
            }
            return v.meter();
        }).orElseThrow(() -> ApiProblem.invalid("meterSerialNo", "Meter " + serial
                + " is not in the asset master; import it before installing it"));
        if (meter.role() != MeterRole.CONSUMER) {
            throw ApiProblem.invalid("meterSerialNo", "Meter " + meter.serialNo() + " is a " + meter.role()
                    + " meter, not a consumer meter");
        }
    }

    private void dt(String dtCode, String feederCode) {
        NetworkNode dt = registry.node(dtCode).filter(n -> n.level() == NetworkLevel.DT)
                .orElseThrow(() -> ApiProblem.invalid("dtCode", "No DT " + dtCode));
        if (feederCode != null && !feederCode.equals(dt.parentCode())) {
            throw ApiProblem.invalid("feederCode", "DT " + dt.code() + " is on feeder " + dt.parentCode() + ", not "
                    + feederCode);
        }
    }

    private void notInFuture(Instant at) {
        if (at.isAfter(clock.instant().plus(FUTURE_TOLERANCE))) {
            throw ApiProblem.invalid("installedAt", "installedAt " + at + " is in the future");
        }
    }

    @Override
    public void recordPaymentMode(String meterSerialNo, PaymentMode mode) {
        long meterId = store.meterId(meterSerialNo)
                .orElseThrow(() -> ApiProblem.invalid("meterSerialNo", "No meter " + meterSerialNo));
        JdbcServiceHistory.change(jdbc, meterId, mode, clock.instant().atOffset(ZoneOffset.UTC));
    }
}
