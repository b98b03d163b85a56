package org.urja.mdms.migration.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.customer.ConsumerAccount;
import org.urja.mdms.customer.ConsumerAccounts;
import org.urja.mdms.migration.internal.MigrationStore.Migration;
import org.urja.mdms.migration.internal.MigrationStore.State;
import org.urja.mdms.network.Installation;
import org.urja.mdms.network.Meter;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.network.PaymentMode;
import org.urja.mdms.network.ServicePoint;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.prepaid.PrepaidAccounts;
import org.urja.mdms.tariff.Tariffs;
import org.urja.mdms.workorder.WorkOrders;

/**
 * Migration requests (UC13.1, UC14.1) and staff actions on them: every check before anything is stored, idempotent
 * by the requester's reference, one open migration per consumer; retry and cancel, audited.
 */
@Service
class Migrations {

    private static final ZoneId IST = ZoneId.of("Asia/Kolkata");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A request as the API receives it (already checked for shape). */
    record Request(String reference, String consumerNo, PaymentMode targetMode, String servicePointCode,
                   Boolean meterChange, String tariffCategory, Long openingBalancePaise, Long arrearsPaise) {
    }

    record Created(long id, boolean created) {
    }

    private final MigrationStore store;
    private final ConsumerAccounts consumers;
    private final NetworkRegistry network;
    private final Tariffs tariffs;
    private final PrepaidAccounts prepaid;
    private final WorkOrders workOrders;
    private final AuditTrail audit;
    private final Clock clock;

