package org.urja.mdms.prepaid;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.contract.IntervalBlock;
import org.urja.hes.contract.IntervalReading;
import org.urja.hes.contract.MeterReading;
import org.urja.hes.contract.MeterReadingsMessage;
import org.urja.hes.contract.ReadingProfile;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import org.urja.mdms.tariff.Charging;
import org.urja.mdms.tariff.Tariff;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UC1.4: a prepaid consumer's day, validated by VEE on arrival, is charged to the wallet once under the tariff in
 * force; a late actual that changes the day is an adjustment; recharges are posted once per payment reference.
 */
@UrjaIntegrationTest
class UC1PrepaidDailyChargeTests implements org.urja.mdms.support.HesUp {

    static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);

    @LocalServerPort
    int port;

    @Autowired
    Wallet wallet;

    @Test
    void uc1_4_theValidatedDayIsChargedOnceAndALateActualIsAnAdjustment() {
        String p = Fixtures.unique("PP").toUpperCase() + "-";
        String consumer = p + "K1";
        String meter = p + "M1";
        TestHttp admin = Fixtures.admin(port);
        Tariff tariff = PrepaidConsumer.create(port, p, "Meena Devi", "4 Ring Road, Lajpat Nagar", null).tariff();

        // A recharge of ₹500 at a cash counter; the counter's retry is the same payment, posted once.
        Map<String, Object> recharge = Map.of("consumerNo", consumer, "amountPaise", 50_000,
                "paymentReference", p + "CASH-0001", "channel", "CASH_COUNTER");
        TestHttp.Response receipt = admin.postJson("/api/v1/prepaid/recharges", recharge);
        assertThat(receipt.status()).as(receipt.body()).isEqualTo(201);
        assertThat(receipt.json().get("balanceAfterPaise").asLong()).isEqualTo(50_000);
        TestHttp.Response retry = admin.postJson("/api/v1/prepaid/recharges", recharge);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().get("entryId").asLong()).isEqualTo(receipt.json().get("entryId").asLong());
        assertThat(admin.postJson("/api/v1/prepaid/recharges", Map.of("consumerNo", consumer, "amountPaise", 10,
                "paymentReference", p + "X", "channel", "BANK")).json().get("errors").findValuesAsString("field"))
                .contains("amountPaise");

        // 20 May: 0.125 kWh every quarter hour, except 11:00–11:15 which the meter did not send (VEE estimates it).
        LocalDate day = LocalDate.of(2026, 5, 20);
        BigDecimal[] slots = new BigDecimal[96];
        Arrays.fill(slots, new BigDecimal("0.125"));
        push(meter, day, slots, 44);
        JsonNode charged = Eventually.await(Duration.ofSeconds(20), () -> entries(admin, consumer, "DAILY_CHARGE"),
                e -> e.size() == 1).get(0);
        long expected = Charging.daily(tariff, day, Charging.unitsByZone(tariff, 15, slots), BigDecimal.ZERO,
                new BigDecimal("5")).totalPaise();
        assertThat(charged.get("amountPaise").asLong()).isEqualTo(-expected);
        assertThat(charged.get("reference").asString()).isEqualTo("day:" + day);
        assertThat(wallet.balance(consumer)).isEqualTo(50_000 - expected);

        // An operator re-runs VEE for the day: nothing changes, nothing is charged again.
        admin.postJson("/api/v1/vee/runs", Map.of("day", day.toString(), "meterSerialNos", List.of(meter)));

        // The late actual of 11:00–11:15 arrives (1.125 kWh instead of the estimated 0.125): an adjustment.
        BigDecimal[] late = new BigDecimal[96];
        late[44] = new BigDecimal("1.125");
        push(meter, day, late, -1);
        JsonNode adjustment = Eventually.await(Duration.ofSeconds(20), () -> entries(admin, consumer, "ADJUSTMENT"),
                e -> e.size() == 1).get(0);
        BigDecimal[] actual = slots.clone();
        actual[44] = new BigDecimal("1.125");
        long revised = Charging.daily(tariff, day, Charging.unitsByZone(tariff, 15, actual), BigDecimal.ZERO,
                new BigDecimal("5")).totalPaise();
        assertThat(adjustment.get("amountPaise").asLong()).isEqualTo(-(revised - expected)).isNegative();
        assertThat(entries(admin, consumer, "DAILY_CHARGE")).hasSize(1);
        assertThat(wallet.balance(consumer)).isEqualTo(50_000 - revised);
        JsonNode account = admin.get("/api/v1/prepaid/accounts/" + consumer).json();
        assertThat(account.get("balancePaise").asLong()).isEqualTo(50_000 - revised);
        assertThat(account.get("entries")).hasSize(3);
    }

    private JsonNode entries(TestHttp admin, String consumer, String kind) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : admin.get("/api/v1/prepaid/accounts/" + consumer).json().get("entries")) {
            if (e.get("kind").asString().equals(kind)) {
                out.add(e);
            }
        }
        return TestHttp.JSON.valueToTree(out);
    }

    /** The HES sends the day's intervals (null slots and {@code skip} are left out). */
    private void push(String meter, LocalDate day, BigDecimal[] slots, int skip) {
        Instant start = day.atStartOfDay(IST).toInstant();
        List<IntervalReading> readings = new ArrayList<>();
        for (int i = 0; i < slots.length; i++) {
            if (i != skip && slots[i] != null) {
                readings.add(new IntervalReading(start.plusSeconds(900L * (i + 1)), slots[i], List.of()));
            }
        }
        var message = new MeterReadingsMessage(Fixtures.unique("pp-"), Instant.now(), null, List.of(new MeterReading(meter,
                ReadingProfile.BLOCK_LOAD, List.of(new IntervalBlock("interval.kWh.import", 900, readings)), List.of())));
        var r = TestHttp.signedHes(port, Fixtures.HES_KEY_ID, Fixtures.HES_SECRET).postJson("/api/v1/hes/meter-readings", message);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
    }
}
