package org.urja.mdms.payment;

import java.util.Optional;

/**
 * What a bill payment order needs to know about the bill (implemented by the billing module when it issues bills;
 * absent, any bill reference is taken as given, e.g. the bill of an external billing system). Declared here so that
 * payments need not depend on billing, which listens to {@link PaymentReceived}.
 */
public interface PayableBills {

    /**
     * @param current      false when a revision superseded the bill (pay the revision)
     * @param payablePaise the bill's amount payable
     * @param outstandingPaise what is still owed of it now
     */
    record PayableBill(String billNo, String consumerNo, boolean current, long payablePaise, long outstandingPaise,
                       String supersededBy) {
    }

    /** The bill, if this utility's bill engine issued it. */
    Optional<PayableBill> payable(String billReference);
}
