package org.urja.mdms.connection;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.ReferenceHes;
import org.urja.hes.fleet.PaymentMode;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.reading.IntervalData;
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Feeds;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.HesUp;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import org.urja.mdms.tariff.ExampleTariffs;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UC12: new prepaid and postpaid connections end to end through the connection API, the work-order API (the field
 * force's installation report) and the reference HES over HTTP, with the consumer master, the network registry, the
 * wallet, the bill group and the integration feed checked.
 */
@UrjaIntegrationTest
class UC12NewConnectionTests implements HesUp {

    @LocalServerPort
    int port;

    @Autowired
    CommittedEvents committed;

    @Autowired
    IntervalData intervalData;

    @Test
    void uc12_1to12_6_prepaidConnectionFromRequestToActiveWithWalletAndFeedEvent() {
        ReferenceHes hes = TestHes.get(port);
        String p = Fixtures.unique("NA").toUpperCase() + "-";
        VirtualMeter meter = inStock(p, PaymentMode.PREPAID);
        String serial = meter.spec().serialNo();
        TestHttp cis = cis();
        TestHttp admin = Fixtures.admin(port);

        // UC12.1: the verified request opens the consumer account and the service point …
        TestHttp.Response created = cis.postJson("/api/v1/connections", request(p, "PREPAID", Map.of(
                "openingBalancePaise", 25_000, "dtCode", p + "DT", "feederCode", p + "F")), key(p + "REQ-1"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode c = created.json();
        long id = c.get("id").asLong();
        String consumer = c.get("consumerNo").asString();
        String sp = c.get("servicePointCode").asString();
        assertThat(consumer).startsWith("NC");
        assertThat(sp).isEqualTo("SP" + consumer);
        assertThat(c.get("state").asString()).isEqualTo("IN_PROGRESS");
        assertThat(c.get("step").asString()).isEqualTo("INSTALLATION_REPORT");
        JsonNode account = admin.get("/api/v1/consumers/" + consumer).json();
        assertThat(account.get("name").asString()).isEqualTo("Ravi Kumar");
        assertThat(account.get("tariffCategory").asString()).isEqualTo(p + "DOM");
        assertThat(new BigDecimal(account.get("sanctionedLoadKw").asString())).isEqualByComparingTo("3");
        assertThat(admin.get("/api/v1/service-points/" + sp + "/installations").status()).isEqualTo(200);

        // UC12.2: … and raises the meter installation work order with the consumer's details.
        long order = c.get("workOrderId").asLong();
        JsonNode wo = admin.get("/api/v1/work-orders/" + order).json();
        assertThat(wo.get("type").asString()).isEqualTo("METER_INSTALLATION");
        assertThat(wo.get("status").asString()).isEqualTo("OPEN");
        assertThat(wo.get("sourceReference").asString()).isEqualTo("connection:" + id);
        assertThat(wo.get("consumerNo").asString()).isEqualTo(consumer);
        assertThat(wo.get("servicePointCode").asString()).isEqualTo(sp);
        assertThat(wo.get("address").asString()).isEqualTo("4 Canal Road, Sector 9");
        assertThat(wo.get("meterSerialNo").isNull()).isTrue();
        assertThat(wo.get("description").asString()).contains("prepaid", p + "DT");

        // UC12.3: the installation report (meter number, DT, feeder, reading) registers the meter at the service point.
        BigDecimal installReading = meter.registersAt(TestHes.COMMISSIONED).kWhImport();
        TestHttp.Response report = field().postJson("/api/v1/work-orders/" + order + "/installation-report",
                Map.of("meterSerialNo", serial, "dtCode", p + "DT", "feederCode", p + "F",
                        "readingKwh", installReading.toPlainString()));
        assertThat(report.status()).as(report.body()).isEqualTo(200);
        assertThat(report.json().get("status").asString()).isEqualTo("COMPLETED");

        // UC12.4–12.6: read on demand and verified, wallet opened, active.
        JsonNode done = awaitState(cis, id, "ACTIVE");
        assertThat(trail(done)).containsExactly("12.1 REQUEST_RECEIVED DONE", "12.1 ACCOUNT_OPENED DONE",
                "12.2 INSTALLATION_ORDER DONE", "12.3 INSTALLATION_REPORT DONE", "12.4 READ_REQUEST DONE",
                "12.5 READ_VERIFICATION DONE", "- PREPAID_WALLET DONE", "12.6 ACTIVATION DONE");
        done.get("steps").forEach(s -> assertThat(s.get("finishedAt").isNull()).as(s.toString()).isFalse());
        assertThat(done.get("meterSerialNo").asString()).isEqualTo(serial);
        assertThat(done.get("dtCode").asString()).isEqualTo(p + "DT");
        assertThat(new BigDecimal(done.get("initialReadingKwh").asString())).isEqualByComparingTo(installReading);

        JsonNode registered = admin.get("/api/v1/meters/" + serial).json();
        assertThat(registered.get("servicePointCode").asString()).isEqualTo(sp);
        assertThat(registered.get("consumerNo").asString()).isEqualTo(consumer);
        assertThat(registered.get("currentPlacement").get("nodeCode").asString()).isEqualTo(p + "DT");
        assertThat(registered.get("meter").get("paymentMode").asString()).isEqualTo("PREPAID");

        String correlationId = step(done, "READ_REQUEST").get("reference").asString();
        JsonNode read = admin.get("/api/v1/hes-exchange/read-requests/" + correlationId).json();
        assertThat(read.get("meters").get(0).get("state").asString()).isEqualTo("RECEIVED");
        assertThat(step(done, "READ_VERIFICATION").get("reference").asString()).isEqualTo(correlationId);
        BigDecimal readKwh = new BigDecimal(done.get("readingKwh").asString());
        assertThat(readKwh).isGreaterThanOrEqualTo(installReading);
        assertThat(intervalData.register(serial, "register.kWh.import",
                java.time.Instant.parse(done.get("readAt").asString())))
                .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(readKwh));

        JsonNode wallet = admin.get("/api/v1/prepaid/accounts/" + consumer).json();
        assertThat(wallet.get("balancePaise").asLong()).isEqualTo(25_000L);
        assertThat(done.get("walletBalancePaise").asLong()).isEqualTo(25_000L);

        ConnectionActivated event = Eventually.await(Duration.ofSeconds(5), () -> committed.of(ConnectionActivated.class)
                .stream().filter(e -> e.connectionId() == id).findFirst().orElse(null), e -> e != null);
        assertThat(event.paymentMode()).isEqualTo(org.urja.mdms.network.PaymentMode.PREPAID);
        assertThat(event.walletBalancePaise()).isEqualTo(25_000L);
        JsonNode feed = Feeds.event(port, "ConnectionActivated", "connectionId", id);
        assertThat(feed.get("subject").asString()).isEqualTo("consumer " + consumer);
        assertThat(feed.get("data").get("meterSerialNo").asString()).isEqualTo(serial);
        assertThat(feed.get("data").get("address").asString()).isEqualTo("4 Canal Road, Sector 9");
        assertThat(new BigDecimal(feed.get("data").get("initialReadingKwh").asString()))
                .isEqualByComparingTo(installReading);
        assertThat(feed.get("data").get("servicePointCode").asString()).isEqualTo(sp);
        assertThat(hes.fleet().find(serial)).isPresent();
    }

    @Test
    void uc12_6_postpaidConnectionJoinsItsBillGroupAndIsSharedWithBillingAndCis() {
        String p = Fixtures.unique("NB").toUpperCase() + "-";
        VirtualMeter meter = inStock(p, PaymentMode.POSTPAID);
        String serial = meter.spec().serialNo();
        TestHttp cis = cis();
        assertThat(cis.postJson("/api/v1/billing/groups", Map.of("code", p + "G", "name", "Ward " + p, "readDay", 5))
                .status()).isEqualTo(201);

        TestHttp.Response created = cis.postJson("/api/v1/connections", request(p, "POSTPAID", Map.of(
                "consumerNo", p + "K7", "servicePointCode", p + "SP7", "billGroup", p + "G")), key(p + "REQ-1"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.json().get("consumerNo").asString()).isEqualTo(p + "K7");
        long order = created.json().get("workOrderId").asLong();

        TestHttp.Response report = field().postJson("/api/v1/work-orders/" + order + "/installation-report",
                Map.of("meterSerialNo", serial, "dtCode", p + "DT", "readingKwh", "0"));
        assertThat(report.status()).as(report.body()).isEqualTo(200);

        JsonNode done = awaitState(cis, id, "ACTIVE");
        assertThat(trail(done)).containsExactly("12.1 REQUEST_RECEIVED DONE", "12.1 ACCOUNT_OPENED DONE",
                "12.2 INSTALLATION_ORDER DONE", "12.3 INSTALLATION_REPORT DONE", "12.4 READ_REQUEST DONE",
                "12.5 READ_VERIFICATION DONE", "12.6 BILL_GROUP DONE", "12.6 ACTIVATION DONE");
        assertThat(done.get("feederCode").asString()).as("the feeder of the report's DT").isEqualTo(p + "F");
        assertThat(done.get("walletBalancePaise").isNull()).isTrue();
        List<String> members = new ArrayList<>();
        cis.get("/api/v1/billing/groups/" + p + "G/service-points").json().forEach(m -> members.add(m.asString()));
        assertThat(members).containsExactly(p + "SP7");
        assertThat(Fixtures.admin(port).get("/api/v1/prepaid/accounts/" + p + "K7").json().get("entries"))
                .as("no prepaid wallet").isEmpty();
        JsonNode feed = Feeds.event(port, "ConnectionActivated", "connectionId", id);
        assertThat(feed.get("data").get("paymentMode").asString()).isEqualTo("POSTPAID");
        assertThat(feed.get("data").get("billGroup").asString()).isEqualTo(p + "G");
        assertThat(feed.get("data").get("consumerNo").asString()).isEqualTo(p + "K7");
    }

    @Test
    void uc12_1_theSameRequestTwiceIsOneConnectionAndAnotherRequestUnderTheKeyIsRefused() {
        String p = Fixtures.unique("ND").toUpperCase() + "-";
        Fixtures.importChain(port, p);
        tariff(p);
        TestHttp cis = cis();
        Map<String, Object> body = request(p, "PREPAID", Map.of());
        TestHttp.Response first = cis.postJson("/api/v1/connections", body, key(p + "REQ-1"));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        TestHttp.Response again = cis.postJson("/api/v1/connections", body, key(p + "REQ-1"));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("id").asLong()).isEqualTo(first.json().get("id").asLong());
        assertThat(again.json().get("workOrderId").asLong()).isEqualTo(first.json().get("workOrderId").asLong());
        String consumer = first.json().get("consumerNo").asString();
        assertThat(cis.get("/api/v1/connections?consumerNo=" + consumer).json()).hasSize(1);
        assertThat(Fixtures.admin(port).get("/api/v1/work-orders?consumerNo=" + consumer).json()).hasSize(1);

        Map<String, Object> other = new HashMap<>(body);
        other.put("sanctionedLoadKw", "5");
        TestHttp.Response conflicting = cis.postJson("/api/v1/connections", other, key(p + "REQ-1"));
        assertThat(conflicting.status()).isEqualTo(409);
        assertThat(field(conflicting)).isEqualTo("Idempotency-Key");
    }

    @Test
    void uc12_1_badRequestsAreRefusedNamingTheFieldAndCreateNothing() {
        String p = Fixtures.unique("NE").toUpperCase() + "-";
        Fixtures.importChain(port, p);
        tariff(p);
        TestHttp cis = cis();
        Map<String, Object> good = request(p, "PREPAID", Map.of("consumerNo", p + "K1"));

        assertRefused(cis.postJson("/api/v1/connections", good), 400, "Idempotency-Key");
        assertRefused(post(cis, p, with(good, "name", "")), 400, "name");
        assertRefused(post(cis, p, with(good, "phone", "12ab")), 400, "phone");
        assertRefused(post(cis, p, with(good, "sanctionedLoadKw", "0")), 400, "sanctionedLoadKw");
        assertRefused(post(cis, p, with(good, "paymentMode", "BARTER")), 400, "paymentMode");
        assertRefused(post(cis, p, with(good, "dtCode", p + "NODT")), 422, "dtCode");
        assertRefused(post(cis, p, with(good, "billGroup", p + "G")), 400, "billGroup");
        assertRefused(post(cis, p, with(good, "category", p + "NOTARIFF")), 422, "category");
        assertRefused(post(cis, p, with(with(good, "paymentMode", "POSTPAID"), "billGroup", p + "NOGROUP")), 422,
                "billGroup");
        assertThat(Fixtures.admin(port).get("/api/v1/consumers/" + p + "K1").status()).isEqualTo(404);
        assertThat(cis.get("/api/v1/connections?consumerNo=" + p + "K1").json()).isEmpty();

        String viewerName = Fixtures.staffUser(port, "viewer", List.of("VIEWER"));
        TestHttp viewer = TestHttp.staffApi(port, viewerName, Fixtures.password(viewerName));
        assertThat(viewer.postJson("/api/v1/connections", good, key(p + "V")).status()).isEqualTo(403);
    }

    @Test
    void uc12_3_aMeterAlreadyInUseIsRefusedAndTheConnectionWaitsForAGoodReport() {
        String p = Fixtures.unique("NF").toUpperCase() + "-";
        VirtualMeter meter = inStock(p, PaymentMode.POSTPAID);
        TestHttp cis = cis();
        TestHttp admin = Fixtures.admin(port);
        String inUse = p + "OLD"; // a meter of the asset master already placed in the network
        Fixtures.importCsv(port, "meters", """
                serial_no,manufacturer,category,interval_minutes,payment_mode,relay_capable,comm_path,role,firmware_version,multiplier,node_code,dcu_code
                %s,Sim,%s,15,POSTPAID,true,CELLULAR,CONSUMER,1.0,1,%sDT,
                """.formatted(inUse, meter.spec().category(), p));
        TestHttp.Response created = cis.postJson("/api/v1/connections", request(p, "POSTPAID", Map.of()),
                key(p + "REQ-1"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        String path = "/api/v1/work-orders/" + created.json().get("workOrderId").asLong() + "/installation-report";

        TestHttp.Response refused = field().postJson(path, Map.of("meterSerialNo", inUse, "dtCode", p + "DT",
                "readingKwh", "0"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(field(refused)).isEqualTo("meterSerialNo");
        TestHttp.Response removed = field().postJson(path, Map.of("meterSerialNo", meter.spec().serialNo(),
                "dtCode", p + "DT", "readingKwh", "0", "removedMeterReadingKwh", "1"));
        assertThat(removed.status()).isEqualTo(400);
        assertThat(field(removed)).isEqualTo("removedMeterReadingKwh");
        assertThat(admin.get(path.replace("/installation-report", "")).json().get("status").asString()).isEqualTo("OPEN");
        JsonNode waiting = cis.get("/api/v1/connections/" + id).json();
        assertThat(waiting.get("step").asString()).isEqualTo("INSTALLATION_REPORT");
        assertThat(waiting.get("meterSerialNo").isNull()).isTrue();

        TestHttp.Response good = field().postJson(path, Map.of("meterSerialNo", meter.spec().serialNo(),
                "dtCode", p + "DT", "readingKwh", "0"));
        assertThat(good.status()).as(good.body()).isEqualTo(200);
        assertThat(awaitState(cis, id, "ACTIVE").get("meterSerialNo").asString()).isEqualTo(meter.spec().serialNo());
        TestHttp.Response twice = field().postJson(path, Map.of("meterSerialNo", meter.spec().serialNo(),
                "dtCode", p + "DT", "readingKwh", "0"));
        assertThat(twice.status()).isEqualTo(409);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private VirtualMeter inStock(String p, PaymentMode mode) {
        return inStock(port, p, mode);
    }

    /**
     * A network chain {@code p}… (feeder {@code p}F, DT {@code p}DT), a tariff of category {@code p}DOM and a live
     * fleet meter of the shared reference HES in stock (in the asset master, unplaced). Also for the browser tests.
     */
    static VirtualMeter inStock(int port, String p, PaymentMode mode) {
        ReferenceHes hes = TestHes.get(port);
        Fixtures.importChain(port, p);
        tariff(port, p);
        TestHttp admin = Fixtures.admin(port);
        List<VirtualMeter> fleet = new ArrayList<>(hes.fleet().meters());
        java.util.Collections.reverse(fleet);
        VirtualMeter m = fleet.stream()
                .filter(v -> !v.silent() && v.spec().category().hasRelay() && v.paymentMode() == mode)
                .filter(v -> admin.get("/api/v1/meters/" + v.spec().serialNo()).status() == 404)
                .findFirst().orElseThrow(() -> new AssertionError("no unregistered " + mode + " meter left in the fleet"));
        Fixtures.importCsv(port, "meters", """
                serial_no,manufacturer,category,interval_minutes,payment_mode,relay_capable,comm_path,role,firmware_version,multiplier,node_code,dcu_code
                %s,Sim,%s,%d,%s,true,CELLULAR,CONSUMER,1.0,%s,,
                """.formatted(m.spec().serialNo(), m.spec().category(), m.spec().intervalMinutes(), m.paymentMode(),
                m.spec().multiplier().toPlainString()));
        return m;
    }

    private void tariff(String p) {
        tariff(port, p);
    }

    static void tariff(int port, String p) {
        assertThat(Fixtures.admin(port).postJson("/api/v1/tariffs", Map.of("tariff", ExampleTariffs.domestic(p + "DOM"),
                "reason", "Tariff order 2026-27")).status()).isEqualTo(201);
    }

    private static Map<String, Object> request(String p, String mode, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "Ravi Kumar", "address", "4 Canal Road, Sector 9",
                "phone", "+919876543210", "email", "ravi@example.in", "category", p + "DOM",
                "sanctionedLoadKw", "3.000", "paymentMode", mode));
        body.putAll(extra);
        return body;
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> out = new HashMap<>(body);
        out.put(field, value);
        return out;
    }

    private static TestHttp.Response post(TestHttp api, String p, Map<String, Object> body) {
        return api.postJson("/api/v1/connections", body, key(p + Fixtures.unique("K")));
    }

    private static Map<String, String> key(String key) {
        return Map.of("Idempotency-Key", key);
    }

    private static void assertRefused(TestHttp.Response r, int status, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(field(r)).as(r.body()).isEqualTo(field);
    }

    private static final Map<String, TestHttp> USERS = new java.util.concurrent.ConcurrentHashMap<>();

    /** CIS/CRM and billing integrations sign in as BILLING. */
    private TestHttp cis() {
        return user("cis", "BILLING");
    }

    private TestHttp field() {
        return user("field", "FIELD_SUPERVISOR");
    }

    private TestHttp user(String prefix, String role) {
        return USERS.computeIfAbsent(port + prefix, k -> {
            String user = Fixtures.staffUser(port, prefix, List.of(role));
            return TestHttp.staffApi(port, user, Fixtures.password(user));
        });
    }

    private static JsonNode awaitState(TestHttp api, long id, String state) {
        return Eventually.await(Duration.ofSeconds(40), () -> api.get("/api/v1/connections/" + id).json(),
                c -> c.get("state").asString().equals(state));
    }

    /** "useCaseStep step state" of each step attempt, in order. */
    private static List<String> trail(JsonNode connection) {
        List<String> out = new ArrayList<>();
        connection.get("steps").forEach(s -> out.add((s.get("useCaseStep").isNull() ? "-"
                : s.get("useCaseStep").asString()) + " " + s.get("step").asString() + " " + s.get("state").asString()));
        return out;
    }

    private static JsonNode step(JsonNode connection, String step) {
        for (JsonNode s : connection.get("steps")) {
            if (s.get("step").asString().equals(step)) {
                return s;
            }
        }
        throw new AssertionError("no step " + step + " in " + connection);
    }

    static String field(TestHttp.Response problem) {
        return problem.json().get("errors").get(0).get("field").asString();
    }
}
