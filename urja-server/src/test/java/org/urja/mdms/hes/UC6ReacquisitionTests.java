package org.urja.mdms.hes;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.hes.ReferenceHes;
import org.urja.hes.contract.MeterReadRequest;
import org.urja.hes.contract.ReadingProfile;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.support.StoredMessages;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.UrjaIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UC6.1–6.3: intervals missed in the scheduled read are re-acquired by the HES for the requested range and reach the
 * MDM under the request's correlation id. (Detecting the gaps from stored data is the meter data pipeline's job.)
 */
@UrjaIntegrationTest
class UC6ReacquisitionTests {

    static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    InboundMessages inbound;

    @Autowired
    HesClient hesClient;

    @Test
    void uc6_1to6_3_missedIntervalsAreReacquiredComplete() {
        ReferenceHes hes = TestHes.get(port);
        LocalDate day = LocalDate.of(2026, 3, 3);
        Instant from = day.atStartOfDay(IST).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(IST).toInstant();
        VirtualMeter gappy = TestHes.meterMissingIntervals(hes, from, to);
        String serial = gappy.spec().serialNo();
        int expected = gappy.blockLoadProfile(from, to).size();

        hes.collectDaily(day);
        assertThat(intervalsReceived(serial, "hes1-daily-" + day + "-%")).isLessThan(expected);

        // UC6.1: the MDM asks the HES to re-acquire exactly the day.
        var request = hesClient.requestReadings(List.of(serial), List.of(ReadingProfile.BLOCK_LOAD), false, from, to,
                MeterReadRequest.Purpose.REACQUISITION, "vee-gap-check", null);
        assertThat(request.status()).isEqualTo("ACKNOWLEDGED");

        // UC6.2–6.3: the complete range arrives, tagged with the request's correlation id.
        int received = Eventually.await(Duration.ofSeconds(10),
                () -> intervalsReceivedFor(serial, request.correlationId()), n -> n > 0);
        assertThat(received).isEqualTo(expected);
    }

    int intervalsReceived(String serial, String messageIdPattern) {
        return StoredMessages.blockSizes(StoredMessages.meterReadings(jdbc, inbound, "message_id LIKE ?", messageIdPattern),
                serial, "interval.kWh.import").stream().mapToInt(Integer::intValue).sum();
    }

    int intervalsReceivedFor(String serial, String correlationId) {
        return StoredMessages.blockSizes(StoredMessages.meterReadings(jdbc, inbound, "correlation_id = ?", correlationId),
                serial, "interval.kWh.import").stream().mapToInt(Integer::intValue).sum();
    }
}
