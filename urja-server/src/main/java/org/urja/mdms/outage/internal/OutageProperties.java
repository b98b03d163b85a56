package org.urja.mdms.outage.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The outage grouping rule ({@link OutageGrouping}).
 *
 * @param groupWindow  last gasps within this time of each other are near-simultaneous
 * @param groupMinMeters this many near-simultaneous last gasps under one DT make a DT outage …
 * @param groupMinShare  … or, from two meters, this share of the DT's consumer meters
 * @param feederMinDts   this many DT outages of one feeder starting within the window make a feeder outage
 * @param pingAfter      an outage open this long (since it was detected) has its meters still out pinged (UC7.4)
 * @param pingEvery      and again this long after the last ping round, while meters stay out
 */
@ConfigurationProperties("urja.outage")
record OutageProperties(Duration groupWindow, Integer groupMinMeters, Double groupMinShare, Integer feederMinDts,
                        Duration pingAfter, Duration pingEvery) {

    OutageProperties {
        groupWindow = groupWindow == null ? Duration.ofMinutes(2) : groupWindow;
        groupMinMeters = groupMinMeters == null ? 3 : groupMinMeters;
        groupMinShare = groupMinShare == null ? 0.5 : groupMinShare;
        feederMinDts = feederMinDts == null ? 2 : feederMinDts;
        pingAfter = pingAfter == null ? Duration.ofMinutes(30) : pingAfter;
        pingEvery = pingEvery == null ? Duration.ofHours(1) : pingEvery;
    }

    OutageGrouping rule() {
        return new OutageGrouping(groupWindow, groupMinMeters, groupMinShare, feederMinDts);
    }
}
