package org.urja.mdms.migration.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
import org.urja.hes.contract.ControlType;
import org.urja.hes.contract.MeterReadRequest;
import org.urja.hes.contract.ReadingProfile;
import org.urja.hes.contract.ReadingTypes;
import org.urja.mdms.command.CommandRequest;
import org.urja.mdms.command.CommandView;
import org.urja.mdms.command.Commands;
import org.urja.mdms.command.Requester;
import org.urja.mdms.hes.HesClient;
import org.urja.mdms.hes.OutboundRequest;
import org.urja.mdms.hes.ReadRequestCompleted;
import org.urja.mdms.migration.MigrationCompleted;
import org.urja.mdms.migration.internal.MigrationStore.Migration;
import org.urja.mdms.migration.internal.MigrationStore.State;
import org.urja.mdms.migration.internal.MigrationStore.StepRow;
import org.urja.mdms.network.MeterChanges;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.network.PaymentMode;
import org.urja.mdms.network.ServicePoint;
import org.urja.mdms.prepaid.PrepaidAccounts;
import org.urja.mdms.prepaid.Wallet;
import org.urja.mdms.reading.IntervalData;
import org.urja.mdms.workorder.MeterInstallationOrder;
import org.urja.mdms.workorder.MeterInstallationReported;
import org.urja.mdms.workorder.WorkOrders;

/**
 * The state machine of a migration. Each step runs in its own transaction under the migration's row lock (so
 * several nodes, the poller and the listeners never run one migration at once) and commits its outcome before the
 * next begins: after a crash the migration carries on from the last step committed, and what it asked of other
 * modules (wallet entries, the work order, commands, read requests) is keyed by the migration and step attempt, so
 * asking again returns what was asked before. A step waits for a command's outcome (polled through
 * {@link Commands#find}), a read's data ({@link ReadRequestCompleted}) or the installation report
 * ({@link MeterInstallationReported}); a refusal for now (the disconnection policy, an unreachable HES) is tried
 * again after {@code urja.migration.retry-after}; a failure waits in ATTENTION for a member of staff.
 */
@Service
@EnableConfigurationProperties(MigrationProperties.class)
class MigrationEngine {

    static final Requester REQUESTER = Requester.system("migration");
    static final String BY = "migration";
    private static final Logger log = LoggerFactory.getLogger(MigrationEngine.class);
    /** Registers read before the read request was recorded (clock skew between nodes) are not the read's. */
    private static final Duration READ_TOLERANCE = Duration.ofMinutes(5);

    private final MigrationStore store;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final MigrationProperties props;
    private final PrepaidAccounts prepaid;
    private final Wallet wallet;
    private final WorkOrders workOrders;
    private final MeterChanges meters;
    private final NetworkRegistry network;
    private final Commands commands;
    private final HesClient hes;
    private final IntervalData readings;
    private final ApplicationEventPublisher events;

    MigrationEngine(MigrationStore store, PlatformTransactionManager transactions, Clock clock,
                    MigrationProperties props, PrepaidAccounts prepaid, Wallet wallet, WorkOrders workOrders,
                    MeterChanges meters, NetworkRegistry network, Commands commands, HesClient hes,
                    IntervalData readings, ApplicationEventPublisher events) {
        this.store = store;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.props = props;
        this.prepaid = prepaid;
        this.wallet = wallet;
        this.workOrders = workOrders;
        this.meters = meters;
        this.network = network;
        this.commands = commands;
        this.hes = hes;
        this.readings = readings;
        this.events = events;
    }

    /** {@link #advance} on another thread (after a request or a staff retry was committed). */
    @Async
    public void advanceSoon(long id) {
        advance(id, false);
    }

    /**
     * Carries the migration on, step by step, as far as it can go now. An unexpected error in a step rolls that step
     * back and leaves the migration in ATTENTION with the error as reason.
     */
    void advance(long id, boolean skipLocked) {
        for (int i = 0; i <= Step.values().length; i++) {
            if (!Boolean.TRUE.equals(guarded(id, () -> step(id, skipLocked)))) {
                return;
            }
        }
    }

