package org.urja.mdms.prepaid;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.mdms.network.PaymentMode;
import org.urja.mdms.network.ServiceHistory;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.IntervalData;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.HesReadings;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import org.urja.mdms.tariff.Charging;
import org.urja.mdms.tariff.Tariff;
import org.urja.mdms.vee.rules.DataWhileDisconnected;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A prepaid consumer's meter is changed (UC13.3–13.4, a MeterReplaced from the HES); data of a day before the change
 * arrives late, from the old meter and — wrongly — from the new one. Each is judged by the day it is for, not by the
 * registry as it stands now: VEE (UC6) passes the old meter's day (installed then) and fails the new meter's (not
 * installed yet); the prepaid daily charge (UC1.4) puts the old meter's day on the wallet of the consumer it served
 * that day, and charges nobody for the new meter's.
 */
@UrjaIntegrationTest
class UC13LateDataAfterMeterChangeTests {

    @LocalServerPort
    int port;

    @Autowired
    Wallet wallet;

    @Autowired
    ServiceHistory history;

    @Autowired
    IntervalData intervals;

    @Test
    void uc13_3_aLateDayOfTheReplacedMeterIsValidatedAsInstalledAndChargedToTheConsumerItServed() {
        String p = Fixtures.unique("LD").toUpperCase() + "-";
        String oldMeter = p + "M1";
        String newMeter = p + "M2";
        TestHttp admin = Fixtures.admin(port);
        PrepaidConsumer c = PrepaidConsumer.create(port, p, "Ravi Kumar", "7 Canal Road, Sector 4", null);
        Tariff tariff = c.tariff();
        assertThat(admin.postJson("/api/v1/prepaid/recharges", Map.of("consumerNo", c.consumerNo(), "amountPaise", 50_000,
                "paymentReference", p + "PAY1", "channel", "UPI")).status()).isEqualTo(201);

        // UC13.3–13.4: the field force changes the meter now; the HES reports it.
        Map<String, Object> replaced = new HashMap<>();
        replaced.put("messageId", p + "replace");
        replaced.put("changeType", "MeterReplaced");
        replaced.put("occurredAt", Instant.now().toString());
        replaced.put("meterSerialNo", oldMeter);
        replaced.put("meter", Map.of("serialNo", newMeter, "manufacturer", "Genus", "category", "SINGLE_PHASE_WC",
                "multiplier", 1, "intervalMinutes", 15, "paymentMode", "PREPAID", "relayCapable", true,
                "commPath", "CELLULAR", "role", "CONSUMER"));
        TestHttp.Response r = TestHttp.hes(port, Fixtures.HES_KEY).postJson("/api/v1/hes/network-changes", replaced);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(admin.get("/api/v1/meters/" + oldMeter).json().get("servicePointCode").isNull()).isTrue();

        // Three days ago, before the change: the old meter's day arrives late, and the new meter sends one too.
        LocalDate day = LocalDate.now(HesReadings.IST).minusDays(3);
        BigDecimal[] slots = HesReadings.flat(96, "0.125");
        HesReadings.send(port, List.of(HesReadings.day(oldMeter, day, 15, slots),
                HesReadings.day(newMeter, day, 15, HesReadings.flat(96, "0.100"))));
        for (String meter : List.of(oldMeter, newMeter)) {
            Eventually.await(Duration.ofSeconds(20), () -> intervals.asReceived(meter, Channel.KWH_IMPORT, day).orElse(null),
                    s -> s != null && s.presentCount() == 96);
        }

        // UC6: VEE judges each meter by that day: the old meter was installed, the new one was not.
        TestHttp.Response run = admin.postJson("/api/v1/vee/runs", Map.of("day", day.toString(),
                "meterSerialNos", List.of(oldMeter, newMeter)));
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        assertThat(rules(admin, oldMeter, day)).doesNotContain(DataWhileDisconnected.NAME);
        JsonNode findings = admin.get("/api/v1/vee/findings?meter=" + newMeter + "&day=" + day).json();
        assertThat(findings.findValuesAsString("rule")).containsExactly(DataWhileDisconnected.NAME);
        assertThat(findings.get(0).get("reason").asString()).isEqualTo("data from a meter that is not installed");

        // UC1.4: the old meter's day is the consumer's prepaid day: charged once, to their wallet.
        long expected = Charging.daily(tariff, day, Charging.unitsByZone(tariff, 15, slots), BigDecimal.ZERO,
                new BigDecimal("5")).totalPaise();
        assertThat(expected).isPositive();
        Wallet.Entry charge = Eventually.await(Duration.ofSeconds(20), () -> wallet.entries(c.consumerNo(), 10).stream()
                .filter(e -> e.kind() == Wallet.Kind.DAILY_CHARGE).findFirst().orElse(null), e -> e != null);
        assertThat(charge.amountPaise()).isEqualTo(-expected);
        assertThat(charge.reference()).isEqualTo("day:" + day);
        assertThat(wallet.balance(c.consumerNo())).isEqualTo(50_000 - expected);
        assertThat(history.paymentMode(p + "SP1", day)).contains(PaymentMode.PREPAID);

        // The charging run of the day changes nothing: the old meter's day is charged, the new meter's is nobody's.
        TestHttp.Response again = admin.postJson("/api/v1/prepaid/charging-runs", Map.of("day", day.toString()));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(wallet.entries(c.consumerNo(), 10).stream().filter(e -> e.kind() == Wallet.Kind.DAILY_CHARGE)).hasSize(1);
        assertThat(wallet.balance(c.consumerNo())).isEqualTo(50_000 - expected);
        assertThat(again.json().get("notCharged").findValuesAsString("meterSerialNo")).doesNotContain(oldMeter, newMeter);
    }

    static List<String> rules(TestHttp api, String meter, LocalDate day) {
        return api.get("/api/v1/vee/findings?meter=" + meter + "&day=" + day).json().findValuesAsString("rule");
    }
}
