package org.urja.mdms.prepaid;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.urja.hes.HesConfig;
import org.urja.hes.ReferenceHes;
import org.urja.hes.contract.IntervalBlock;
import org.urja.hes.contract.IntervalReading;
import org.urja.hes.contract.MeterReading;
import org.urja.hes.contract.MeterReadingsMessage;
import org.urja.hes.contract.ReadingProfile;
import org.urja.hes.fleet.ConsumerClass;
import org.urja.hes.fleet.FaultProfile;
import org.urja.hes.fleet.Fleet;
import org.urja.hes.fleet.MeterCategory;
import org.urja.hes.fleet.MeterSpec;
import org.urja.hes.fleet.PaymentMode;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reference HES of the prepaid tests' own, serving prepaid single-phase meters {@code PPH1}…{@code PPH8} that
 * answer every command (no faults), in place of the shared one while a test runs ({@link #start}, {@link #stop});
 * plus the HES's push of a meter's days of readings.
 */
final class PrepaidHes {

    static final ZoneId IST = ZoneId.of("Asia/Kolkata");

    private static final Fleet FLEET = new Fleet(11L, IntStream.rangeClosed(1, 8).mapToObj(i -> new MeterSpec("PPH" + i,
            MeterCategory.SINGLE_PHASE_WC, ConsumerClass.RESIDENTIAL, 15, PaymentMode.PREPAID, BigDecimal.ONE, 5,
            TestHes.COMMISSIONED)).toList(), FaultProfile.none());

    private PrepaidHes() {
    }

    static ReferenceHes start(int port) {
        return TestHes.replaceWith(HesConfig.defaults("http://localhost:" + port + "/api/v1/hes", Fixtures.HES_SECRET,
                        Fixtures.MDM_TO_HES_SECRET).withHesId("hes-prepaid").withSeed(11L).withFaults(FaultProfile.none())
                .withTiming(Duration.ofMillis(50), Duration.ofSeconds(1)).manual(TestHes.SIM_START), FLEET);
    }

    /** Stops this HES and brings the shared one back for the tests that follow. */
    static void stop(ReferenceHes hes, int port) {
        TestHes.stop(hes);
        TestHes.get(port);
    }

    /** The HES pushes {@code days} days from {@code first} of {@code kwh} every quarter hour, in one message. */
    static void pushDays(int port, String meter, LocalDate first, int days, String kwh) {
        Instant start = first.atStartOfDay(IST).toInstant();
        List<IntervalReading> readings = new ArrayList<>();
        for (int i = 1; i <= days * 96; i++) {
            readings.add(new IntervalReading(start.plusSeconds(900L * i), new BigDecimal(kwh), List.of()));
        }
        var message = new MeterReadingsMessage(Fixtures.unique("pph-"), Instant.now(), null, List.of(new MeterReading(meter,
                ReadingProfile.BLOCK_LOAD, List.of(new IntervalBlock("interval.kWh.import", 900, readings)), List.of())));
        var r = TestHttp.signedHes(port, Fixtures.HES_KEY_ID, Fixtures.HES_SECRET).postJson("/api/v1/hes/meter-readings", message);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
    }

    /** The first weekday 11:00 IST after {@code t}: a time every disconnection rule of the default policy allows. */
    static Instant weekdayMorningAfter(Instant t) {
        ZonedDateTime candidate = t.atZone(IST).toLocalDate().atTime(LocalTime.of(11, 0)).atZone(IST);
        while (!candidate.toInstant().isAfter(t) || candidate.getDayOfWeek() == java.time.DayOfWeek.SUNDAY) {
            candidate = candidate.plusDays(1);
        }
        return candidate.toInstant();
    }
}
