package org.urja.mdms.connection.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.urja.hes.contract.MeterReadRequest;
import org.urja.hes.contract.ReadingProfile;
import org.urja.hes.contract.ReadingTypes;
import org.urja.mdms.billing.BillGroups;
import org.urja.mdms.connection.ConnectionActivated;
import org.urja.mdms.connection.internal.ConnectionStore.Connection;
import org.urja.mdms.connection.internal.ConnectionStore.State;
import org.urja.mdms.connection.internal.ConnectionStore.StepRow;
import org.urja.mdms.hes.HesClient;
import org.urja.mdms.hes.OutboundRequest;
import org.urja.mdms.hes.ReadRequestCompleted;
import org.urja.mdms.network.MeterChanges;
import org.urja.mdms.network.NetworkNode;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.network.PaymentMode;
import org.urja.mdms.prepaid.PrepaidAccounts;
import org.urja.mdms.reading.IntervalData;
import org.urja.mdms.workorder.MeterInstallationReported;

/**
 * The state machine of a new connection after its request: the installation report (UC12.3), the verification read
 * (UC12.4–12.5), the prepaid wallet or the bill group, the activation (UC12.6). Each step runs in its own transaction
 * under the connection's row lock (so several nodes, the poller and the listeners never run one connection at once)
 * and commits its outcome before the next begins: after a crash the connection carries on from the last step
 * committed, and what it asked of other modules (the read request, the wallet) is keyed by the connection and step
 * attempt. A read the HES cannot take now is tried again after {@code urja.connection.retry-after}; a read that fails
 * or does not verify waits in ATTENTION for staff to retry or cancel.
 */
@Service
@EnableConfigurationProperties(ConnectionProperties.class)
class ConnectionEngine {

    static final String BY = "connection";
    private static final String PREFIX = "connection:";
    private static final Logger log = LoggerFactory.getLogger(ConnectionEngine.class);
    /** Registers read before the read request was recorded (clock skew between nodes) are not the read's. */
    private static final Duration READ_TOLERANCE = Duration.ofMinutes(5);

    private final ConnectionStore store;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ConnectionProperties props;
    private final PrepaidAccounts prepaid;
    private final BillGroups billGroups;
    private final MeterChanges meters;
    private final NetworkRegistry network;
    private final HesClient hes;
    private final IntervalData readings;
    private final ApplicationEventPublisher events;

    ConnectionEngine(ConnectionStore store, PlatformTransactionManager transactions, Clock clock,
                     ConnectionProperties props, PrepaidAccounts prepaid, BillGroups billGroups, MeterChanges meters,
                     NetworkRegistry network, HesClient hes, IntervalData readings, ApplicationEventPublisher events) {
        this.store = store;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.props = props;
        this.prepaid = prepaid;
        this.billGroups = billGroups;
        this.meters = meters;
        this.network = network;
        this.hes = hes;
        this.readings = readings;
        this.events = events;
    }

    /** {@link #advance} on another thread (after a staff retry was committed). */
    @Async
    public void advanceSoon(long id) {
        advance(id, false);
    }

    /** Carries the connection on as far as it can go now; an unexpected error leaves it in ATTENTION. */
    void advance(long id, boolean skipLocked) {
        for (int i = 0; i <= Step.values().length; i++) {
            if (!Boolean.TRUE.equals(guarded(id, () -> step(id, skipLocked)))) {
                return;
            }
        }
    }

    /** UC12.3: the field force installed the meter. */
    void installationReported(long id, MeterInstallationReported e) {
        if (Boolean.TRUE.equals(guarded(id, () -> applyInstallation(id, e)))) {
            advance(id, false);
        }
    }

    /** UC12.5: the HES delivered (or could not deliver) the verification read. */
    void readCompleted(long id, ReadRequestCompleted e) {
        if (Boolean.TRUE.equals(guarded(id, () -> applyRead(id, e)))) {
            advance(id, false);
        }
    }

    private Boolean guarded(long id, java.util.function.Supplier<Boolean> transition) {
        try {
            return tx.execute(s -> transition.get());
        } catch (RuntimeException e) {
            log.warn("Connection {}: step failed", id, e);
            tx.executeWithoutResult(s -> failed(id, e));
            return false;
        }
    }

    private boolean step(long id, boolean skipLocked) {
        Connection c = store.lock(id, skipLocked).orElse(null);
        if (c == null) {
            return false;
        }
        Instant now = clock.instant();
        if (c.state() == State.RETRY_SCHEDULED && (c.nextAttemptAt() == null || !c.nextAttemptAt().isAfter(now))) {
            store.move(id, c.step(), State.IN_PROGRESS, null, null, now);
        } else if (c.state() != State.IN_PROGRESS) {
            return false;
        }
        return switch (c.step()) {
            case REQUEST_RECEIVED, ACCOUNT_OPENED, INSTALLATION_ORDER, INSTALLATION_REPORT -> false; // see Requests
            case READ_REQUEST -> readRequest(c, now);
            case READ_VERIFICATION -> {
                if (store.inProgress(id, Step.READ_VERIFICATION).isPresent()) {
                    yield false;
                }
                store.move(id, Step.READ_REQUEST, State.IN_PROGRESS, null, null, now); // nothing to wait for: ask again
                yield true;
            }
            case PREPAID_WALLET -> wallet(c, now);
            case BILL_GROUP -> billGroup(c, now);
            case ACTIVATION -> activate(c, now);
        };
    }

