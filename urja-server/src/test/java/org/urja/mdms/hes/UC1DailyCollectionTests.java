package org.urja.mdms.hes;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.hes.ReferenceHes;
import org.urja.hes.contract.ContractSchema;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.support.StoredMessages;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UC1.1–1.3: the reference HES pulls the daily profile of every meter on schedule, retries the meters that did not
 * answer in time, and pushes what it collected to the MDM, which stores each message once.
 */
@UrjaIntegrationTest
class UC1DailyCollectionTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    InboundMessages inbound;

    @Test
    void uc1_1to1_3_scheduledDailyCollectionWithRetriesReachesTheMdm() {
        ReferenceHes hes = TestHes.get(port);
        LocalDate day = LocalDate.of(2026, 3, 2);
        var report = hes.collectDaily(day);

        Set<String> silent = serials(hes, VirtualMeter::silent);
        Set<String> late = serials(hes, m -> !m.silent() && m.answersLate(day));
        assertThat(late).as("the test fleet has late meters").isNotEmpty();
        int fleetSize = hes.fleet().meters().size();
        assertThat(report.meters()).isEqualTo(fleetSize);
        assertThat(report.answeredAfterRetry()).isEqualTo(late.size());          // UC1.2: retried, then answered
        assertThat(report.answeredFirstAttempt()).isEqualTo(fleetSize - late.size() - silent.size());
        assertThat(report.unanswered()).containsExactlyInAnyOrderElementsOf(silent);
        assertThat(report.messagesRefused()).isZero();

        // UC1.3: every answering meter's block load and midnight snapshot reached the MDM, each message stored once.
        List<String> messageIds = jdbc.sql("SELECT message_id FROM hes_inbound_message WHERE message_id LIKE ?")
                .param("hes1-daily-" + day + "-%").query(String.class).list();
        assertThat(messageIds).isNotEmpty();
        assertThat(report.messagesSent()).as("duplicating meters made the HES send some messages twice")
                .isGreaterThan(messageIds.size());
        Set<String> reported = jdbc.sql("""
                        SELECT DISTINCT unnest(meter_serials) FROM hes_inbound_message WHERE message_id LIKE ?""")
                .param("hes1-daily-" + day + "-%").query(String.class).list().stream().collect(Collectors.toSet());
        Set<String> expected = hes.fleet().meters().stream().map(m -> m.spec().serialNo())
                .filter(s -> !silent.contains(s)).collect(Collectors.toSet());
        assertThat(reported).isEqualTo(expected);

        // The stored messages are contract messages: a 15-min meter that missed nothing sent 96 intervals per channel.
        JsonNode message = Fixtures.admin(port).get("/api/v1/hes-exchange/inbound/" + messageIds.get(0)).json();
        assertThat(ContractSchema.problems("MeterReadingsMessage", message)).isEmpty();
        VirtualMeter complete = hes.fleet().meters().stream()
                .filter(m -> !m.silent() && m.spec().intervalMinutes() == 15
                        && m.firstReadBlockLoad(day.atStartOfDay(java.time.ZoneOffset.ofHoursMinutes(5, 30)).toInstant(),
                        day.plusDays(1).atStartOfDay(java.time.ZoneOffset.ofHoursMinutes(5, 30)).toInstant()).size() == 96)
                .findFirst().orElseThrow();
        List<Integer> intervals = StoredMessages.blockSizes(
                StoredMessages.meterReadings(jdbc, inbound, "message_id LIKE ?", "hes1-daily-" + day + "-%"),
                complete.spec().serialNo(), "interval.kWh.import");
        assertThat(intervals).containsExactly(96);

        // Running the same collection again: block load is incremental, so no interval is sent twice, and nothing is
        // refused.
        var rerun = hes.collectDaily(day);
        assertThat(rerun.messagesRefused()).isZero();
        assertThat(rerun.intervalsSent()).isZero();
    }

    @Test
    void uc1_2_collectionIsIncrementalToThePreviousRead() {
        ReferenceHes hes = TestHes.get(port);
        LocalDate day = LocalDate.of(2026, 3, 6);
        java.time.ZoneOffset ist = java.time.ZoneOffset.ofHoursMinutes(5, 30);
        java.time.Instant noon = day.atTime(12, 0).toInstant(ist);
        VirtualMeter meter = hes.fleet().meters().stream()
                .filter(m -> !m.silent() && !m.answersLate(day) && m.spec().intervalMinutes() == 15
                        && m.firstReadBlockLoad(day.atStartOfDay(ist).toInstant(), day.plusDays(1).atStartOfDay(ist).toInstant())
                        .size() == 96)
                .findFirst().orElseThrow();
        hes.collectIncremental(noon);
        hes.collectDaily(day);
        // The morning went in the intraday read; the daily read carried only what came after it.
        List<Integer> sizes = StoredMessages.blockSizes(StoredMessages.meterReadings(jdbc, inbound,
                        "message_id LIKE ? OR message_id LIKE ?", "hes1-incremental-" + noon.getEpochSecond() + "-%",
                        "hes1-daily-" + day + "-%"),
                meter.spec().serialNo(), "interval.kWh.import");
        assertThat(sizes).containsExactly(48, 48);
    }

    static Set<String> serials(ReferenceHes hes, java.util.function.Predicate<VirtualMeter> filter) {
        return hes.fleet().meters().stream().filter(filter).map(m -> m.spec().serialNo()).collect(Collectors.toSet());
    }
}
