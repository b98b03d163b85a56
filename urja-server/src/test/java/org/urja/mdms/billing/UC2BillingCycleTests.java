package org.urja.mdms.billing;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.HesConfig;
import org.urja.hes.ReferenceHes;
import org.urja.hes.contract.MeterReadingsMessage;
import org.urja.hes.fleet.FaultProfile;
import org.urja.hes.fleet.Fleet;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.hes.internal.ContractMapping;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.billing.UC2BillingDeterminantsTests.assertField;

/**
 * UC2.1–2.4: the billing system asks for a cycle's billing profiles; the MDM asks the reference HES (over real HTTP,
 * signed both ways) for the meters whose profile is not in yet, retries the ones that did not answer, and reports the
 * meter that never answers MISSING with the HES's reason; the cycle's determinants follow once the collection is
 * complete. Bill groups, their service points (API and CSV import) and bad requests.
 */
@UrjaIntegrationTest
class UC2BillingCycleTests {

    static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);
    static final YearMonth FEBRUARY = YearMonth.of(2026, 2);

    @LocalServerPort
    int port;

    @Test
    void uc2_1to2_4_aCyclesBillingProfilesAreCollectedThroughTheHesAndAMeterThatNeverAnswersIsMissing() {
        String p = Fixtures.unique("BC").toUpperCase() + "-";
        // A fleet of its own with meters that answer and meters that never do (which ones is decided by a hash of the
        // serial: the first of a few fixed prefixes with both kinds, so every run has the same fleet).
        Fleet fleet = null;
        for (int n = 0; fleet == null || fleet.meters().stream().noneMatch(VirtualMeter::silent)
                || fleet.meters().stream().filter(m -> !m.silent()).count() < 2; n++) {
            fleet = Fleet.generate(20260201L, 6, "BLC" + n + "-M", TestHes.COMMISSIONED,
                    new FaultProfile(0, 0, 0.34, 0, 0, 0, 0, 0));
        }
        List<VirtualMeter> silent = fleet.meters().stream().filter(VirtualMeter::silent).toList();
        List<VirtualMeter> answering = fleet.meters().stream().filter(m -> !m.silent()).toList();
        assertThat(silent).isNotEmpty();
        assertThat(answering).hasSizeGreaterThanOrEqualTo(2);
        String user = Fixtures.staffUser(port, "bill", List.of("BILLING"));
        TestHttp billing = TestHttp.staffApi(port, user, Fixtures.password(user));
        TestHttp admin = Fixtures.admin(port);

        // The asset master: a service point per meter, installed on 1 Feb; a bill group read on the 1st, its service
        // points assigned by CSV (all but one) and through the API (the last).
        Fixtures.importChain(port, p);
        StringBuilder consumers = new StringBuilder("consumer_no,name,address,sanctioned_load_kw,tariff_category,phone,email\n");
        StringBuilder points = new StringBuilder("code,consumer_no,address\n");
        StringBuilder members = new StringBuilder("service_point_code,group_code\n");
        List<VirtualMeter> meters = new ArrayList<>(fleet.meters());
        for (int i = 0; i < meters.size(); i++) {
            consumers.append(p).append("K").append(i).append(",Consumer ").append(i).append(",Ward 3,5,DOM,,\n");
            points.append(p).append("SP").append(i).append(',').append(p).append("K").append(i).append(",Ward 3\n");
            if (i > 0) {
                members.append(p).append("SP").append(i).append(',').append(p).append("G\n");
            }
        }
        Fixtures.importCsv(port, "consumers", consumers.toString());
        Fixtures.importCsv(port, "service-points", points.toString());
        for (int i = 0; i < meters.size(); i++) {
            install(p, meters.get(i), p + "SP" + i);
        }
        TestHttp.Response group = billing.postJson("/api/v1/billing/groups",
                Map.of("code", p + "G", "name", "Laxmi Nagar binder 3", "readDay", 1));
        assertThat(group.status()).as(group.body()).isEqualTo(201);
        assertThat(billing.postJson("/api/v1/billing/groups", Map.of("code", p + "G", "name", "Laxmi Nagar binder 3",
                "readDay", 1)).status()).isEqualTo(200);
        Fixtures.importCsv(port, "bill-group-members", members.toString());
        assertThat(billing.postJson("/api/v1/billing/groups/" + p + "G/service-points",
                Map.of("servicePointCodes", List.of(p + "SP0"))).status()).isEqualTo(200);
        assertThat(billing.get("/api/v1/billing/groups/" + p + "G/service-points").json()).hasSize(meters.size());

        // One meter's billing profile came in with the HES's own scheduled collection (UC2.2-2.4) before the trigger.
        VirtualMeter early = answering.get(0);
        var message = new MeterReadingsMessage(Fixtures.unique("hes1-billing-"), Instant.now(), null,
                List.of(ContractMapping.billing(early.spec().serialNo(), early.billingProfile(FEBRUARY))));
        assertThat(TestHttp.signedHes(port, Fixtures.HES_KEY_ID, Fixtures.HES_SECRET)
                .postJson("/api/v1/hes/meter-readings", message).status()).isEqualTo(202);

        ReferenceHes hes = TestHes.replaceWith(HesConfig.defaults("http://localhost:" + port + "/api/v1/hes",
                        Fixtures.HES_SECRET, Fixtures.MDM_TO_HES_SECRET).withHesId(p.toLowerCase() + "hes")
                .withSeed(20260201L).withFaults(fleet.faults()).withTiming(Duration.ofMillis(50), Duration.ofSeconds(1))
                .manual(TestHes.SIM_START), fleet);
        try {
            // UC2.1: the billing system triggers the collection; asking again is the same collection.
            String path = "/api/v1/billing/cycles/" + p + "G/2026-02/collections";
            TestHttp.Response started = billing.postJson(path, Map.of());
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            assertThat(Instant.parse(started.json().get("periodEnd").asString()))
                    .isEqualTo(LocalDate.of(2026, 3, 1).atStartOfDay(IST).toInstant());
            assertThat(billing.postJson(path, Map.of()).status()).isEqualTo(200);

            JsonNode done = Eventually.await(Duration.ofSeconds(60), () -> billing.get(path).json(),
                    c -> c.get("status").asString().equals("COMPLETE"));
            assertThat(done.get("counts").get("RECEIVED").asInt()).isEqualTo(answering.size());
            assertThat(done.get("counts").get("MISSING").asInt()).isEqualTo(silent.size());
            assertThat(done.get("requestedBy").asString()).isEqualTo(user);
            // The meter that never answers: asked twice (max-attempts), reported MISSING with the HES's reason.
            assertThat(done.get("missing")).hasSize(silent.size());
            for (JsonNode m : done.get("missing")) {
                assertThat(silent.stream().map(s -> s.spec().serialNo())).contains(m.get("meterSerialNo").asString());
                assertThat(m.get("attempts").asInt()).isEqualTo(2);
                assertThat(m.get("reason").asString()).contains("did not answer");
                assertThat(m.get("servicePointCode").asString()).startsWith(p + "SP");
            }
            JsonNode reads = admin.get("/api/v1/hes-exchange/read-requests?meterSerialNo="
                    + silent.get(0).spec().serialNo()).json();
            assertThat(reads).hasSize(2);
            assertThat(reads.get(0).get("profiles").toString()).contains("BILLING");
            // The profile already stored was not asked for again; the others were read once, as the HES sent them.
            assertThat(admin.get("/api/v1/hes-exchange/read-requests?meterSerialNo=" + early.spec().serialNo()).json())
                    .isEmpty();
            JsonNode received = billing.get(path + "?state=RECEIVED").json().get("meters");
            assertThat(received).hasSize(answering.size());
            for (JsonNode m : received) {
                assertThat(m.get("attempts").asInt())
                        .isEqualTo(m.get("meterSerialNo").asString().equals(early.spec().serialNo()) ? 0 : 1);
            }

            // UC2.5 follows by itself: the determinants of every service point, the maximum demand from the profile
            // the meter froze at the reset, the one that never answered without it.
            JsonNode run = Eventually.await(Duration.ofSeconds(30),
                    () -> billing.get("/api/v1/billing/cycles/" + p + "G/2026-02/determinants?limit=100").json(),
                    r -> r.get("state").asString().equals("DONE"));
            assertThat(run.get("issued").asInt()).isEqualTo(meters.size());
            assertThat(run.get("requestedBy").asString()).isEqualTo("collection-complete");
            for (int i = 0; i < meters.size(); i++) {
                VirtualMeter m = meters.get(i);
                JsonNode d = billing.get("/api/v1/billing/determinants?servicePoint=" + p + "SP" + i + "&period=2026-02")
                        .json().get("determinants");
                if (m.silent()) {
                    assertThat(d.get("meters").get(0).get("billingProfile").isNull()).isTrue();
                    assertThat(d.get("reasons").toString()).contains("no billing profile");
                } else {
                    var profile = m.billingProfile(FEBRUARY);
                    assertThat(d.get("maxDemandKw").get("source").asString()).isEqualTo("BILLING_PROFILE");
                    assertThat(d.get("maxDemandKw").get("value").decimalValue())
                            .isEqualByComparingTo(profile.maxDemandKw());
                    assertThat(d.get("meters").get(0).get("billingProfile").get("kwhImport").decimalValue())
                            .isEqualByComparingTo(profile.registers().kWhImport());
                }
                // No interval data was collected here: every interval is missing, and the verdict says so; and no
                // tariff of the consumers' category is in force in February, which the determinants point out.
                assertThat(d.get("quality").asString()).isEqualTo("INCOMPLETE");
                assertThat(d.get("checks").toString()).contains("no tariff of category DOM in force on 2026-02-01");
            }
        } finally {
            TestHes.stop(hes);
            TestHes.get(port);
        }
    }

    @Test
    void uc2_1_badRequestsAreRefusedNamingTheFieldAndChangeNothing() {
        String p = Fixtures.unique("BB").toUpperCase() + "-";
        TestHttp admin = Fixtures.admin(port);
        assertField(admin.postJson("/api/v1/billing/groups", Map.of("code", p + "G", "name", "Ward", "readDay", 31)),
                400, "readDay");
        assertField(admin.postJson("/api/v1/billing/groups", Map.of("code", "bad code!", "name", "Ward", "readDay", 1)),
                400, "code");
        assertThat(admin.get("/api/v1/billing/groups/" + p + "G").status()).isEqualTo(404);
        assertThat(admin.postJson("/api/v1/billing/groups", Map.of("code", p + "G", "name", "Ward", "readDay", 5))
                .status()).isEqualTo(201);
        // The same code with another read day is a conflict, not a silent change.
        assertField(admin.postJson("/api/v1/billing/groups", Map.of("code", p + "G", "name", "Ward", "readDay", 6)),
                409, "code");

        Fixtures.importChain(port, p);
        Fixtures.importCsv(port, "consumers", """
                consumer_no,name,address,sanctioned_load_kw,tariff_category,phone,email
                %1$sK1,Asha,Ward 3,5,DOM,,
                """.formatted(p));
        Fixtures.importCsv(port, "service-points", """
                code,consumer_no,address
                %1$sSP1,%1$sK1,Ward 3
                """.formatted(p));
        // An unknown service point among known ones: 422 naming its position, and none is assigned.
        assertField(admin.postJson("/api/v1/billing/groups/" + p + "G/service-points",
                Map.of("servicePointCodes", List.of(p + "SP1", p + "SP9"))), 422, "servicePointCodes[1]");
        assertField(admin.postJson("/api/v1/billing/groups/" + p + "G/service-points",
                Map.of("servicePointCodes", List.of())), 400, "servicePointCodes");
        // The CSV import checks every row; by default nothing is imported if one is wrong.
        TestHttp.Response csv = admin.postCsv("/api/v1/imports/bill-group-members", """
                service_point_code,group_code
                %1$sSP1,%1$sG
                %1$sSP1,%1$sNOGROUP
                """.formatted(p));
        assertThat(csv.status()).as(csv.body()).isEqualTo(422);
        assertThat(csv.json().get("errors").findValuesAsString("field")).contains("service_point_code", "group_code");
        assertThat(admin.get("/api/v1/billing/groups/" + p + "G").json().get("servicePoints").asInt()).isZero();

        // Cycles: unknown group, malformed or unfinished period; only billing and administrators trigger.
        assertField(admin.postJson("/api/v1/billing/cycles/" + p + "NONE/2026-02/collections", Map.of()), 404, "group");
        assertField(admin.postJson("/api/v1/billing/cycles/" + p + "G/02-2026/collections", Map.of()), 400, "period");
        assertField(admin.postJson("/api/v1/billing/cycles/" + p + "G/" + YearMonth.now() + "/collections", Map.of()),
                422, "period");
        assertField(admin.get("/api/v1/billing/cycles/" + p + "G/2026-02/collections"), 404, "period");
        assertField(admin.get("/api/v1/billing/cycles/" + p + "G/2026-02/collections?state=LOST"), 400, "state");
        String operator = Fixtures.staffUser(port, "ops", List.of("OPERATOR"));
        TestHttp ops = TestHttp.staffApi(port, operator, Fixtures.password(operator));
        assertThat(ops.postJson("/api/v1/billing/cycles/" + p + "G/2026-02/collections", Map.of()).status())
                .isEqualTo(403);
        assertThat(ops.postJson("/api/v1/billing/groups", Map.of("code", p + "H", "name", "Ward", "readDay", 1))
                .status()).isEqualTo(403);
        assertThat(admin.get("/api/v1/billing/cycles/" + p + "G/2026-02/collections").status()).isEqualTo(404);
    }

    private void install(String p, VirtualMeter meter, String servicePoint) {
        Map<String, Object> nameplate = new HashMap<>();
        nameplate.put("serialNo", meter.spec().serialNo());
        nameplate.put("manufacturer", "Sim");
        nameplate.put("category", meter.spec().category().name());
        nameplate.put("multiplier", meter.spec().multiplier());
        nameplate.put("intervalMinutes", meter.spec().intervalMinutes());
        nameplate.put("paymentMode", "POSTPAID");
        nameplate.put("relayCapable", meter.spec().category().hasRelay());
        nameplate.put("commPath", "CELLULAR");
        nameplate.put("role", "CONSUMER");
        Map<String, Object> m = new HashMap<>();
        m.put("messageId", Fixtures.unique(p + "net-"));
        m.put("changeType", "MeterInstalled");
        m.put("occurredAt", "2026-02-01T00:00:00+05:30");
        m.put("meter", nameplate);
        m.put("dtCode", p + "DT");
        m.put("servicePointCode", servicePoint);
        TestHttp.Response r = TestHttp.hes(port, Fixtures.HES_KEY).postJson("/api/v1/hes/network-changes", m);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
}
