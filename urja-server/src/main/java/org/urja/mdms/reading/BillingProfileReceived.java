package org.urja.mdms.reading;

import java.time.Instant;
import java.util.List;

import org.urja.hes.contract.Reading;

/**
 * Published (after commit) when a meter's billing profile (UC2.4: the registers frozen at the billing reset — energy
 * per ToD zone, maximum demand with when it occurred, average power factor) was stored, for billing (UC2.5). Only
 * registers not stored before are listed; a re-sent profile publishes nothing.
 */
public record BillingProfileReceived(String meterSerialNo, Instant billingDate, List<Reading> registers) {
}
