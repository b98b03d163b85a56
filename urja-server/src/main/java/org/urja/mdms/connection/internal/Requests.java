package org.urja.mdms.connection.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.billing.BillGroups;
import org.urja.mdms.connection.internal.ConnectionStore.Connection;
import org.urja.mdms.connection.internal.ConnectionStore.State;
import org.urja.mdms.customer.ConsumerAccount;
import org.urja.mdms.customer.ConsumerAccounts;
import org.urja.mdms.network.NetworkLevel;
import org.urja.mdms.network.NetworkNode;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.network.PaymentMode;
import org.urja.mdms.network.ServicePoints;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.tariff.Tariffs;
import org.urja.mdms.workorder.WorkOrderPriority;
import org.urja.mdms.workorder.WorkOrderRequest;
import org.urja.mdms.workorder.WorkOrderType;
import org.urja.mdms.workorder.WorkOrders;

/**
 * New-connection requests (UC12.1) and staff actions on them. A request is checked whole before anything is stored;
 * then, in one transaction, the consumer account and the service point are opened and the meter installation work
 * order raised (UC12.2) — so a request is either not taken at all or taken with all three. Idempotent by the
 * requester's key: the same request again answers the first connection, another request under the key is refused.
 */
@Service
class Requests {

    private static final ZoneId IST = ZoneId.of("Asia/Kolkata");

    /** A request as the API receives it (already checked for shape). */
    record Request(String consumerNo, String servicePointCode, String name, String address, String phone, String email,
                   String category, BigDecimal sanctionedLoadKw, PaymentMode paymentMode, String dtCode,
                   String feederCode, String billGroup, Long openingBalancePaise) {
    }

    record Taken(long id, boolean created) {
    }

    private final ConnectionStore store;
    private final ConsumerAccounts consumers;
    private final ServicePoints servicePoints;
    private final NetworkRegistry network;
    private final Tariffs tariffs;
    private final BillGroups billGroups;
    private final WorkOrders workOrders;
    private final AuditTrail audit;
    private final ConnectionProperties props;
    private final Clock clock;

    Requests(ConnectionStore store, ConsumerAccounts consumers, ServicePoints servicePoints, NetworkRegistry network,
             Tariffs tariffs, BillGroups billGroups, WorkOrders workOrders, AuditTrail audit, ConnectionProperties props,
             Clock clock) {
        this.store = store;
        this.consumers = consumers;
        this.servicePoints = servicePoints;
        this.network = network;
        this.tariffs = tariffs;
        this.billGroups = billGroups;
        this.workOrders = workOrders;
        this.audit = audit;
        this.props = props;
        this.clock = clock;
    }

    @Transactional
    Taken request(String key, Request r, String user) {
        String hash = sha256(r.toString());
        var earlier = store.byKey(key);
        if (earlier.isPresent()) {
            if (!earlier.get().requestHash().equals(hash)) {
                throw ApiProblem.conflict("Idempotency-Key", "Idempotency key " + key
                        + " was already used for another connection request (" + earlier.get().id() + ")");
            }
            return new Taken(earlier.get().id(), false);
        }
        check(r);
        Instant now = clock.instant();
        long id = store.nextId();
        String consumerNo = r.consumerNo() != null ? r.consumerNo() : "%s%08d".formatted(props.consumerNoPrefix(), id);
        String sp = r.servicePointCode() != null ? r.servicePointCode() : "SP" + consumerNo;
        if (!consumers.open(new ConsumerAccount(consumerNo, r.name(), r.address(), r.phone(), r.email(),
                r.sanctionedLoadKw(), r.category()))) {
            throw ApiProblem.conflict("consumerNo", "Consumer " + consumerNo + " is already registered");
        }
        if (!servicePoints.open(sp, consumerNo, r.address())) {
            throw ApiProblem.conflict("servicePointCode", "Service point " + sp + " exists already");
        }
        store.insert(id, key, hash, r, consumerNo, sp, Step.INSTALLATION_REPORT, user, now);
        store.insertStep(id, Step.REQUEST_RECEIVED, "DONE", key, "Requested by " + user + ": " + r.paymentMode()
                + " connection of " + r.sanctionedLoadKw().stripTrailingZeros().toPlainString() + " kW, category "
                + r.category() + (r.dtCode() == null ? "" : ", DT " + r.dtCode()), now);
        store.insertStep(id, Step.ACCOUNT_OPENED, "DONE", consumerNo, "Consumer account " + consumerNo
                + " and service point " + sp + " opened", now);
        long order = workOrders.raise(new WorkOrderRequest(WorkOrderType.METER_INSTALLATION, ConnectionEngine.reference(id),
                consumerNo, sp, null, r.address(), WorkOrderPriority.NORMAL, now.plus(props.installationDue()),
                "New " + r.paymentMode().name().toLowerCase() + " connection: install a " + (r.paymentMode()
                == PaymentMode.PREPAID ? "prepaid" : "postpaid") + " meter for " + r.name() + ", "
                + r.sanctionedLoadKw().stripTrailingZeros().toPlainString() + " kW"
                + (r.dtCode() == null ? "" : ", DT " + r.dtCode())
                + (r.feederCode() == null ? "" : ", feeder " + r.feederCode()))).workOrderId();
        store.workOrder(id, order);
        store.insertStep(id, Step.INSTALLATION_ORDER, "DONE", String.valueOf(order), "Meter installation work order "
                + order + " raised", now);
        store.insertStep(id, Step.INSTALLATION_REPORT, "IN_PROGRESS", String.valueOf(order),
                "Waiting for the field force's installation report of work order " + order, now);
        audit.record(user, "CONNECTION REQUEST", "connection " + id + " (" + key + ")", "OK",
                r.paymentMode() + " connection for consumer " + consumerNo + ", work order " + order, null);
        return new Taken(id, true);
    }

