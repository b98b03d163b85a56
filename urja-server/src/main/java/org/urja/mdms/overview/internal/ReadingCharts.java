package org.urja.mdms.overview.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.urja.mdms.reading.Consumption;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a consumption series into what the 360 page shows: rows for the table and the chart's data (read by
 * {@code static/js/meter360.js} from a data attribute; no inline script). Each period is drawn in the colour of its
 * worst quality — missing (some interval has no value), edited, estimated, actual — so an estimated day stands out.
 */
@Component
class ReadingCharts {

    static final List<String> QUALITIES = List.of("actual", "estimated", "edited", "missing");

    /** One period of the table: its day (or start time), value, quality and interval counts. */
    record Row(LocalDate day, String start, BigDecimal value, String quality, int actual, int estimated, int edited,
               int missing) {
    }

    private final JsonMapper json;

    ReadingCharts(JsonMapper json) {
        this.json = json;
    }

    List<Row> rows(Consumption.Series series) {
        List<Row> rows = new ArrayList<>();
        for (Consumption.Period p : series.periods()) {
            rows.add(new Row(p.start().toLocalDate(), p.start().toLocalTime().toString(), p.value(), quality(p),
                    p.actualIntervals(), p.estimatedIntervals(), p.editedIntervals(), p.missingIntervals()));
        }
        return rows;
    }

    /** How many periods are of each quality, in {@link #QUALITIES} order. */
    Map<String, Integer> counts(Consumption.Series series) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        QUALITIES.forEach(q -> counts.put(q, 0));
        series.periods().forEach(p -> counts.merge(quality(p), 1, Integer::sum));
        return counts;
    }

    /**
     * {@code {"kind", "unit", "x": [epoch seconds], "<quality>": [value or null], …}}: one value array per quality, a
     * period's value only in its own quality's array (a period without any value is drawn as 0 in "missing").
     */
    String json(String kind, Consumption.Series series) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("kind", kind);
        chart.put("unit", series.unit());
        List<Long> x = new ArrayList<>();
        Map<String, List<BigDecimal>> values = new LinkedHashMap<>();
        QUALITIES.forEach(q -> values.put(q, new ArrayList<>()));
        for (Consumption.Period p : series.periods()) {
            x.add(p.start().toEpochSecond());
            String quality = quality(p);
            for (String q : QUALITIES) {
                values.get(q).add(!q.equals(quality) ? null : p.value() == null ? BigDecimal.ZERO : p.value());
            }
        }
        chart.put("x", x);
        chart.putAll(values);
        return json.writeValueAsString(chart);
    }

    static String quality(Consumption.Period p) {
        if (p.missingIntervals() > 0 || p.value() == null) {
            return "missing";
        }
        if (p.editedIntervals() > 0) {
            return "edited";
        }
        return p.estimatedIntervals() > 0 ? "estimated" : "actual";
    }
}
