package org.urja.mdms.operations.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.urja.mdms.command.Commands;
import org.urja.mdms.event.DeviceEvent;
import org.urja.mdms.event.RecentEvents;
import org.urja.mdms.outage.OpenOutages;
import org.urja.mdms.platform.StaffFunction;
import org.urja.mdms.platform.StaffRole;

/**
 * The operations dashboard ({@code /operations}): the day's collection completeness overall and per feeder (or the
 * DTs of one feeder), meters not heard from, the command queue, the last day's critical events and the open outages.
 * The page polls {@code /operations/panels} (htmx) to refresh its numbers without reloading.
 */
@Controller
@PreAuthorize(OperationsPages.READERS)
class OperationsPages {

    static final String READERS = "hasAnyRole('ADMIN', 'OPERATOR', 'VIEWER')";
    static final int ROWS = 25;

    private final CollectionSnapshots collection;
    private final Commands commands;
    private final RecentEvents events;
    private final OpenOutages outages;
    private final java.time.Clock clock;
    private final int pollSeconds;

    OperationsPages(CollectionSnapshots collection, Commands commands, RecentEvents events, OpenOutages outages,
                    java.time.Clock clock, @Value("${urja.operations.poll-seconds:10}") int pollSeconds) {
        this.collection = collection;
        this.commands = commands;
        this.events = events;
        this.outages = outages;
        this.clock = clock;
        this.pollSeconds = Math.max(1, pollSeconds);
    }

    @GetMapping("/operations")
    String dashboard(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
                     @RequestParam(required = false) String feeder, Model model) {
        panels(day, feeder, model);
        return "operations/dashboard";
    }

    @GetMapping("/operations/panels")
    String panels(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
                  @RequestParam(required = false) String feeder, Model model) {
        LocalDate today = collection.today();
        LocalDate shown = day == null || day.isAfter(today) ? today : day;
        String node = feeder == null || feeder.isBlank() ? null : feeder.strip();
        CollectionSnapshots.Snapshot snapshot = collection.latest(shown, Duration.ofSeconds(3));
        Instant now = clock.instant();
        Instant startOfToday = today.atStartOfDay(collection.zone()).toInstant();
        model.addAttribute("day", shown);
        model.addAttribute("isToday", shown.equals(today));
        model.addAttribute("feeder", node);
        model.addAttribute("pollSeconds", pollSeconds);
        model.addAttribute("snapshot", snapshot);
        if (snapshot != null) {
            model.addAttribute("feeders", node == null ? snapshot.worstFeeders(ROWS) : java.util.List.of());
            model.addAttribute("dts", node == null ? java.util.List.of() : snapshot.worstDts(node, 500));
            model.addAttribute("feederRow", node == null ? null : snapshot.feeders().get(node));
        }
        model.addAttribute("queue", commands.queue(startOfToday));
        model.addAttribute("criticalCount", events.count(DeviceEvent.Severity.CRITICAL, now.minus(Duration.ofDays(1))));
        model.addAttribute("critical", events.recent(DeviceEvent.Severity.CRITICAL, now.minus(Duration.ofDays(1)), 10));
        model.addAttribute("outageCounts", outages.openCounts());
        model.addAttribute("openOutages", outages.open(10));
        model.addAttribute("zone", collection.zone());
        return "operations/dashboard :: panels";
    }

    @Bean
    static StaffFunction operationsDashboardFunction() {
        return new StaffFunction("Operations", "Operations dashboard", "/operations",
                "Today's data collection by feeder and DT, silent meters, command queue, critical events, outages",
                EnumSet.of(StaffRole.ADMIN, StaffRole.OPERATOR, StaffRole.VIEWER), 10);
    }
}