    /** The HES delivered (or could not deliver) a read the migration asked for. */
    void readCompleted(long id, ReadRequestCompleted e) {
        if (Boolean.TRUE.equals(guarded(id, () -> applyRead(id, e)))) {
            advance(id, false);
        }
    }

    /** The field force installed the new meter (UC13.4). */
    void installationReported(long id, MeterInstallationReported e) {
        if (Boolean.TRUE.equals(guarded(id, () -> applyInstallation(id, e)))) {
            advance(id, false);
        }
    }

    private Boolean guarded(long id, java.util.function.Supplier<Boolean> transition) {
        try {
            return tx.execute(s -> transition.get());
        } catch (RuntimeException e) {
            log.warn("Migration {}: step failed", id, e);
            tx.executeWithoutResult(s -> failed(id, e));
            return false;
        }
    }

    /** One step under the row lock; true when the next step may follow at once. */
    private boolean step(long id, boolean skipLocked) {
        Migration m = store.lock(id, skipLocked).orElse(null);
        Instant now = clock.instant();
        if (m == null) {
            return false;
        }
        if (m.state() == State.RETRY_SCHEDULED && (m.nextAttemptAt() == null || !m.nextAttemptAt().isAfter(now))) {
            store.move(id, m.step(), State.IN_PROGRESS, null, null, now);
        } else if (m.state() != State.IN_PROGRESS) {
            return false;
        }
        PaymentMode target = m.targetMode();
        return switch (m.step()) {
            case REQUEST_RECEIVED -> done(m, null, "Request received", now);
            case PREPAID_PROFILE -> prepaidProfile(m, now);
            case INSTALLATION_ORDER -> installationOrder(m, now);
            case INSTALLATION_REPORT -> m.meterChange() ? waiting(m, now) : skip(m, "No meter change", now);
            case READ_BEFORE_REQUEST, READ_REQUEST -> readRequest(m, now);
            case DISCONNECT_COMMAND -> command(m, ControlType.DISCONNECT, Map.of(),
                    "Migration " + m.reference() + " to postpaid: switching the payment mode", now);
            case PAYMENT_MODE_COMMAND -> command(m, ControlType.SET_PAYMENT_MODE,
                    Map.of("paymentMode", target.name(), "engineeringToken", m.engineeringToken()),
                    "Migration " + m.reference() + " to " + target.name().toLowerCase(), now);
            case RECONNECT_COMMAND -> command(m, ControlType.CONNECT, Map.of(),
                    "Migration " + m.reference() + " to postpaid: supply restored after the switch", now);
            case DISCONNECT_CONFIRMATION, PAYMENT_MODE_CONFIRMATION, RECONNECT_CONFIRMATION -> confirmation(m, now);
            case READ_BEFORE_VERIFICATION, READ_VERIFICATION -> waiting(m, now);
            case COMPLETION -> complete(m, now);
        };
    }

    // ------------------------------------------------------------------------------------------------ steps

    private boolean prepaidProfile(Migration m, Instant now) {
        PrepaidAccounts.Opened opened = prepaid.open(m.consumerNo(), m.openingBalancePaise(), m.arrearsPaise(),
                "migration:" + m.reference(), BY);
        return done(m, m.consumerNo(), "Prepaid wallet opened under tariff " + m.tariffCategory() + ": opening balance "
                + rupees(m.openingBalancePaise()) + ", arrears " + rupees(m.arrearsPaise()) + ", balance "
                + rupees(opened.balancePaise()), now);
    }

    private boolean installationOrder(Migration m, Instant now) {
        if (!m.meterChange()) {
            return skip(m, "No meter change: meter " + m.meterSerialNo() + " stays", now);
        }
        String address = network.servicePoint(m.servicePointCode()).map(ServicePoint::address).orElse(null);
        long order = workOrders.raiseMeterInstallation(new MeterInstallationOrder(reference(m), m.consumerNo(),
                m.servicePointCode(), address, m.meterSerialNo(), "Meter change for migration " + m.reference()
                + " of consumer " + m.consumerNo() + " to prepaid")).workOrderId();
        String ref = String.valueOf(order);
        done(m, ref, "Installation work order " + order + " raised to replace meter " + m.meterSerialNo(), now);
        store.insertStep(m.id(), Step.INSTALLATION_REPORT, "IN_PROGRESS", ref,
                "Waiting for the field force's installation report of work order " + order, now);
        return false;
    }

