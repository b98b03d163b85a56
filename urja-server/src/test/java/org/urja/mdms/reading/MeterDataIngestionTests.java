package org.urja.mdms.reading;

import java.math.BigDecimal;
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
import org.urja.hes.contract.IntervalBlock;
import org.urja.hes.contract.IntervalReading;
import org.urja.hes.contract.MeterReadRequest;
import org.urja.hes.contract.MeterReading;
import org.urja.hes.contract.MeterReadingsMessage;
import org.urja.hes.contract.ReadingProfile;
import org.urja.hes.fleet.IntervalRecord;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.hes.HesClient;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the HES sends becomes stored meter data: one row per meter, channel and IST day (version 0 = as received),
 * idempotent under re-sends, filled in by late and re-acquired data, with conflicting re-sends flagged.
 */
@UrjaIntegrationTest
class MeterDataIngestionTests {

    static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);

    @LocalServerPort
    int port;

    @Autowired
    IntervalData intervals;

    @Autowired
    HesClient hesClient;

    @Autowired
    JdbcClient jdbc;

    @Test
    void uc1_3_collectedIntervalsAreStoredPerMeterChannelAndDay() {
        ReferenceHes hes = TestHes.get(port);
        LocalDate day = LocalDate.of(2026, 3, 7);
        Instant from = day.atStartOfDay(IST).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(IST).toInstant();
        VirtualMeter meter = hes.fleet().meters().stream()
                .filter(m -> !m.silent() && m.spec().intervalMinutes() == 15 && m.firstReadBlockLoad(from, to).size() == 96)
                .findFirst().orElseThrow();
        String serial = meter.spec().serialNo();
        hes.collectDaily(day);

        DaySeries stored = Eventually.await(Duration.ofSeconds(15),
                () -> intervals.asReceived(serial, Channel.KWH_IMPORT, day).orElse(null), s -> s != null);
        BigDecimal expected = meter.blockLoadProfile(from, to).stream().map(IntervalRecord::kWhImport)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        JsonNode api = Fixtures.admin(port).get("/api/v1/meters/" + serial + "/intervals?channel=KWH_IMPORT&from=" + day
                + "&to=" + day).json();
        assertThat(api).hasSize(1);
        assertThat(api.get(0).get("present").asInt()).isEqualTo(96);
        assertThat(api.get(0).get("total").decimalValue()).isEqualByComparingTo(expected);
        assertThat(api.get(0).get("intervals").get(0).get("start").asString()).isEqualTo(from.toString());
        assertThat(stored.slots()).isEqualTo(96);

        // Every channel of the block load profile is stored, and the midnight snapshot as a register read.
        for (Channel c : Channel.values()) {
            assertThat(intervals.asReceived(serial, c, day)).as(c.name()).isPresent();
        }
        BigDecimal snapshot = Eventually.await(Duration.ofSeconds(10), () -> jdbc.sql("""
                        SELECT r.value FROM register_read r JOIN reading_meter m ON m.id = r.meter_id
                        WHERE m.serial_no = ? AND r.reading_type = 'register.kWh.import' AND r.read_at = ?""")
                .params(serial, java.sql.Timestamp.from(to)).query(BigDecimal.class).optional().orElse(null), v -> v != null);
        assertThat(snapshot).isEqualByComparingTo(meter.dailyProfile(day.plusDays(1)).registers().kWhImport());
    }

    @Test
    void uc6_3_reacquiredAndLateDataFillTheGapsAndReSendsChangeNothing() {
        ReferenceHes hes = TestHes.get(port);
        LocalDate day = LocalDate.of(2026, 3, 8);
        Instant from = day.atStartOfDay(IST).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(IST).toInstant();
        VirtualMeter gappy = TestHes.meterMissingIntervals(hes, from, to);
        String serial = gappy.spec().serialNo();
        int slots = 1440 / gappy.spec().intervalMinutes();
        hes.collectDaily(day);
        int firstRead = gappy.firstReadBlockLoad(from, to).size();
        DaySeries before = Eventually.await(Duration.ofSeconds(15),
                () -> intervals.asReceived(serial, Channel.KWH_IMPORT, day).orElse(null), s -> s != null);
        assertThat(before.presentCount()).isEqualTo(firstRead).isLessThan(slots);

        var request = hesClient.requestReadings(List.of(serial), List.of(ReadingProfile.BLOCK_LOAD), false, from, to,
                MeterReadRequest.Purpose.REACQUISITION, "test", null);
        DaySeries after = Eventually.await(Duration.ofSeconds(15),
                () -> intervals.asReceived(serial, Channel.KWH_IMPORT, day).orElseThrow(), s -> s.presentCount() == slots);
        // The slots the first read had are untouched (same values, not flagged as conflicting).
        for (int i = 0; i < slots; i++) {
            if (before.present(i)) {
                assertThat(after.values()[i]).isEqualTo(before.values()[i]);
                assertThat(IntervalFlags.has(after.flags()[i], IntervalFlags.SUSPECT)).isFalse();
            }
        }
        assertThat(request.status()).isEqualTo("ACKNOWLEDGED");

        // A re-send of data already stored changes nothing; a different value for a stored slot is a conflict: the
        // first value stays and the slot is flagged SUSPECT.
        Instant slot0End = from.plusSeconds(gappy.spec().intervalMinutes() * 60L);
        BigDecimal storedValue = BigDecimal.valueOf(after.values()[0]).divide(BigDecimal.valueOf(1000));
        TestHttp hesHttp = TestHttp.signedHes(port, Fixtures.HES_KEY_ID, Fixtures.HES_SECRET);
        assertThat(hesHttp.postJson("/api/v1/hes/meter-readings", oneInterval(serial, slot0End, storedValue,
                gappy.spec().intervalMinutes())).status()).isEqualTo(202);
        assertThat(hesHttp.postJson("/api/v1/hes/meter-readings", oneInterval(serial, slot0End,
                storedValue.add(new BigDecimal("5.000")), gappy.spec().intervalMinutes())).status()).isEqualTo(202);
        DaySeries conflicted = Eventually.await(Duration.ofSeconds(15),
                () -> intervals.asReceived(serial, Channel.KWH_IMPORT, day).orElseThrow(),
                s -> IntervalFlags.has(s.flags()[0], IntervalFlags.SUSPECT));
        assertThat(conflicted.values()[0]).isEqualTo(after.values()[0]);
        assertThat(java.util.Arrays.copyOfRange(conflicted.values(), 1, slots))
                .isEqualTo(java.util.Arrays.copyOfRange(after.values(), 1, slots));
    }

    static MeterReadingsMessage oneInterval(String serial, Instant end, BigDecimal kwh, int minutes) {
        return new MeterReadingsMessage(Fixtures.unique("late-"), Instant.now(), null, List.of(new MeterReading(serial,
                ReadingProfile.BLOCK_LOAD, List.of(new IntervalBlock("interval.kWh.import", minutes * 60,
                List.of(new IntervalReading(end, kwh, List.of())))), List.of())));
    }

}
