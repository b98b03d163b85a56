package org.urja.mdms.hes;

/**
 * Where the HES module hands the readings of a newly received MeterReadings message (implemented by the reading
 * module). Called inside the transaction that stores the message, so the HES is acknowledged only when the message
 * and its readings are both durable, and a failure leaves neither (the HES re-sends). Not called for re-sends.
 */
public interface MeterReadingsSink {

    void accept(MeterReadingsBatch batch);
}
