package org.urja.mdms.support;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Value;

/**
 * For test classes whose recharges and charges cause commands (balance pushes, disconnections): the shared reference
 * HES is up before each test, so those commands reach a HES that answers instead of piling up connection failures
 * that open the HES client's circuit breaker for the tests that follow.
 */
public interface HesUp {

    @BeforeEach
    default void hesUp(@Value("${local.server.port}") int port) {
        TestHes.get(port);
    }
}
