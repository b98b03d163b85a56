package org.urja.mdms.migration;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.ReferenceHes;
import org.urja.hes.fleet.PaymentMode;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.network.ServiceHistory;
import org.urja.mdms.reading.IntervalData;
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.HesReadings;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import org.urja.mdms.workorder.MeterInstallationReported;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.migration.MigrationFixtures.awaitState;
import static org.urja.mdms.migration.MigrationFixtures.field;
import static org.urja.mdms.migration.MigrationFixtures.steps;
import static org.urja.mdms.migration.MigrationFixtures.trail;
import static org.urja.mdms.migration.MigrationFixtures.trailOfRetries;

/**
 * UC13: a postpaid consumer moved to prepaid, end to end through the migration API, the work-order API, the command
 * service and the reference HES over HTTP, with the wallet, the network registry and the meter itself checked.
 */
@UrjaIntegrationTest
class UC13PostpaidToPrepaidMigrationTests {

    @LocalServerPort
    int port;

    @Autowired
    ServiceHistory history;

    @Autowired
    CommittedEvents committed;

    @Autowired
    IntervalData intervalData;

    @Autowired
    AuditTrail audit;

    @Test
    void uc13_1to13_9_postpaidConsumerWithoutMeterChangeBecomesPrepaid() {
        ReferenceHes hes = TestHes.get(port);
        VirtualMeter meter = MigrationFixtures.unregisteredFleetMeter(port, PaymentMode.POSTPAID);
        String serial = meter.spec().serialNo();
        String p = Fixtures.unique("MA").toUpperCase() + "-";
        String consumer = MigrationFixtures.consumer(port, p, MigrationFixtures.meterRow(meter, p));
        TestHttp billing = MigrationFixtures.billing(port);
        TestHttp admin = Fixtures.admin(port);

        // UC13.1: CIS/CRM asks, with the prepaid profile: opening balance ₹500, postpaid arrears ₹120.
        TestHttp.Response created = billing.postJson("/api/v1/migrations", Map.of("reference", p + "CRM-1",
                "consumerNo", consumer, "targetMode", "PREPAID", "openingBalancePaise", 50_000, "arrearsPaise", 12_000));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.json().get("meterSerialNo").asString()).isEqualTo(serial);
        assertThat(created.json().get("servicePointCode").asString()).isEqualTo(p + "SP1");
        assertThat(created.json().get("tariffCategory").asString()).isEqualTo(p + "DOM");

        JsonNode done = awaitState(billing, id, "COMPLETED");
        assertThat(trailOfRetries(done)).containsExactly("13.1 DONE", "13.2 DONE", "13.3 SKIPPED", "13.4 SKIPPED", "13.5 DONE",
                "13.6 DONE", "13.7 DONE", "13.8 DONE", "13.9 DONE");
        done.get("steps").forEach(s -> assertThat(s.get("finishedAt").isNull()).isFalse());

        // UC13.2: the wallet's first entry is the opening balance, in paise; the arrears are carried, to be recovered as
        // a share (25 %) of each recharge rather than leaving the new prepaid consumer below zero on day one.
        JsonNode account = admin.get("/api/v1/prepaid/accounts/" + consumer).json();
        Map<String, Long> entries = new HashMap<>();
        account.get("entries").forEach(e -> entries.put(e.get("kind").asString(), e.get("amountPaise").asLong()));
        assertThat(entries).containsEntry("ADJUSTMENT", 50_000L).doesNotContainKey("ARREARS_RECOVERY");
        assertThat(account.get("balancePaise").asLong()).isEqualTo(50_000L);
        assertThat(account.get("arrearsOutstandingPaise").asLong()).isEqualTo(12_000L);

