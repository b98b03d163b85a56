package org.urja.mdms.vee.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.vee.EstimationConfig;
import org.urja.mdms.vee.RuleConfig;
import org.urja.mdms.vee.VeeProfile;
import org.urja.mdms.vee.rules.DemandVsSanctionedLoad;
import org.urja.mdms.vee.rules.HighLowUsage;
import org.urja.mdms.vee.rules.PowerFactorRange;
import org.urja.mdms.vee.rules.SpikeCheck;
import org.urja.mdms.vee.rules.ZeroConsumption;

/**
 * The VEE parameters an administrator may change, each with bounds: stored in {@code vee_parameter}, defaulting to
 * {@code urja.vee.parameters.<name>} or else the rule's own default. {@link VeeRunner} reads them once per batch, so a
 * change applies to the next validation run. Changes are audited with the old and the new value.
 */
@Component
class VeeParameters {

    /**
     * One parameter: which rule parameter it sets ({@code rule} null: the estimation), its bounds and built-in default.
     */
    record Definition(String name, String rule, String param, String label, boolean integer, BigDecimal min,
                      BigDecimal max, BigDecimal builtIn) {
    }

    /** A parameter's value now, its default, and who set it (null: the default applies). */
    record Value(Definition definition, BigDecimal value, BigDecimal defaultValue, String updatedBy, Instant updatedAt) {
    }

    static final String MAX_INTERPOLATION = "max-interpolation-minutes";
    static final String LIKE_DAYS = "like-days";
    static final String LIKE_DAY_LOOKBACK = "like-day-lookback-days";
    static final String USAGE_LOOKBACK = "usage-lookback-days";
    static final String USAGE_MIN_HISTORY = "usage-min-history-days";

    static final List<Definition> DEFINITIONS = List.of(
            decimal("spike-factor", SpikeCheck.NAME, SpikeCheck.FACTOR,
                    "Spike: an interval above this × the day's third-highest value", "1.5", "50", "4.0"),
            integer("spike-min-wh", SpikeCheck.NAME, SpikeCheck.MIN_SCALED,
                    "Spike: intervals up to this many Wh are never spikes", "0", "100000", "100"),
            integer("zero-consumption-hours", ZeroConsumption.NAME, ZeroConsumption.MIN_ZERO_HOURS,
                    "Zero consumption: hours of zero with supply on before it is flagged", "1", "24", "12"),
            decimal("high-usage-factor", HighLowUsage.NAME, HighLowUsage.HIGH_FACTOR,
                    "High usage: a day above this × the average of recent complete days", "1.1", "100", "3.0"),
            decimal("low-usage-factor", HighLowUsage.NAME, HighLowUsage.LOW_FACTOR,
                    "Low usage: a complete day below this × the average", "0", "0.99", "0.2"),
            integer(USAGE_LOOKBACK, HighLowUsage.NAME, HighLowUsage.LOOKBACK_DAYS,
                    "High/low usage: days of history averaged", "3", "28", "28"),
            integer(USAGE_MIN_HISTORY, HighLowUsage.NAME, HighLowUsage.MIN_HISTORY_DAYS,
                    "High/low usage: complete days needed before it judges", "1", "28", "3"),
            decimal("demand-load-factor", DemandVsSanctionedLoad.NAME, DemandVsSanctionedLoad.LOAD_FACTOR,
                    "Demand above this × the sanctioned load", "1.0", "10", "1.5"),
            decimal("low-power-factor", PowerFactorRange.NAME, PowerFactorRange.LOW_PF,
                    "Power factor below this is reported as very low", "0", "1", "0.5"),
            integer(MAX_INTERPOLATION, null, null,
                    "Estimation: longest gap (minutes) filled by a straight line", "0", "1440", "60"),
            integer(LIKE_DAYS, null, null, "Estimation: like days averaged for longer gaps", "1", "10", "3"),
            integer(LIKE_DAY_LOOKBACK, null, null, "Estimation: days back to look for like days", "1", "28", "21"));

    private final JdbcClient jdbc;
    private final Environment env;
    private final AuditTrail audit;
    private final Clock clock;

    VeeParameters(JdbcClient jdbc, Environment env, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.env = env;
        this.audit = audit;
        this.clock = clock;
    }

    static Definition definition(String name) {
        return DEFINITIONS.stream().filter(d -> d.name().equals(name)).findFirst().orElse(null);
    }

    /** The configured default of a parameter ({@code urja.vee.parameters.<name>}), else the built-in one. */
    BigDecimal defaultValue(Definition d) {
        String configured = env.getProperty("urja.vee.parameters." + d.name());
        return configured == null || configured.isBlank() ? d.builtIn() : new BigDecimal(configured.strip());
    }

    /** Every parameter with its value now. */
    List<Value> all() {
        record Row(BigDecimal value, String by, Instant at) {
        }
        Map<String, Row> rows = new HashMap<>();
        jdbc.sql("SELECT name, value, updated_by, updated_at FROM vee_parameter").query(rs -> {
            rows.put(rs.getString(1), new Row(rs.getBigDecimal(2), rs.getString(3),
                    rs.getObject(4, OffsetDateTime.class).toInstant()));
        });
        List<Value> out = new ArrayList<>();
        for (Definition d : DEFINITIONS) {
            Row r = rows.get(d.name());
            BigDecimal dflt = defaultValue(d);
            out.add(r == null ? new Value(d, dflt, dflt, null, null) : new Value(d, r.value(), dflt, r.by(), r.at()));
        }
        return out;
    }

