package org.urja.mdms.clock.internal;

import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code urja.clock.*}. The cron of the scheduled synchronisation is {@code urja.clock.sync-cron} (default
 * {@code 0 0 2 * * *}, daily at 02:00 in {@code zone}; {@code -} turns it off).
 *
 * @param tolerance        how far a meter's clock may be off before it is set and flagged (default 60 s)
 * @param rtcSuspectSyncs  time settings for drift within {@code rtcSuspectWindow} that make a meter a likely faulty
 *                         RTC (default 3)
 * @param rtcSuspectWindow the window, in whole days (default 7 days)
 * @param minRateSpan      the shortest time between two readings a drift rate is estimated from (default 1 hour)
 * @param zone             the utility's zone: days of drift settings, cron slots (default Asia/Kolkata)
 * @param runPoll          how often waiting synchronisation runs are looked for (default 10 s)
 * @param runStaleAfter    a run whose node went silent this long is taken over by another (default 10 min)
 * @param history          how long meters' clock readings and drift settings are kept (default 35 days)
 * @param syncNode         the scheduled synchronisation covers the network under this node (e.g. a pilot circle);
 *                         empty (default): the whole network
 */
@ConfigurationProperties("urja.clock")
record ClockProperties(Duration tolerance, Integer rtcSuspectSyncs, Duration rtcSuspectWindow, Duration minRateSpan,
                       ZoneId zone, Duration runPoll, Duration runStaleAfter, Duration history, String syncNode) {

    ClockProperties {
        tolerance = tolerance == null ? Duration.ofSeconds(60) : tolerance;
        rtcSuspectSyncs = rtcSuspectSyncs == null ? 3 : rtcSuspectSyncs;
        rtcSuspectWindow = rtcSuspectWindow == null ? Duration.ofDays(7) : rtcSuspectWindow;
        minRateSpan = minRateSpan == null ? Duration.ofHours(1) : minRateSpan;
        zone = zone == null ? ZoneId.of("Asia/Kolkata") : zone;
        runPoll = runPoll == null ? Duration.ofSeconds(10) : runPoll;
        runStaleAfter = runStaleAfter == null ? Duration.ofMinutes(10) : runStaleAfter;
        history = history == null ? Duration.ofDays(35) : history;
        syncNode = syncNode == null || syncNode.isBlank() ? null : syncNode;
        if (tolerance.isNegative() || tolerance.isZero() || rtcSuspectSyncs < 1 || rtcSuspectWindow.toDays() < 1
                || history.compareTo(rtcSuspectWindow) < 0) {
            throw new IllegalArgumentException("urja.clock: tolerance must be positive, rtc-suspect-syncs at least 1, "
                    + "rtc-suspect-window at least a day and history at least the window");
        }
    }

    ClockRules rules() {
        return new ClockRules(tolerance, minRateSpan, rtcSuspectSyncs);
    }
}
