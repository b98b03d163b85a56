package org.urja.mdms.migration;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.fleet.PaymentMode;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.HesUp;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UC19.2–19.4 for a prepaid → postpaid migration request: the service request starts the migration workflow
 * (UC14) through the migration module's published API, and is resolved when the migration completes.
 */
@UrjaIntegrationTest
class UC19MigrationServiceRequestTests implements HesUp {

    @LocalServerPort
    int port;

    @Test
    void uc19_4_aMigrationRequestStartsTheMigrationAndIsResolvedWhenItCompletes() {
        VirtualMeter meter = MigrationFixtures.unregisteredFleetMeter(port, PaymentMode.PREPAID);
        String p = Fixtures.unique("SRM").toUpperCase() + "-";
        String consumer = MigrationFixtures.consumer(port, p, MigrationFixtures.meterRow(meter, p));
        TestHttp billing = MigrationFixtures.billing(port);
        assertThat(billing.postJson("/api/v1/prepaid/recharges", Map.of("consumerNo", consumer, "amountPaise", 20_000,
                "paymentReference", p + "PAY1", "channel", "UPI")).status()).isEqualTo(201);

        // Already prepaid: the migration workflow's refusal comes back naming the request's field.
        TestHttp.Response same = billing.postJson("/api/v1/service-requests", Map.of("type", "MIGRATION",
                "consumerNo", consumer, "details", Map.of("targetMode", "PREPAID")), Map.of("Idempotency-Key", p + "0"));
        assertThat(same.status()).as(same.body()).isEqualTo(409);
        assertThat(same.json().get("errors").get(0).get("field").asString()).isEqualTo("details.targetMode");

        TestHttp.Response created = billing.postJson("/api/v1/service-requests", Map.of("type", "MIGRATION",
                "consumerNo", consumer, "channel", "PORTAL", "details", Map.of("targetMode", "POSTPAID")),
                Map.of("Idempotency-Key", p + "1"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String srn = created.json().get("srn").asString();
        assertThat(created.json().get("status").asString()).isEqualTo("IN_PROGRESS");
        String target = created.json().get("targetReference").asString();
        assertThat(target).startsWith("migration:");
        long migration = Long.parseLong(target.substring("migration:".length()));
        assertThat(MigrationFixtures.migration(billing, migration).get("reference").asString()).isEqualTo("sr:" + srn);
        // Staff cannot resolve it by hand: the migration does.
        assertThat(billing.postJson("/api/v1/service-requests/" + srn + "/resolution", Map.of("note", "done?"))
                .status()).isEqualTo(409);

        MigrationFixtures.awaitState(billing, migration, "COMPLETED");
        JsonNode resolved = Eventually.await(Duration.ofSeconds(15), () -> billing.get("/api/v1/service-requests/" + srn)
                .json(), r -> r.get("status").asString().equals("RESOLVED"));
        assertThat(resolved.get("resolution").asString()).startsWith("Migrated to POSTPAID (migration " + migration);
        assertThat(billing.postJson("/api/v1/service-requests/" + srn + "/closure", Map.of()).json().get("status")
                .asString()).isEqualTo("CLOSED");
    }
}