    /** The values now, by name: what a validation run uses. */
    Map<String, BigDecimal> current() {
        Map<String, BigDecimal> out = new HashMap<>();
        all().forEach(v -> out.put(v.definition().name(), v.value()));
        return out;
    }

    /** A profile with the parameters applied: rule parameters of the rules it runs, and the estimation. */
    static VeeProfile apply(VeeProfile profile, Map<String, BigDecimal> values) {
        VeeProfile p = profile;
        for (Definition d : DEFINITIONS) {
            BigDecimal v = values.get(d.name());
            if (v != null && d.rule() != null && p.rules().containsKey(d.rule())) {
                RuleConfig c = p.rules().get(d.rule());
                p = p.with(d.rule(), c.with(d.param(), v.stripTrailingZeros().toPlainString()));
            }
        }
        EstimationConfig e = p.estimation();
        return p.with(new EstimationConfig(intOr(values.get(MAX_INTERPOLATION), e.maxInterpolationMinutes()),
                intOr(values.get(LIKE_DAYS), e.likeDays()), intOr(values.get(LIKE_DAY_LOOKBACK), e.lookbackDays())));
    }

    /**
     * Sets the parameters given (name → text as typed); all are checked first, and any out of bounds or not a number
     * changes none (400 naming each field). Returns the names whose value changed.
     */
    @Transactional
    List<String> set(Map<String, String> typed, String by) {
        Map<String, BigDecimal> now = current();
        Map<String, BigDecimal> next = new LinkedHashMap<>();
        List<ApiProblem.FieldIssue> issues = new ArrayList<>();
        typed.forEach((name, text) -> {
            Definition d = definition(name);
            if (d == null) {
                issues.add(ApiProblem.FieldIssue.of(name, "no such VEE parameter"));
                return;
            }
            BigDecimal v;
            try {
                v = new BigDecimal(text == null ? "" : text.strip());
            } catch (NumberFormatException e) {
                issues.add(ApiProblem.FieldIssue.of(name, "is not a number: '" + text + "'"));
                return;
            }
            if (d.integer() && v.stripTrailingZeros().scale() > 0) {
                issues.add(ApiProblem.FieldIssue.of(name, "must be a whole number"));
            } else if (v.compareTo(d.min()) < 0 || v.compareTo(d.max()) > 0) {
                issues.add(ApiProblem.FieldIssue.of(name, "must be between " + d.min().toPlainString() + " and "
                        + d.max().toPlainString()));
            } else {
                next.put(name, v);
            }
        });
        Map<String, BigDecimal> merged = new HashMap<>(now);
        merged.putAll(next);
        if (merged.get(USAGE_MIN_HISTORY).compareTo(merged.get(USAGE_LOOKBACK)) > 0) {
            issues.add(ApiProblem.FieldIssue.of(USAGE_MIN_HISTORY, "must not exceed " + USAGE_LOOKBACK + " ("
                    + merged.get(USAGE_LOOKBACK).toPlainString() + ")"));
        }
        if (merged.get(LIKE_DAYS).compareTo(merged.get(LIKE_DAY_LOOKBACK)) > 0) {
            issues.add(ApiProblem.FieldIssue.of(LIKE_DAYS, "must not exceed " + LIKE_DAY_LOOKBACK + " ("
                    + merged.get(LIKE_DAY_LOOKBACK).toPlainString() + ")"));
        }
        if (!issues.isEmpty()) {
            throw ApiProblem.badRequest("VEE parameters out of bounds; nothing was changed", issues);
        }
        List<String> changed = new ArrayList<>();
        Instant at = clock.instant();
        next.forEach((name, v) -> {
            BigDecimal old = now.get(name);
            if (old != null && old.compareTo(v) == 0) {
                return;
            }
            jdbc.sql("""
                            INSERT INTO vee_parameter (name, value, updated_by, updated_at) VALUES (?, ?, ?, ?)
                            ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by,
                                updated_at = EXCLUDED.updated_at""")
                    .params(name, v, by, OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC)).update();
            audit.record(by, AuditTrail.ADMIN + "VEE PARAMETER", "VEE " + name, "OK",
                    AuditTrail.change(plain(old), plain(v)), null);
            changed.add(name);
        });
        return changed;
    }

    static String plain(BigDecimal v) {
        return v == null ? null : v.stripTrailingZeros().toPlainString();
    }

    private static int intOr(BigDecimal v, int dflt) {
        return v == null ? dflt : v.intValueExact();
    }

    private static Definition decimal(String name, String rule, String param, String label, String min, String max,
                                      String dflt) {
        return new Definition(name, rule, param, label, false, new BigDecimal(min), new BigDecimal(max),
                new BigDecimal(dflt));
    }

    private static Definition integer(String name, String rule, String param, String label, String min, String max,
                                      String dflt) {
        return new Definition(name, rule, param, label, true, new BigDecimal(min), new BigDecimal(max),
                new BigDecimal(dflt));
    }
}
