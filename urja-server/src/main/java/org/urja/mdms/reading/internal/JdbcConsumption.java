package org.urja.mdms.reading.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.urja.mdms.network.Installation;
import org.urja.mdms.network.MeterView;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.Consumption;

/**
 * Consumption computed in PostgreSQL. Each source meter contributes a window [from, to) of time; for every IST day
 * of its window the current version of the day row is taken (or, for a day without data, an empty day at the meter's
 * registered interval length), its slots are unnested with their ordinality and slots outside the window dropped.
 * For DAY and MONTH each day is aggregated on its own and the days are then summed per period (36 months of a
 * 15-minute meter, 105,000 slots, take about 0.1 s on a small machine); for INTERVAL the slots are grouped by start
 * and end. Only one row per period comes back to Java.
 */
@Service
class JdbcConsumption implements Consumption {

    static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);
    private static final int IST_SECONDS = IST.getTotalSeconds();

    /**
     * Per source window (meter id, registered interval minutes, [wfrom, wto) in epoch seconds, its IST days): every
     * day of the window with the current version of its row, if any.
     */
    private static final String CURRENT_DAYS = """
            WITH w AS (
                SELECT * FROM unnest(?::int[], ?::int[], ?::bigint[], ?::bigint[], ?::date[], ?::date[])
                    AS w(meter_id, minutes, wfrom, wto, dfrom, dto)),
            days AS (
                SELECT w.*, w.dfrom + k AS day FROM w, generate_series(0, w.dto - w.dfrom) AS k),
            cur AS (
                SELECT days.*, coalesce(d.interval_minutes, days.minutes) AS len, d.vals, d.flags
                FROM days LEFT JOIN LATERAL (
                    SELECT x.interval_minutes, x.vals, x.flags FROM interval_day x
                    WHERE x.meter_id = days.meter_id AND x.channel = ? AND x.day = days.day
                    ORDER BY x.version DESC LIMIT 1) d ON TRUE)
            """;

    /** The slots of a day of {@code cur} (an empty day without a row), with start and end in epoch seconds. */
    private static final String SLOTS = """
            SELECT u.v, u.f, t.s, t.s + cur.len * 60 AS e
            FROM unnest(coalesce(cur.vals, array_fill(NULL::int, ARRAY[1440 / cur.len])),
                        coalesce(cur.flags, array_fill(0::smallint, ARRAY[1440 / cur.len])))
                 WITH ORDINALITY AS u(v, f, i),
                 LATERAL (SELECT (cur.day - DATE '1970-01-01') * 86400::bigint - %d + (u.i - 1) * cur.len * 60 AS s) t
            """.formatted(IST_SECONDS);

    /** Figures of a set of slots (flags: 1 present, 2 estimated, 4 edited); ? = now in epoch seconds. */
    private static final String FIGURES = """
            count(*) FILTER (WHERE f & 1 = 1) AS present,
            count(*) FILTER (WHERE f & 7 = 1) AS actual,
            count(*) FILTER (WHERE f & 7 = 3) AS estimated,
            count(*) FILTER (WHERE f & 5 = 5) AS edited,
            count(*) FILTER (WHERE f & 1 = 1 OR e <= ?) AS expected,
            sum(v) FILTER (WHERE f & 1 = 1) AS total,
            max(v) FILTER (WHERE f & 1 = 1) AS peak""";

    /** Per interval: slot rows grouped by start and length (a service point's meters may share an interval). */
    private static final String BY_INTERVAL = CURRENT_DAYS + """
            SELECT sl.s, sl.e, %s
            FROM cur, LATERAL (%s) sl
            WHERE sl.s < cur.wto AND sl.e > cur.wfrom
            GROUP BY 1, 2 ORDER BY 1, 2""".formatted(FIGURES, SLOTS);

    /** Per day or month ({@code %s} = the key of a day): each day aggregated on its own, then the days summed. */
    private static final String BY_DAYS = CURRENT_DAYS + """
            SELECT %%s, sum(a.present), sum(a.actual), sum(a.estimated), sum(a.edited), sum(a.expected), sum(a.total),
                   max(a.peak)
            FROM cur, LATERAL (
                SELECT %s FROM (%s) sl
                WHERE sl.s < cur.wto AND sl.e > cur.wfrom) a
            GROUP BY 1 ORDER BY 1""".formatted(FIGURES, SLOTS);

    private static final String DAY_KEY = "cur.day";
    private static final String MONTH_KEY = "cur.day - extract(day FROM cur.day)::int + 1";

    /** The key of an INTERVAL period. */
    private record Slot(long startEpochSecond, long minutes) {
    }

    /** One meter's share: its data over [from, to). */
    private record Window(String serial, Integer meterId, int minutes, Instant from, Instant to) {
    }

    /** Raw figures of one period, in stored units (present = actual + estimated + edited). */
    private record Raw(long present, long actual, long estimated, long edited, long expected, long sum, Long max) {

        static final Raw NONE = new Raw(0, 0, 0, 0, 0, 0, null);

        Raw plus(Raw o) {
            Long m = max;
            if (m == null || (o.max != null && o.max > m)) {
                m = o.max;
            }
            return new Raw(present + o.present, actual + o.actual, estimated + o.estimated, edited + o.edited,
                    expected + o.expected, sum + o.sum, m);
        }
    }

    private final JdbcClient jdbc;
    private final MeterIds meterIds;
    private final NetworkRegistry network;
    private final Clock clock;

    JdbcConsumption(JdbcClient jdbc, MeterIds meterIds, NetworkRegistry network, Clock clock) {
        this.jdbc = jdbc;
        this.meterIds = meterIds;
        this.network = network;
        this.clock = clock;
    }

    @Override
    public Optional<Series> ofMeter(String meterSerialNo, Query query) {
        return network.meter(meterSerialNo).map(view -> series(meterSerialNo, null, query,
                List.of(window(view, start(query.from()), start(query.to().plusDays(1))))));
    }

    @Override
    public Optional<Series> ofServicePoint(String servicePointCode, Query query) {
        if (network.servicePoint(servicePointCode).isEmpty()) {
            return Optional.empty();
        }
        Instant rangeFrom = start(query.from());
        Instant rangeTo = start(query.to().plusDays(1));
        List<Window> windows = new ArrayList<>();
        for (Installation i : network.servicePointHistory(servicePointCode)) {
            Instant from = max(i.installedAt().toInstant(), rangeFrom);
            Instant to = i.removedAt() == null ? rangeTo : min(i.removedAt().toInstant(), rangeTo);
            if (from.isBefore(to)) {
                MeterView view = network.meter(i.meterSerialNo()).orElseThrow();
                windows.add(window(view, from, to));
            }
        }
        return Optional.of(series(null, servicePointCode, query, windows));
    }

    private Window window(MeterView view, Instant from, Instant to) {
        String serial = view.meter().serialNo();
        return new Window(serial, meterIds.find(serial).orElse(null), view.meter().intervalMinutes(), from, to);
    }

    private Series series(String meterSerialNo, String servicePointCode, Query q, List<Window> windows) {
        Map<Object, Raw> raw = query(q, windows);
        Aggregation aggregation = Aggregation.of(q.channel());
        List<Period> periods = new ArrayList<>();
        Raw total = Raw.NONE;
        switch (q.granularity()) {
            case INTERVAL -> {
                for (Map.Entry<Object, Raw> e : raw.entrySet()) {
                    Slot slot = (Slot) e.getKey();
                    OffsetDateTime start = Instant.ofEpochSecond(slot.startEpochSecond()).atOffset(IST);
                    periods.add(period(start, start.plusMinutes(slot.minutes()), e.getValue(), q.channel(),
                            aggregation));
                    total = total.plus(e.getValue());
                }
            }
            case DAY -> {
                for (LocalDate d = q.from(); !d.isAfter(q.to()); d = d.plusDays(1)) {
                    Raw r = raw.getOrDefault(d, Raw.NONE);
                    periods.add(period(d.atStartOfDay().atOffset(IST), d.plusDays(1).atStartOfDay().atOffset(IST), r,
                            q.channel(), aggregation));
                    total = total.plus(r);
                }
            }
            case MONTH -> {
                for (LocalDate m = q.from().withDayOfMonth(1); !m.isAfter(q.to()); m = m.plusMonths(1)) {
                    Raw r = raw.getOrDefault(m, Raw.NONE);
                    LocalDate from = m.isBefore(q.from()) ? q.from() : m;
                    LocalDate to = m.plusMonths(1).isAfter(q.to().plusDays(1)) ? q.to().plusDays(1) : m.plusMonths(1);
                    periods.add(period(from.atStartOfDay().atOffset(IST), to.atStartOfDay().atOffset(IST), r,
                            q.channel(), aggregation));
                    total = total.plus(r);
                }
            }
        }
        List<Source> sources = windows.stream()
                .map(w -> new Source(w.serial(), w.minutes(), w.from().atOffset(IST), w.to().atOffset(IST))).toList();
        Period whole = period(start(q.from()).atOffset(IST), start(q.to().plusDays(1)).atOffset(IST), total,
                q.channel(), aggregation);
        return new Series(meterSerialNo, servicePointCode, q.channel(), Consumption.unit(q.channel()), aggregation,
                q.granularity(), q.from(), q.to(), sources, whole, periods);
    }

    /** Raw figures per period key (a {@link Slot} for INTERVAL, else the day or the month's first day), in order. */
    private Map<Object, Raw> query(Query q, List<Window> windows) {
        Map<Object, Raw> out = new LinkedHashMap<>();
        if (windows.isEmpty()) {
            return out;
        }
        int n = windows.size();
        Integer[] ids = new Integer[n];
        Integer[] minutes = new Integer[n];
        Long[] from = new Long[n];
        Long[] to = new Long[n];
        String[] dayFrom = new String[n];
        String[] dayTo = new String[n];
        for (int i = 0; i < n; i++) {
            Window w = windows.get(i);
            ids[i] = w.meterId();
            minutes[i] = w.minutes();
            from[i] = w.from().getEpochSecond();
            to[i] = w.to().getEpochSecond();
            dayFrom[i] = LocalDate.ofInstant(w.from(), IST).toString();
            dayTo[i] = LocalDate.ofInstant(w.to().minusSeconds(1), IST).toString();
        }
        boolean intervals = q.granularity() == Granularity.INTERVAL;
        String sql = intervals ? BY_INTERVAL
                : BY_DAYS.formatted(q.granularity() == Granularity.DAY ? DAY_KEY : MONTH_KEY);
        int first = intervals ? 3 : 2;
        jdbc.sql(sql)
                .params(ids, minutes, from, to, dayFrom, dayTo, q.channel().code(), clock.instant().getEpochSecond())
                .query(rs -> {
                    Object key;
                    if (intervals) {
                        key = new Slot(rs.getLong(1), (rs.getLong(2) - rs.getLong(1)) / 60);
                    } else {
                        key = rs.getObject(1, LocalDate.class);
                    }
                    long max = rs.getLong(first + 6);
                    Long peak = rs.wasNull() ? null : max;
                    out.put(key, new Raw(rs.getLong(first), rs.getLong(first + 1), rs.getLong(first + 2),
                            rs.getLong(first + 3), rs.getLong(first + 4), rs.getLong(first + 5), peak));
                });
        return out;
    }

    private static Period period(OffsetDateTime start, OffsetDateTime end, Raw r, Channel channel,
                                 Aggregation aggregation) {
        int decimals = Integer.toString(channel.scale()).length() - 1;
        BigDecimal value = null;
        if (r.present() > 0) {
            value = switch (aggregation) {
                case SUM -> BigDecimal.valueOf(r.sum(), decimals);
                case MAX -> BigDecimal.valueOf(r.max(), decimals);
                case AVERAGE -> BigDecimal.valueOf(r.sum())
                        .divide(BigDecimal.valueOf(r.present() * channel.scale()), decimals, RoundingMode.HALF_UP);
            };
        }
        long missing = r.expected() - r.present();
        return new Period(start, end, value, Math.toIntExact(r.actual()), Math.toIntExact(r.estimated()),
                Math.toIntExact(r.edited()), Math.toIntExact(missing), Math.toIntExact(r.expected()),
                r.expected() > 0 && missing == 0);
    }

    private static Instant start(LocalDate day) {
        return day.atStartOfDay(IST).toInstant();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
