package org.urja.mdms.reading.internal;

import java.io.IOException;
import java.time.LocalDate;

import jakarta.servlet.http.HttpServletResponse;

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
import org.urja.mdms.reading.ConsumptionExport;
import org.urja.mdms.reading.ConsumptionExport.Format;

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
    private final ConsumptionExport export;

    ConsumptionController(Consumption consumption, ConsumptionExport export) {
        this.consumption = consumption;
        this.export = export;
    }

    /**
     * Download-my-data: the service point's interval energy as CSV ({@code format=csv}) or Green Button ESPI XML
     * ({@code format=green-button}), at most {@value ConsumptionExport#MAX_DAYS} days.
     */
    @GetMapping("/service-points/{code}/consumption/export")
    void export(@PathVariable String code, @RequestParam(defaultValue = "csv") String format,
                @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                HttpServletResponse response) throws IOException {
        stream(export, code, from, to, format, response, () -> ApiProblem.notFound("code", "No service point " + code));
    }

    /**
     * Checks the format and range (400 naming the field) and the service point ({@code notFound} when unknown), then
     * streams the file as an attachment: for staff here and for the consumer portal.
     */
    static void stream(ConsumptionExport export, String code, LocalDate from, LocalDate to, String format,
                       HttpServletResponse response, java.util.function.Supplier<RuntimeException> notFound)
            throws IOException {
        Format f = switch (format) {
            case "csv" -> Format.CSV;
            case "green-button" -> Format.GREEN_BUTTON;
            default -> throw ApiProblem.badRequest("format", "format is csv or green-button, not " + format);
        };
        if (!export.exists(code, from, to)) {
            throw notFound.get();
        }
        response.setContentType(f.mediaType() + ";charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + code + "-" + from + "-" + to + "."
                + f.extension() + "\"");
        export.write(code, from, to, f, response.getOutputStream());
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
