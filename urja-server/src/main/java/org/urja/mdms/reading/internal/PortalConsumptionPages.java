package org.urja.mdms.reading.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.network.ServicePoint;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.ConsumerFunction;
import org.urja.mdms.platform.ConsumerFunction.Audience;
import org.urja.mdms.platform.ConsumerPrincipal;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.Consumption;
import org.urja.mdms.reading.Consumption.Granularity;
import org.urja.mdms.reading.Consumption.Period;
import org.urja.mdms.reading.Consumption.Query;
import org.urja.mdms.reading.Consumption.Series;
import org.urja.mdms.reading.ConsumptionExport;

/**
 * The consumer portal's consumption pages (UC16.3) and "download my data": a service point's kWh per interval (a
 * chosen day against the day before), per day (a chosen month against the month before) or per month (13 months
 * against the same months a year earlier), each with its average, estimated and edited figures marked and missing
 * ones left as gaps, as a chart and as a table. Each page is one {@link Consumption} query. Only service points of the
 * consumer numbers the signed-in consumer holds are served; any other code is answered 404, as if it did not exist.
 */
@Controller
class PortalConsumptionPages {

    static final ZoneId IST = ZoneId.of("Asia/Kolkata");

    /** The consumer menu's entry. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class Menu {
        @Bean
        ConsumerFunction consumptionPage() {
            return new ConsumerFunction("/portal/consumption", "consumption.menu", "consumption.menu.text", Audience.ALL, 100);
        }
    }

    enum View { DAY, MONTH, INTERVAL }

    /** How a period is shown: its value's quality, or NONE for a period not expected yet (the future). */
    enum Quality {
        ACTUAL, ESTIMATED, EDITED, MISSING, NONE;

        static Quality of(Period p) {
            if (p.value() == null) {
                return p.expectedIntervals() > 0 ? MISSING : NONE;
            }
            if (p.editedIntervals() > 0) {
                return EDITED;
            }
            return p.estimatedIntervals() > 0 ? ESTIMATED : ACTUAL;
        }
    }

    /** One period of the table; {@code partial} when it has a value but some intervals are missing. */
    record Row(String label, long epoch, BigDecimal value, Quality quality, int missingIntervals, boolean partial,
               BigDecimal compare) {
    }

    record Point(String code, String address, String consumerNo) {
    }

    private final Consumption consumption;
    private final ConsumptionExport export;
    private final NetworkRegistry network;
    private final MessageSource messages;
    private final Clock clock;

    PortalConsumptionPages(Consumption consumption, ConsumptionExport export, NetworkRegistry network,
                           MessageSource messages, Clock clock) {
        this.consumption = consumption;
        this.export = export;
        this.network = network;
        this.messages = messages;
        this.clock = clock;
    }

    /** The consumer's service points; with only one, straight to its page. */
    @GetMapping("/portal/consumption")
    String index(@AuthenticationPrincipal ConsumerPrincipal me, Model model) {
        List<Point> points = points(me);
        if (points.size() == 1) {
            return "redirect:/portal/consumption/" + points.get(0).code();
        }
        model.addAttribute("points", points);
        return "portal/consumption/index";
    }

