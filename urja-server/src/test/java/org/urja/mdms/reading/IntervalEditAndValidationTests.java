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
import org.urja.hes.contract.IntervalBlock;
import org.urja.hes.contract.IntervalReading;
import org.urja.hes.contract.MeterReading;
import org.urja.hes.contract.MeterReadingsMessage;
import org.urja.hes.contract.Reading;
import org.urja.hes.contract.ReadingProfile;
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import org.urja.mdms.vee.DailyDataValidated;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A day with a spike and a register that disagrees with the intervals is flagged by VEE (SpikeCheck, SumCheck); a
 * billing user edits the spike with a reason: a new version records who and why, what the meter sent stays, and the
 * edit survives the next VEE run.
 */
@UrjaIntegrationTest
class IntervalEditAndValidationTests {

    static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);

    @LocalServerPort
    int port;

    @Autowired
    IntervalData intervals;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CommittedEvents committed;

    @Test
    void spikeAndSumCheckAreFlaggedAndAnEditMakesANewAuditedVersion() {
        String serial = Fixtures.unique("EDIT").toUpperCase();
        LocalDate day = LocalDate.of(2026, 2, 20);
        Instant start = day.atStartOfDay(IST).toInstant();
        List<IntervalReading> readings = new ArrayList<>();
        for (int i = 0; i < 96; i++) {
            BigDecimal kwh = i == 40 ? new BigDecimal("5.000") : new BigDecimal("0.100");
            readings.add(new IntervalReading(start.plusSeconds(900L * (i + 1)), kwh, List.of()));
        }
        // Intervals sum to 14.5 kWh; the registers say 20 kWh.
        var message = new MeterReadingsMessage(Fixtures.unique("edit-msg-"), Instant.now(), null, List.of(
                new MeterReading(serial, ReadingProfile.BLOCK_LOAD,
                        List.of(new IntervalBlock("interval.kWh.import", 900, readings)), List.of()),
                new MeterReading(serial, ReadingProfile.DAILY_LOAD, List.of(), List.of(
                        Reading.of("register.kWh.import", start, new BigDecimal("1000.000")),
                        Reading.of("register.kWh.import", start.plusSeconds(86_400), new BigDecimal("1020.000"))))));
        assertThat(TestHttp.signedHes(port, Fixtures.HES_KEY_ID, Fixtures.HES_SECRET)
                .postJson("/api/v1/hes/meter-readings", message).status()).isEqualTo(202);
        DaySeries received = Eventually.await(Duration.ofSeconds(15),
                () -> intervals.asReceived(serial, Channel.KWH_IMPORT, day).orElse(null), s -> s != null);

        // VEE on arrival flags both; the day's outcome goes to downstream modules with the spike still in it.
        TestHttp ops = Fixtures.admin(port);
        JsonNode findings = Eventually.await(Duration.ofSeconds(15), () -> ops.get("/api/v1/vee/findings?meter=" + serial
                + "&day=" + day + "&severity=ERROR").json(), f -> f.findValuesAsString("rule").containsAll(
                List.of("SpikeCheck", "SumCheck")));
        DailyDataValidated first = Eventually.await(Duration.ofSeconds(15), () -> committed.validated(serial).stream()
                .findFirst().orElse(null), e -> e != null);
        assertThat(first.kWh()).isEqualByComparingTo("14.500");
        assertThat(first.errors()).isPositive();
        assertThat(ops.get("/api/v1/vee/status").json().get("validatedMeterDays").asLong()).isPositive();

        // The register was reset at site, so the sum check is approved as it is, with a reason.
        long sumCheck = id(findings, "SumCheck");
        TestHttp.Response approved = ops.postJson("/api/v1/vee/findings/" + sumCheck + "/resolution",
                Map.of("reason", "Register reset during meter test, intervals are right"));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("status").asString()).isEqualTo("RESOLVED");
        assertThat(approved.json().get("resolvedBy").asString()).isEqualTo(Fixtures.ADMIN);
        assertThat(ops.postJson("/api/v1/vee/findings/" + sumCheck + "/resolution", Map.of("reason", "again, twice"))
                .status()).isEqualTo(409);
        assertThat(ops.postJson("/api/v1/vee/findings/" + sumCheck + "/resolution", Map.of("reason", "")).json()
                .get("errors").findValuesAsString("field")).contains("reason");
        assertThat(ops.postJson("/api/v1/vee/findings/999999999/resolution", Map.of("reason", "no such finding"))
                .status()).isEqualTo(404);

        // A billing user corrects the spike.
        String billing = Fixtures.staffUser(port, "bill", List.of("BILLING"));
        TestHttp user = TestHttp.staffApi(port, billing, Fixtures.password(billing));
        TestHttp.Response bad = user.postJson("/api/v1/meters/" + serial + "/intervals/edits", Map.of("channel", "KWH_IMPORT",
                "day", day.toString(), "reason", "ok", "values", List.of(Map.of("slot", 96, "value", -1))));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsString("field")).contains("reason");
        TestHttp.Response edit = user.postJson("/api/v1/meters/" + serial + "/intervals/edits", Map.of(
                "channel", "KWH_IMPORT", "day", day.toString(), "reason", "CT loose contact spike, site inspected",
                "values", List.of(Map.of("slot", 40, "value", new BigDecimal("0.100")))));
        assertThat(edit.status()).as(edit.body()).isEqualTo(201);

        JsonNode versions = user.get("/api/v1/meters/" + serial + "/intervals/versions?channel=KWH_IMPORT&day=" + day).json();
        JsonNode last = versions.get(versions.size() - 1);
        assertThat(last.get("createdBy").asString()).isEqualTo(billing);
        assertThat(last.get("reason").asString()).isEqualTo("CT loose contact spike, site inspected");
        assertThat(last.get("edited").asInt()).isEqualTo(1);
        assertThat(intervals.asReceived(serial, Channel.KWH_IMPORT, day).orElseThrow()).isEqualTo(received);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE actor = ? AND action = ?")
                .params(billing, "POST /api/v1/meters/" + serial + "/intervals/edits").query(Long.class).single())
                .isEqualTo(2); // the refused attempt and the edit

        // The edit closes the spike's exception, and the day's new outcome reaches downstream modules as a revision.
        long spike = id(findings, "SpikeCheck");
        JsonNode closed = Eventually.await(Duration.ofSeconds(15), () -> finding(ops, serial, day, spike),
                f -> f.get("status").asString().equals("RESOLVED"));
        assertThat(closed.get("resolvedBy").asString()).isEqualTo(billing);
        assertThat(closed.get("resolution").asString()).contains("CT loose contact spike");
        DailyDataValidated revised = Eventually.await(Duration.ofSeconds(15), () -> committed.validated(serial).stream()
                .filter(DailyDataValidated::revision).findFirst().orElse(null), e -> e != null);
        assertThat(revised.kWh()).isEqualByComparingTo("9.600");
        assertThat(revised.edited()).isEqualTo(1);

        // The next VEE run keeps the person's edit, and does not reopen what people closed.
        ops.postJson("/api/v1/vee/runs", Map.of("day", day.toString(), "meterSerialNos", List.of(serial)));
        DaySeries current = intervals.current(serial, Channel.KWH_IMPORT, day).orElseThrow();
        assertThat(current.values()[40]).isEqualTo(100);
        assertThat(IntervalFlags.has(current.flags()[40], IntervalFlags.EDITED)).isTrue();
        assertThat(ops.get("/api/v1/vee/findings?meter=" + serial + "&day=" + day + "&status=OPEN").json()
                .findValuesAsString("rule")).doesNotContain("SpikeCheck", "SumCheck");

        // A viewer may not edit.
        String viewer = Fixtures.staffUser(port, "vw", List.of("VIEWER"));
        assertThat(TestHttp.staffApi(port, viewer, Fixtures.password(viewer)).postJson("/api/v1/meters/" + serial
                + "/intervals/edits", Map.of("channel", "KWH_IMPORT", "day", day.toString(), "reason", "trying it",
                "values", List.of(Map.of("slot", 1, "value", 1)))).status()).isEqualTo(403);
    }

    private static long id(JsonNode findings, String rule) {
        for (JsonNode f : findings) {
            if (f.get("rule").asString().equals(rule)) {
                return f.get("id").asLong();
            }
        }
        throw new AssertionError("no " + rule + " finding in " + findings);
    }

    private static JsonNode finding(TestHttp ops, String serial, LocalDate day, long id) {
        for (JsonNode f : ops.get("/api/v1/vee/findings?meter=" + serial + "&day=" + day).json()) {
            if (f.get("id").asLong() == id) {
                return f;
            }
        }
        throw new AssertionError("finding " + id + " is gone");
    }
}