    private boolean applyInstallation(long id, MeterInstallationReported e) {
        Connection c = store.lock(id, false).orElse(null);
        if (c == null || !c.state().open() || c.step() != Step.INSTALLATION_REPORT) {
            return false;
        }
        Instant now = clock.instant();
        String feeder = e.feederCode() != null ? e.feederCode()
                : network.node(e.dtCode()).map(NetworkNode::parentCode).orElse(null);
        store.installed(id, e.installedMeterSerialNo(), e.dtCode(), feeder, e.readingKwh(), e.installedAt());
        String report = "Meter " + e.installedMeterSerialNo() + " installed at " + e.servicePointCode() + " under DT "
                + e.dtCode() + (feeder == null ? "" : " (feeder " + feeder + ")") + " at "
                + e.installedAt() + ", reading " + e.readingKwh().toPlainString() + " kWh, reported by " + e.reportedBy();
        StepRow w = store.inProgress(id, Step.INSTALLATION_REPORT).orElse(null);
        if (w != null) {
            store.finishStep(w.id(), "DONE", report, now);
        } else {
            store.insertStep(id, Step.INSTALLATION_REPORT, "DONE", String.valueOf(e.workOrderId()), report, now);
        }
        store.move(id, Step.READ_REQUEST, State.IN_PROGRESS, null, null, now);
        return true;
    }

    /** UC12.4: instantaneous and interval data of the new meter, with its events, asked of the HES. */
    private boolean readRequest(Connection c, Instant now) {
        int attempt = store.nextAttempt(c.id(), Step.READ_REQUEST);
        OutboundRequest r = hes.requestReadings(List.of(c.meterSerialNo()),
                List.of(ReadingProfile.INSTANTANEOUS, ReadingProfile.BLOCK_LOAD), true, null, null,
                MeterReadRequest.Purpose.ON_DEMAND, reference(c.id()), "connection-" + c.id() + "-read-" + attempt);
        String why = "Read request " + r.correlationId() + " " + r.status()
                + (r.statusReason() == null ? "" : ": " + r.statusReason());
        switch (r.status()) {
            case "ACKNOWLEDGED", "COMPLETED" -> {
                store.insertStep(c.id(), Step.READ_REQUEST, "DONE", r.correlationId(), "Instantaneous, interval and "
                        + "event data of meter " + c.meterSerialNo() + " requested from the HES", now);
                store.insertStep(c.id(), Step.READ_VERIFICATION, "IN_PROGRESS", r.correlationId(),
                        "Waiting for the meter's data", now);
                store.move(c.id(), Step.READ_VERIFICATION, State.IN_PROGRESS, null, null, now);
                return false;
            }
            case "REJECTED" -> {
                store.insertStep(c.id(), Step.READ_REQUEST, "FAILED", r.correlationId(), why, now);
                return attention(c, Step.READ_REQUEST, why, now);
            }
            default -> { // not delivered: the HES is unreachable for now
                store.insertStep(c.id(), Step.READ_REQUEST, "FAILED", r.correlationId(), why, now);
                Instant at = now.plus(props.retryAfter());
                store.move(c.id(), Step.READ_REQUEST, State.RETRY_SCHEDULED, why + "; tried again at " + at, at, now);
                return false;
            }
        }
    }