    @GetMapping("/portal/consumption/{code}")
    String page(@AuthenticationPrincipal ConsumerPrincipal me, @PathVariable String code,
                @RequestParam(defaultValue = "day") String view, @RequestParam(required = false) String month,
                @RequestParam(required = false) String day, Locale locale, Model model) {
        ServicePoint sp = owned(me, code);
        LocalDate today = LocalDate.now(clock.withZone(IST));
        View v = switch (view) {
            case "month" -> View.MONTH;
            case "interval" -> View.INTERVAL;
            default -> View.DAY;
        };
        YearMonth ym = parseMonth(month, YearMonth.from(today));
        LocalDate chosenDay = parseDay(day, today.minusDays(1));
        List<Row> rows = new ArrayList<>();
        Series series;
        String unit;
        switch (v) {
            case MONTH -> {
                // One query: 25 months, the 13 shown and the 12 before them for the same month a year earlier.
                series = query(code, Granularity.MONTH, ym.minusMonths(24).atDay(1), ym.atEndOfMonth());
                List<Period> ps = series.periods();
                DateTimeFormatter f = DateTimeFormatter.ofPattern("MMM yyyy", locale);
                for (int i = 12; i < ps.size(); i++) {
                    Period p = ps.get(i);
                    rows.add(row(p, f.format(p.start()), ps.get(i - 12).value()));
                }
                model.addAttribute("prevLink", "?view=month&month=" + ym.minusMonths(12));
                model.addAttribute("nextLink", ym.isBefore(YearMonth.from(today)) ? "?view=month&month=" + ym.plusMonths(12) : null);
                model.addAttribute("periodLabel", f.format(ym.minusMonths(12).atDay(1)) + " – " + f.format(ym.atDay(1)));
            }
            case INTERVAL -> {
                // One query: the chosen day and the day before it, compared at the same time of day.
                series = query(code, Granularity.INTERVAL, chosenDay.minusDays(1), chosenDay);
                OffsetDateTime dayStart = chosenDay.atStartOfDay(IST).toOffsetDateTime();
                Map<OffsetDateTime, BigDecimal> before = new HashMap<>();
                DateTimeFormatter f = DateTimeFormatter.ofPattern("HH:mm", locale);
                for (Period p : series.periods()) {
                    if (p.start().isBefore(dayStart)) {
                        before.put(p.start().plusDays(1), p.value());
                    }
                }
                for (Period p : series.periods()) {
                    if (!p.start().isBefore(dayStart)) {
                        rows.add(row(p, f.format(p.start().atZoneSameInstant(IST)) + "–"
                                + f.format(p.end().atZoneSameInstant(IST)), before.get(p.start())));
                    }
                }
                model.addAttribute("prevLink", "?view=interval&day=" + chosenDay.minusDays(1));
                model.addAttribute("nextLink", chosenDay.isBefore(today) ? "?view=interval&day=" + chosenDay.plusDays(1) : null);
                model.addAttribute("periodLabel", DateTimeFormatter.ofPattern("d MMM yyyy", locale).format(chosenDay));
            }
            default -> {
                // One query: the chosen month and the month before it, compared day by day.
                series = query(code, Granularity.DAY, ym.minusMonths(1).atDay(1), ym.atEndOfMonth());
                LocalDate first = ym.atDay(1);
                Map<Integer, BigDecimal> before = new HashMap<>();
                DateTimeFormatter f = DateTimeFormatter.ofPattern("d MMM", locale);
                for (Period p : series.periods()) {
                    LocalDate d = p.start().atZoneSameInstant(IST).toLocalDate();
                    if (d.isBefore(first)) {
                        before.put(d.getDayOfMonth(), p.value());
                    } else {
                        rows.add(row(p, f.format(d), before.get(d.getDayOfMonth())));
                    }
                }
                model.addAttribute("prevLink", "?view=day&month=" + ym.minusMonths(1));
                model.addAttribute("nextLink", ym.isBefore(YearMonth.from(today)) ? "?view=day&month=" + ym.plusMonths(1) : null);
                model.addAttribute("periodLabel", DateTimeFormatter.ofPattern("MMMM yyyy", locale).format(first));
            }
        }
        unit = series.unit();
        BigDecimal total = sum(rows.stream().map(Row::value).toList());
        BigDecimal compareTotal = sum(rows.stream().map(Row::compare).toList());
        long withValue = rows.stream().filter(r -> r.value() != null).count();
        BigDecimal average = withValue == 0 ? null : total.divide(BigDecimal.valueOf(withValue), 3, RoundingMode.HALF_UP);

        model.addAttribute("sp", new Point(sp.code(), sp.address(), sp.consumerNo()));
        model.addAttribute("points", points(me));
        model.addAttribute("view", v.name().toLowerCase(Locale.ROOT));
        model.addAttribute("month", ym.toString());
        model.addAttribute("day", chosenDay.toString());
        model.addAttribute("rows", rows);
        model.addAttribute("unit", unit);
        model.addAttribute("total", withValue == 0 ? null : total.setScale(3, RoundingMode.HALF_UP));
        model.addAttribute("compareTotal", rows.stream().anyMatch(r -> r.compare() != null)
                ? compareTotal.setScale(3, RoundingMode.HALF_UP) : null);
        model.addAttribute("change", withValue == 0 || compareTotal.signum() == 0 ? null
                : total.subtract(compareTotal).multiply(BigDecimal.valueOf(100)).divide(compareTotal, 1, RoundingMode.HALF_UP));
        model.addAttribute("average", average);
        model.addAttribute("hasEstimated", rows.stream().anyMatch(r -> r.quality() == Quality.ESTIMATED));
        model.addAttribute("hasEdited", rows.stream().anyMatch(r -> r.quality() == Quality.EDITED));
        model.addAttribute("hasMissing", rows.stream().anyMatch(r -> r.quality() == Quality.MISSING || r.partial()));
        model.addAttribute("chart", chartJson(v, unit, rows, average, locale));
        model.addAttribute("downloadFrom", today.minusMonths(13).plusDays(1).toString());
        model.addAttribute("downloadTo", today.toString());
        model.addAttribute("maxDays", ConsumptionExport.MAX_DAYS);
        return "portal/consumption/page";
    }

