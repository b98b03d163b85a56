package org.urja.mdms.prepaid;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import org.urja.mdms.tariff.Charging;
import org.urja.mdms.tariff.Tariff;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UC1.4 through a charging run: days VEE validated before the consumer's tariff existed are charged once the tariff
 * is there, by POST /api/v1/prepaid/charging-runs, each day on the month's units before it; a second run charges
 * nothing again. Bad input and the wrong role change nothing.
 */
@UrjaIntegrationTest
class PrepaidChargingRunTests implements org.urja.mdms.support.HesUp {

    @LocalServerPort
    int port;

    @Autowired
    Wallet wallet;

    @Autowired
    CommittedEvents committed;

    @Test
    void uc1_4_daysValidatedBeforeTheTariffAreChargedByARunOnceInMonthOrder() {
        String p = Fixtures.unique("RN").toUpperCase() + "-";
        TestHttp admin = Fixtures.admin(port);
        PrepaidConsumer c = PrepaidConsumer.register(port, p, "Usha Nair", "6 Temple Road", null, p + "M1");
        assertThat(admin.postJson("/api/v1/prepaid/recharges", Map.of("consumerNo", c.consumerNo(), "amountPaise", 100_000,
                "paymentReference", p + "P1", "channel", "UPI")).status()).isEqualTo(201);
        // Two days of 4.5 kWh an hour (108 kWh a day: the second day crosses the 200-unit slab), validated by VEE.
        PrepaidHes.pushDays(port, c.meter(), LocalDate.of(2026, 7, 1), 2, "1.125");
        Eventually.await(Duration.ofSeconds(30), () -> committed.validated(c.meter()).size(), n -> n >= 2);
        assertThat(wallet.entries(c.consumerNo(), 10)).hasSize(1); // no tariff yet: nothing charged

        TestHttp.Response refused = admin.postJson("/api/v1/prepaid/charging-runs", Map.of("day", "not-a-day"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("day");
        String viewer = Fixtures.staffUser(port, "runview", List.of("VIEWER"));
        assertThat(TestHttp.staffApi(port, viewer, Fixtures.password(viewer)).postJson("/api/v1/prepaid/charging-runs",
                Map.of("day", "2026-07-01")).status()).isEqualTo(403);
        assertThat(wallet.entries(c.consumerNo(), 10)).hasSize(1);

        assertThat(admin.postJson("/api/v1/tariffs", Map.of("tariff", c.tariff(), "reason", "Tariff order 2026-27"))
                .status()).isEqualTo(201);
        JsonNode first = run(admin, "2026-07-01");
        assertThat(first.get("charged").asInt()).isGreaterThanOrEqualTo(1);
        JsonNode second = run(admin, "2026-07-02");
        assertThat(second.get("charged").asInt()).isGreaterThanOrEqualTo(1);

        Tariff t = c.tariff();
        BigDecimal[] slots = new BigDecimal[96];
        Arrays.fill(slots, new BigDecimal("1.125"));
        Map<String, BigDecimal> zones = Charging.unitsByZone(t, 15, slots);
        long day1 = Charging.daily(t, LocalDate.of(2026, 7, 1), zones, BigDecimal.ZERO, new BigDecimal("5")).totalPaise();
        long day2 = Charging.daily(t, LocalDate.of(2026, 7, 2), zones, new BigDecimal("108.000"), new BigDecimal("5"))
                .totalPaise();
        assertThat(day2).isGreaterThan(day1); // the slab above 200 units
        List<Wallet.Entry> charges = wallet.entries(c.consumerNo(), 10).stream()
                .filter(e -> e.kind() == Wallet.Kind.DAILY_CHARGE).toList();
        assertThat(charges).extracting(Wallet.Entry::reference).containsExactly("day:2026-07-02", "day:2026-07-01");
        assertThat(charges).extracting(Wallet.Entry::amountPaise).containsExactly(-day2, -day1);
        assertThat(wallet.balance(c.consumerNo())).isEqualTo(100_000 - day1 - day2);

        // Again: nothing is charged twice.
        JsonNode again = run(admin, "2026-07-02");
        assertThat(again.get("charged").asInt()).isZero();
        assertThat(again.get("unchanged").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(wallet.balance(c.consumerNo())).isEqualTo(100_000 - day1 - day2);
    }

    private static JsonNode run(TestHttp admin, String day) {
        TestHttp.Response r = admin.postJson("/api/v1/prepaid/charging-runs", Map.of("day", day));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }
}
