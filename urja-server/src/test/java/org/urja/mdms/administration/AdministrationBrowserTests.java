package org.urja.mdms.administration;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.contract.IntervalBlock;
import org.urja.hes.contract.IntervalReading;
import org.urja.hes.contract.MeterReading;
import org.urja.hes.contract.MeterReadingsMessage;
import org.urja.hes.contract.ReadingProfile;
import org.urja.mdms.support.AdjustablePolicyClock;
import org.urja.mdms.support.Browser;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.TestSms;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10 part 7, administration in real headless Chromium against the running server and PostgreSQL: an
 * administrator adds a holiday and the command API then refuses a disconnection that day; edits a VEE parameter and
 * the next validation run uses it; edits an SMS template and the next SMS uses it; creates a tariff version for a
 * future date and it is listed; an operator cannot edit tariffs; every change is in the administration history with
 * its old and new value. Whatever a test changes that other tests depend on is put back in {@code finally}.
 */
@UrjaIntegrationTest
class AdministrationBrowserTests {

    static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);

    @LocalServerPort
    int port;

    @Autowired
    AdjustablePolicyClock policyClock;

    private Browser signedInAdmin(String name) {
        Browser browser = Browser.open(port, name);
        browser.go("/login").fill("username", Fixtures.ADMIN).fill("password", Fixtures.ADMIN_PASSWORD).press("Sign in");
        browser.waitFor("li.function");
        return browser;
    }

    private static Instant ist(String local) {
        return LocalDateTime.parse(local).toInstant(IST);
    }

    private JsonNode disconnect(TestHttp api, String meter) {
        TestHttp.Response r = api.postJson("/api/v1/commands", Map.of("type", "DISCONNECT", "meterSerialNo", meter,
                "reason", "arrears"), Map.of("Idempotency-Key", Fixtures.unique("adm-")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    /** Sets a date field as a person picking the day would (typing into a date input depends on the locale). */
    private static void setDate(Browser browser, String css, LocalDate day) {
        ((JavascriptExecutor) browser.driver()).executeScript("arguments[0].value = arguments[1];", browser.find(css),
                day.toString());
    }

    /** The administration history rows (action, target, detail) as the page shows them. */
    private static List<String> historyRows(Browser browser, String area) {
        browser.go("/admin/history?area=" + area);
        browser.waitFor("#history");
        List<String> rows = new ArrayList<>();
        for (WebElement tr : browser.all("#history tbody tr")) {
            rows.add(tr.getText());
        }
        return rows;
    }

    @Test
    void uc22_2_adminAddsAHolidayAndTheCommandApiThenRefusesADisconnectionThatDay() {
        String p = Fixtures.unique("AH").toUpperCase() + "-";
        String dt = Fixtures.importChain(port, p);
        String meter = p + "M1";
        Fixtures.importCsv(port, "meters", "serial_no,manufacturer,category,interval_minutes,payment_mode,relay_capable,"
                + "comm_path,role,firmware_version,multiplier,node_code,dcu_code\n"
                + meter + ",Sim,SINGLE_PHASE_WC,30,POSTPAID,true,CELLULAR,CONSUMER,1.0,1," + dt + ",\n");
        TestHttp admin = Fixtures.admin(port);
        // A Wednesday far from the days other tests judge at, unique to this run.
        LocalDate anyDay = LocalDate.of(2031, 1, 15).plusWeeks(Math.floorMod(System.nanoTime(), 400));
        LocalDate day = anyDay.minusDays(anyDay.getDayOfWeek().getValue() - 3);
        String festival = "Admin test festival " + p;
        try (Browser browser = signedInAdmin("admin-policy")) {
            browser.go("/admin/policy");
            browser.waitFor("#hours-form");
            assertThat(browser.text("#hours-source")).contains("configured defaults");

            // A bad holiday (no name) is refused naming the field, and nothing is added.
            browser.go("/admin/policy?year=" + day.getYear());
            setDate(browser, "#holiday-form input[name=day]", day);
            browser.click("#add-holiday");
            assertThat(browser.text("p.error[data-field=name]")).startsWith("name: is required");
            assertThat(browser.all("#holidays tr[data-day='" + day + "']")).isEmpty();

            setDate(browser, "#holiday-form input[name=day]", day);
            browser.fill("name", festival);
            browser.click("#add-holiday");
            browser.waitFor("#saved");
            assertThat(browser.text("#holidays tr[data-day='" + day + "'] td.name")).isEqualTo(festival);
            browser.screenshot("holiday-added");

            // The command API refuses a disconnection at 11:00 IST that day, naming the holiday.
            policyClock.set(ist(day + "T11:00:00"));
            JsonNode refused = disconnect(admin, meter);
            assertThat(refused.get("state").asString()).isEqualTo("REFUSED");
            assertThat(refused.get("refusalRule").asString()).isEqualTo("public-holiday");
            assertThat(refused.get("stateReason").asString()).contains(festival);

            // Removing it needs the confirmation ticked; without it the holiday stays.
            browser.click("#holidays tr[data-day='" + day + "'] button");
            assertThat(browser.text("p.error[data-field=confirm]")).startsWith("confirm:");
            assertThat(admin.get("/api/v1/command-policy/holidays?year=" + day.getYear()).json()
                    .findValuesAsString("name")).contains(festival);
            browser.click("#holidays tr[data-day='" + day + "'] input[name=confirm]");
            browser.click("#holidays tr[data-day='" + day + "'] button");
            browser.waitFor("#saved");
            assertThat(browser.all("#holidays tr[data-day='" + day + "']")).isEmpty();

            // Saturdays too: the weekday rule is read from the database at the next decision.
            browser.go("/admin/policy");
            browser.click("#hours-form input[value=SATURDAY]");
            browser.click("#save-hours");
            browser.waitFor("#saved");
            assertThat(browser.text("#hours-source")).contains("Set by " + Fixtures.ADMIN);
            policyClock.set(ist(day.plusDays(3) + "T11:00:00")); // the Saturday after
            assertThat(disconnect(admin, meter).get("refusalRule").asString()).isEqualTo("no-disconnection-day");
            JsonNode policy = admin.get("/api/v1/command-policy").json();
            assertThat(policy.get("noDisconnectDays").toString()).contains("SATURDAY", "SUNDAY");
            // Hours that are not times are refused naming the field (a forged form: the browser only sends times).
            TestHttp form = TestHttp.browser(port);
            form.signIn(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
            TestHttp.Response bad = form.postForm("/admin/policy/hours", Map.of("noDisconnectFrom", "25:00",
                    "noDisconnectUntil", "08:00", "noDisconnectDays", "SUNDAY"), "/admin/policy", true);
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body()).contains("noDisconnectFrom: not a time of day");
            assertThat(admin.get("/api/v1/command-policy").json().get("noDisconnectDays").toString()).contains("SATURDAY");
            // Over the API too: every weekday forbidden is refused naming the field, and a viewer may not change it.
            TestHttp.Response allDays = admin.putJson("/api/v1/command-policy", Map.of("noDisconnectFrom", "18:00",
                    "noDisconnectUntil", "08:00", "noDisconnectOnHolidays", true, "noDisconnectDays", List.of("MONDAY",
                            "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")));
            assertThat(allDays.status()).isEqualTo(422);
            assertThat(allDays.json().get("errors").findValuesAsString("field")).containsExactly("noDisconnectDays");
            String viewer = Fixtures.staffUser(port, "admpv", List.of("VIEWER"));
            assertThat(TestHttp.staffApi(port, viewer, Fixtures.password(viewer)).putJson("/api/v1/command-policy",
                    Map.of("noDisconnectFrom", "10:00", "noDisconnectUntil", "11:00", "noDisconnectDays", List.of(),
                            "noDisconnectOnHolidays", false)).status()).isEqualTo(403);
            assertThat(admin.get("/api/v1/command-policy").json().get("noDisconnectFrom").asString()).startsWith("18:00");

            // A protected meter through the page; an unknown meter is refused naming the field.
            browser.go("/admin/policy");
            browser.fill("serialNo", "NO-SUCH-" + p).fill("reason", "life support");
            browser.click("#protect-meter");
            assertThat(browser.text("p.error[data-field=serialNo]")).contains("No meter");
            browser.fill("serialNo", meter).fill("reason", "life-support equipment");
            browser.click("#protect-meter");
            browser.waitFor("#saved");
            assertThat(browser.text("#protected tr[data-meter='" + meter + "'] td.reason")).isEqualTo("life-support equipment");
            policyClock.reset();
            assertThat(disconnect(admin, meter).get("refusalRule").asString()).isEqualTo("protected-meter");
            browser.click("#protected tr[data-meter='" + meter + "'] input[name=confirm]");
            browser.click("#protected tr[data-meter='" + meter + "'] button");
            browser.waitFor("#saved");
            assertThat(browser.all("#protected tr[data-meter='" + meter + "']")).isEmpty();

            // Every change is in the administration history with old → new.
            List<String> history = historyRows(browser, "policy");
            browser.screenshot("policy-history");
            assertThat(history).anyMatch(r -> r.contains("ADMIN POLICY HOLIDAY SET") && r.contains("holiday " + day)
                    && r.contains("(none) → " + festival));
            assertThat(history).anyMatch(r -> r.contains("ADMIN POLICY HOLIDAY REMOVED") && r.contains(festival + " → (none)"));
            assertThat(history).anyMatch(r -> r.contains("ADMIN POLICY HOURS")
                    && r.contains("no disconnection on [SUNDAY], public holidays: yes → 18:00–08:00, no disconnection on [SATURDAY, SUNDAY]"));
            assertThat(history).anyMatch(r -> r.contains("ADMIN POLICY METER PROTECTED") && r.contains("meter " + meter)
                    && r.contains("(none) → life-support equipment"));
            assertThat(history).anyMatch(r -> r.contains("ADMIN POLICY METER UNPROTECTED") && r.contains("meter " + meter));
        } finally {
            policyClock.reset();
            assertThat(admin.putJson("/api/v1/command-policy", Map.of("noDisconnectFrom", "18:00",
                    "noDisconnectUntil", "08:00", "noDisconnectDays", List.of("SUNDAY"), "noDisconnectOnHolidays", true))
                    .status()).isEqualTo(200);
        }
    }

    @Test
    void uc22_2_adminEditsAVeeParameterAndTheNextValidationRunUsesIt() {
        String serial = Fixtures.unique("ADMVEE").toUpperCase();
        LocalDate day = LocalDate.of(2026, 2, 21);
        Instant start = day.atStartOfDay(IST).toInstant();
        List<IntervalReading> readings = new ArrayList<>();
        for (int i = 0; i < 96; i++) {
            // 0.35 kWh is 3.5 × the day's third-highest value: a spike only with a factor below 3.5.
            readings.add(new IntervalReading(start.plusSeconds(900L * (i + 1)),
                    i == 40 ? new BigDecimal("0.350") : new BigDecimal("0.100"), List.of()));
        }
        var message = new MeterReadingsMessage(Fixtures.unique("adm-vee-"), Instant.now(), null, List.of(
                new MeterReading(serial, ReadingProfile.BLOCK_LOAD,
                        List.of(new IntervalBlock("interval.kWh.import", 900, readings)), List.of())));
        assertThat(TestHttp.signedHes(port, Fixtures.HES_KEY_ID, Fixtures.HES_SECRET)
                .postJson("/api/v1/hes/meter-readings", message).status()).isEqualTo(202);
        TestHttp admin = Fixtures.admin(port);
        Map<String, Object> run = Map.of("day", day.toString(), "meterSerialNos", List.of(serial));
        assertThat(admin.postJson("/api/v1/vee/runs", run).json().get("meters").asInt()).isEqualTo(1);
        assertThat(spikes(admin, serial, day)).isEmpty(); // the default factor is 4

        try (Browser browser = signedInAdmin("admin-vee")) {
            browser.go("/admin/vee-parameters");
            browser.waitFor("#vee-form");
            // Out of bounds: refused beside the field, nothing saved.
            browser.fill("spike-factor", "0.5");
            browser.fill("zero-consumption-hours", "30");
            browser.click("#save-parameters");
            assertThat(browser.text("tr[data-name=spike-factor] p.field-error")).contains("between 1.5 and 50");
            assertThat(browser.text("tr[data-name=zero-consumption-hours] p.field-error")).contains("between 1 and 24");
            assertThat(parameter(admin, "spike-factor")).isEqualByComparingTo("4");
            assertThat(parameter(admin, "zero-consumption-hours")).isEqualByComparingTo("12");
            browser.screenshot("vee-out-of-bounds");

            browser.go("/admin/vee-parameters");
            browser.fill("spike-factor", "3");
            browser.click("#save-parameters");
            assertThat(browser.text("#saved")).contains("spike-factor");
            assertThat(parameter(admin, "spike-factor")).isEqualByComparingTo("3");
            browser.screenshot("vee-saved");

            // The next run flags the interval as a spike over 3 × the third-highest value.
            admin.postJson("/api/v1/vee/runs", run);
            JsonNode spikes = spikes(admin, serial, day);
            assertThat(spikes).hasSize(1);
            assertThat(spikes.get(0).toString()).contains("over 3.0 x");

            List<String> history = historyRows(browser, "vee");
            assertThat(history).anyMatch(r -> r.contains("ADMIN VEE PARAMETER") && r.contains("VEE spike-factor")
                    && r.contains("4 → 3"));
            assertThat(history).noneMatch(r -> r.contains("zero-consumption-hours"));
        } finally {
            assertThat(admin.putJson("/api/v1/vee/parameters", Map.of("spike-factor", 4)).status()).isEqualTo(200);
        }
        // Through the API as well: bounds are checked, and a viewer may not change anything.
        TestHttp.Response bad = admin.putJson("/api/v1/vee/parameters", Map.of("like-days", 0));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsString("field")).contains("like-days");
        String viewer = Fixtures.staffUser(port, "admvw", List.of("VIEWER"));
        assertThat(TestHttp.staffApi(port, viewer, Fixtures.password(viewer)).putJson("/api/v1/vee/parameters",
                Map.of("spike-factor", 2)).status()).isEqualTo(403);
        assertThat(parameter(admin, "spike-factor")).isEqualByComparingTo("4");
    }

    private static JsonNode spikes(TestHttp api, String serial, LocalDate day) {
        JsonNode all = api.get("/api/v1/vee/findings?meter=" + serial + "&day=" + day + "&status=OPEN").json();
        List<JsonNode> out = new ArrayList<>();
        all.forEach(f -> {
            if (f.get("rule").asString().equals("SpikeCheck")) {
                out.add(f);
            }
        });
        return TestHttp.JSON.valueToTree(out);
    }

    private static BigDecimal parameter(TestHttp api, String name) {
        for (JsonNode p : api.get("/api/v1/vee/parameters").json()) {
            if (p.get("name").asString().equals(name)) {
                return p.get("value").decimalValue();
            }
        }
        throw new AssertionError("no parameter " + name);
    }

    @Test
    void uc22_2_adminEditsAnSmsTemplateAndTheNextSmsUsesIt() {
        String p = Fixtures.unique("AT").toUpperCase() + "-";
        String mobile = "98" + (10_000_000 + (int) (Math.random() * 89_999_999));
        TestHttp admin = Fixtures.admin(port);
        assertThat(admin.postCsv("/api/v1/imports/consumers", """
                consumer_no,name,address,sanctioned_load_kw,tariff_category,phone,email
                %sK1,Ravi Kumar,"4 Mall Road",2,DOM,%s,
                """.formatted(p, mobile)).status()).isEqualTo(200);
        String path = "/admin/notification-templates/RECHARGE_RECEIVED/en";
        TestHttp form = TestHttp.browser(port);
        form.signIn(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
        try (Browser browser = signedInAdmin("admin-templates")) {
            browser.go("/admin/notification-templates");
            browser.click("tr[data-template='RECHARGE_RECEIVED.en'] a");
            browser.waitForPath(path);
            assertThat(browser.text("#preview-body")).startsWith("Dear Asha Devi, your recharge of Rs 500.00");

            // An unknown placeholder: the live preview names it and Save is refused.
            String text = "Namaste {{name}}, Rs {{amount}} recharged for {{consumerNo}}; balance Rs {{balance}}. {{utility}}";
            browser.fill("body", text + " {{otp}}");
            browser.waitForText("#preview p.error[data-field=body]", "unknown placeholder [{{otp}}]");
            browser.click("#save-template");
            assertThat(browser.text("p.error[data-field=body]")).contains("{{otp}}");
            browser.screenshot("template-unknown-placeholder");

            // The preview follows the typing with sample values and the SMS length; Save.
            browser.go(path);
            browser.fill("body", text);
            browser.waitForText("#preview-body", "Namaste Asha Devi, Rs 500.00 recharged for 100000001");
            assertThat(browser.text("#sms-length")).contains("GSM-7", "1 part");
            browser.screenshot("template-preview");
            browser.click("#save-template");
            assertThat(browser.text("#saved")).contains("the next RECHARGE_RECEIVED message in en uses this text");

            // The next recharge's SMS is the edited text.
            assertThat(admin.postJson("/api/v1/prepaid/recharges", Map.of("consumerNo", p + "K1", "amountPaise", 25_000,
                    "paymentReference", p + "UPI-1", "channel", "UPI")).status()).isEqualTo(201);
            JsonNode sms = Eventually.await(Duration.ofSeconds(10), () -> TestSms.to("+91" + mobile),
                    l -> !l.isEmpty()).get(0);
            assertThat(sms.get("text").asString()).startsWith("Namaste Ravi Kumar, Rs 250.00 recharged for " + p + "K1;")
                    .endsWith("Urja Test Discom");

            // Reset needs the confirmation; then the packaged text is back.
            browser.go(path);
            browser.click("#reset-template");
            assertThat(browser.text("#reset-error")).startsWith("confirm:");
            browser.click("#reset-form input[name=confirm]");
            browser.click("#reset-template");
            browser.waitFor("#saved");
            assertThat(browser.text("#preview-body")).startsWith("Dear Asha Devi");

            List<String> history = historyRows(browser, "templates");
            browser.screenshot("template-history");
            assertThat(history).anyMatch(r -> r.contains("ADMIN TEMPLATE SAVED") && r.contains("template RECHARGE_RECEIVED.en")
                    && r.contains("Dear {{name}}, your recharge") && r.contains("→ Subject: Recharge of Rs {{amount}} received | " + text));
            assertThat(history).anyMatch(r -> r.contains("ADMIN TEMPLATE RESET") && r.contains("template RECHARGE_RECEIVED.en"));
        } finally {
            form.postForm(path + "/reset", Map.of("confirm", "yes"), path, true);
        }
    }

    /** A category with a version in force since 1 January 2026, added over the API; returns the category. */
    private String tariffInForce(TestHttp admin) {
        String category = Fixtures.unique("ADM").toUpperCase().replaceAll("[^A-Z0-9]", "");
        TestHttp.Response r = admin.postJson("/api/v1/tariffs", """
                {"tariff": {"category": "%s", "effectiveFrom": "2026-01-01", "fixedPaisePerKwMonth": 11000,
                  "slabs": [{"uptoUnits": 200, "paisePerUnit": 300}, {"uptoUnits": null, "paisePerUnit": 450}],
                  "todZones": [{"name": "PEAK", "from": "18:00", "to": "22:00", "percent": 20}],
                  "levies": [{"name": "ED", "percent": 5, "base": "ENERGY"}], "subsidy": null},
                 "reason": "Tariff order 2025-26"}""".formatted(category));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return category;
    }

    @Test
    void uc22_2_adminCreatesATariffVersionFromAFutureDateAndItIsListed() {
        TestHttp admin = Fixtures.admin(port);
        String category = tariffInForce(admin);
        LocalDate today = LocalDate.now(IST);
        LocalDate from = today.plusDays(30);
        try (Browser browser = signedInAdmin("admin-tariffs")) {
            browser.go("/tariffs");
            assertThat(browser.text("table[data-category=" + category + "] tr[data-from='2026-01-01'] td.status"))
                    .isEqualTo("in force");
            browser.click("#tariff-" + category + " a.new-of-category");
            browser.waitFor("#tariff-form");
            // Prefilled from the version in force.
            assertThat(browser.find("input[name='slabs[1].paisePerUnit']").getAttribute("value")).isEqualTo("450");
            assertThat(browser.find("input[name='todZones[0].name']").getAttribute("value")).isEqualTo("PEAK");

            // Today (a version would be in force at once), a rate that is not a number and slabs out of order: each
            // named beside its field, nothing stored.
            setDate(browser, "#tariff-form input[name=effectiveFrom]", today);
            browser.fill("slabs[1].paisePerUnit", "4.5O");
            browser.fill("levies[1].name", "PPAC");
            browser.fill("levies[1].percent", "3.5");
            browser.fill("reason", "Order 12/2026 of the commission");
            browser.click("#create-version");
            assertThat(browser.text("#errors li[data-field=effectiveFrom]")).contains("must be after today");
            assertThat(browser.text("#errors li[data-field='slabs[1].paisePerUnit']")).contains("not a number: 4.5O");
            browser.screenshot("tariff-invalid");
            setDate(browser, "#tariff-form input[name=effectiveFrom]", from);
            browser.fill("slabs[1].paisePerUnit", "475");
            browser.fill("slabs[2].uptoUnits", "100");
            browser.fill("slabs[2].paisePerUnit", "500");
            browser.click("#create-version");
            assertThat(browser.text("#errors li[data-field='slabs[1].uptoUnits']")).contains("only the last slab is open-ended");
            assertThat(admin.get("/api/v1/tariffs/" + category + "/versions").json()).hasSize(1);

            // A demand tariff for bills: kVAh, fixed charge on the month's maximum demand; a minimum demand above
            // 100 % of the contract demand is refused naming it.
            browser.fill("slabs[1].uptoUnits", "400");
            browser.fill("slabs[2].uptoUnits", "");
            new Select(browser.find("select[name=billingUnit]")).selectByValue("KVAH");
            new Select(browser.find("select[name=fixedChargeBasis]")).selectByValue("MAX_DEMAND");
            browser.fill("minimumDemandPercent", "120");
            browser.fill("excessDemandPercent", "150");
            browser.click("#create-version");
            assertThat(browser.text("#errors li[data-field=minimumDemandPercent]")).contains("100 or less");
            assertThat(admin.get("/api/v1/tariffs/" + category + "/versions").json()).hasSize(1);

            browser.fill("minimumDemandPercent", "75");
            browser.click("#create-version");
            browser.waitFor("#saved");
            assertThat(browser.text("table[data-category=" + category + "] tr[data-from='" + from + "'] td.status"))
                    .isEqualTo("future");
            assertThat(browser.text("table[data-category=" + category + "] tr[data-from='2026-01-01'] td.status"))
                    .isEqualTo("in force");
            browser.screenshot("tariff-listed");
            browser.click("table[data-category=" + category + "] tr[data-from='" + from + "'] a");
            assertThat(browser.text("#levies")).contains("PPAC");
            assertThat(browser.text("#billing-unit")).startsWith("kVAh");
            assertThat(browser.text("#fixed-basis")).contains("maximum demand, at least 75 %");
        }
        JsonNode future = admin.get("/api/v1/tariffs/" + category + "?on=" + from).json();
        assertThat(future.get("effectiveFrom").asString()).isEqualTo(from.toString());
        assertThat(future.get("slabs").get(1).get("paisePerUnit").decimalValue()).isEqualByComparingTo("475");
        assertThat(future.get("slabs").get(2).get("paisePerUnit").decimalValue()).isEqualByComparingTo("500");
        assertThat(future.get("levies").findValuesAsString("name")).containsExactly("ED", "PPAC");
        assertThat(future.get("billingUnit").asString()).isEqualTo("KVAH");
        assertThat(future.get("fixedChargeBasis").asString()).isEqualTo("MAX_DEMAND");
        assertThat(future.get("minimumDemandPercent").decimalValue()).isEqualByComparingTo("75");
        assertThat(future.get("excessDemandPercent").decimalValue()).isEqualByComparingTo("150");
        assertThat(future.get("latePaymentSurchargePercent").isNull()).isTrue();
        assertThat(admin.get("/api/v1/tariffs/" + category).json().get("effectiveFrom").asString()).isEqualTo("2026-01-01");
        JsonNode versions = admin.get("/api/v1/tariffs/" + category + "/versions").json();
        assertThat(versions).hasSize(2);
        assertThat(versions.get(1).get("createdBy").asString()).isEqualTo(Fixtures.ADMIN);
        assertThat(versions.get(1).get("reason").asString()).isEqualTo("Order 12/2026 of the commission");

        try (Browser browser = signedInAdmin("admin-tariffs-history")) {
            List<String> history = historyRows(browser, "tariffs");
            assertThat(history).anyMatch(r -> r.contains("ADMIN TARIFF VERSION")
                    && r.contains("tariff " + category + " from " + from)
                    && r.contains("from 2026-01-01: fixed 11000 paise/kW-month of SANCTIONED_LOAD; billed on KWH; "
                    + "slabs 0–200 @300 200– @450")
                    && r.contains("→ fixed 11000 paise/kW-month of MAX_DEMAND; billed on KVAH; "
                    + "slabs 0–200 @300 200–400 @475 400– @500")
                    && r.contains("minimum demand 75%, excess +150%")
                    && r.contains("levy PPAC 3.5% of ENERGY") && r.contains("reason: Order 12/2026 of the commission"));
        }
    }

    @Test
    void uc22_2_anOperatorCannotEditTariffsAndBillingMayReadThem() {
        TestHttp admin = Fixtures.admin(port);
        String category = tariffInForce(admin);
        String operator = Fixtures.staffUser(port, "admop", List.of("OPERATOR"));
        try (Browser browser = Browser.open(port, "admin-tariffs-operator")) {
            browser.go("/login").fill("username", operator).fill("password", Fixtures.password(operator)).press("Sign in");
            browser.waitFor("li.function");
            assertThat(browser.all("li.function a[href='/tariffs']")).isEmpty();
            browser.go("/tariffs");
            browser.waitFor("#read-only");
            assertThat(browser.text("table[data-category=" + category + "] tr[data-from='2026-01-01'] td.status"))
                    .isEqualTo("in force");
            assertThat(browser.all("#new-version")).isEmpty();
            assertThat(browser.all("a.new-of-category")).isEmpty();
            assertThat(browser.all("form#tariff-form")).isEmpty();
            browser.screenshot("operator-read-only");
        }
        // The form is refused, and so is a forged post carrying a valid CSRF token of the operator's session.
        TestHttp http = TestHttp.browser(port);
        http.signIn(operator, Fixtures.password(operator));
        assertThat(http.get("/admin/tariffs/new?category=" + category).status()).isEqualTo(403);
        TestHttp.Response forged = http.postForm("/admin/tariffs", Map.of("category", category,
                "effectiveFrom", LocalDate.now(IST).plusDays(10).toString(), "fixedPaisePerKwMonth", "1",
                "slabs[0].paisePerUnit", "1", "reason", "forged by an operator"), "/tariffs", true);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(admin.get("/api/v1/tariffs/" + category + "/versions").json()).hasSize(1);

        // Billing reads tariffs from the home page, without the form either.
        String billing = Fixtures.staffUser(port, "admbill", List.of("BILLING"));
        try (Browser browser = Browser.open(port, "admin-tariffs-billing")) {
            browser.go("/login").fill("username", billing).fill("password", Fixtures.password(billing)).press("Sign in");
            browser.click("li.function a[href='/tariffs']");
            browser.waitFor("#read-only");
            assertThat(browser.all("#new-version")).isEmpty();
        }
        TestHttp bill = TestHttp.browser(port);
        bill.signIn(billing, Fixtures.password(billing));
        assertThat(bill.postForm("/admin/tariffs", Map.of("category", category, "effectiveFrom",
                LocalDate.now(IST).plusDays(10).toString(), "fixedPaisePerKwMonth", "1", "slabs[0].paisePerUnit", "1",
                "reason", "forged by billing"), "/tariffs", true).status()).isEqualTo(403);
        assertThat(admin.get("/api/v1/tariffs/" + category + "/versions").json()).hasSize(1);
    }

    @Test
    void uc22_2_administrationPagesFitAPhone() {
        String category = tariffInForce(Fixtures.admin(port));
        try (Browser phone = Browser.phone(port, "admin-phone")) {
            phone.go("/login").fill("username", Fixtures.ADMIN).fill("password", Fixtures.ADMIN_PASSWORD).press("Sign in");
            phone.waitFor("li.function");
            for (String page : List.of("/tariffs", "/admin/tariffs/new?category=" + category, "/admin/policy",
                    "/admin/vee-parameters", "/admin/notification-templates/LOW_BALANCE/hi", "/admin/history")) {
                phone.go(page);
                phone.waitFor("main h1");
                Object overflow = ((JavascriptExecutor) phone.driver()).executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                assertThat(((Number) overflow).intValue()).as(page).isLessThanOrEqualTo(0);
                phone.screenshot(page.replaceAll("[^a-z]+", "-"));
            }
        }
    }
}
