package org.urja.mdms.prepaid;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.ReferenceHes;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UC17.5: the balance the wallet computes is sent to the meter (UPDATE_CREDIT through the command service as the
 * prepaid system requester) after a recharge or a daily charge, coalesced to the latest balance, and confirmed from
 * the command's outcome — against meters of a reference HES that keep a balance.
 */
@UrjaIntegrationTest
class UC17CreditPushTests {

    @LocalServerPort
    int port;

    @Autowired
    Wallet wallet;

    @Test
    void uc17_5_afterARechargeTheMetersBalanceEqualsTheWallets() {
        String p = Fixtures.unique("CP").toUpperCase() + "-";
        TestHttp admin = Fixtures.admin(port);
        ReferenceHes hes = PrepaidHes.start(port);
        try {
            VirtualMeter meter = hes.fleet().meter("PPH3");
            PrepaidConsumer c = PrepaidConsumer.create(port, p, "Gita Bose", "3 Park Street", null, "PPH3");
            // The first recharge: the meter installed at the consumer's service point is sent the balance.
            recharge(admin, c.consumerNo(), 80_000, p + "P1");
            Eventually.await(Duration.ofSeconds(20), meter::credit, v -> v.compareTo(rupees(80_000)) == 0);
            // A charged day: the balance after the charge.
            PrepaidHes.pushDays(port, c.meter(), LocalDate.of(2026, 6, 1), 1, "0.250");
            long afterCharge = Eventually.await(Duration.ofSeconds(30), () -> wallet.balance(c.consumerNo()), b -> b < 80_000);
            Eventually.await(Duration.ofSeconds(20), meter::credit, v -> v.compareTo(rupees(afterCharge)) == 0);

            // A recharge at a counter: the meter shows the new balance, confirmed by the command's outcome.
            recharge(admin, c.consumerNo(), 25_000, p + "P2");
            long balance = wallet.balance(c.consumerNo());
            assertThat(balance).isEqualTo(afterCharge + 25_000);
            Eventually.await(Duration.ofSeconds(20), meter::credit, v -> v.compareTo(rupees(balance)) == 0);
            JsonNode status = Eventually.await(Duration.ofSeconds(10), () -> credit(admin, c.consumerNo()).get("meterCredit"),
                    m -> m.get("confirmedPaise").asLong(-1) == balance);
            assertThat(status.get("meterSerialNo").asString()).isEqualTo("PPH3");
            assertThat(status.get("outcome").asString()).isEqualTo("SUCCEEDED");
            JsonNode command = admin.get("/api/v1/commands/" + status.get("commandId").asLong()).json();
            assertThat(command.get("type").asString()).isEqualTo("UPDATE_CREDIT");
            assertThat(command.get("requestedBy").asString()).isEqualTo("prepaid");
            assertThat(command.get("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(new BigDecimal(command.get("parameters").get("creditRupees").asString())).isEqualByComparingTo(rupees(balance));
            // The MDM's view of the meter (from confirmed commands only) agrees.
            assertThat(new BigDecimal(admin.get("/api/v1/meters/PPH3/state").json().get("properties").get("creditRupees")
                    .get("value").asString())).isEqualByComparingTo(rupees(balance));
        } finally {
            PrepaidHes.stop(hes, port);
        }
    }

    @Test
    void uc17_5_postingsWhileAPushIsInFlightAreOneCommandWithTheLatestBalance() throws InterruptedException {
        String p = Fixtures.unique("CB").toUpperCase() + "-";
        TestHttp admin = Fixtures.admin(port);
        ReferenceHes hes = PrepaidHes.start(port);
        try {
            VirtualMeter meter = hes.fleet().meter("PPH4");
            PrepaidConsumer c = PrepaidConsumer.create(port, p, "Kiran Rao", "8 Fort Road", null, "PPH4");
            recharge(admin, c.consumerNo(), 90_000, p + "P1");
            PrepaidHes.pushDays(port, c.meter(), LocalDate.of(2026, 6, 1), 1, "0.250");
            long first = Eventually.await(Duration.ofSeconds(30), () -> wallet.balance(c.consumerNo()), b -> b < 90_000);
            Eventually.await(Duration.ofSeconds(20), () -> credit(admin, c.consumerNo()).get("meterCredit"),
                    m -> m.get("confirmedPaise").asLong(-1) == first);

            int sent = creditCommands(admin, "PPH4").size(); // the recharge's and the charge's (or one for both)

            // The HES carries the next push out but its outcome does not come back: the push stays in flight.
            hes.dropCommandOutcomes(true);
            try {
                recharge(admin, c.consumerNo(), 10_000, p + "P2");
                Eventually.await(Duration.ofSeconds(20), meter::credit, v -> v.compareTo(rupees(first + 10_000)) == 0);
                // Three more recharges meanwhile: nothing is sent while the push is in flight.
                for (int i = 3; i <= 5; i++) {
                    recharge(admin, c.consumerNo(), 10_000, p + "P" + i);
                }
                Thread.sleep(1_000); // several pusher rounds
                assertThat(creditCommands(admin, "PPH4")).hasSize(sent + 1);
            } finally {
                hes.dropCommandOutcomes(false);
            }
            // Its outcome never comes (TIMED_OUT after urja.hes.control-timeout): the latest balance goes out, once.
            long last = first + 40_000;
            assertThat(wallet.balance(c.consumerNo())).isEqualTo(last);
            Eventually.await(Duration.ofSeconds(30), meter::credit, v -> v.compareTo(rupees(last)) == 0);
            List<JsonNode> commands = creditCommands(admin, "PPH4");
            assertThat(commands).hasSize(sent + 2);
            assertThat(new BigDecimal(commands.get(0).get("parameters").get("creditRupees").asString()))
                    .isEqualByComparingTo(rupees(last));
            assertThat(commands.get(1).get("state").asString()).isEqualTo("TIMED_OUT");
        } finally {
            PrepaidHes.stop(hes, port);
        }
    }

    /** The meter's UPDATE_CREDIT commands, newest first. */
    private static List<JsonNode> creditCommands(TestHttp api, String meter) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : api.get("/api/v1/meters/" + meter + "/commands").json()) {
            if (c.get("type").asString().equals("UPDATE_CREDIT")) {
                out.add(c);
            }
        }
        return out;
    }

    private static BigDecimal rupees(long paise) {
        return BigDecimal.valueOf(paise, 2);
    }

    private static void recharge(TestHttp admin, String consumer, long paise, String reference) {
        TestHttp.Response r = admin.postJson("/api/v1/prepaid/recharges", Map.of("consumerNo", consumer,
                "amountPaise", paise, "paymentReference", reference, "channel", "CASH_COUNTER"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private static JsonNode credit(TestHttp api, String consumer) {
        TestHttp.Response r = api.get("/api/v1/prepaid/accounts/" + consumer + "/credit");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }
}
