package org.urja.mdms.prepaid;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.TestSms;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The balance policy over four charged days: one low-balance SMS per threshold crossed (₹200, ₹50, ₹0), the credit
 * exhausted once below zero (UC3.1: the command service's cue to disconnect), and restored by a recharge (UC4.1).
 */
@UrjaIntegrationTest
class PrepaidBalancePolicyTests implements org.urja.mdms.support.HesUp {

    static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);

    @LocalServerPort
    int port;

    @Autowired
    Wallet wallet;

    @Autowired
    CommittedEvents committed;

    @Test
    void lowBalanceAlertsOncePerCrossingThenCreditExhaustedThenRestoredByARecharge() {
        String p = Fixtures.unique("BP").toUpperCase() + "-";
        String consumer = p + "K1";
        String mobile = "+9197" + (10_000_000 + (int) (Math.random() * 89_999_999));
        TestHttp admin = Fixtures.admin(port);
        PrepaidConsumer.create(port, p, "Ravi Kumar", "7 Main Road, Laxmi Nagar", mobile);
        assertThat(admin.postJson("/api/v1/prepaid/recharges", Map.of("consumerNo", consumer, "amountPaise", 25_000,
                "paymentReference", p + "P1", "channel", "UPI")).status()).isEqualTo(201);

        // Four days of 0.250 kWh a quarter hour (about ₹71 a day under the example tariff) in one message.
        Instant first = LocalDate.of(2026, 6, 1).atStartOfDay(IST).toInstant();
        List<IntervalReading> readings = new ArrayList<>();
        for (int i = 1; i <= 4 * 96; i++) {
            readings.add(new IntervalReading(first.plusSeconds(900L * i), new BigDecimal("0.250"), List.of()));
        }
        var message = new MeterReadingsMessage(Fixtures.unique("bp-"), Instant.now(), null, List.of(new MeterReading(
                p + "M1", ReadingProfile.BLOCK_LOAD, List.of(new IntervalBlock("interval.kWh.import", 900, readings)),
                List.of())));
        assertThat(TestHttp.signedHes(port, Fixtures.HES_KEY_ID, Fixtures.HES_SECRET)
                .postJson("/api/v1/hes/meter-readings", message).status()).isEqualTo(202);

        Eventually.await(Duration.ofSeconds(30), () -> wallet.entries(consumer, 10).stream()
                .filter(e -> e.kind() == Wallet.Kind.DAILY_CHARGE).count(), n -> n == 4);
        CreditExhausted exhausted = Eventually.await(Duration.ofSeconds(10), () -> committed.of(CreditExhausted.class)
                .stream().filter(e -> e.consumerNo().equals(consumer)).findFirst().orElse(null), e -> e != null);
        assertThat(exhausted.meterSerialNo()).isEqualTo(p + "M1");
        assertThat(exhausted.balancePaise()).isNegative();
        Eventually.await(Duration.ofSeconds(20), () -> wallet.entries(consumer, 10).stream()
                .filter(e -> e.kind() == Wallet.Kind.DAILY_CHARGE).count(), n -> n == 4);
        // One SMS for the recharge, one per threshold crossed: ₹200, ₹50 and ₹0.
        List<String> texts = Eventually.await(Duration.ofSeconds(15), () -> TestSms.to(mobile).stream()
                .map(s -> s.get("text").asString()).toList(), l -> l.size() >= 4);
        assertThat(texts.stream().filter(t -> t.contains("Please recharge"))).hasSize(3);
        assertThat(committed.of(CreditExhausted.class).stream().filter(e -> e.consumerNo().equals(consumer))).hasSize(1);
        // UC3.1: the prepaid engine asks the command service to disconnect (the policy and the HES decide the rest).
        JsonNode disconnect = Eventually.await(Duration.ofSeconds(15), () -> Fixtures.latestCommand(admin, p + "M1", "DISCONNECT"),
                c -> c != null);
        assertThat(disconnect.get("requestedBy").asString()).isEqualTo("prepaid");
        assertThat(disconnect.get("reason").asString()).isEqualTo("Prepaid credit exhausted");

        // A recharge that clears the negative balance restores the credit (the cue to reconnect).
        assertThat(admin.postJson("/api/v1/prepaid/recharges", Map.of("consumerNo", consumer, "amountPaise", 50_000,
                "paymentReference", p + "P2", "channel", "UPI")).status()).isEqualTo(201);
        CreditRestored restored = Eventually.await(Duration.ofSeconds(10), () -> committed.of(CreditRestored.class)
                .stream().filter(e -> e.consumerNo().equals(consumer)).findFirst().orElse(null), e -> e != null);
        assertThat(restored.balancePaise()).isEqualTo(wallet.balance(consumer)).isPositive();
        assertThat(restored.meterSerialNo()).isEqualTo(p + "M1");
        // UC4.1: and to reconnect once the credit is restored.
        assertThat(Eventually.await(Duration.ofSeconds(15), () -> Fixtures.latestCommand(admin, p + "M1", "CONNECT"), c -> c != null)
                .get("requestedBy").asString()).isEqualTo("prepaid");
    }
}
