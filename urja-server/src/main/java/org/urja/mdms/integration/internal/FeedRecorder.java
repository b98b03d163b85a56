package org.urja.mdms.integration.internal;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.urja.mdms.billing.BillIssued;
import org.urja.mdms.care.ComplaintClosed;
import org.urja.mdms.care.ComplaintRegistered;
import org.urja.mdms.care.ServiceRequestClosed;
import org.urja.mdms.command.DisconnectionAlert;
import org.urja.mdms.command.MeterDisconnected;
import org.urja.mdms.command.MeterReconnected;
import org.urja.mdms.connection.ConnectionActivated;
import org.urja.mdms.migration.MigrationCompleted;
import org.urja.mdms.outage.OutageRestored;
import org.urja.mdms.outage.OutageStarted;
import org.urja.mdms.payment.PaymentReceived;
import org.urja.mdms.workorder.TamperConfirmed;
import org.urja.mdms.workorder.TamperResolved;

/**
 * Appends the events other systems must hear about to the feed, synchronously in the transaction that publishes them:
 * the change and its feed entry commit together (nothing acknowledged is lost, nothing rolled back is announced), and
 * a group command's thousands of confirmations cost one insert each instead of an event publication each. The source
 * key makes a re-published event count once.
 */
@Component
class FeedRecorder {

    private final Feed feed;

    FeedRecorder(Feed feed) {
        this.feed = feed;
    }

    /** UC3.2: a disconnection passed the policy and is on its way — for billing and CIS/CRM. */
    @EventListener
    void on(DisconnectionAlert e) {
        feed.append("DisconnectionAlert", "meter " + e.meterSerialNo(), e.at(), e, "DisconnectionAlert:" + e.commandId());
    }

    /** UC3.6: the meter's relay is confirmed open. */
    @EventListener
    void on(MeterDisconnected e) {
        feed.append("MeterDisconnected", "meter " + e.meterSerialNo(), e.at(), e, "MeterDisconnected:" + e.commandId());
    }

    /** UC4.5: the meter's relay is confirmed closed. */
    @EventListener
    void on(MeterReconnected e) {
        feed.append("MeterReconnected", "meter " + e.meterSerialNo(), e.at(), e, "MeterReconnected:" + e.commandId());
    }

    /** UC5.6: a tamper confirmed on site — for billing's assessment and CIS/CRM. */
    @EventListener
    void on(TamperConfirmed e) {
        feed.append("TamperConfirmed", "meter " + e.meterSerialNo(), e.confirmedAt(), e,
                "TamperConfirmed:" + e.workOrderId());
    }

    /** UC5.7: the tamper was resolved. */
    @EventListener
    void on(TamperResolved e) {
        feed.append("TamperResolved", "meter " + e.meterSerialNo(), e.resolvedAt(), e,
                "TamperResolved:" + e.workOrderId());
    }

    /** UC7.3: an outage (meter, DT or feeder) — for OMS and CIS/CRM. */
    @EventListener
    void on(OutageStarted e) {
        feed.append("OutageStarted", "outage " + e.outageId(), e.startedAt() != null ? e.startedAt() : e.detectedAt(),
                e, "OutageStarted:" + e.outageId());
    }

    /** UC7.3: its restoration. */
    @EventListener
    void on(OutageRestored e) {
        feed.append("OutageRestored", "outage " + e.outageId(), e.endedAt() != null ? e.endedAt() : java.time.Instant.now(),
                e, "OutageRestored:" + e.outageId());
    }

    /** UC13.9 / UC14.10: a payment-mode migration completed — for billing and CIS/CRM. */
    @EventListener
    void on(MigrationCompleted e) {
        feed.append("MigrationCompleted", "consumer " + e.consumerNo(), e.completedAt(), e,
                "MigrationCompleted:" + e.migrationId());
    }

    /** UC12.6: a new connection is active — for billing and CIS/CRM. */
    @EventListener
    void on(ConnectionActivated e) {
        feed.append("ConnectionActivated", "consumer " + e.consumerNo(), e.activatedAt(), e,
                "ConnectionActivated:" + e.connectionId());
    }

    /** UC18.5: a bill paid through the payment gateway — for the billing system that keeps the bill. */
    @EventListener
    void on(PaymentReceived e) {
        feed.append("PaymentReceived", "consumer " + e.consumerNo(), e.paidAt(), e, "PaymentReceived:" + e.orderId());
    }

    /** A bill of the built-in bill engine issued (a revision names the bill it supersedes) — for CIS/CRM. */
    @EventListener
    void on(BillIssued e) {
        feed.append("BillIssued", "consumer " + e.consumerNo(), e.issuedAt(), e, "BillIssued:" + e.billNo());
    }

    /** UC19.5: a consumer's service request closed or rejected — for CIS/CRM and billing. */
    @EventListener
    void on(ServiceRequestClosed e) {
        feed.append("ServiceRequestClosed", "consumer " + e.consumerNo(), e.closedAt(), e,
                "ServiceRequestClosed:" + e.srn());
    }

    /** UC20.3–20.4: a complaint registered and where it was routed — for CIS/CRM, OMS, WFM. */
    @EventListener
    void on(ComplaintRegistered e) {
        feed.append("ComplaintRegistered", "consumer " + e.consumerNo(), e.registeredAt(), e,
                "ComplaintRegistered:" + e.crn());
    }

    /** UC20.6: a complaint closed (each closure after a re-opening is its own event). */
    @EventListener
    void on(ComplaintClosed e) {
        feed.append("ComplaintClosed", "consumer " + e.consumerNo(), e.closedAt(), e,
                "ComplaintClosed:" + e.crn() + ":" + e.reopenCount());
    }
}
