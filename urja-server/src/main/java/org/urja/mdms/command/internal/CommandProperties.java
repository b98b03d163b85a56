package org.urja.mdms.command.internal;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code urja.command.*}: the utility's disconnection policy (the defaults of what an administrator sets, see
 * {@link PolicySettings}), retries of undelivered sends, the dispatcher, group size.
 *
 * @param policy       when disconnection is not allowed
 * @param retry        how a command the HES did not receive (HES down, 5xx, circuit open) is sent again
 * @param dispatch     how queued commands are sent
 * @param maxGroupSize the most meters one group command may address
 */
@ConfigurationProperties("urja.command")
record CommandProperties(Policy policy, Retry retry, Dispatch dispatch, Integer maxGroupSize) {

    CommandProperties {
        policy = policy == null ? new Policy(null, null, null, null, null) : policy;
        retry = retry == null ? new Retry(null, null, null, null) : retry;
        dispatch = dispatch == null ? new Dispatch(null, null, null, null) : dispatch;
        maxGroupSize = maxGroupSize == null ? 100_000 : maxGroupSize;
    }

    /**
     * @param zone                   the utility's time zone (default Asia/Kolkata)
     * @param noDisconnectFrom       start of the daily window without disconnection (default 18:00)
     * @param noDisconnectUntil      its end, exclusive (default 08:00); equal to the start: no window
     * @param noDisconnectDays       weekdays without disconnection (default SUNDAY); empty: none
     * @param noDisconnectOnHolidays no disconnection on the holidays of the holiday table (default true)
     */
    record Policy(ZoneId zone, LocalTime noDisconnectFrom, LocalTime noDisconnectUntil, Set<DayOfWeek> noDisconnectDays,
                  Boolean noDisconnectOnHolidays) {

        Policy {
            zone = zone == null ? ZoneId.of("Asia/Kolkata") : zone;
            noDisconnectFrom = noDisconnectFrom == null ? LocalTime.of(18, 0) : noDisconnectFrom;
            noDisconnectUntil = noDisconnectUntil == null ? LocalTime.of(8, 0) : noDisconnectUntil;
            noDisconnectDays = noDisconnectDays == null ? EnumSet.of(DayOfWeek.SUNDAY) : Set.copyOf(noDisconnectDays);
            noDisconnectOnHolidays = noDisconnectOnHolidays == null || noDisconnectOnHolidays;
        }
    }

    /**
     * @param maxAttempts    sends before a command the HES never received is FAILED (default 5)
     * @param initialBackoff wait before the second send (default 1 minute)
     * @param multiplier     growth of the wait per attempt (default 2)
     * @param maxBackoff     the longest wait (default 30 minutes)
     */
    record Retry(Integer maxAttempts, Duration initialBackoff, Double multiplier, Duration maxBackoff) {

        Retry {
            maxAttempts = maxAttempts == null ? 5 : maxAttempts;
            initialBackoff = initialBackoff == null ? Duration.ofMinutes(1) : initialBackoff;
            multiplier = multiplier == null ? 2.0 : multiplier;
            maxBackoff = maxBackoff == null ? Duration.ofMinutes(30) : maxBackoff;
        }

        /** The wait after the {@code attempt}-th send was not delivered. */
        Duration backoffAfter(int attempt) {
            double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
            return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) millis);
        }
    }

    /**
     * @param interval    how often queued commands are looked for (new commands are sent at once anyway)
     * @param batchSize   commands claimed per round
     * @param concurrency parallel sends to the HES
     * @param staleAfter  a command SENT longer than this without a recorded answer (the MDM stopped mid-send) is
     *                    looked at again
     */
    record Dispatch(Duration interval, Integer batchSize, Integer concurrency, Duration staleAfter) {

        Dispatch {
            interval = interval == null ? Duration.ofSeconds(1) : interval;
            batchSize = batchSize == null ? 200 : batchSize;
            concurrency = concurrency == null ? 8 : concurrency;
            staleAfter = staleAfter == null ? Duration.ofMinutes(2) : staleAfter;
        }
    }
}
