package org.urja.mdms.support;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Test infrastructure shared by every integration test (one application context). Tests start from an empty schema: on the embedded server that is a fresh directory anyway; on the server named by
 * {@code URJA_TEST_DB_URL} (e.g. CI's PostgreSQL) whatever an earlier run left is dropped first.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestDatabase {

    /** The MDM sends commands and read requests to the test HES ({@link TestHes}). */
    @Bean
    DynamicPropertyRegistrar hesEndpoint() {
        return registry -> registry.add("urja.hes.base-url", () -> "http://127.0.0.1:" + TestHes.PORT + "/hes/v1");
    }

    /**
     * Email goes to an in-process SMTP server ({@link TestMail}; spring.mail.host is in application-test.yml, since
     * the mail auto-configuration is conditional on it), SMS to a test provider ({@link TestSms}).
     */
    @Bean
    DynamicPropertyRegistrar notificationProviders() {
        return registry -> {
            registry.add("spring.mail.port", () -> TestMail.get().getSmtp().getPort());
            registry.add("urja.notification.sms.url", TestSms::url);
            registry.add("urja.notification.sms.api-key", () -> TestSms.API_KEY);
        };
    }

    /** Events whose transaction committed, for tests of what modules are told. */
    @Bean
    CommittedEvents committedEvents() {
        return new CommittedEvents();
    }

    /** The hour the disconnection policy sees, set by tests (the policy's own clock; see {@link AdjustablePolicyClock}). */
    @Bean
    @Primary
    AdjustablePolicyClock adjustablePolicyClock(java.time.Clock clock) {
        return new AdjustablePolicyClock(clock);
    }

    @Bean
    FlywayMigrationStrategy cleanThenMigrate() {
        return flyway -> {
            flyway.clean();
            flyway.migrate();
        };
    }
}
