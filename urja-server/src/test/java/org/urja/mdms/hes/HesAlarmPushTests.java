package org.urja.mdms.hes;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.hes.ReferenceHes;
import org.urja.hes.fleet.MeterEvent;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.UrjaIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UC5.1–5.2 and UC7.1–7.2 (transport): tamper and power-failure events are pushed by the HES as they occur and
 * stored by the MDM; pushing the same period again stores nothing twice. (Acting on them is the events issue.)
 */
@UrjaIntegrationTest
class HesAlarmPushTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void uc5_1to5_2_and_uc7_1to7_2_highPriorityEventsArePushedAsTheyOccur() {
        ReferenceHes hes = TestHes.get(port);
        Instant from = Instant.parse("2026-02-05T18:30:00Z");
        Instant to = Instant.parse("2026-02-12T18:30:00Z");
        List<MeterEvent> expected = hes.fleet().meters().stream()
                .flatMap((VirtualMeter m) -> m.events(from, to).stream()).filter(MeterEvent::highPriority).toList();
        assertThat(expected).extracting(MeterEvent::code).as("tamper and outage in the test fleet").contains(101, 102)
                .anyMatch(code -> code >= 201 && code <= 251);

        int pushed = hes.pushAlarms(from, to);
        assertThat(pushed).isEqualTo(expected.size());
        List<Integer> stored = jdbc.sql("""
                        SELECT (e ->> 'eventCode')::int FROM hes_inbound_message, jsonb_array_elements(payload -> 'endDeviceEvents') e
                        WHERE noun = 'EndDeviceEvents' AND message_id LIKE ?""")
                .param("hes1-alarms-" + from.getEpochSecond() + "-" + to.getEpochSecond() + "-%").query(Integer.class).list();
        assertThat(stored).containsExactlyInAnyOrderElementsOf(expected.stream().map(MeterEvent::code).toList());

        hes.pushAlarms(from, to);
        assertThat(jdbc.sql("SELECT count(*) FROM hes_inbound_message WHERE message_id LIKE ?")
                .param("hes1-alarms-" + from.getEpochSecond() + "-" + to.getEpochSecond() + "-%").query(Long.class).single())
                .isEqualTo((expected.size() + 199) / 200);
    }
}
