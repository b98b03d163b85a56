package org.urja.mdms.reading;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.hes.ReferenceHes;
import org.urja.hes.contract.IntervalBlock;
import org.urja.hes.contract.IntervalReading;
import org.urja.hes.contract.MeterReading;
import org.urja.hes.contract.MeterReadingsMessage;
import org.urja.hes.contract.ReadingProfile;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.hes.InboundMessages;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import org.urja.mdms.vee.DailyDataValidated;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UC6.1–6.3 end to end with the reference HES: what the scheduled read missed is estimated on arrival, detected as a
 * gap after the collection window, re-acquired from the HES for exactly the missing ranges, and the actuals then
 * replace the estimates as a revision for downstream modules; a meter that never answers is given up on after the
 * bounded attempts and its day estimated from its history.
 */
@UrjaIntegrationTest
class UC6GapReacquisitionTests {

    static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    IntervalData intervals;

    @Autowired
    CommittedEvents published;

    @Autowired
    InboundMessages inbound;

    @Test
    void uc6_1to6_3_missedIntervalsAreEstimatedThenReacquiredAndTheActualsReplaceTheEstimates() {
        ReferenceHes hes = TestHes.get(port);
        LocalDate day = LocalDate.of(2026, 4, 22);
        Instant from = day.atStartOfDay(IST).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(IST).toInstant();
        VirtualMeter gappy = hes.fleet().meters().stream()
                .filter(m -> !m.silent() && m.firstReadBlockLoad(from, to).size() < m.blockLoadProfile(from, to).size())
                .filter(m -> jdbc.sql("SELECT count(*) FROM meter WHERE serial_no = ?").param(m.spec().serialNo())
                        .query(Long.class).single() == 0)
                .findFirst().orElseThrow();
        String serial = gappy.spec().serialNo();
        int slots = 1440 / gappy.spec().intervalMinutes();
        TestHes.installInRegistry(port, hes, gappy);
        for (LocalDate d = day.minusDays(8); d.isBefore(day); d = d.plusDays(1)) {
            hes.collectDaily(d); // history for the estimators
        }

        // The scheduled read arrives with holes; VEE on arrival fills what it can and tells downstream modules.
        hes.collectDaily(day);
        DaySeries received = intervals.asReceived(serial, Channel.KWH_IMPORT, day).orElseThrow();
        int holes = slots - received.presentCount();
        assertThat(holes).isPositive();
        DailyDataValidated first = Eventually.await(Duration.ofSeconds(20),
                () -> published.validated(serial).stream().filter(e -> e.day().equals(day)).findFirst().orElse(null),
                e -> e != null);
        assertThat(first.revision()).isFalse();
        assertThat(first.actual()).isEqualTo(slots - holes);
        assertThat(first.estimated() + first.missing()).isEqualTo(holes); // estimated where the estimators could

        // UC6.1: after the collection window the gap is detected and exactly the missing ranges are requested.
        TestHttp ops = Fixtures.admin(port);
        JsonNode report = ops.postJson("/api/v1/readings/gaps/checks", Map.of("day", day.toString())).json();
        assertThat(report.get("withGaps").asInt()).isPositive();
        JsonNode gap = ops.get("/api/v1/readings/gaps?day=" + day + "&meter=" + serial).json().get(0);
        assertThat(gap.get("missing").asInt()).isEqualTo(holes);
        assertThat(gap.get("attempts").asInt()).isEqualTo(1);
        String correlationId = gap.get("lastCorrelationId").asString();
        assertThat(correlationId).isNotBlank();
        List<int[]> ranges = ranges(received);
        if (ranges.size() <= 4) {
            List<String> requested = jdbc.sql("""
                            SELECT (payload ->> 'from') || '/' || (payload ->> 'to') FROM hes_outbound_request
                            WHERE (payload -> 'meterSerialNos') @> jsonb_build_array(CAST(? AS text)) AND payload ->> 'purpose' = 'REACQUISITION'
                              AND requested_by = 'gap-check'""")
                    .params(serial).query(String.class).list();
            List<String> expected = ranges.stream().map(r -> from.plusSeconds(r[0] * slotSeconds(received)) + "/"
                    + from.plusSeconds(r[1] * slotSeconds(received))).toList();
            assertThat(requested).containsExactlyInAnyOrderElementsOf(expected);
        }

        // UC6.2–6.3: the HES re-acquires, the actuals arrive, VEE re-runs: a revision with no estimate left.
        DailyDataValidated revised = Eventually.await(Duration.ofSeconds(20),
                () -> published.validated(serial).stream().filter(e -> e.day().equals(day) && e.revision()).findFirst()
                        .orElse(null), e -> e != null);
        assertThat(revised.actual()).isEqualTo(slots);
        assertThat(revised.estimated()).isZero();
        assertThat(revised.missing()).isZero();
        DaySeries current = intervals.current(serial, Channel.KWH_IMPORT, day).orElseThrow();
        assertThat(current.values()).isEqualTo(intervals.asReceived(serial, Channel.KWH_IMPORT, day).orElseThrow().values());
        BigDecimal total = gappy.blockLoadProfile(from, to).stream().map(r -> r.kWhImport())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(revised.kWh()).isEqualByComparingTo(total);

        // The HES re-sends the re-acquired message (its acknowledgement was lost): nothing changes, nothing is told.
        String reacquired = jdbc.sql("SELECT message_id FROM hes_inbound_message WHERE correlation_id = ? AND noun = 'MeterReadings'")
                .param(correlationId).query(String.class).list().get(0);
        TestHttp.Response again = TestHttp.signedHes(port, Fixtures.HES_KEY_ID, Fixtures.HES_SECRET)
                .postJson("/api/v1/hes/meter-readings", inbound.payload(reacquired).orElseThrow());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("duplicate").asBoolean()).isTrue();
        int told = published.validated(serial).size();
        assertThat(jdbc.sql("SELECT count(*) FROM vee_pending WHERE meter_serial = ?").param(serial).query(Long.class)
                .single()).isZero();
        assertThat(published.validated(serial)).hasSize(told);

