package org.urja.mdms.vee;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.ReferenceHes;
import org.urja.hes.contract.MeterReadRequest;
import org.urja.hes.contract.ReadingProfile;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.hes.HesClient;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.reading.IntervalData;
import org.urja.mdms.reading.IntervalFlags;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * VEE over collected data, end to end: a day with missed intervals is validated and estimated into a new version
 * (what the meter sent stays version 0), findings land in the work queue, and when the missed intervals are
 * re-acquired a new VEE run replaces the estimates with the actuals.
 */
@UrjaIntegrationTest
class UC6EstimationEndToEndTests {

    static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);

    @LocalServerPort
    int port;

    @Autowired
    IntervalData intervals;

    @Autowired
    HesClient hesClient;

    @Test
    void gapsAreEstimatedThenReplacedByReacquiredActuals() {
        ReferenceHes hes = TestHes.get(port);
        LocalDate day = LocalDate.of(2026, 3, 9);
        Instant from = day.atStartOfDay(IST).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(IST).toInstant();
        // History for the like-day estimator: the week before (the same weekday, and Monday–Saturday around it).
        for (LocalDate d = day.minusDays(8); d.isBefore(day); d = d.plusDays(1)) {
            hes.collectDaily(d);
        }
        VirtualMeter gappy = TestHes.meterMissingIntervals(hes, from, to);
        String serial = gappy.spec().serialNo();
        int slots = 1440 / gappy.spec().intervalMinutes();
        String dt = TestHes.installInRegistry(port, hes, gappy);
        hes.collectDaily(day);
        DaySeries received = Eventually.await(Duration.ofSeconds(20),
                () -> intervals.asReceived(serial, Channel.KWH_IMPORT, day).orElse(null), s -> s != null);
        int missing = slots - received.presentCount();
        assertThat(missing).isPositive();

        TestHttp ops = Fixtures.admin(port);
        JsonNode completeness = ops.get("/api/v1/readings/completeness?node=" + dt + "&day=" + day).json();
        assertThat(completeness.get("meters").asInt()).isEqualTo(1);
        assertThat(completeness.get("expectedIntervals").asInt()).isEqualTo(slots);
        assertThat(completeness.get("actualIntervals").asInt()).isEqualTo(slots - missing);
        TestHttp.Response run = ops.postJson("/api/v1/vee/runs", Map.of("day", day.toString(), "meterSerialNos", List.of(serial)));
        assertThat(run.status()).as(run.body()).isEqualTo(200);

        DaySeries current = intervals.current(serial, Channel.KWH_IMPORT, day).orElseThrow();
        int estimated = 0;
        for (int i = 0; i < slots; i++) {
            if (received.present(i)) {
                assertThat(current.values()[i]).as("actuals are never changed").isEqualTo(received.values()[i]);
                assertThat(IntervalFlags.has(current.flags()[i], IntervalFlags.ESTIMATED)).isFalse();
            } else if (IntervalFlags.has(current.flags()[i], IntervalFlags.ESTIMATED)) {
                estimated++;
            }
        }
        assertThat(estimated).isEqualTo(run.json().get("estimatedSlots").asInt()).isPositive();
        assertThat(intervals.asReceived(serial, Channel.KWH_IMPORT, day).orElseThrow()).isEqualTo(received);

        // What could not be filled at first is in the work queue as missing intervals.
        JsonNode findings = ops.get("/api/v1/vee/findings?meter=" + serial + "&day=" + day).json();
        assertThat(findings.findValuesAsString("rule")).contains("MissingIntervals");

        // The missed intervals are re-acquired; VEE again: the estimates give way to the actuals.
        hesClient.requestReadings(List.of(serial), List.of(ReadingProfile.BLOCK_LOAD), false, from, to,
                MeterReadRequest.Purpose.REACQUISITION, "vee", null);
        Eventually.await(Duration.ofSeconds(20), () -> intervals.asReceived(serial, Channel.KWH_IMPORT, day).orElseThrow(),
                s -> s.presentCount() == slots);
        ops.postJson("/api/v1/vee/runs", Map.of("day", day.toString(), "meterSerialNos", List.of(serial)));
        DaySeries after = intervals.current(serial, Channel.KWH_IMPORT, day).orElseThrow();
        assertThat(after.values()).isEqualTo(intervals.asReceived(serial, Channel.KWH_IMPORT, day).orElseThrow().values());
        for (int i = 0; i < slots; i++) {
            assertThat(IntervalFlags.has(after.flags()[i], IntervalFlags.ESTIMATED)).isFalse();
        }
        assertThat(ops.get("/api/v1/vee/findings?meter=" + serial + "&day=" + day).json().findValuesAsString("rule"))
                .doesNotContain("MissingIntervals");
        JsonNode complete = ops.get("/api/v1/readings/completeness?node=" + dt + "&day=" + day).json();
        assertThat(complete.get("actualPercent").decimalValue()).isEqualByComparingTo("100");
        assertThat(complete.get("estimatedIntervals").asInt()).isZero();
    }


}