    Migrations(MigrationStore store, ConsumerAccounts consumers, NetworkRegistry network, Tariffs tariffs,
               PrepaidAccounts prepaid, WorkOrders workOrders, AuditTrail audit, Clock clock) {
        this.store = store;
        this.consumers = consumers;
        this.network = network;
        this.tariffs = tariffs;
        this.prepaid = prepaid;
        this.workOrders = workOrders;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    Created request(Request r, String user) {
        boolean toPrepaid = r.targetMode() == PaymentMode.PREPAID;
        long opening = r.openingBalancePaise() == null ? 0 : r.openingBalancePaise();
        long arrears = r.arrearsPaise() == null ? 0 : r.arrearsPaise();
        boolean meterChange = Boolean.TRUE.equals(r.meterChange());
        if (!toPrepaid) {
            if (meterChange) {
                throw ApiProblem.badRequest("meterChange", "A meter change is part of a migration to prepaid only");
            }
            if (opening != 0) {
                throw ApiProblem.badRequest("openingBalancePaise", "An opening balance is for a migration to prepaid only");
            }
            if (arrears != 0) {
                throw ApiProblem.badRequest("arrearsPaise", "Arrears are carried into a prepaid wallet only");
            }
        }
        String hash = sha256(String.join("|", r.consumerNo(), r.targetMode().name(), String.valueOf(r.servicePointCode()),
                String.valueOf(meterChange), String.valueOf(r.tariffCategory()), String.valueOf(opening),
                String.valueOf(arrears)));
        var earlier = store.byReference(r.reference());
        if (earlier.isPresent()) {
            if (!earlier.get().requestHash().equals(hash)) {
                throw ApiProblem.conflict("reference", "Reference " + r.reference()
                        + " was already used for another migration request (" + earlier.get().id() + ")");
            }
            return new Created(earlier.get().id(), false);
        }
        ConsumerAccount account = consumers.find(r.consumerNo())
                .orElseThrow(() -> ApiProblem.invalid("consumerNo", "No consumer " + r.consumerNo()));
        ServicePoint sp = servicePoint(r);
        String serial = network.servicePointHistory(sp.code()).stream().filter(i -> i.removedAt() == null)
                .map(Installation::meterSerialNo).findFirst()
                .orElseThrow(() -> ApiProblem.invalid("servicePointCode", "No meter is installed at service point "
                        + sp.code()));
        Meter meter = network.meter(serial).orElseThrow().meter();
        if (meter.paymentMode() == r.targetMode()) {
            throw ApiProblem.conflict("targetMode", "Consumer " + r.consumerNo() + " is already "
                    + r.targetMode().name().toLowerCase() + " (meter " + serial + ")");
        }
        store.openFor(r.consumerNo()).ifPresent(m -> {
            throw ApiProblem.conflict("consumerNo", "Migration " + m.id() + " (" + m.reference() + ") of consumer "
                    + r.consumerNo() + " is already " + m.state() + " at step " + m.step());
        });
        if (toPrepaid && !meterChange && !meter.relayCapable()) {
            throw ApiProblem.invalid("meterChange", "Meter " + serial + " has no disconnect relay, which a prepaid "
                    + "consumer needs: ask for a meter change");
        }
        String category = account.tariffCategory();
        if (r.tariffCategory() != null && !r.tariffCategory().equals(category)) {
            throw ApiProblem.invalid("tariffCategory", "Consumer " + r.consumerNo() + " is on tariff category "
                    + category + "; change it in the consumer master first");
        }
        if (toPrepaid && tariffs.effective(category, LocalDate.now(clock.withZone(IST))).isEmpty()) {
            throw ApiProblem.invalid("tariffCategory", "No tariff of category " + category
                    + " is in force: the prepaid consumer could not be charged");
        }
        Instant now = clock.instant();
        long id = store.insert(new MigrationStore.NewMigration(r.reference(), hash, r.targetMode(), r.consumerNo(),
                sp.code(), serial, meterChange, category, opening, arrears, engineeringToken(), user), now);
        audit.record(user, "MIGRATION REQUEST", "migration " + id + " (" + r.reference() + ")", "OK",
                "consumer " + r.consumerNo() + " to " + r.targetMode() + (meterChange ? " with a meter change" : ""), null);
        return new Created(id, true);
    }

    /** Staff: try the current step again now (after a failure, or without waiting for a scheduled retry). */
    @Transactional
    Migration retry(long id, String reason, String user) {
        Migration m = lock(id);
        if (m.state() != State.ATTENTION && m.state() != State.RETRY_SCHEDULED) {
            throw ApiProblem.conflict("state", "Migration " + id + " is " + m.state() + "; only a migration waiting "
                    + "(ATTENTION or RETRY_SCHEDULED) is retried");
        }
        store.move(id, m.step(), State.IN_PROGRESS, null, null, clock.instant());
        audit.record(user, "MIGRATION RETRY", "migration " + id + " (" + m.reference() + ")", "OK",
                "step " + m.step() + "; reason: " + reason, null);
        return store.find(id).orElseThrow();
    }

    /**
     * Staff: cancel a migration that has not changed the meter yet (no payment-mode switch or disconnection sent):
     * an installation order still open is cancelled and a wallet it opened is closed again.
     */
    @Transactional
    Migration cancel(long id, String reason, String user) {
        Migration m = lock(id);
        if (!m.state().open()) {
            throw ApiProblem.conflict("state", "Migration " + id + " is " + m.state());
        }
        for (Step touching : List.of(Step.DISCONNECT_COMMAND, Step.PAYMENT_MODE_COMMAND)) {
            if (store.done(id, touching)) {
                throw ApiProblem.conflict("state", "Migration " + id + " already sent " + touching
                        + " to meter " + m.meterSerialNo() + "; retry it instead");
            }
        }
        Instant now = clock.instant();
        String why = "Cancelled by " + user + ": " + reason;
        store.finishOpenSteps(id, "CANCELLED", why, now);
        if (m.meterChange()) {
            workOrders.cancelMeterInstallation(MigrationEngine.reference(m), why, user);
        }
        String wallet = "";
        if (store.done(id, Step.PREPAID_PROFILE)) {
            long balance = prepaid.close(m.consumerNo(), "migration-cancelled:" + m.reference(), user)
                    .finalBalancePaise();
            wallet = "; the wallet opened was closed again (" + MigrationEngine.rupees(balance) + " carried out)";
        }
        store.move(id, m.step(), State.CANCELLED, why + wallet, null, now);
        audit.record(user, "MIGRATION CANCEL", "migration " + id + " (" + m.reference() + ")", "CANCELLED",
                "at step " + m.step() + "; reason: " + reason, null);
        return store.find(id).orElseThrow();
    }

    private Migration lock(long id) {
        return store.lock(id, false).orElseThrow(() -> ApiProblem.notFound("id", "No migration " + id));
    }

    private ServicePoint servicePoint(Request r) {
        List<ServicePoint> points = network.servicePointsOf(r.consumerNo());
        if (r.servicePointCode() != null) {
            return points.stream().filter(p -> p.code().equals(r.servicePointCode())).findFirst()
                    .orElseThrow(() -> ApiProblem.invalid("servicePointCode", "Service point " + r.servicePointCode()
                            + " is not one of consumer " + r.consumerNo() + "'s"));
        }
        if (points.isEmpty()) {
            throw ApiProblem.invalid("consumerNo", "Consumer " + r.consumerNo() + " has no service point");
        }
        if (points.size() > 1) {
            throw ApiProblem.badRequest("servicePointCode", "Consumer " + r.consumerNo() + " has "
                    + points.size() + " service points: name one");
        }
        return points.get(0);
    }

    /** A 20-digit engineering token authorising the payment-mode switch (as an STS engineering token is written). */
    private static String engineeringToken() {
        return String.format("%020d", new BigInteger(70, RANDOM).mod(BigInteger.TEN.pow(20)));
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
