package org.urja.mdms.support;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Tests start from an empty schema: on the embedded server that is a fresh directory anyway; on the server named by
 * {@code URJA_TEST_DB_URL} (e.g. CI's PostgreSQL) whatever an earlier run left is dropped first.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestDatabase {

    @Bean
    FlywayMigrationStrategy cleanThenMigrate() {
        return flyway -> {
            flyway.clean();
            flyway.migrate();
        };
    }
}
