package org.urja.mdms.command;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.contract.ControlType;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.command.CommandTestSupport.awaitFinal;
import static org.urja.mdms.command.CommandTestSupport.issue;

/**
 * Configuration and housekeeping commands through the staff API: load limit, demand integration and profile capture
 * periods, register resets, event priority (UC8.2) with their status back in the MDM (UC8.3), firmware (UC8.1), time
 * synchronisation (UC10.1), payment-mode switch (UC13.5/14.6) and credit update (UC17.5). The meter's state in the MDM
 * takes each value only once the HES confirmed it.
 */
@UrjaIntegrationTest
class CommandConfigurationTests {

    @LocalServerPort
    int port;

    @Autowired
    CommittedEvents committed;

    @Test
    void uc8_2to8_3_configurationChangesAreConfirmedIntoTheMetersState() {
        TestHttp ops = CommandTestSupport.operator(port);
        VirtualMeter meter = CommandTestSupport.liveRelayMeter(port, 16);
        String serial = meter.spec().serialNo();

        long limit = succeed(ops, ControlType.SET_LOAD_LIMIT, serial, Map.of("loadLimitKw", "4.50"));
        assertThat(meter.loadLimitKw()).isEqualTo(4.5);
        succeed(ops, ControlType.SET_DEMAND_INTEGRATION_PERIOD, serial, Map.of("minutes", "30"));
        succeed(ops, ControlType.SET_PROFILE_CAPTURE_PERIOD, serial, Map.of("minutes", String.valueOf(
                meter.spec().intervalMinutes())));
        succeed(ops, ControlType.RESET_MAX_DEMAND, serial, Map.of());
        succeed(ops, ControlType.RESET_TAMPER, serial, Map.of());
        succeed(ops, ControlType.SET_EVENT_PRIORITY, serial, Map.of("eventCode", "201", "highPriority", "true"));
        succeed(ops, ControlType.FIRMWARE_UPGRADE, serial, Map.of("firmwareVersion", "7.2.1"));
        assertThat(meter.firmwareVersion()).isEqualTo("7.2.1");

        JsonNode state = ops.get("/api/v1/meters/" + serial + "/state").json().get("properties");
        assertThat(state.get("loadLimitKw").get("value").asString()).isEqualTo("4.5");
        assertThat(state.get("loadLimitKw").get("commandId").asLong()).isEqualTo(limit);
        assertThat(state.get("demandIntegrationMinutes").get("value").asString()).isEqualTo("30");
        assertThat(state.get("profileCaptureMinutes").get("value").asString())
                .isEqualTo(String.valueOf(meter.spec().intervalMinutes()));
        assertThat(state.has("lastMaxDemandReset")).isTrue();
        assertThat(state.has("lastTamperReset")).isTrue();
        assertThat(state.get("eventPriority.201").get("value").asString()).isEqualTo("HIGH");
        assertThat(state.get("firmwareVersion").get("value").asString()).isEqualTo("7.2.1");
        Eventually.await(Duration.ofSeconds(5), () -> committed.of(MeterStateChanged.class), events -> events.stream()
                .anyMatch(e -> e.commandId() == limit && "4.5".equals(e.changed().get("loadLimitKw"))));
    }

    @Test
    void uc10_1_timeSynchronisationIsRecordedAsTheMetersLastTimeSync() {
        TestHttp ops = CommandTestSupport.operator(port);
        String serial = CommandTestSupport.liveRelayMeter(port, 17).spec().serialNo();
        long id = succeed(ops, ControlType.TIME_SYNC, serial, Map.of());
        JsonNode sync = ops.get("/api/v1/meters/" + serial + "/state").json().get("properties").get("lastTimeSync");
        assertThat(sync.get("commandId").asLong()).isEqualTo(id);
        assertThat(sync.get("value").asString()).isNotBlank();
    }

    @Test
    void uc13_5_uc17_5_paymentModeSwitchAndCreditUpdateAreConfirmedIntoTheMetersState() {
        TestHttp ops = CommandTestSupport.operator(port);
        VirtualMeter meter = CommandTestSupport.liveRelayMeter(port, 18);
        String serial = meter.spec().serialNo();
        String original = meter.paymentMode().name();
        String other = original.equals("PREPAID") ? "POSTPAID" : "PREPAID";
        succeed(ops, ControlType.SET_PAYMENT_MODE, serial, Map.of("paymentMode", other, "engineeringToken", "ET-1"));
        assertThat(meter.paymentMode().name()).isEqualTo(other);
        succeed(ops, ControlType.SET_PAYMENT_MODE, serial, Map.of("paymentMode", "PREPAID", "engineeringToken", "ET-2"));
        succeed(ops, ControlType.UPDATE_CREDIT, serial, Map.of("creditRupees", "512.5"));
        JsonNode state = ops.get("/api/v1/meters/" + serial + "/state").json().get("properties");
        assertThat(state.get("paymentMode").get("value").asString()).isEqualTo("PREPAID");
        assertThat(state.get("creditRupees").get("value").asString()).isEqualTo("512.50");
        assertThat(meter.credit()).isEqualByComparingTo("512.50");
        if (original.equals("POSTPAID")) {
            succeed(ops, ControlType.SET_PAYMENT_MODE, serial, Map.of("paymentMode", "POSTPAID", "engineeringToken", "ET-3"));
        }
    }

    private static long succeed(TestHttp ops, ControlType type, String serial, Map<String, String> parameters) {
        long id = issue(ops, type, serial, "configuration campaign", parameters).get("id").asLong();
        JsonNode done = awaitFinal(ops, id);
        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        return id;
    }
}