    /**
     * UC12.5: the read verifies the meter when its instantaneous values arrived with a kWh register no lower than the
     * installation report's reading (a register below it is a wrong meter or a wrong report).
     */
    private boolean applyRead(long id, ReadRequestCompleted e) {
        Connection c = store.lock(id, false).orElse(null);
        if (c == null || c.state() != State.IN_PROGRESS || c.step() != Step.READ_VERIFICATION) {
            return false;
        }
        StepRow w = store.inProgress(id, Step.READ_VERIFICATION).orElse(null);
        if (w == null || !e.correlationId().equals(w.reference())) {
            return false;
        }
        Instant now = clock.instant();
        ReadRequestCompleted.MeterOutcome o = e.meters().stream()
                .filter(x -> x.meterSerialNo().equals(c.meterSerialNo())).findFirst().orElse(null);
        Optional<IntervalData.RegisterValue> kwh = readings.latestRegister(c.meterSerialNo(),
                ReadingTypes.REGISTER_KWH_IMPORT, w.startedAt().minus(READ_TOLERANCE));
        String failure = o == null ? "the meter is not in the outcome"
                : !o.state().equals("RECEIVED") ? o.state() + (o.reason() == null ? "" : " (" + o.reason() + ")")
                : !o.profiles().contains(ReadingProfile.INSTANTANEOUS.name()) ? "no instantaneous values arrived"
                : kwh.isEmpty() ? "no kWh register arrived"
                : c.initialReadingKwh() != null && kwh.get().value().compareTo(c.initialReadingKwh()) < 0
                ? "the meter reads " + plain(kwh.get().value()) + " kWh, less than the " + plain(c.initialReadingKwh())
                + " kWh of the installation report" : null;
        if (failure != null) {
            String why = "Read " + e.correlationId() + ": " + failure;
            store.finishStep(w.id(), "FAILED", why, now);
            return attention(c, Step.READ_REQUEST, why, now);
        }
        store.meterRead(id, kwh.get().value(), kwh.get().readAt());
        store.finishStep(w.id(), "DONE", "Meter verified: " + o.intervalReadings() + " interval values, "
                + o.registerReadings() + " register values, " + o.events() + " events; kWh import "
                + plain(kwh.get().value()) + " at " + kwh.get().readAt(), now);
        store.move(id, Step.READ_VERIFICATION.next(c.paymentMode()), State.IN_PROGRESS, null, null, now);
        return true;
    }

    private boolean wallet(Connection c, Instant now) {
        PrepaidAccounts.Opened opened = prepaid.open(c.consumerNo(), c.openingBalancePaise(), 0, reference(c.id()), BY);
        store.walletBalance(c.id(), opened.balancePaise());
        return done(c, c.consumerNo(), "Prepaid wallet opened with a balance of " + rupees(opened.balancePaise()), now);
    }

    private boolean billGroup(Connection c, Instant now) {
        if (c.billGroup() == null) {
            store.insertStep(c.id(), Step.BILL_GROUP, "SKIPPED", null, "No bill group named: billing assigns one", now);
            store.move(c.id(), Step.ACTIVATION, State.IN_PROGRESS, null, null, now);
            return true;
        }
        billGroups.join(c.billGroup(), c.servicePointCode(), BY);
        return done(c, c.billGroup(), "Service point " + c.servicePointCode() + " joined bill group " + c.billGroup(),
                now);
    }

    /** UC12.6: the registry records the meter's payment mode, and billing and CIS/CRM are told. */
    private boolean activate(Connection c, Instant now) {
        meters.recordPaymentMode(c.meterSerialNo(), c.paymentMode());
        store.insertStep(c.id(), Step.ACTIVATION, "DONE", c.consumerNo(), "Consumer " + c.consumerNo() + " is an active "
                + c.paymentMode().name().toLowerCase() + " consumer on meter " + c.meterSerialNo()
                + "; shared with billing and CIS/CRM", now);
        store.move(c.id(), Step.ACTIVATION, State.ACTIVE, null, null, now);
        Connection a = store.find(c.id()).orElseThrow();
        events.publishEvent(new ConnectionActivated(a.id(), a.consumerNo(), a.name(), a.address(), a.phone(), a.email(),
                a.tariffCategory(), a.sanctionedLoadKw(), a.paymentMode(), a.servicePointCode(), a.meterSerialNo(),
                a.dtCode(), a.feederCode(), a.initialReadingKwh(), a.installedAt(), a.readingKwh(), a.readAt(),
                a.paymentMode() == PaymentMode.PREPAID ? a.walletBalancePaise() : null, a.billGroup(),
                a.activatedAt()));
        return false;
    }

    private boolean done(Connection c, String reference, String reason, Instant now) {
        store.insertStep(c.id(), c.step(), "DONE", reference, reason, now);
        store.move(c.id(), c.step().next(c.paymentMode()), State.IN_PROGRESS, null, null, now);
        return true;
    }

    private boolean attention(Connection c, Step redo, String reason, Instant now) {
        store.move(c.id(), redo, State.ATTENTION, reason + "; waiting for staff to retry or cancel", null, now);
        return false;
    }

    private void failed(long id, RuntimeException e) {
        Connection c = store.lock(id, false).orElse(null);
        if (c == null || !c.state().open()) {
            return;
        }
        Instant now = clock.instant();
        String why = c.step() + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        if (store.finishOpenSteps(id, "FAILED", why, now) == 0) {
            store.insertStep(id, c.step(), "FAILED", null, why, now);
        }
        attention(c, c.step().request(), why, now);
    }

    static String reference(long id) {
        return PREFIX + id;
    }

    /** The connection id of a reference made by {@link #reference}, if it is one. */
    static Optional<Long> idOf(String reference) {
        if (reference == null || !reference.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(reference.substring(PREFIX.length())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String plain(BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }

    static String rupees(long paise) {
        return "₹" + new BigDecimal(paise).movePointLeft(2).toPlainString();
    }
}
