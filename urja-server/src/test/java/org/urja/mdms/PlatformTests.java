package org.urja.mdms;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Operability of the running server: health, metrics, OpenAPI document, error format. */
@UrjaIntegrationTest
class PlatformTests {

    @LocalServerPort
    int port;

    @Test
    void healthIsPublicAndMetricsNeedAnOperator() {
        TestHttp anonymous = TestHttp.browser(port);
        TestHttp.Response health = anonymous.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");

        assertThat(anonymous.get("/actuator/prometheus").status()).isEqualTo(401);
        TestHttp.Response metrics = Fixtures.admin(port).get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes", "hikaricp_connections");
    }

    @Test
    void openApiDocumentDescribesTheApi() {
        TestHttp.Response doc = TestHttp.browser(port).get("/v3/api-docs");
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.json().get("info").get("title").asString()).isEqualTo("Urja MDMS API");
        assertThat(doc.json().get("paths").has("/api/v1/hes/network-changes")).isTrue();
        assertThat(doc.json().get("paths").has("/api/v1/imports/{kind}")).isTrue();
    }

    @Test
    void apiErrorsAreProblemDetailsNamingTheField() {
        TestHttp.Response notFound = Fixtures.admin(port).get("/api/v1/meters/NO-SUCH-METER");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(notFound.json().get("errors").get(0).get("field").asString()).isEqualTo("serialNo");

        TestHttp.Response badParam = Fixtures.admin(port).get("/api/v1/network/nodes?level=PLANET");
        assertThat(badParam.status()).isEqualTo(400);
        assertThat(badParam.json().get("errors").get(0).get("field").asString()).isEqualTo("level");

        TestHttp.Response badLimit = Fixtures.admin(port).get("/api/v1/network/nodes?limit=0");
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.json().get("errors").get(0).get("field").asString()).isEqualTo("limit");

        TestHttp.Response anonymous = TestHttp.browser(port).get("/api/v1/network/nodes");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }
}