        // The next check finds the day complete.
        ops.postJson("/api/v1/readings/gaps/checks", Map.of("day", day.toString()));
        assertThat(ops.get("/api/v1/readings/gaps?day=" + day + "&meter=" + serial).json().get(0).get("status").asString())
                .isEqualTo("RECOVERED");
    }

    @Test
    void uc6_1_aMeterThatNeverAnswersIsGivenUpOnAfterTheBoundedAttemptsAndItsDayEstimated() {
        ReferenceHes hes = TestHes.get(port);
        LocalDate day = LocalDate.of(2026, 4, 15);
        VirtualMeter silent = hes.fleet().meters().stream().filter(VirtualMeter::silent)
                .filter(m -> m.spec().intervalMinutes() == 15)
                .filter(m -> jdbc.sql("SELECT count(*) FROM meter WHERE serial_no = ?").param(m.spec().serialNo())
                        .query(Long.class).single() == 0)
                .findFirst().orElseThrow();
        String serial = silent.spec().serialNo();
        TestHes.installInRegistry(port, hes, silent);
        // It used to answer: two weeks of history (0.250 kWh every quarter hour) reached the MDM.
        for (LocalDate d = day.minusDays(14); d.isBefore(day); d = d.plusDays(1)) {
            push(serial, d);
        }
        hes.collectDaily(day);
        assertThat(intervals.asReceived(serial, Channel.KWH_IMPORT, day)).isEmpty();

        TestHttp ops = Fixtures.admin(port);
        for (int attempt = 1; attempt <= 3; attempt++) {
            ops.postJson("/api/v1/readings/gaps/checks", Map.of("day", day.toString()));
            JsonNode gap = ops.get("/api/v1/readings/gaps?day=" + day + "&meter=" + serial).json().get(0);
            assertThat(gap.get("attempts").asInt()).isEqualTo(attempt);
            assertThat(gap.get("status").asString()).isEqualTo("OPEN");
            assertThat(gap.get("missing").asInt()).isEqualTo(96);
            assertThat(gap.get("missingRanges").asString()).isEqualTo("0-96");
        }
        // Attempts are bounded: the fourth check gives up, and VEE estimates the day from the like days.
        JsonNode report = ops.postJson("/api/v1/readings/gaps/checks", Map.of("day", day.toString())).json();
        assertThat(report.get("gaveUp").asInt()).isPositive();
        assertThat(ops.get("/api/v1/readings/gaps?day=" + day + "&meter=" + serial).json().get(0).get("status").asString())
                .isEqualTo("GAVE_UP");
        DailyDataValidated estimated = Eventually.await(Duration.ofSeconds(20),
                () -> published.validated(serial).stream().filter(e -> e.day().equals(day)).findFirst().orElse(null),
                e -> e != null);
        assertThat(estimated.estimated()).isEqualTo(96);
        assertThat(estimated.actual()).isZero();
        assertThat(estimated.kWh()).isEqualByComparingTo("24.000");
        DaySeries current = intervals.current(serial, Channel.KWH_IMPORT, day).orElseThrow();
        for (int i = 0; i < 96; i++) {
            assertThat(IntervalFlags.has(current.flags()[i], IntervalFlags.ESTIMATED)).isTrue();
            assertThat(IntervalFlags.actual(current.flags()[i])).isFalse();
        }
        // Nothing more is requested for a day given up on.
        ops.postJson("/api/v1/readings/gaps/checks", Map.of("day", day.toString()));
        assertThat(ops.get("/api/v1/readings/gaps?day=" + day + "&meter=" + serial).json().get(0).get("attempts").asInt())
                .isEqualTo(3);
    }

    @Test
    void gapQueriesNameBadFields() {
        TestHttp ops = Fixtures.admin(port);
        TestHttp.Response bad = ops.get("/api/v1/readings/gaps?day=2026-04-15&status=LOST");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("status");
        TestHttp.Response noDay = ops.postJson("/api/v1/readings/gaps/checks", Map.of());
        assertThat(noDay.status()).isEqualTo(400);
        assertThat(noDay.json().get("errors").findValuesAsString("field")).contains("day");
        String viewer = Fixtures.staffUser(port, "gapview", List.of("VIEWER"));
        assertThat(TestHttp.staffApi(port, viewer, Fixtures.password(viewer))
                .postJson("/api/v1/readings/gaps/checks", Map.of("day", "2026-04-15")).status()).isEqualTo(403);
    }

    private void push(String serial, LocalDate d) {
        Instant start = d.atStartOfDay(IST).toInstant();
        List<IntervalReading> values = new ArrayList<>();
        for (int i = 1; i <= 96; i++) {
            values.add(new IntervalReading(start.plusSeconds(i * 900L), new BigDecimal("0.250"), List.of()));
        }
        var message = new MeterReadingsMessage(Fixtures.unique("hist-"), Instant.now(), null, List.of(new MeterReading(serial,
                ReadingProfile.BLOCK_LOAD, List.of(new IntervalBlock("interval.kWh.import", 900, values)), List.of())));
        var r = TestHttp.signedHes(port, Fixtures.HES_KEY_ID, Fixtures.HES_SECRET).postJson("/api/v1/hes/meter-readings", message);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
    }

    private static long slotSeconds(DaySeries s) {
        return s.intervalMinutes() * 60L;
    }

    private static List<int[]> ranges(DaySeries s) {
        List<int[]> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= s.slots(); i++) {
            boolean absent = i < s.slots() && !s.present(i);
            if (absent && start < 0) {
                start = i;
            } else if (!absent && start >= 0) {
                out.add(new int[] {start, i});
                start = -1;
            }
        }
        return out;
    }
}
