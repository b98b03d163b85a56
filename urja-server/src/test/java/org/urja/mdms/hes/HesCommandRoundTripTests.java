package org.urja.mdms.hes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.ReferenceHes;
import org.urja.hes.contract.ControlOutcome;
import org.urja.hes.contract.ControlType;
import org.urja.hes.contract.EndDeviceControlResult;
import org.urja.hes.contract.EndDeviceControlResultsMessage;
import org.urja.hes.fleet.MeterCategory;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands over the contract (MDM → HES → meter → HES → MDM) end in SUCCEEDED, FAILED with the meter's reason, or
 * TIMED_OUT — reported by the HES when the meter is silent, or decided by the MDM when the HES never reports.
 * Includes UC10.1 (time synchronisation).
 */
@UrjaIntegrationTest
class HesCommandRoundTripTests {

    @LocalServerPort
    int port;

    @Autowired
    HesClient hesClient;

    @Test
    void commandOutcomesSucceededFailedAndTimedOut() {
        ReferenceHes hes = TestHes.get(port);
        VirtualMeter wholeCurrent = hes.fleet().meters().stream()
                .filter(m -> !m.silent() && m.spec().category().hasRelay()).findFirst().orElseThrow();
        VirtualMeter ctMeter = hes.fleet().meters().stream()
                .filter(m -> !m.silent() && !m.spec().category().hasRelay()).findFirst()
                .orElseThrow(() -> new AssertionError("the test fleet has a CT meter"));
        VirtualMeter silent = hes.fleet().meters().stream().filter(VirtualMeter::silent).findFirst().orElseThrow();

        // Disconnect a whole-current meter: acknowledged, then SUCCEEDED, and the meter's relay is open.
        var disconnect = hesClient.sendControl(wholeCurrent.spec().serialNo(), ControlType.DISCONNECT, Map.of(), "test-operator");
        assertThat(disconnect.status()).isEqualTo("ACKNOWLEDGED");
        assertThat(outcome(disconnect.correlationId())).isEqualTo("SUCCEEDED");
        assertThat(wholeCurrent.relayConnected()).isFalse();
        var reconnect = hesClient.sendControl(wholeCurrent.spec().serialNo(), ControlType.CONNECT, Map.of(), "test-operator");
        assertThat(outcome(reconnect.correlationId())).isEqualTo("SUCCEEDED");
        assertThat(wholeCurrent.relayConnected()).isTrue();

        // A CT-operated meter has no relay: FAILED with the meter's reason.
        assertThat(ctMeter.spec().category()).isIn(MeterCategory.LT_CT, MeterCategory.HT_CT);
        var ct = hesClient.sendControl(ctMeter.spec().serialNo(), ControlType.DISCONNECT, Map.of(), "test-operator");
        assertThat(outcome(ct.correlationId())).isEqualTo("FAILED");
        assertThat(hesClient.find(ct.correlationId()).orElseThrow().outcomeReason()).containsIgnoringCase("relay");

        // UC10.1: time synchronisation of a meter.
        var sync = hesClient.sendControl(wholeCurrent.spec().serialNo(), ControlType.TIME_SYNC, Map.of(), "clock-job");
        assertThat(outcome(sync.correlationId())).isEqualTo("SUCCEEDED");

        // UC8.1–8.3: firmware upgrade and configuration change, with status back to the MDM.
        var firmware = hesClient.sendControl(wholeCurrent.spec().serialNo(), ControlType.FIRMWARE_UPGRADE,
                Map.of("firmwareVersion", "7.1.0"), "firmware-campaign");
        assertThat(outcome(firmware.correlationId())).isEqualTo("SUCCEEDED");
        assertThat(wholeCurrent.firmwareVersion()).isEqualTo("7.1.0");
        var limit = hesClient.sendControl(wholeCurrent.spec().serialNo(), ControlType.SET_LOAD_LIMIT,
                Map.of("loadLimitKw", "4.5"), "test-operator");
        assertThat(outcome(limit.correlationId())).isEqualTo("SUCCEEDED");
        assertThat(wholeCurrent.loadLimitKw()).isEqualTo(4.5);

        // UC13.5–13.6 / UC14.6–14.7: payment mode switched by engineering token; UC17.5: credit pushed to a prepaid meter.
        var toPrepaid = hesClient.sendControl(wholeCurrent.spec().serialNo(), ControlType.SET_PAYMENT_MODE,
                Map.of("paymentMode", "PREPAID", "engineeringToken", "ET-12345"), "migration");
        assertThat(outcome(toPrepaid.correlationId())).isEqualTo("SUCCEEDED");
        assertThat(wholeCurrent.paymentMode().name()).isEqualTo("PREPAID");
        var credit = hesClient.sendControl(wholeCurrent.spec().serialNo(), ControlType.UPDATE_CREDIT,
                Map.of("creditRupees", "512.50"), "prepaid-engine");
        assertThat(outcome(credit.correlationId())).isEqualTo("SUCCEEDED");
        assertThat(wholeCurrent.credit()).isEqualByComparingTo("512.50");
        var noToken = hesClient.sendControl(wholeCurrent.spec().serialNo(), ControlType.SET_PAYMENT_MODE,
                Map.of("paymentMode", "POSTPAID"), "migration");
        assertThat(noToken.status()).isEqualTo("REJECTED");
        assertThat(noToken.statusReason()).contains("engineeringToken");

        // A silent meter: the HES reports TIMED_OUT.
        var ping = hesClient.sendControl(silent.spec().serialNo(), ControlType.PING, Map.of(), "oms");
        assertThat(outcome(ping.correlationId())).isEqualTo("TIMED_OUT");

        // Bad parameters and unknown meters are rejected in the acknowledgement.
        var badLimit = hesClient.sendControl(wholeCurrent.spec().serialNo(), ControlType.SET_LOAD_LIMIT,
                Map.of("loadLimitKw", "lots"), "test-operator");
        assertThat(badLimit.status()).isEqualTo("REJECTED");
        assertThat(hesClient.sendControl("NO-SUCH-METER", ControlType.PING, Map.of(), "oms").status()).isEqualTo("REJECTED");

        // The HES acknowledges but never reports: the MDM times the command out itself.
        hes.dropCommandOutcomes(true);
        try {
            var lost = hesClient.sendControl(wholeCurrent.spec().serialNo(), ControlType.PING, Map.of(), "oms");
            assertThat(lost.status()).isEqualTo("ACKNOWLEDGED");
            assertThat(outcome(lost.correlationId())).isEqualTo("TIMED_OUT");
            assertThat(hesClient.find(lost.correlationId()).orElseThrow().outcomeReason()).contains("no outcome from the HES");

            // The HES's real outcome arriving late replaces the timeout the MDM decided.
            var late = new EndDeviceControlResultsMessage(Fixtures.unique("hes-late-"), Instant.now(), List.of(
                    new EndDeviceControlResult(lost.correlationId(), wholeCurrent.spec().serialNo(), ControlType.PING,
                            ControlOutcome.SUCCEEDED, null, Instant.now(), Map.of())));
            assertThat(TestHttp.signedHes(port, Fixtures.HES_KEY_ID, Fixtures.HES_SECRET)
                    .postJson("/api/v1/hes/end-device-control-results", late).status()).isEqualTo(202);
            assertThat(hesClient.find(lost.correlationId()).orElseThrow().outcome()).isEqualTo("SUCCEEDED");
        } finally {
            hes.dropCommandOutcomes(false);
        }
    }

    private String outcome(String correlationId) {
        return Eventually.await(Duration.ofSeconds(15),
                () -> hesClient.find(correlationId).orElseThrow(), r -> "COMPLETED".equals(r.status())).outcome();
    }
}
