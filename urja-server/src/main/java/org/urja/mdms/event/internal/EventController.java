package org.urja.mdms.event.internal;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.event.DeviceEvent.Category;
import org.urja.mdms.event.DeviceEvent.Severity;
import org.urja.mdms.platform.ApiProblem;

/** Device events and load violations over HTTP, for any member of staff; and the catalogue in force. */
@RestController
@Validated
@PreAuthorize("hasAnyRole('ADMIN', 'OPERATOR', 'BILLING', 'REVENUE_PROTECTION', 'FIELD_SUPERVISOR', 'VIEWER')")
class EventController {

    record CatalogueView(String version, List<EventCatalogue.Entry> entries) {
    }

    private final DeviceEventStore events;
    private final LoadViolations violations;
    private final EventCatalogue catalogue;

    EventController(DeviceEventStore events, LoadViolations violations, EventCatalogue catalogue) {
        this.events = events;
        this.violations = violations;
        this.catalogue = catalogue;
    }

    /** A meter's events, most recent first. */
    @GetMapping("/api/v1/meters/{serialNo}/events")
    List<DeviceEventStore.View> meterEvents(@PathVariable String serialNo,
                                            @RequestParam(required = false) Category category,
                                            @RequestParam(required = false) Boolean open,
                                            @RequestParam(required = false) Instant from,
                                            @RequestParam(required = false) Instant to,
                                            @RequestParam(defaultValue = "500") @Min(1) @Max(5000) int limit) {
        range(from, to);
        return events.find(new DeviceEventStore.Filter(serialNo, category, null, null, open, from, to, limit));
    }

    /**
     * Events of all meters, most recent first: {@code category}, {@code open} (true: occurrences not restored yet),
     * {@code severity}, {@code code}, {@code meter}, and the period {@code [from, to)} of occurrence.
     */
    @GetMapping("/api/v1/events")
    List<DeviceEventStore.View> events(@RequestParam(required = false) Category category,
                                       @RequestParam(required = false) Boolean open,
                                       @RequestParam(required = false) Severity severity,
                                       @RequestParam(required = false) Integer code,
                                       @RequestParam(required = false) String meter,
                                       @RequestParam(required = false) Instant from,
                                       @RequestParam(required = false) Instant to,
                                       @RequestParam(defaultValue = "500") @Min(1) @Max(5000) int limit) {
        range(from, to);
        return events.find(new DeviceEventStore.Filter(meter, category, severity, code, open, from, to, limit));
    }

    /** The event catalogue the MDM classifies with. */
    @GetMapping("/api/v1/events/catalogue")
    CatalogueView catalogue() {
        return new CatalogueView(catalogue.version(), catalogue.entries());
    }

    /**
     * Load-limit violations for the control centre (UC9.1), most recent first, each with its consumer's count of
     * violations in the rolling window ({@code urja.events.load-violation-window}) and whether that makes a repeat.
     */
    @GetMapping("/api/v1/load-violations")
    List<LoadViolations.View> loadViolations(@RequestParam(required = false) String consumerNo,
                                             @RequestParam(required = false) String meter,
                                             @RequestParam(required = false) Instant from,
                                             @RequestParam(required = false) Instant to,
                                             @RequestParam(defaultValue = "500") @Min(1) @Max(5000) int limit) {
        range(from, to);
        return violations.find(consumerNo, meter, from, to, limit);
    }

    private static void range(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiProblem.badRequest("to", "to must be after from");
        }
    }
}
