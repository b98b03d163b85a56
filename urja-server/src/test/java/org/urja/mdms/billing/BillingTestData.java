package org.urja.mdms.billing;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
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
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What billing tests send through the HES contract: meters installed at service points (UC11.2), interval data and
 * registers, and a wait for VEE to have settled the days; plus a cycle's determinant run. Public for tests of other
 * modules that show bills (the meter / consumer 360 page).
 */
public final class BillingTestData {

    static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);

    /** Per slot of a day: the value to send, or null for none. */
    public interface Slots {
        BigDecimal at(LocalDate day, int slot);
    }

    private final int port;
    private final CommittedEvents committed;
    private final String prefix;

    public BillingTestData(int port, CommittedEvents committed, String prefix) {
        this.port = port;
        this.committed = committed;
        this.prefix = prefix;
    }

    /** The domestic tariff of docs/billing.md (DOM) under the category {@code <p>DOM}, from January 2026. */
    public static org.urja.mdms.tariff.Tariff domesticTariff(String p) {
        return UC18BillComputationTests.docTariffs(p).get(0);
    }

    static Instant startOf(LocalDate day) {
        return day.atStartOfDay(IST).toInstant();
    }

    /** The HES reports a meter installed at a service point under the prefix's DT. */
    public void install(String serial, String category, int minutes, int multiplier, String paymentMode,
                        String servicePoint, String at) {
        Map<String, Object> m = change("MeterInstalled", at);
        m.put("meter", nameplate(serial, category, minutes, multiplier, paymentMode));
        m.put("dtCode", prefix + "DT");
        m.put("servicePointCode", servicePoint);
        send(m);
    }

    Map<String, Object> change(String type, String at) {
        Map<String, Object> m = new HashMap<>();
        m.put("messageId", Fixtures.unique(prefix + "net-"));
        m.put("changeType", type);
        m.put("occurredAt", at);
        return m;
    }

    static Map<String, Object> nameplate(String serial, String category, int minutes, int multiplier,
                                         String paymentMode) {
        Map<String, Object> m = new HashMap<>();
        m.put("serialNo", serial);
        m.put("manufacturer", "Genus");
        m.put("category", category);
        m.put("multiplier", multiplier);
        m.put("intervalMinutes", minutes);
        m.put("paymentMode", paymentMode);
        m.put("relayCapable", !category.endsWith("CT"));
        m.put("commPath", "CELLULAR");
        m.put("role", "CONSUMER");
        return m;
    }

    void send(Map<String, Object> change) {
        TestHttp.Response r = TestHttp.hes(port, Fixtures.HES_KEY).postJson("/api/v1/hes/network-changes", change);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    /** The HES sends one channel of a meter for the IST days {@code from..to} (slots without a value left out). */
    public void push(String meter, int minutes, LocalDate from, LocalDate to, String readingType, Slots values) {
        List<IntervalReading> readings = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            Instant start = startOf(day);
            for (int s = 0; s < 1440 / minutes; s++) {
                BigDecimal v = values.at(day, s);
                if (v != null) {
                    readings.add(new IntervalReading(start.plusSeconds(60L * minutes * (s + 1)), v, List.of()));
                }
            }
        }
        send(new MeterReading(meter, ReadingProfile.BLOCK_LOAD,
                List.of(new IntervalBlock(readingType, minutes * 60, readings)), List.of()));
    }

    void registers(String meter, ReadingProfile profile, List<Reading> readings) {
        send(new MeterReading(meter, profile, List.of(), readings));
    }

    private void send(MeterReading reading) {
        MeterReadingsMessage message = new MeterReadingsMessage(Fixtures.unique("bd-"), Instant.now(), null,
                List.of(reading));
        TestHttp.Response r = TestHttp.signedHes(port, Fixtures.HES_KEY_ID, Fixtures.HES_SECRET)
                .postJson("/api/v1/hes/meter-readings", message);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
    }

    /** VEE on arrival has settled every day of the meter in {@code from..to}. */
    public void awaitValidated(String meter, LocalDate from, LocalDate to) {
        long days = to.toEpochDay() - from.toEpochDay() + 1;
        Eventually.await(Duration.ofSeconds(90), () -> committed.validated(meter).stream()
                .map(d -> d.day()).filter(d -> !d.isBefore(from) && !d.isAfter(to)).distinct().count(), n -> n == days);
    }

    /** A bill group read on the 1st with these service points. */
    public void group(String code, List<String> servicePoints) {
        TestHttp admin = Fixtures.admin(port);
        assertThat(admin.postJson("/api/v1/billing/groups", Map.of("code", code, "name", "Ward " + code,
                "readDay", 1)).status()).isEqualTo(201);
        TestHttp.Response assigned = admin.postJson("/api/v1/billing/groups/" + code + "/service-points",
                Map.of("servicePointCodes", servicePoints));
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
    }

    /** Issues (or restates) the cycle's determinants and waits for the run to be DONE. */
    public JsonNode determinants(TestHttp billing, String group, String period) {
        TestHttp.Response run = billing.postJson("/api/v1/billing/cycles/" + group + "/" + period + "/determinants",
                Map.of());
        assertThat(run.status()).as(run.body()).isIn(200, 202);
        return Eventually.await(Duration.ofSeconds(60),
                () -> billing.get("/api/v1/billing/cycles/" + group + "/" + period + "/determinants?limit=0").json(),
                r -> r.get("state").asString().equals("DONE"));
    }

    /** Bills the cycle with a bill date: the run's answer. */
    public static JsonNode bill(TestHttp billing, String group, String period, String billDate) {
        TestHttp.Response r = billing.postJson("/api/v1/billing/cycles/" + group + "/" + period + "/bills",
                Map.of("billDate", billDate));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** The bill's lines as {@code KIND|name|quantity|paise} ({@code -}: none), in order; they add up to the payable. */
    public static void assertLines(JsonNode bill, List<String> expected) {
        List<String> lines = new ArrayList<>();
        long sum = 0;
        for (JsonNode l : bill.get("lines")) {
            JsonNode q = l.get("quantity");
            lines.add(l.get("kind").asString() + "|" + l.get("name").asString() + "|"
                    + (q == null || q.isNull() ? "-" : q.decimalValue().stripTrailingZeros().toPlainString()) + "|"
                    + l.get("paise").asLong());
            sum += l.get("paise").asLong();
        }
        assertThat(lines).as(bill.get("billNo").asString()).containsExactlyElementsOf(expected);
        assertThat(sum).isEqualTo(bill.get("payablePaise").asLong());
    }

    /** Current charges, arrears, surcharge, rounding, payable and payable after the due date, in paise. */
    public static void assertTotals(JsonNode bill, long current, long arrears, long lps, long rounding, long payable,
                                    long afterDue) {
        assertThat(List.of(bill.get("currentChargesPaise").asLong(), bill.get("arrearsPaise").asLong(),
                bill.get("latePaymentSurchargePaise").asLong(), bill.get("roundingPaise").asLong(),
                bill.get("payablePaise").asLong(), bill.get("payableAfterDuePaise").asLong()))
                .as(bill.get("billNo").asString()).containsExactly(current, arrears, lps, rounding, payable, afterDue);
    }

    /** The text of a bill's PDF (after checking it is one). */
    public static String pdfText(byte[] pdf) throws IOException {
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }
}
