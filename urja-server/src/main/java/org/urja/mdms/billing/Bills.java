package org.urja.mdms.billing;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/**
 * Published API: postpaid bills of the built-in bill engine, for staff (the REST API) and the consumer portal, which
 * shows a signed-in consumer only {@link #ofConsumer} of their own number and the bills in it.
 */
public interface Bills {

    /** A line of a consumer's bill history. */
    record Summary(String billNo, int revision, String supersededBy, YearMonth period, LocalDate billDate,
                   LocalDate dueDate, String billingUnit, java.math.BigDecimal units, long currentChargesPaise,
                   long arrearsPaise, long payablePaise, Bill.Standing standing) {
    }

    /** A consumer's bills, newest first (revisions before what they replaced), and what the consumer owes now. */
    record History(String consumerNo, long outstandingPaise, List<Summary> bills) {
    }

    History ofConsumer(String consumerNo, int limit);

    /** The bill with every line and where it stands now. */
    Optional<Bill> find(String billNo);

    /** The bill as a PDF laid out like an Indian electricity bill. */
    Optional<byte[]> pdf(String billNo);
}
