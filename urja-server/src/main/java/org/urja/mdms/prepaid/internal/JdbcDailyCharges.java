package org.urja.mdms.prepaid.internal;

import java.time.LocalDate;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.urja.mdms.prepaid.DailyCharges;

/** The charged days as {@link DailyCharging} keeps them ({@code prepaid_day}: the latest charge of each day). */
@Repository
class JdbcDailyCharges implements DailyCharges {

    private final JdbcClient jdbc;

    JdbcDailyCharges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Day> days(String consumerNo, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                        SELECT day, meter_serial, units, charged_paise, estimated FROM prepaid_day
                        WHERE consumer_no = ? AND day BETWEEN ? AND ? ORDER BY day DESC""")
                .params(consumerNo, from, to)
                .query((rs, i) -> new Day(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getBigDecimal(3),
                        rs.getLong(4), rs.getInt(5))).list();
    }
}