    private boolean command(Migration m, ControlType type, Map<String, String> parameters, String reason, Instant now) {
        int attempt = store.nextAttempt(m.id(), m.step());
        CommandView c = commands.submit(new CommandRequest(m.meterSerialNo(), type, parameters, reason, REQUESTER,
                "migration-" + m.id() + "-" + m.step() + "-" + attempt)).value();
        String ref = String.valueOf(c.id());
        switch (c.state()) {
            case REFUSED -> {
                String why = "Command " + c.id() + " " + type + " refused by " + c.refusalRule() + ": " + c.stateReason();
                store.insertStep(m.id(), m.step(), "FAILED", ref, why, now);
                return retryLater(m, m.step(), why, now);
            }
            case FAILED, TIMED_OUT, CANCELLED -> {
                String why = "Command " + c.id() + " " + type + " " + c.state() + ": " + c.stateReason();
                store.insertStep(m.id(), m.step(), "FAILED", ref, why, now);
                return attention(m, m.step(), why, now);
            }
            default -> {
                done(m, ref, "Command " + c.id() + " " + type + " accepted (" + c.state() + ")", now);
                store.insertStep(m.id(), m.step().next(m.targetMode()), "IN_PROGRESS", ref,
                        "Waiting for the meter to carry out command " + c.id(), now);
                return true;
            }
        }
    }

    private boolean confirmation(Migration m, Instant now) {
        StepRow w = store.inProgress(m.id(), m.step()).orElse(null);
        if (w == null) {
            return attention(m, m.step().request(), "No command to wait for", now);
        }
        CommandView c = commands.find(Long.parseLong(w.reference())).orElseThrow();
        String outcome = "Command " + c.id() + " " + c.type() + " " + c.state()
                + (c.stateReason() == null ? "" : ": " + c.stateReason());
        switch (c.state()) {
            case SUCCEEDED -> {
                store.finishStep(w.id(), "DONE", outcome, now);
                store.move(m.id(), m.step().next(m.targetMode()), State.IN_PROGRESS, null, null, now);
                return true;
            }
            case REFUSED -> { // the policy checked again before sending (e.g. the hour turned)
                store.finishStep(w.id(), "FAILED", outcome, now);
                return retryLater(m, m.step().request(), outcome, now);
            }
            case FAILED, TIMED_OUT, CANCELLED -> {
                store.finishStep(w.id(), "FAILED", outcome, now);
                return attention(m, m.step().request(), outcome, now);
            }
            default -> {
                return false;
            }
        }
    }

    private boolean readRequest(Migration m, Instant now) {
        int attempt = store.nextAttempt(m.id(), m.step());
        OutboundRequest r = hes.requestReadings(List.of(m.meterSerialNo()),
                List.of(ReadingProfile.INSTANTANEOUS, ReadingProfile.BLOCK_LOAD), true, null, null,
                MeterReadRequest.Purpose.ON_DEMAND, reference(m), "migration-" + m.id() + "-" + m.step() + "-" + attempt);
        String why = "Read request " + r.correlationId() + " " + r.status()
                + (r.statusReason() == null ? "" : ": " + r.statusReason());
        switch (r.status()) {
            case "ACKNOWLEDGED", "COMPLETED" -> {
                done(m, r.correlationId(), "Instantaneous, interval and event data of the last day requested from the "
                        + "HES (" + r.correlationId() + ")", now);
                store.insertStep(m.id(), m.step().next(m.targetMode()), "IN_PROGRESS", r.correlationId(),
                        "Waiting for the meter's data", now);
                return false;
            }
            case "REJECTED" -> {
                store.insertStep(m.id(), m.step(), "FAILED", r.correlationId(), why, now);
                return attention(m, m.step(), why, now);
            }
            default -> { // not delivered: the HES is unreachable for now
                store.insertStep(m.id(), m.step(), "FAILED", r.correlationId(), why, now);
                return retryLater(m, m.step(), why, now);
            }
        }
    }

