package org.urja.mdms.command.internal;

import java.sql.Time;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.urja.mdms.command.policy.DisconnectionPolicy;

/**
 * The disconnection policy's hours and weekdays as they apply now: what an administrator set (table
 * {@code command_policy_setting}, read on every decision so a change applies at once), else the configuration
 * ({@code urja.command.policy.*}). The zone is always the configured one.
 */
@Component
class PolicySettings {

    /**
     * The hours and days in force; {@code updatedBy} null when they are the configured defaults.
     */
    record Current(LocalTime noDisconnectFrom, LocalTime noDisconnectUntil, Set<DayOfWeek> noDisconnectDays,
                   boolean noDisconnectOnHolidays, String updatedBy, Instant updatedAt) {

        Current {
            noDisconnectDays = Set.copyOf(noDisconnectDays);
        }

        /** e.g. {@code 18:00–08:00, no disconnection on [SUNDAY], holidays: yes}: what the audit trail records. */
        public String describe() {
            return noDisconnectFrom + "–" + noDisconnectUntil + ", no disconnection on " + new TreeSet<>(noDisconnectDays)
                    + ", public holidays: " + (noDisconnectOnHolidays ? "yes" : "no");
        }

        boolean sameRules(Current o) {
            return noDisconnectFrom.equals(o.noDisconnectFrom) && noDisconnectUntil.equals(o.noDisconnectUntil)
                    && noDisconnectDays.equals(o.noDisconnectDays) && noDisconnectOnHolidays == o.noDisconnectOnHolidays;
        }
    }

    private final JdbcClient jdbc;
    private final CommandProperties props;

    PolicySettings(JdbcClient jdbc, CommandProperties props) {
        this.jdbc = jdbc;
        this.props = props;
    }

    Current current() {
        return jdbc.sql("""
                        SELECT no_disconnect_from, no_disconnect_until, no_disconnect_days, no_disconnect_on_holidays,
                               updated_by, updated_at FROM command_policy_setting""")
                .query((rs, i) -> new Current(rs.getObject(1, LocalTime.class), rs.getObject(2, LocalTime.class),
                        days((String[]) rs.getArray(3).getArray()), rs.getBoolean(4), rs.getString(5),
                        rs.getObject(6, OffsetDateTime.class).toInstant()))
                .optional().orElseGet(this::configured);
    }

    /** The configuration's values (what applies when no administrator has set any). */
    Current configured() {
        var p = props.policy();
        return new Current(p.noDisconnectFrom(), p.noDisconnectUntil(), p.noDisconnectDays(), p.noDisconnectOnHolidays(),
                null, null);
    }

    DisconnectionPolicy.Settings settings() {
        Current c = current();
        return new DisconnectionPolicy.Settings(props.policy().zone(), c.noDisconnectFrom(), c.noDisconnectUntil(),
                c.noDisconnectDays(), c.noDisconnectOnHolidays());
    }

    /** Stores the hours and days (in the caller's transaction). */
    void save(Current s, String by, Instant at) {
        jdbc.sql("""
                        INSERT INTO command_policy_setting (id, no_disconnect_from, no_disconnect_until, no_disconnect_days,
                                                            no_disconnect_on_holidays, updated_by, updated_at)
                        VALUES (TRUE, ?, ?, ?::text[], ?, ?, ?)
                        ON CONFLICT (id) DO UPDATE SET no_disconnect_from = EXCLUDED.no_disconnect_from,
                            no_disconnect_until = EXCLUDED.no_disconnect_until,
                            no_disconnect_days = EXCLUDED.no_disconnect_days,
                            no_disconnect_on_holidays = EXCLUDED.no_disconnect_on_holidays,
                            updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at""")
                .params(Time.valueOf(s.noDisconnectFrom()), Time.valueOf(s.noDisconnectUntil()),
                        s.noDisconnectDays().stream().map(Enum::name).sorted().toArray(String[]::new),
                        s.noDisconnectOnHolidays(), by, OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .update();
    }

    /** Back to the configuration's values. */
    boolean reset() {
        return jdbc.sql("DELETE FROM command_policy_setting").update() == 1;
    }

    private static Set<DayOfWeek> days(String[] names) {
        return names.length == 0 ? EnumSet.noneOf(DayOfWeek.class)
                : Arrays.stream(names).map(DayOfWeek::valueOf).collect(Collectors.toCollection(() -> EnumSet.noneOf(DayOfWeek.class)));
    }
}