        // UC13.5–13.6: SET_PAYMENT_MODE PREPAID with an engineering token, confirmed by the meter.
        long commandId = steps(done, "PAYMENT_MODE_COMMAND").get(0).get("reference").asLong();
        JsonNode command = admin.get("/api/v1/commands/" + commandId).json();
        assertThat(command.get("type").asString()).isEqualTo("SET_PAYMENT_MODE");
        assertThat(command.get("parameters").get("paymentMode").asString()).isEqualTo("PREPAID");
        assertThat(command.get("parameters").get("engineeringToken").asString()).matches("[0-9]{20}");
        assertThat(command.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(command.get("requestedBy").asString()).isEqualTo("migration");
        assertThat(meter.paymentMode()).isEqualTo(PaymentMode.PREPAID);
        assertThat(admin.get("/api/v1/meters/" + serial + "/state").json().get("properties").get("paymentMode")
                .get("value").asString()).isEqualTo("PREPAID");

        // UC13.7–13.8: instantaneous, interval and event data read on demand reached the MDM.
        String correlationId = steps(done, "READ_REQUEST").get(0).get("reference").asString();
        JsonNode read = admin.get("/api/v1/hes-exchange/read-requests/" + correlationId).json();
        JsonNode outcome = read.get("meters").get(0);
        assertThat(outcome.get("state").asString()).isEqualTo("RECEIVED");
        assertThat(outcome.get("intervalReadings").asInt()).isPositive();
        assertThat(MigrationFixtures.steps(done, "READ_VERIFICATION").get(0).get("reference").asString())
                .isEqualTo(correlationId);

        // UC13.9: the registry says prepaid, and billing and CIS/CRM are told, with the switch-over reading.
        assertThat(admin.get("/api/v1/meters/" + serial).json().get("meter").get("paymentMode").asString())
                .isEqualTo("PREPAID");
        // … from now: a day from before the switch that arrives late is the consumer's postpaid day, for the bill,
        // not for the new wallet (a charging run of that day leaves it alone).
        LocalDate before = LocalDate.now(HesReadings.IST).minusDays(3);
        int slots = 1440 / meter.spec().intervalMinutes();
        HesReadings.send(port, List.of(HesReadings.day(serial, before, meter.spec().intervalMinutes(),
                HesReadings.flat(slots, "0.200"))));
        Eventually.await(java.time.Duration.ofSeconds(20), () -> intervalData.asReceived(serial,
                org.urja.mdms.reading.Channel.KWH_IMPORT, before).orElse(null), d -> d != null && d.presentCount() == slots);
        TestHttp.Response run = billing.postJson("/api/v1/prepaid/charging-runs", Map.of("day", before.toString()));
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        assertThat(run.json().get("notCharged").findValuesAsString("meterSerialNo")).doesNotContain(serial);
        JsonNode wallet = admin.get("/api/v1/prepaid/accounts/" + consumer).json();
        assertThat(wallet.get("entries").findValuesAsString("day")).doesNotContain(before.toString());
        assertThat(wallet.get("balancePaise").asLong()).isEqualTo(50_000L);
        assertThat(history.paymentMode(p + "SP1", before)).contains(org.urja.mdms.network.PaymentMode.POSTPAID);
        assertThat(history.paymentMode(p + "SP1", LocalDate.now(HesReadings.IST)))
                .contains(org.urja.mdms.network.PaymentMode.PREPAID);
        MigrationCompleted event = Eventually.await(java.time.Duration.ofSeconds(5), () -> committed
                .of(MigrationCompleted.class).stream().filter(e -> e.migrationId() == id).findFirst().orElse(null),
                e -> e != null);
        assertThat(event.consumerNo()).isEqualTo(consumer);
        assertThat(event.paymentMode()).isEqualTo(org.urja.mdms.network.PaymentMode.PREPAID);
        assertThat(event.meterSerialNo()).isEqualTo(serial);
        assertThat(event.replacedMeterSerialNo()).isNull();
        assertThat(event.openingBalancePaise()).isEqualTo(50_000L);
        // … through the integration feed (webhooks and pull) that billing and CIS/CRM read.
        assertThat(org.urja.mdms.support.Feeds.event(port, "MigrationCompleted", "migrationId", id).get("data")
                .get("paymentMode").asString()).isEqualTo("PREPAID");
        assertThat(event.arrearsPaise()).isEqualTo(12_000L);
        assertThat(event.walletBalancePaise()).isEqualTo(50_000L);
        assertThat(event.meterCreditPaise()).isEqualTo(meter.credit().movePointRight(2).longValueExact());
        assertThat(event.readingKwh()).isNotNull();
        assertThat(intervalData.register(serial, "register.kWh.import", event.readAt()))
                .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(event.readingKwh()));
        assertThat(done.get("readingKwh").decimalValue()).isEqualByComparingTo(event.readingKwh());
        // The first recharge pays a quarter of itself towards the arrears; the receipt says so.
        TestHttp.Response recharged = admin.postJson("/api/v1/prepaid/recharges", Map.of("consumerNo", consumer,
                "amountPaise", 20_000, "paymentReference", p + "PAY-1", "channel", "CASH_COUNTER"));
        assertThat(recharged.status()).as(recharged.body()).isEqualTo(201);
        assertThat(recharged.json().get("arrearsRecoveredPaise").asLong()).isEqualTo(5_000L);
        JsonNode after = admin.get("/api/v1/prepaid/accounts/" + consumer).json();
        assertThat(after.get("arrearsOutstandingPaise").asLong()).isEqualTo(7_000L);
        Map<String, JsonNode> ofPayment = new HashMap<>();
        after.get("entries").forEach(e -> {
            if ((p + "PAY-1").equals(e.get("reference").asString())) {
                ofPayment.put(e.get("kind").asString(), e);
            }
        });
        assertThat(ofPayment.get("RECHARGE").get("amountPaise").asLong()).isEqualTo(20_000L);
        assertThat(ofPayment.get("ARREARS_RECOVERY").get("amountPaise").asLong()).isEqualTo(-5_000L);
        assertThat(ofPayment.get("ARREARS_RECOVERY").get("balanceAfterPaise").asLong())
                .isEqualTo(ofPayment.get("RECHARGE").get("balanceAfterPaise").asLong() - 5_000L)
                .isEqualTo(recharged.json().get("balanceAfterPaise").asLong());
        // Posted again (a retried request): nothing more is taken.
        assertThat(admin.postJson("/api/v1/prepaid/recharges", Map.of("consumerNo", consumer, "amountPaise", 20_000,
                "paymentReference", p + "PAY-1", "channel", "CASH_COUNTER")).json().get("arrearsRecoveredPaise")
                .asLong()).isEqualTo(5_000L);
        assertThat(admin.get("/api/v1/prepaid/accounts/" + consumer).json().get("arrearsOutstandingPaise").asLong())
                .isEqualTo(7_000L);

