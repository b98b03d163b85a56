package org.urja.mdms.network;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.ReferenceHes;
import org.urja.hes.contract.NetworkChange;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** UC11.2: the HES reports metering network changes to the MDM over the HES contract (JSON over HTTP). */
@UrjaIntegrationTest
class UC11NetworkChangeTests {

    @LocalServerPort
    int port;

    @Test
    void uc11_2_hesNetworkChangesAreAppliedIdempotentlyWithHistory() {
        TestNetwork net = TestNetwork.create(port);
        TestHttp hes = TestHttp.hes(port, Fixtures.HES_KEY);
        TestHttp staff = Fixtures.admin(port);
        String meter = net.code("M1");

        // New DCU at DT2.
        var dcu = hes.postJson("/api/v1/hes/network-changes", Map.of("messageId", net.code("msg-1"),
                "changeType", "DcuAdded", "occurredAt", "2026-01-05T09:00:00+05:30", "dcuCode", net.code("DCU3"),
                "dtCode", net.code("DT2")));
        assertThat(dcu.status()).as(dcu.body()).isEqualTo(201);

        // New installation of a consumer meter at DT1 via DCU1, at service point SP1.
        Map<String, Object> install = message(net.code("msg-2"), "MeterInstalled", "2026-01-10T10:00:00+05:30");
        install.put("meter", nameplate(meter, "SINGLE_PHASE_WC", true, "RF_MESH", "CONSUMER"));
        install.put("dtCode", net.code("DT1"));
        install.put("dcuCode", net.code("DCU1"));
        install.put("servicePointCode", net.code("SP1"));
        install.put("initialReadingKwh", 12.5);
        var installed = hes.postJson("/api/v1/hes/network-changes", install);
        assertThat(installed.status()).as(installed.body()).isEqualTo(201);
        assertThat(installed.json().get("duplicate").asBoolean()).isFalse();

        // The HES re-sends the same message (lost acknowledgement): harmless, same outcome, nothing doubled.
        var again = hes.postJson("/api/v1/hes/network-changes", install);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("duplicate").asBoolean()).isTrue();
        assertThat(again.json().get("result").asString()).isEqualTo(installed.json().get("result").asString());
        assertThat(staff.get("/api/v1/meters/" + meter + "/placements").json()).hasSize(1);

