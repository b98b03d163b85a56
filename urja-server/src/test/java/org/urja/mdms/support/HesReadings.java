package org.urja.mdms.support;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.urja.hes.contract.IntervalBlock;
import org.urja.hes.contract.IntervalReading;
import org.urja.hes.contract.MeterReading;
import org.urja.hes.contract.MeterReadingsMessage;
import org.urja.hes.contract.Reading;
import org.urja.hes.contract.ReadingProfile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MeterReadings messages as a HES sends them: a day of kWh-import intervals per meter (null = the meter sent
 * nothing for that interval), signed POSTs to {@code /api/v1/hes/meter-readings} through the contract.
 */
public final class HesReadings {

    public static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);

    private HesReadings() {
    }

    /**
     * One meter's block-load profile from the start of an IST day: {@code kwh[i]} is interval i's energy, null where
     * missing; more than a day's intervals run on into the next days.
     */
    public static MeterReading day(String meter, LocalDate day, int intervalMinutes, BigDecimal[] kwh) {
        Instant start = day.atStartOfDay(IST).toInstant();
        List<IntervalReading> readings = new ArrayList<>();
        for (int i = 0; i < kwh.length; i++) {
            if (kwh[i] != null) {
                readings.add(new IntervalReading(start.plusSeconds(60L * intervalMinutes * (i + 1)), kwh[i], List.of()));
            }
        }
        return new MeterReading(meter, ReadingProfile.BLOCK_LOAD,
                List.of(new IntervalBlock("interval.kWh.import", intervalMinutes * 60, readings)), List.of());
    }

    /** A day of the same value in every interval, except the given slots, which are left out. */
    public static BigDecimal[] flat(int slots, String kwh, int... missing) {
        BigDecimal[] values = new BigDecimal[slots];
        java.util.Arrays.fill(values, new BigDecimal(kwh));
        for (int m : missing) {
            values[m] = null;
        }
        return values;
    }

    /** The days' intervals one after the other. */
    public static BigDecimal[] concat(BigDecimal[]... days) {
        return java.util.Arrays.stream(days).flatMap(java.util.Arrays::stream).toArray(BigDecimal[]::new);
    }

    /** The daily-load register of a meter at an instant (e.g. midnight). */
    public static MeterReading register(String meter, Instant at, String kwh) {
        return new MeterReading(meter, ReadingProfile.DAILY_LOAD, List.of(),
                List.of(Reading.of("register.kWh.import", at, new BigDecimal(kwh))));
    }

    /** Sends the readings as one signed message; it must be accepted (202). */
    public static void send(int port, List<MeterReading> readings) {
        var message = new MeterReadingsMessage(Fixtures.unique("rd-msg-"), Instant.now(), null, readings);
        TestHttp.Response r = TestHttp.signedHes(port, Fixtures.HES_KEY_ID, Fixtures.HES_SECRET)
                .postJson("/api/v1/hes/meter-readings", message);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
    }
}
