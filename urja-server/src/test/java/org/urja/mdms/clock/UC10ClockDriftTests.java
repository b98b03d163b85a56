package org.urja.mdms.clock;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.ReferenceHes;
import org.urja.hes.fleet.FaultProfile;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.urja.mdms.clock.ClockTesting.clockReadAt;
import static org.urja.mdms.clock.ClockTesting.commands;
import static org.urja.mdms.clock.ClockTesting.readClocks;
import static org.urja.mdms.clock.ClockTesting.succeededDriftSync;

/**
 * UC10.1 from the meters' side: their clocks as the reference HES reads them (daily collection, instantaneous profile),
 * the drift rate, a meter beyond tolerance set once a day and flagged until it reads within tolerance again, and a meter
 * that keeps drifting after settings flagged as a likely faulty RTC. Each test has a HES of its own, on a manual clock
 * it moves.
 */
@UrjaIntegrationTest
class UC10ClockDriftTests {

    static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);
    static final Instant COMMISSIONED = Instant.parse("2026-03-01T00:00:00Z");
    static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");

    @LocalServerPort
    int port;

    @Autowired
    CommittedEvents committed;

    @Test
    void uc10_1_clockDriftIsObservedFromTheDailyReadingsOfTheReferenceHesDriftingMeters() {
        TestHttp api = ClockTesting.operator(port);
        ReferenceHes hes = ClockTesting.hes(port, "CKA", 8, new FaultProfile(0, 0, 0, 0, 0.5, 0, 0, 0), COMMISSIONED, T0,
                Duration.ofMillis(100));
        try {
            List<VirtualMeter> meters = ClockTesting.installAll(port, hes);
            List<VirtualMeter> drifting = meters.stream().filter(m -> m.clockDriftSecondsPerDay() > 0).toList();
            assertThat(drifting).as("the fleet has drifting meters and meters keeping time").isNotEmpty()
                    .hasSizeLessThan(meters.size());
            Map<String, Duration> atT0 = new HashMap<>();
            meters.forEach(m -> atT0.put(m.spec().serialNo(), m.clockOffset(T0)));

            // The daily collection reads every meter's clock; the MDM keeps each as an offset from the HES's time.
            hes.collectDaily(LocalDate.ofInstant(T0, IST).minusDays(1));
            for (VirtualMeter m : meters) {
                String serial = m.spec().serialNo();
                JsonNode clock = clockReadAt(api, serial, T0).get("clock");
                assertThat(clock.get("offsetSeconds").decimalValue())
                        .isEqualByComparingTo(BigDecimal.valueOf(atT0.get(serial).toMillis(), 3));
                assertThat(clock.get("beyondTolerance").asBoolean()).as(serial).isEqualTo(drifting.contains(m));
            }
            // A month after commissioning every drifting meter is beyond ±60 s: the report lists them, worst first.
            List<String> reported = new ArrayList<>();
            api.get("/api/v1/clock/drift").json().get("worstFirst").forEach(c -> {
                if (c.get("meterSerialNo").asString().startsWith("CKA")) {
                    reported.add(c.get("meterSerialNo").asString());
                }
            });
            assertThat(reported).containsExactlyElementsOf(drifting.stream()
                    .sorted((a, b) -> atT0.get(b.spec().serialNo()).compareTo(atT0.get(a.spec().serialNo())))
                    .map(m -> m.spec().serialNo()).toList());
            drifting.forEach(m -> succeededDriftSync(api, m.spec().serialNo()));

            // Set, they read within tolerance a day later; the rate needs two readings with no setting between them.
            Instant t1 = T0.plus(Duration.ofDays(1));
            Instant t2 = t1.plus(Duration.ofDays(1));
            hes.clock().advance(Duration.ofDays(1));
            hes.collectDaily(LocalDate.ofInstant(T0, IST));
            Map<String, Long> atT1 = new HashMap<>();
            for (VirtualMeter m : meters) {
                String serial = m.spec().serialNo();
                atT1.put(serial, m.clockOffset(t1).toMillis());
                JsonNode clock = clockReadAt(api, serial, t1).get("clock");
                assertThat(clock.get("beyondTolerance").asBoolean()).isFalse();
                assertThat(clock.get("driftSecondsPerDay").isNull()).as(serial).isEqualTo(drifting.contains(m));
            }
            hes.clock().advance(Duration.ofDays(1));
            hes.collectDaily(LocalDate.ofInstant(t1, IST));
            for (VirtualMeter m : meters) {
                String serial = m.spec().serialNo();
                JsonNode history = clockReadAt(api, serial, t2);
                BigDecimal expected = BigDecimal.valueOf(m.clockOffset(t2).toMillis() - atT1.get(serial), 3)
                        .setScale(3, RoundingMode.HALF_UP);
                assertThat(history.get("clock").get("driftSecondsPerDay").decimalValue()).as(serial)
                        .isEqualByComparingTo(expected)
                        .isCloseTo(BigDecimal.valueOf(m.clockDriftSecondsPerDay()), within(new BigDecimal("0.002")));
                assertThat(Instant.parse(history.get("clock").get("rateFrom").asString())).isEqualTo(t1);
                assertThat(history.get("observations")).hasSize(3);
            }
        } finally {
            TestHes.stop(hes);
        }
    }

    @Test
    void uc10_1_aMeterBeyondToleranceIsSetOnceADayAndFlaggedUntilItReadsWithinTolerance() {
        TestHttp api = ClockTesting.operator(port);
        // Commands take 3 s to reach a meter, so a second reading comes before the setting.
        ReferenceHes hes = ClockTesting.hes(port, "CKB", 3, new FaultProfile(0, 0, 0, 0, 1, 0, 0, 0), COMMISSIONED, T0,
                Duration.ofSeconds(3));
        try {
            VirtualMeter meter = hes.fleet().meters().iterator().next();
            String serial = meter.spec().serialNo();
            TestHes.installInRegistry(port, hes, meter);
            Duration offset = meter.clockOffset(T0);
            assertThat(offset.getSeconds()).isGreaterThan(60);

            readClocks(api, List.of(serial));
            JsonNode first = clockReadAt(api, serial, T0);
            assertThat(first.get("clock").get("beyondTolerance").asBoolean()).isTrue();
            assertThat(first.get("clock").get("offsetSeconds").decimalValue())
                    .isEqualByComparingTo(BigDecimal.valueOf(offset.toMillis(), 3));
            assertThat(Instant.parse(first.get("clock").get("beyondSince").asString())).isEqualTo(T0);
            JsonNode sync = Eventually.await(Duration.ofSeconds(10), () -> commands(api, serial, "TIME_SYNC"),
                    l -> !l.isEmpty()).get(0);
            assertThat(sync.get("requesterKind").asString()).isEqualTo("SYSTEM");
            assertThat(sync.get("requestedBy").asString()).isEqualTo("clock");
            assertThat(sync.get("reason").asString()).contains("ahead", "beyond the ±60 s tolerance");

            // Read again the same day, before the setting reached the meter: still beyond, not set a second time.
            Instant again = T0.plus(Duration.ofMinutes(1));
            hes.clock().advance(Duration.ofMinutes(1));
            readClocks(api, List.of(serial));
            JsonNode second = clockReadAt(api, serial, again);
            assertThat(second.get("clock").get("beyondTolerance").asBoolean()).isTrue();
            assertThat(Instant.parse(second.get("clock").get("beyondSince").asString())).isEqualTo(T0);
            assertThat(second.get("driftSyncs")).hasSize(1);
            assertThat(second.get("driftSyncs").get(0).get("commandId").asLong()).isEqualTo(sync.get("id").asLong());
            assertThat(commands(api, serial, "TIME_SYNC")).hasSize(1);
            JsonNode flagged = api.get("/api/v1/clock/drift").json();
            assertThat(flagged.get("toleranceSeconds").asLong()).isEqualTo(60);
            assertThat(flagged.get("worstFirst").findValuesAsString("meterSerialNo")).contains(serial);

            // The setting succeeds; the next reading is within tolerance and clears the flag.
            assertThat(succeededDriftSync(api, serial).get("id").asLong()).isEqualTo(sync.get("id").asLong());
            assertThat(meter.clockOffset(hes.clock().instant())).isZero();
            Instant later = again.plus(Duration.ofMinutes(1));
            hes.clock().advance(Duration.ofMinutes(1));
            readClocks(api, List.of(serial));
            JsonNode third = clockReadAt(api, serial, later);
            assertThat(third.get("clock").get("beyondTolerance").asBoolean()).isFalse();
            assertThat(third.get("clock").get("beyondSince").isNull()).isTrue();
            assertThat(third.get("clock").get("lastTimeSync").isNull()).isFalse();
            assertThat(api.get("/api/v1/clock/drift").json().get("worstFirst").findValuesAsString("meterSerialNo"))
                    .doesNotContain(serial);
            assertThat(commands(api, serial, "TIME_SYNC")).hasSize(1);

            // The staff portal was told when the flag was raised (with the setting) and when it was cleared.
            Eventually.await(Duration.ofSeconds(5), () -> committed.of(MeterClockRecovered.class),
                    l -> l.stream().anyMatch(e -> e.meterSerialNo().equals(serial)));
            List<MeterClockDrifted> drifted = committed.of(MeterClockDrifted.class).stream()
                    .filter(e -> e.meterSerialNo().equals(serial)).toList();
            assertThat(drifted).hasSize(1);
            assertThat(drifted.get(0).syncCommandId()).isEqualTo(sync.get("id").asLong());
            assertThat(drifted.get(0).likelyFaultyRtc()).isFalse();
        } finally {
            TestHes.stop(hes);
        }
    }

    @Test
    void uc10_1_aMeterThatKeepsDriftingAfterSettingsIsALikelyFaultyRtc() {
        TestHttp api = ClockTesting.operator(port);
        ReferenceHes hes = ClockTesting.hes(port, "CKC", 2, FaultProfile.none().withFaultyRtcShare(1),
                T0.minus(Duration.ofDays(2)), T0, Duration.ofMillis(100));
        try {
            VirtualMeter meter = hes.fleet().meters().iterator().next();
            String serial = meter.spec().serialNo();
            TestHes.installInRegistry(port, hes, meter);
            assertThat(meter.clockDriftSecondsPerDay()).isGreaterThan(30);

            // Read every other day: each time beyond tolerance again, and set again.
            for (int setting = 1; setting <= 3; setting++) {
                Instant now = hes.clock().instant();
                readClocks(api, List.of(serial));
                JsonNode clock = clockReadAt(api, serial, now).get("clock");
                assertThat(clock.get("beyondTolerance").asBoolean()).isTrue();
                assertThat(clock.get("likelyFaultyRtc").asBoolean()).as("after setting " + setting).isEqualTo(setting == 3);
                int settings = setting;
                Eventually.await(Duration.ofSeconds(20), () -> commands(api, serial, "TIME_SYNC"),
                        l -> l.size() == settings && l.get(0).get("state").asString().equals("SUCCEEDED"));
                hes.clock().advance(Duration.ofDays(2));
            }
            JsonNode report = api.get("/api/v1/clock/drift").json().get("worstFirst");
            JsonNode mine = null;
            for (JsonNode c : report) {
                mine = c.get("meterSerialNo").asString().equals(serial) ? c : mine;
            }
            assertThat(mine).isNotNull();
            assertThat(mine.get("likelyFaultyRtc").asBoolean()).isTrue();
            assertThat(mine.get("driftSecondsPerDay").isNull()).as("every reading followed a setting").isTrue();
            Eventually.await(Duration.ofSeconds(5), () -> committed.of(MeterClockDrifted.class),
                    l -> l.stream().anyMatch(e -> e.meterSerialNo().equals(serial) && e.likelyFaultyRtc()));
        } finally {
            TestHes.stop(hes);
        }
    }
}
