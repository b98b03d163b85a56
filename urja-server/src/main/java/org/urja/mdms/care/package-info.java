/**
 * Customer care (the CIS/CRM side of the MDM): consumers' service requests (UC19) and complaints (UC20). Each gets a
 * number (SRN, CRN) acknowledged by SMS/email, an SLA with a breach flag and escalation, and a history of every state
 * change. A service request is resolved by staff — a name, address, contact or load change updates the consumer
 * account through the customer module — or, for a prepaid↔postpaid migration, by the migration it starts. A complaint
 * is routed by its nature: no supply to OMS (the outage module), meter, voltage, safety and theft to WFM (a work
 * order), billing to the billing desk; the target's completion resolves it; closure is announced to the consumer and
 * a closed complaint may be re-opened within a window. Events: {@link org.urja.mdms.care.ServiceRequestClosed},
 * {@link org.urja.mdms.care.ComplaintRegistered}, {@link org.urja.mdms.care.ComplaintClosed}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Customer care")
package org.urja.mdms.care;
