package org.urja.mdms.reading.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.reading.IntervalData;

@Service
class JdbcIntervalData implements IntervalData {

    private final JdbcClient jdbc;
    private final MeterIds meterIds;

    JdbcIntervalData(JdbcClient jdbc, MeterIds meterIds) {
        this.jdbc = jdbc;
        this.meterIds = meterIds;
    }

    @Override
    public Optional<DaySeries> current(String meterSerialNo, Channel channel, LocalDate day) {
        return currentRange(meterSerialNo, channel, day, day).stream().findFirst();
    }

    @Override
    public Optional<DaySeries> asReceived(String meterSerialNo, Channel channel, LocalDate day) {
        return meterIds.find(meterSerialNo).flatMap(id -> jdbc.sql("""
                        SELECT day, interval_minutes, vals, flags FROM interval_day
                        WHERE meter_id = ? AND channel = ? AND day = ? AND version = 0""")
                .params(id, channel.code(), day)
                .query((rs, i) -> series(meterSerialNo, channel, rs)).optional());
    }

    @Override
    public List<DaySeries> currentRange(String meterSerialNo, Channel channel, LocalDate from, LocalDate to) {
        return meterIds.find(meterSerialNo).map(id -> jdbc.sql("""
                        SELECT DISTINCT ON (day) day, interval_minutes, vals, flags FROM interval_day
                        WHERE meter_id = ? AND channel = ? AND day BETWEEN ? AND ?
                        ORDER BY day, version DESC""")
                .params(id, channel.code(), from, to)
                .query((rs, i) -> series(meterSerialNo, channel, rs)).list()).orElse(List.of());
    }

    private static DaySeries series(String serial, Channel channel, ResultSet rs) throws SQLException {
        Integer[] vals = (Integer[]) ((Array) rs.getArray(3)).getArray();
        Short[] flags = (Short[]) ((Array) rs.getArray(4)).getArray();
        long[] v = new long[vals.length];
        short[] f = new short[flags.length];
        for (int i = 0; i < vals.length; i++) {
            v[i] = vals[i];
            f[i] = flags[i];
        }
        return new DaySeries(serial, channel, rs.getObject(1, LocalDate.class), rs.getInt(2), v, f);
    }
}
