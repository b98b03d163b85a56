package org.urja.mdms.reading.internal;

import java.time.LocalDate;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.Consumption;
import org.urja.mdms.reading.Consumption.Granularity;
import org.urja.mdms.reading.Consumption.Query;
import org.urja.mdms.reading.Consumption.Series;

/**
 * Consumption of a meter or a service point per interval, IST day or IST month over a range of IST days, with its
 * quality (actual, estimated, edited, missing intervals), for the staff and the consumer portal (any signed-in staff
 * role, like the interval data it is made of). A bad parameter is a 400 naming it; an unknown meter or service point
 * a 404.
 */
@RestController
@RequestMapping("/api/v1")
class ConsumptionController {

    private final Consumption consumption;

    ConsumptionController(Consumption consumption) {
        this.consumption = consumption;
    }

    @GetMapping("/meters/{serialNo}/consumption")
    Series meter(@PathVariable String serialNo, @RequestParam(defaultValue = "KWH_IMPORT") Channel channel,
                 @RequestParam(defaultValue = "DAY") Granularity granularity,
                 @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                 @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        Query query = new Query(channel, granularity, from, to);
        return consumption.ofMeter(serialNo, query)
                .orElseThrow(() -> ApiProblem.notFound("serialNo", "No meter " + serialNo));
    }

    @GetMapping("/service-points/{code}/consumption")
    Series servicePoint(@PathVariable String code, @RequestParam(defaultValue = "KWH_IMPORT") Channel channel,
                        @RequestParam(defaultValue = "DAY") Granularity granularity,
                        @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                        @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        Query query = new Query(channel, granularity, from, to);
        return consumption.ofServicePoint(code, query)
                .orElseThrow(() -> ApiProblem.notFound("code", "No service point " + code));
    }
}
