package org.urja.mdms.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * A test against the whole running server on a random port and a real PostgreSQL: embedded by default, or the
 * server named by {@code URJA_TEST_DB_URL} (cleaned and migrated once per test JVM). All integration tests share
 * one application context, so the database is migrated once.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestDatabase.class)
public @interface UrjaIntegrationTest {
}