        // Same message id with other content is a conflict, not a silent overwrite.
        Map<String, Object> tampered = new HashMap<>(install);
        tampered.put("dtCode", net.code("DT2"));
        var conflict = hes.postJson("/api/v1/hes/network-changes", tampered);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().get("errors").get(0).get("field").asString()).isEqualTo("messageId");

        // Query API: path to circle, meters under DT and under feeder, consumer link.
        JsonNode view = staff.get("/api/v1/meters/" + meter).json();
        assertThat(view.get("path").findValuesAsString("code"))
                .containsExactly(net.code("C"), net.code("D"), net.code("SD"), net.code("SS"), net.code("F1"), net.code("DT1"));
        assertThat(view.get("currentPlacement").get("dcuCode").asString()).isEqualTo(net.code("DCU1"));
        assertThat(view.get("consumerNo").asString()).isEqualTo(net.code("K1"));
        assertThat(serials(staff.get("/api/v1/network/nodes/" + net.code("F1") + "/meters"))).containsExactly(meter);

        // Meter moved to DT2 (another feeder) and DCU3.
        Map<String, Object> move = message(net.code("msg-3"), "MeterMoved", "2026-02-01T08:00:00+05:30");
        move.put("meterSerialNo", meter);
        move.put("dtCode", net.code("DT2"));
        move.put("dcuCode", net.code("DCU3"));
        assertThat(hes.postJson("/api/v1/hes/network-changes", move).status()).isEqualTo(201);
        assertThat(serials(staff.get("/api/v1/network/nodes/" + net.code("F1") + "/meters"))).isEmpty();
        assertThat(serials(staff.get("/api/v1/network/nodes/" + net.code("F2") + "/meters"))).containsExactly(meter);
        assertThat(serials(staff.get("/api/v1/network/dcus/" + net.code("DCU3") + "/meters"))).containsExactly(meter);
        JsonNode placements = staff.get("/api/v1/meters/" + meter + "/placements").json();
        assertThat(placements).hasSize(2);
        assertThat(placements.get(0).get("nodeCode").asString()).isEqualTo(net.code("DT1"));
        assertThat(placements.get(0).get("validTo").isNull()).isFalse();
        assertThat(placements.get(1).get("nodeCode").asString()).isEqualTo(net.code("DT2"));
        assertThat(placements.get(1).get("validTo").isNull()).isTrue();

        // Meter replaced: the new meter takes the place and the service point; history of both is kept.
        String newMeter = net.code("M2");
        Map<String, Object> replace = message(net.code("msg-4"), "MeterReplaced", "2026-03-01T11:00:00+05:30");
        replace.put("meterSerialNo", meter);
        replace.put("meter", nameplate(newMeter, "THREE_PHASE_WC", true, "RF_MESH", "CONSUMER"));
        replace.put("finalReadingKwh", 812.25);
        replace.put("initialReadingKwh", 0.5);
        var replaced = hes.postJson("/api/v1/hes/network-changes", replace);
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(201);
        assertThat(serials(staff.get("/api/v1/network/nodes/" + net.code("DT2") + "/meters"))).containsExactly(newMeter);
        JsonNode spHistory = staff.get("/api/v1/service-points/" + net.code("SP1") + "/installations").json();
        assertThat(spHistory.findValuesAsString("meterSerialNo")).containsExactly(meter, newMeter);
        assertThat(spHistory.get(0).get("finalReadingKwh").decimalValue()).isEqualByComparingTo("812.25");
        assertThat(staff.get("/api/v1/meters/" + meter).json().get("currentPlacement").isNull()).isTrue();
        assertThat(staff.get("/api/v1/meters/" + newMeter).json().get("consumerNo").asString()).isEqualTo(net.code("K1"));

        // DCU removed once no meter reports through it.
        Map<String, Object> removeDcu = message(net.code("msg-5"), "DcuRemoved", "2026-03-02T11:00:00+05:30");
        removeDcu.put("dcuCode", net.code("DCU2"));
        assertThat(hes.postJson("/api/v1/hes/network-changes", removeDcu).status()).isEqualTo(201);
        JsonNode dcus = staff.get("/api/v1/network/dcus?limit=10000").json();
        for (JsonNode d : dcus) {
            if (d.get("code").asString().equals(net.code("DCU2"))) {
                assertThat(d.get("active").asBoolean()).isFalse();
            }
        }
    }

    @Test
    void uc11_2_invalidReferencesAreRejectedAndChangeNothing() {
        TestNetwork net = TestNetwork.create(port);
        TestHttp hes = TestHttp.hes(port, Fixtures.HES_KEY);
        TestHttp staff = Fixtures.admin(port);
        String meter = net.code("M1");

        // Unknown DCU.
        Map<String, Object> install = message(net.code("bad-1"), "MeterInstalled", "2026-01-10T10:00:00+05:30");
        install.put("meter", nameplate(meter, "SINGLE_PHASE_WC", true, "RF_MESH", "CONSUMER"));
        install.put("dtCode", net.code("DT1"));
        install.put("dcuCode", net.code("NO-SUCH-DCU"));
        install.put("servicePointCode", net.code("SP1"));
        assertProblem(hes.postJson("/api/v1/hes/network-changes", install), 422, "dcuCode");
        assertThat(staff.get("/api/v1/meters/" + meter).status()).isEqualTo(404);

        // Unknown DT; DCU given where a DT is expected.
        install.put("dcuCode", net.code("DCU1"));
        install.put("dtCode", net.code("NO-SUCH-DT"));
        assertProblem(hes.postJson("/api/v1/hes/network-changes", install), 422, "dtCode");
        install.put("dtCode", net.code("F1"));
        assertProblem(hes.postJson("/api/v1/hes/network-changes", install), 422, "dtCode");

        // A CT-operated meter cannot have a disconnect relay.
        install.put("dtCode", net.code("DT1"));
        install.put("meter", nameplate(meter, "LT_CT", true, "RF_MESH", "CONSUMER"));
        assertProblem(hes.postJson("/api/v1/hes/network-changes", install), 422, "meter.relayCapable");

        // Missing and malformed fields are named.
        assertProblem(hes.postJson("/api/v1/hes/network-changes", Map.of("changeType", "MeterInstalled",
                "occurredAt", "2026-01-10T10:00:00+05:30")), 400, "messageId");
        assertProblem(hes.postJson("/api/v1/hes/network-changes", Map.of("messageId", "x", "changeType", "MeterInstalled",
                "occurredAt", "yesterday")), 400, "occurredAt");
        assertThat(staff.get("/api/v1/meters/" + meter).status()).isEqualTo(404);

        // The same (corrected) message id is then accepted: rejected messages were not recorded as applied.
        install.put("meter", nameplate(meter, "SINGLE_PHASE_WC", true, "RF_MESH", "CONSUMER"));
        assertThat(hes.postJson("/api/v1/hes/network-changes", install).status()).isEqualTo(201);

        // Meter already installed elsewhere.
        Map<String, Object> twice = new HashMap<>(install);
        twice.put("messageId", net.code("bad-2"));
        twice.put("dtCode", net.code("DT2"));
        twice.put("dcuCode", net.code("DCU2"));
        twice.put("servicePointCode", net.code("SP2"));
        assertProblem(hes.postJson("/api/v1/hes/network-changes", twice), 409, "meter.serialNo");

        // Service point already served by another meter.
        Map<String, Object> spTaken = new HashMap<>(install);
        spTaken.put("messageId", net.code("bad-3"));
        spTaken.put("meter", nameplate(net.code("M9"), "SINGLE_PHASE_WC", true, "CELLULAR", "CONSUMER"));
        spTaken.remove("dcuCode");
        assertProblem(hes.postJson("/api/v1/hes/network-changes", spTaken), 409, "servicePointCode");
        assertThat(staff.get("/api/v1/meters/" + net.code("M9")).status()).isEqualTo(404);

        // Removing a DCU that still serves a meter; moving to a time before the current placement.
        Map<String, Object> removeDcu = message(net.code("bad-4"), "DcuRemoved", "2026-02-01T10:00:00+05:30");
        removeDcu.put("dcuCode", net.code("DCU1"));
        assertProblem(hes.postJson("/api/v1/hes/network-changes", removeDcu), 409, "dcuCode");
        Map<String, Object> backInTime = message(net.code("bad-5"), "MeterMoved", "2025-12-31T10:00:00+05:30");
        backInTime.put("meterSerialNo", meter);
        backInTime.put("dtCode", net.code("DT2"));
        backInTime.put("dcuCode", net.code("DCU2"));
        assertProblem(hes.postJson("/api/v1/hes/network-changes", backInTime), 409, "occurredAt");

        // Nothing of the rejected messages reached the registry.
        JsonNode placements = staff.get("/api/v1/meters/" + meter + "/placements").json();
        assertThat(placements).hasSize(1);
        assertThat(placements.get(0).get("nodeCode").asString()).isEqualTo(net.code("DT1"));
        assertThat(placements.get(0).get("dcuCode").asString()).isEqualTo(net.code("DCU1"));

        // Only the HES may send network changes: no key, a wrong key, or staff credentials are refused.
        assertThat(TestHttp.browser(port).postJson("/api/v1/hes/network-changes", install).status()).isEqualTo(401);
        assertThat(TestHttp.hes(port, "wrong-key").postJson("/api/v1/hes/network-changes", install).status()).isEqualTo(401);
        assertThat(staff.postJson("/api/v1/hes/network-changes", install).status()).isEqualTo(401);
    }

    @Test
    void uc11_1_fieldInstallationIsReportedByTheReferenceHes() {
        TestNetwork net = TestNetwork.create(port);
        ReferenceHes hes = TestHes.get(port);
        String serial = net.code("FIELD1");
        // A meter joins the RF mesh under DCU1 (UC11.1); the HES reports it to the MDM, signed (UC11.2).
        int status = hes.reportNetworkChange(new NetworkChange(net.code("hes-net-1"), "MeterInstalled",
                java.time.Instant.parse("2026-02-01T10:00:00Z"),
                new NetworkChange.Nameplate(serial, "HPL", "SINGLE_PHASE_WC", "6.0", java.math.BigDecimal.ONE, 30,
                        "PREPAID", true, "RF_MESH", "CONSUMER"),
                null, net.code("DT1"), null, net.code("DCU1"), net.code("SP3"), null, java.math.BigDecimal.ZERO));
        assertThat(status).isEqualTo(201);
        JsonNode view = Fixtures.admin(port).get("/api/v1/meters/" + serial).json();
        assertThat(view.get("currentPlacement").get("dcuCode").asString()).isEqualTo(net.code("DCU1"));
        assertThat(view.get("consumerNo").asString()).isEqualTo(net.code("K3"));
        assertThat(view.get("meter").get("intervalMinutes").asInt()).isEqualTo(30);
    }

    private static void assertProblem(TestHttp.Response r, int status, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.json().get("errors").findValuesAsString("field")).as(r.body()).contains(field);
    }

    private static Map<String, Object> message(String id, String type, String at) {
        Map<String, Object> m = new HashMap<>();
        m.put("messageId", id);
        m.put("changeType", type);
        m.put("occurredAt", at);
        return m;
    }

    private static Map<String, Object> nameplate(String serial, String category, boolean relay, String comm, String role) {
        Map<String, Object> m = new HashMap<>();
        m.put("serialNo", serial);
        m.put("manufacturer", "Genus");
        m.put("category", category);
        m.put("firmwareVersion", "5.2.1");
        m.put("multiplier", 1);
        m.put("intervalMinutes", 15);
        m.put("paymentMode", "PREPAID");
        m.put("relayCapable", relay);
        m.put("commPath", comm);
        m.put("role", role);
        return m;
    }

    private static List<String> serials(TestHttp.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().findValuesAsString("serialNo");
    }
}