        // Asking for it again: the consumer is prepaid now.
        TestHttp.Response again = billing.postJson("/api/v1/migrations", Map.of("reference", p + "CRM-2",
                "consumerNo", consumer, "targetMode", "PREPAID"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(field(again)).isEqualTo("targetMode");
    }

    @Test
    void uc13_3to13_4_aMeterWithoutRelayIsChangedThroughAnInstallationWorkOrderFirst() {
        ReferenceHes hes = TestHes.get(port);
        String p = Fixtures.unique("MB").toUpperCase() + "-";
        String old = p + "OLD1";
        String consumer = MigrationFixtures.consumer(port, p,
                old + ",Legacy,SINGLE_PHASE_WC,30,POSTPAID,false,CELLULAR,CONSUMER,0.9,1," + p + "DT,");
        // The smart meter the field force will fit, in the utility's stock (asset master, not placed).
        VirtualMeter fresh = MigrationFixtures.unregisteredFleetMeter(port, PaymentMode.POSTPAID);
        String serial = fresh.spec().serialNo();
        Fixtures.importCsv(port, "meters", """
                serial_no,manufacturer,category,interval_minutes,payment_mode,relay_capable,comm_path,role,firmware_version,multiplier,node_code,dcu_code
                """ + MigrationFixtures.meterRow(fresh, null) + "\n");
        TestHttp billing = MigrationFixtures.billing(port);
        TestHttp admin = Fixtures.admin(port);
        Map<String, Object> request = new HashMap<>(Map.of("reference", p + "CRM-1", "consumerNo", consumer,
                "targetMode", "PREPAID", "openingBalancePaise", 20_000));

        // The old meter cannot disconnect: a prepaid consumer needs a meter change, and the request must say so.
        TestHttp.Response refused = billing.postJson("/api/v1/migrations", request);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(field(refused)).isEqualTo("meterChange");
        request.put("meterChange", true);
        TestHttp.Response created = billing.postJson("/api/v1/migrations", request);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();

        // UC13.2–13.3: the wallet is set up and an installation work order is raised for the field force.
        JsonNode waiting = org.urja.mdms.support.Eventually.await(java.time.Duration.ofSeconds(20),
                () -> MigrationFixtures.migration(billing, id), m -> m.get("step").asString().equals("INSTALLATION_REPORT"));
        assertThat(waiting.get("state").asString()).isEqualTo("IN_PROGRESS");
        assertThat(trail(waiting)).containsExactly("13.1 DONE", "13.2 DONE", "13.3 DONE", "13.4 IN_PROGRESS");
        long order = steps(waiting, "INSTALLATION_ORDER").get(0).get("reference").asLong();
        JsonNode wo = admin.get("/api/v1/work-orders/" + order).json();
        assertThat(wo.get("type").asString()).isEqualTo("METER_INSTALLATION");
        assertThat(wo.get("status").asString()).isEqualTo("OPEN");
        assertThat(wo.get("meterSerialNo").asString()).isEqualTo(old);
        assertThat(wo.get("consumerNo").asString()).isEqualTo(consumer);
        assertThat(wo.get("servicePointCode").asString()).isEqualTo(p + "SP1");
        assertThat(wo.get("address").asString()).isEqualTo("12 Station Road, Civil Lines");

        // While it runs, a second migration of the consumer is refused.
        TestHttp.Response second = billing.postJson("/api/v1/migrations", Map.of("reference", p + "CRM-2",
                "consumerNo", consumer, "targetMode", "PREPAID", "meterChange", true));
        assertThat(second.status()).isEqualTo(409);
        assertThat(field(second)).isEqualTo("consumerNo");

        // UC13.4: the installation report, with meter number, DT, feeder and reading; bad ones change nothing.
        String field = Fixtures.staffUser(port, "field", List.of("FIELD_SUPERVISOR"));
        TestHttp wfm = TestHttp.staffApi(port, field, Fixtures.password(field));
        String path = "/api/v1/work-orders/" + order + "/installation-report";
        TestHttp.Response badDt = wfm.postJson(path, Map.of("meterSerialNo", serial, "dtCode", p + "NODT",
                "feederCode", p + "F", "readingKwh", "0.4"));
        assertThat(badDt.status()).isEqualTo(422);
        assertThat(field(badDt)).isEqualTo("dtCode");
        TestHttp.Response unknownMeter = wfm.postJson(path, Map.of("meterSerialNo", p + "NOSUCH", "dtCode", p + "DT",
                "feederCode", p + "F", "readingKwh", "0.4"));
        assertThat(unknownMeter.status()).isEqualTo(422);
        assertThat(field(unknownMeter)).isEqualTo("meterSerialNo");
        TestHttp.Response noReading = wfm.postJson(path, Map.of("meterSerialNo", serial, "dtCode", p + "DT"));
        assertThat(noReading.status()).isEqualTo(400);
        assertThat(field(noReading)).isEqualTo("readingKwh");
        assertThat(admin.get("/api/v1/work-orders/" + order).json().get("status").asString()).isEqualTo("OPEN");
        TestHttp.Response report = wfm.postJson(path, Map.of("meterSerialNo", serial, "dtCode", p + "DT",
                "feederCode", p + "F", "readingKwh", "0.4", "removedMeterReadingKwh", "10234.5"));
        assertThat(report.status()).as(report.body()).isEqualTo(200);
        assertThat(report.json().get("status").asString()).isEqualTo("COMPLETED");
        assertThat(report.json().get("installedMeterSerialNo").asString()).isEqualTo(serial);
        MeterInstallationReported reported = Eventually.await(java.time.Duration.ofSeconds(5), () -> committed
                .of(MeterInstallationReported.class).stream().filter(e -> e.workOrderId() == order).findFirst()
                .orElse(null), e -> e != null);
        assertThat(reported.readingKwh()).isEqualByComparingTo(new BigDecimal("0.4"));
        assertThat(reported.feederCode()).isEqualTo(p + "F");

        // The registry has the new meter at the service point; the rest of the migration goes through it.
        JsonNode done = awaitState(billing, id, "COMPLETED");
        assertThat(trailOfRetries(done)).containsExactly("13.1 DONE", "13.2 DONE", "13.3 DONE", "13.4 DONE", "13.5 DONE",
                "13.6 DONE", "13.7 DONE", "13.8 DONE", "13.9 DONE");
        assertThat(done.get("meterSerialNo").asString()).isEqualTo(serial);
        assertThat(done.get("replacedMeterSerialNo").asString()).isEqualTo(old);
        JsonNode installed = admin.get("/api/v1/meters/" + serial).json();
        assertThat(installed.get("servicePointCode").asString()).isEqualTo(p + "SP1");
        assertThat(installed.get("currentPlacement").get("nodeCode").asString()).isEqualTo(p + "DT");
        assertThat(installed.get("meter").get("paymentMode").asString()).isEqualTo("PREPAID");
        assertThat(admin.get("/api/v1/meters/" + old).json().get("servicePointCode").isNull()).isTrue();
        assertThat(fresh.paymentMode()).isEqualTo(PaymentMode.PREPAID);
        assertThat(hes.fleet().find(old)).isEmpty(); // the old meter was never the HES's: nothing was sent to it
        assertThat(admin.get("/api/v1/meters/" + old + "/commands").json()).isEmpty();
        MigrationCompleted event = Eventually.await(java.time.Duration.ofSeconds(5), () -> committed
                .of(MigrationCompleted.class).stream().filter(e -> e.migrationId() == id).findFirst().orElse(null),
                e -> e != null);
        assertThat(event.meterSerialNo()).isEqualTo(serial);
        assertThat(event.replacedMeterSerialNo()).isEqualTo(old);
        assertThat(event.walletBalancePaise()).isEqualTo(20_000L);
    }

    @Test
    void uc13_6_anActivationTheMeterNeverConfirmsWaitsForStaffWithTheReason() {
        ReferenceHes hes = TestHes.get(port);
        TestHttp admin = Fixtures.admin(port);
        List<VirtualMeter> fleet = new java.util.ArrayList<>(hes.fleet().meters());
        java.util.Collections.reverse(fleet);
        VirtualMeter silent = fleet.stream().filter(m -> m.silent() && m.spec().category().hasRelay())
                .filter(m -> admin.get("/api/v1/meters/" + m.spec().serialNo()).status() == 404)
                .findFirst().orElseThrow();
        String p = Fixtures.unique("MF").toUpperCase() + "-";
        String consumer = MigrationFixtures.consumer(port, p, MigrationFixtures.meterRow(silent, p));
        TestHttp billing = MigrationFixtures.billing(port);
        TestHttp.Response created = billing.postJson("/api/v1/migrations", Map.of("reference", p + "CRM-1",
                "consumerNo", consumer, "targetMode", "PREPAID"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();

        // UC13.6: the HES reports the switch TIMED_OUT; the migration waits for staff, saying why.
        JsonNode stuck = awaitState(billing, id, "ATTENTION");
        assertThat(trail(stuck)).containsExactly("13.1 DONE", "13.2 DONE", "13.3 SKIPPED", "13.4 SKIPPED", "13.5 DONE",
                "13.6 FAILED");
        assertThat(stuck.get("reason").asString()).contains("TIMED_OUT").contains("retry or cancel");
        assertThat(stuck.get("step").asString()).isEqualTo("PAYMENT_MODE_COMMAND");
        assertThat(billing.get("/api/v1/migrations?state=ATTENTION").json().findValues("id").stream()
                .map(JsonNode::asLong)).contains(id);

        // A retry sends the switch again (a new command); the meter still does not answer.
        String operator = Fixtures.staffUser(port, "ops", List.of("OPERATOR"));
        TestHttp ops = TestHttp.staffApi(port, operator, Fixtures.password(operator));
        TestHttp.Response retried = ops.postJson("/api/v1/migrations/" + id + "/retry",
                Map.of("reason", "Meter back on the network"));
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        JsonNode again = Eventually.await(java.time.Duration.ofSeconds(30), () -> MigrationFixtures.migration(billing, id),
                m -> m.get("state").asString().equals("ATTENTION") && steps(m, "PAYMENT_MODE_CONFIRMATION").size() == 2);
        List<JsonNode> sent = steps(again, "PAYMENT_MODE_COMMAND");
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).get("attempt").asInt()).isEqualTo(2);
        assertThat(sent.get(1).get("reference").asLong()).isNotEqualTo(sent.get(0).get("reference").asLong());
        assertThat(audit.recent(operator, 20).stream().map(AuditTrail.Entry::action)).contains("MIGRATION RETRY");

        // The switch was sent to the meter: the migration can no longer be cancelled, only retried.
        TestHttp.Response cancel = ops.postJson("/api/v1/migrations/" + id + "/cancel", Map.of("reason", "Give up now"));
        assertThat(cancel.status()).isEqualTo(409);
        assertThat(field(cancel)).isEqualTo("state");
        assertThat(admin.get("/api/v1/meters/" + silent.spec().serialNo()).json().get("meter").get("paymentMode")
                .asString()).isEqualTo("POSTPAID");
    }

    @Test
    void uc13_1_theSameRequestTwiceStartsOneMigrationAndBadRequestsChangeNothing() {
        String p = Fixtures.unique("MC").toUpperCase() + "-";
        String consumer = MigrationFixtures.consumer(port, p,
                p + "OLD1,Legacy,SINGLE_PHASE_WC,30,POSTPAID,false,CELLULAR,CONSUMER,0.9,1," + p + "DT,");
        TestHttp billing = MigrationFixtures.billing(port);
        Map<String, Object> request = Map.of("reference", p + "CRM-1", "consumerNo", consumer, "targetMode", "PREPAID",
                "meterChange", true, "openingBalancePaise", 10_000);

        // Bad input is refused naming the field, and starts nothing.
        String viewer = Fixtures.staffUser(port, "viewer", List.of("VIEWER"));
        assertThat(TestHttp.staffApi(port, viewer, Fixtures.password(viewer)).postJson("/api/v1/migrations", request)
                .status()).isEqualTo(403);
        Map<String, Object> noMode = new HashMap<>(request);
        noMode.remove("targetMode");
        assertThat(field(billing.postJson("/api/v1/migrations", noMode))).isEqualTo("targetMode");
        Map<String, Object> unknown = new HashMap<>(request);
        unknown.put("consumerNo", p + "K9");
        TestHttp.Response noConsumer = billing.postJson("/api/v1/migrations", unknown);
        assertThat(noConsumer.status()).isEqualTo(422);
        assertThat(field(noConsumer)).isEqualTo("consumerNo");
        Map<String, Object> negative = new HashMap<>(request);
        negative.put("arrearsPaise", -5);
        assertThat(field(billing.postJson("/api/v1/migrations", negative))).isEqualTo("arrearsPaise");
        Map<String, Object> otherTariff = new HashMap<>(request);
        otherTariff.put("tariffCategory", p + "COM");
        assertThat(field(billing.postJson("/api/v1/migrations", otherTariff))).isEqualTo("tariffCategory");
        assertThat(billing.get("/api/v1/migrations?consumerNo=" + consumer).json()).isEmpty();

        // The same request twice (a retry by CIS/CRM): one migration.
        TestHttp.Response first = billing.postJson("/api/v1/migrations", request);
        TestHttp.Response repeat = billing.postJson("/api/v1/migrations", request);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(repeat.status()).isEqualTo(200);
        long id = first.json().get("id").asLong();
        assertThat(repeat.json().get("id").asLong()).isEqualTo(id);
        assertThat(billing.get("/api/v1/migrations?consumerNo=" + consumer).json()).hasSize(1);
        // The same reference for something else is a conflict.
        Map<String, Object> changed = new HashMap<>(request);
        changed.put("openingBalancePaise", 99_000);
        TestHttp.Response conflict = billing.postJson("/api/v1/migrations", changed);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(field(conflict)).isEqualTo("reference");

        // Staff cancel it while it waits for the installer: the order is withdrawn, the wallet closed again, audited.
        JsonNode waiting = Eventually.await(java.time.Duration.ofSeconds(20), () -> MigrationFixtures.migration(billing, id),
                m -> m.get("step").asString().equals("INSTALLATION_REPORT"));
        long order = steps(waiting, "INSTALLATION_ORDER").get(0).get("reference").asLong();
        assertThat(field(billing.postJson("/api/v1/migrations/" + id + "/cancel", Map.of()))).isEqualTo("reason");
        TestHttp.Response cancelled = billing.postJson("/api/v1/migrations/" + id + "/cancel",
                Map.of("reason", "Consumer withdrew the application"));
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().get("state").asString()).isEqualTo("CANCELLED");
        assertThat(trail(cancelled.json())).containsExactly("13.1 DONE", "13.2 DONE", "13.3 DONE", "13.4 CANCELLED");
        TestHttp admin = Fixtures.admin(port);
        assertThat(admin.get("/api/v1/work-orders/" + order).json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(admin.get("/api/v1/prepaid/accounts/" + consumer).json().get("balancePaise").asLong()).isZero();
        assertThat(billing.postJson("/api/v1/migrations/" + id + "/retry", Map.of("reason", "try once more"))
                .status()).isEqualTo(409);
        String user = billing.get("/api/v1/migrations/" + id).json().get("requestedBy").asString();
        assertThat(audit.recent(user, 50).stream().map(AuditTrail.Entry::action))
                .contains("MIGRATION REQUEST", "MIGRATION CANCEL");
        assertThat(billing.get("/api/v1/migrations?state=CANCELLED&consumerNo=" + consumer).json()).hasSize(1);
    }
}