    private boolean applyRead(long id, ReadRequestCompleted e) {
        Migration m = store.lock(id, false).orElse(null);
        if (m == null || m.state() != State.IN_PROGRESS
                || (m.step() != Step.READ_BEFORE_VERIFICATION && m.step() != Step.READ_VERIFICATION)) {
            return false;
        }
        StepRow w = store.inProgress(id, m.step()).orElse(null);
        if (w == null || !e.correlationId().equals(w.reference())) {
            return false;
        }
        Instant now = clock.instant();
        ReadRequestCompleted.MeterOutcome o = e.meters().stream()
                .filter(x -> x.meterSerialNo().equals(m.meterSerialNo())).findFirst().orElse(null);
        if (o == null || !o.state().equals("RECEIVED") || !o.profiles().contains(ReadingProfile.INSTANTANEOUS.name())) {
            String why = "Read " + e.correlationId() + ": " + (o == null ? "the meter is not in the outcome"
                    : !o.state().equals("RECEIVED") ? o.state() + (o.reason() == null ? "" : " (" + o.reason() + ")")
                    : "no instantaneous values arrived");
            store.finishStep(w.id(), "FAILED", why, now);
            return attention(m, m.step().request(), why, now);
        }
        Instant since = w.startedAt().minus(READ_TOLERANCE);
        boolean creditRead = m.step() == Step.READ_BEFORE_VERIFICATION || m.targetMode() == PaymentMode.PREPAID;
        Long credit = creditRead ? readings.latestRegister(m.meterSerialNo(), ReadingTypes.INSTANT_CREDIT, since)
                .map(v -> v.value().movePointRight(2).setScale(0, RoundingMode.HALF_UP).longValueExact()).orElse(null)
                : null;
        Optional<IntervalData.RegisterValue> kwh = readings.latestRegister(m.meterSerialNo(),
                ReadingTypes.REGISTER_KWH_IMPORT, since);
        if (m.step() == Step.READ_VERIFICATION) {
            store.meterRead(id, credit, kwh.map(IntervalData.RegisterValue::value).orElse(null),
                    kwh.map(IntervalData.RegisterValue::readAt).orElse(null));
        } else {
            store.meterRead(id, credit, null, null);
        }
        store.finishStep(w.id(), "DONE", "Data received: " + o.intervalReadings() + " interval values, "
                + o.registerReadings() + " register values, " + o.events() + " events"
                + kwh.map(v -> "; kWh import " + v.value().stripTrailingZeros().toPlainString() + " at " + v.readAt())
                .orElse("") + (credit != null ? "; credit in the meter " + rupees(credit)
                : creditRead ? "; the meter reported no credit" : ""), now);
        store.move(id, m.step().next(m.targetMode()), State.IN_PROGRESS, null, null, now);
        return true;
    }

    private boolean applyInstallation(long id, MeterInstallationReported e) {
        Migration m = store.lock(id, false).orElse(null);
        if (m == null || !m.state().open() || m.step() != Step.INSTALLATION_REPORT) {
            return false;
        }
        Instant now = clock.instant();
        store.meterExchanged(id, e.installedMeterSerialNo(), e.removedMeterSerialNo());
        String report = "Meter " + e.installedMeterSerialNo() + " installed under DT " + e.dtCode()
                + (e.feederCode() == null ? "" : " (feeder " + e.feederCode() + ")") + " in place of "
                + e.removedMeterSerialNo() + " at " + e.installedAt() + ", reading "
                + e.readingKwh().toPlainString() + " kWh, reported by " + e.reportedBy();
        StepRow w = store.inProgress(id, Step.INSTALLATION_REPORT).orElse(null);
        if (w != null) {
            store.finishStep(w.id(), "DONE", report, now);
        } else {
            store.insertStep(id, Step.INSTALLATION_REPORT, "DONE", String.valueOf(e.workOrderId()), report, now);
        }
        store.move(id, m.step().next(m.targetMode()), State.IN_PROGRESS, null, null, now);
        return true;
    }