    /** Download my data: CSV or Green Button for [from, to], at most {@value ConsumptionExport#MAX_DAYS} days. */
    @GetMapping("/portal/consumption/{code}/download")
    void download(@AuthenticationPrincipal ConsumerPrincipal me, @PathVariable String code,
                  @RequestParam(defaultValue = "csv") String format, @RequestParam(required = false) String from,
                  @RequestParam(required = false) String to, HttpServletResponse response) throws IOException {
        owned(me, code);
        ConsumptionController.stream(export, code, date("from", from), date("to", to), format, response,
                () -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private List<Point> points(ConsumerPrincipal me) {
        List<Point> out = new ArrayList<>();
        for (String no : me.consumerNos()) {
            network.servicePointsOf(no).forEach(sp -> out.add(new Point(sp.code(), sp.address(), no)));
        }
        return out;
    }

    /** The service point if one of the consumer's numbers holds it; 404 otherwise (also when it does not exist). */
    private ServicePoint owned(ConsumerPrincipal me, String code) {
        return network.servicePoint(code).filter(sp -> me.holds(sp.consumerNo()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    private Series query(String code, Granularity g, LocalDate from, LocalDate to) {
        return consumption.ofServicePoint(code, new Query(Channel.KWH_IMPORT, g, from, to))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    private static Row row(Period p, String label, BigDecimal compare) {
        return new Row(label, p.start().toEpochSecond(), kwh(p.value()), Quality.of(p), p.missingIntervals(),
                p.value() != null && p.missingIntervals() > 0, kwh(compare));
    }

    private static BigDecimal kwh(BigDecimal v) {
        return v == null ? null : v.setScale(3, RoundingMode.HALF_UP);
    }

    private static BigDecimal sum(List<BigDecimal> values) {
        return values.stream().filter(java.util.Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static YearMonth parseMonth(String s, YearMonth fallback) {
        try {
            return s == null || s.isBlank() ? fallback : YearMonth.parse(s);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("month", "month is YYYY-MM, not " + s);
        }
    }

    private static LocalDate parseDay(String s, LocalDate fallback) {
        return s == null || s.isBlank() ? fallback : date("day", s);
    }

    private static LocalDate date(String field, String s) {
        if (s == null || s.isBlank()) {
            throw ApiProblem.badRequest(field, field + " is required");
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest(field, field + " is a date YYYY-MM-DD, not " + s);
        }
    }

    /**
     * The chart's data for static/js/portal-consumption.js (no inline script): x as epoch seconds, each period's value
     * only in its own quality's array (a missing period in none: a gap), the comparison and the average, and the
     * legend's labels in the page's language.
     */
    private String chartJson(View view, String unit, List<Row> rows, BigDecimal average, Locale locale) {
        StringBuilder x = new StringBuilder();
        Map<Quality, StringBuilder> q = new HashMap<>();
        for (Quality k : List.of(Quality.ACTUAL, Quality.ESTIMATED, Quality.EDITED)) {
            q.put(k, new StringBuilder());
        }
        StringBuilder compare = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            String sep = i == 0 ? "" : ",";
            x.append(sep).append(r.epoch());
            q.forEach((k, b) -> b.append(sep).append(k == r.quality() ? r.value().toPlainString() : "null"));
            compare.append(sep).append(r.compare() == null ? "null" : r.compare().toPlainString());
        }
        String compareKey = switch (view) {
            case DAY -> "consumption.compare.previousMonth";
            case MONTH -> "consumption.compare.lastYear";
            case INTERVAL -> "consumption.compare.previousDay";
        };
        return "{\"kind\":\"" + view.name().toLowerCase(Locale.ROOT) + "\",\"unit\":\"" + unit + "\",\"x\":[" + x
                + "],\"actual\":[" + q.get(Quality.ACTUAL) + "],\"estimated\":[" + q.get(Quality.ESTIMATED)
                + "],\"edited\":[" + q.get(Quality.EDITED) + "],\"compare\":[" + compare + "],\"average\":"
                + (average == null ? "null" : average.toPlainString()) + ",\"labels\":{"
                + label("actual", "consumption.quality.ACTUAL", locale) + ","
                + label("estimated", "consumption.quality.ESTIMATED", locale) + ","
                + label("edited", "consumption.quality.EDITED", locale) + ","
                + label("compare", compareKey, locale) + ","
                + label("average", "consumption.average", locale) + "}}";
    }

    private String label(String key, String messageKey, Locale locale) {
        String text = messages.getMessage(messageKey, null, messageKey, locale).replace("\\", "\\\\").replace("\"", "\\\"");
        return "\"" + key + "\":\"" + text + "\"";
    }
}