    private void check(Request r) {
        boolean prepaid = r.paymentMode() == PaymentMode.PREPAID;
        if (!prepaid && r.openingBalancePaise() != null && r.openingBalancePaise() != 0) {
            throw ApiProblem.badRequest("openingBalancePaise", "An opening balance is for a prepaid connection only");
        }
        if (prepaid && r.billGroup() != null) {
            throw ApiProblem.badRequest("billGroup", "A prepaid connection is not billed in a bill group");
        }
        if (r.consumerNo() != null && consumers.find(r.consumerNo()).isPresent()) {
            throw ApiProblem.conflict("consumerNo", "Consumer " + r.consumerNo() + " is already registered");
        }
        if (r.servicePointCode() != null && network.servicePoint(r.servicePointCode()).isPresent()) {
            throw ApiProblem.conflict("servicePointCode", "Service point " + r.servicePointCode() + " exists already");
        }
        if (r.dtCode() != null) {
            NetworkNode dt = network.node(r.dtCode()).filter(n -> n.level() == NetworkLevel.DT)
                    .orElseThrow(() -> ApiProblem.invalid("dtCode", "No DT " + r.dtCode()));
            if (r.feederCode() != null && !r.feederCode().equals(dt.parentCode())) {
                throw ApiProblem.invalid("feederCode", "DT " + dt.code() + " is on feeder " + dt.parentCode()
                        + ", not " + r.feederCode());
            }
        } else if (r.feederCode() != null && network.node(r.feederCode()).filter(n -> n.level() == NetworkLevel.FEEDER)
                .isEmpty()) {
            throw ApiProblem.invalid("feederCode", "No feeder " + r.feederCode());
        }
        if (r.billGroup() != null && !billGroups.exists(r.billGroup())) {
            throw ApiProblem.invalid("billGroup", "No bill group " + r.billGroup());
        }
        if (prepaid && tariffs.effective(r.category(), LocalDate.now(clock.withZone(IST))).isEmpty()) {
            throw ApiProblem.invalid("category", "No tariff of category " + r.category()
                    + " is in force: the prepaid consumer could not be charged");
        }
    }

    /** Staff: try the current step again now (after a failure, or without waiting for a scheduled retry). */
    @Transactional
    void retry(long id, String reason, String user) {
        Connection c = lock(id);
        if (c.state() != State.ATTENTION && c.state() != State.RETRY_SCHEDULED) {
            throw ApiProblem.conflict("state", "Connection " + id + " is " + c.state() + "; only a connection waiting "
                    + "(ATTENTION or RETRY_SCHEDULED) is retried");
        }
        store.move(id, c.step(), State.IN_PROGRESS, null, null, clock.instant());
        audit.record(user, "CONNECTION RETRY", "connection " + id, "OK", "step " + c.step() + "; reason: " + reason,
                null);
    }

    /**
     * Staff: cancel a connection whose meter is not installed yet; its installation order is cancelled. The account
     * and the service point stay (without a meter) for CIS/CRM to close.
     */
    @Transactional
    void cancel(long id, String reason, String user) {
        Connection c = lock(id);
        if (!c.state().open()) {
            throw ApiProblem.conflict("state", "Connection " + id + " is " + c.state());
        }
        if (c.meterSerialNo() != null) {
            throw ApiProblem.conflict("state", "Meter " + c.meterSerialNo() + " is installed at " + c.servicePointCode()
                    + "; retry the connection instead");
        }
        Instant now = clock.instant();
        String why = "Cancelled by " + user + ": " + reason;
        workOrders.cancel(ConnectionEngine.reference(id), why, user);
        store.finishOpenSteps(id, "CANCELLED", why, now);
        store.move(id, c.step(), State.CANCELLED, why, null, now);
        audit.record(user, "CONNECTION CANCEL", "connection " + id, "CANCELLED", "at step " + c.step() + "; reason: "
                + reason, null);
    }

    private Connection lock(long id) {
        return store.lock(id, false).orElseThrow(() -> ApiProblem.notFound("id", "No connection " + id));
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