    private boolean complete(Migration m, Instant now) {
        long balance = m.targetMode() == PaymentMode.PREPAID ? wallet.balance(m.consumerNo())
                : prepaid.close(m.consumerNo(), "migration:" + m.reference(), BY).finalBalancePaise();
        meters.recordPaymentMode(m.meterSerialNo(), m.targetMode());
        store.walletBalance(m.id(), balance);
        store.insertStep(m.id(), Step.COMPLETION, "DONE", null, "Consumer " + m.consumerNo() + " is "
                + m.targetMode().name().toLowerCase() + " (meter " + m.meterSerialNo() + "); "
                + (m.targetMode() == PaymentMode.PREPAID ? "wallet balance " + rupees(balance)
                : "prepaid wallet closed with " + (balance >= 0 ? "a credit of " + rupees(balance)
                + " for the first postpaid bill" : "arrears of " + rupees(-balance))), now);
        store.move(m.id(), Step.COMPLETION, State.COMPLETED, null, null, now);
        Migration c = store.find(m.id()).orElseThrow();
        events.publishEvent(new MigrationCompleted(c.id(), c.reference(), c.targetMode(), c.consumerNo(),
                c.servicePointCode(), c.meterSerialNo(), c.replacedMeterSerialNo(), c.tariffCategory(),
                c.openingBalancePaise(), c.arrearsPaise(), balance, c.meterCreditPaise(), c.readingKwh(), c.readAt(),
                c.completedAt()));
        return false;
    }

    // ------------------------------------------------------------------------------------------------ transitions

    /** The current step is done: recorded, and the migration moves to the next step. */
    private boolean done(Migration m, String reference, String reason, Instant now) {
        store.insertStep(m.id(), m.step(), "DONE", reference, reason, now);
        store.move(m.id(), m.step().next(m.targetMode()), State.IN_PROGRESS, null, null, now);
        return true;
    }

    private boolean skip(Migration m, String reason, Instant now) {
        store.insertStep(m.id(), m.step(), "SKIPPED", null, reason, now);
        store.move(m.id(), m.step().next(m.targetMode()), State.IN_PROGRESS, null, null, now);
        return true;
    }

    /** A waiting step with nothing to wait for (lost after a failure) starts again from what it waits for. */
    private boolean waiting(Migration m, Instant now) {
        if (store.inProgress(m.id(), m.step()).isPresent()) {
            return false;
        }
        store.move(m.id(), m.step().request(), State.IN_PROGRESS, null, null, now);
        return true;
    }

    private boolean retryLater(Migration m, Step redo, String reason, Instant now) {
        Instant at = now.plus(props.retryAfter());
        store.move(m.id(), redo, State.RETRY_SCHEDULED, reason + "; tried again at " + at, at, now);
        return false;
    }

    private boolean attention(Migration m, Step redo, String reason, Instant now) {
        store.move(m.id(), redo, State.ATTENTION, reason + "; waiting for staff to retry or cancel", null, now);
        return false;
    }

    /** A step that threw: rolled back; the migration waits in ATTENTION with the error, at the step to do again. */
    private void failed(long id, RuntimeException e) {
        Migration m = store.lock(id, false).orElse(null);
        if (m == null || !m.state().open()) {
            return;
        }
        Instant now = clock.instant();
        String why = m.step() + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        if (store.finishOpenSteps(id, "FAILED", why, now) == 0) {
            store.insertStep(id, m.step(), "FAILED", null, why, now);
        }
        attention(m, m.step().request(), why, now);
    }

    static String reference(Migration m) {
        return "migration:" + m.id();
    }

    /** The migration id of a reference made by {@link #reference}, if it is one. */
    static Optional<Long> idOf(String reference) {
        if (reference == null || !reference.startsWith("migration:")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(reference.substring("migration:".length())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String rupees(long paise) {
        return "₹" + new BigDecimal(paise).movePointLeft(2).toPlainString();
    }
}
