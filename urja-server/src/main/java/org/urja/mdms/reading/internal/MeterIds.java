package org.urja.mdms.reading.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Compact integer ids for meter serial numbers, created on first sight and cached. */
@Component
class MeterIds {

    private final JdbcClient jdbc;
    private final Map<String, Integer> cache = new ConcurrentHashMap<>();

    MeterIds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Ids for all the serials, creating the missing ones. */
    Map<String, Integer> resolve(Collection<String> serials) {
        Map<String, Integer> ids = new HashMap<>();
        List<String> missing = serials.stream().distinct().filter(s -> {
            Integer id = cache.get(s);
            if (id != null) {
                ids.put(s, id);
            }
            return id == null;
        }).toList();
        if (!missing.isEmpty()) {
            jdbc.sql("""
                            INSERT INTO reading_meter (serial_no) SELECT unnest(?::text[]) ORDER BY 1
                            ON CONFLICT (serial_no) DO NOTHING""")
                    .param(missing.toArray(String[]::new)).update();
            jdbc.sql("SELECT serial_no, id FROM reading_meter WHERE serial_no = ANY(?)")
                    .param(missing.toArray(String[]::new))
                    .query(rs -> {
                        ids.put(rs.getString(1), rs.getInt(2));
                        cache.put(rs.getString(1), rs.getInt(2));
                    });
        }
        return ids;
    }

    /** The id of a known serial, without creating one. */
    Optional<Integer> find(String serial) {
        Integer cached = cache.get(serial);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Integer> id = jdbc.sql("SELECT id FROM reading_meter WHERE serial_no = ?").param(serial)
                .query(Integer.class).optional();
        id.ifPresent(i -> cache.put(serial, i));
        return id;
    }
}
