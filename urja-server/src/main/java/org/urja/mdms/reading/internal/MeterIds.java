package org.urja.mdms.reading.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

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
            Map<String, Integer> found = new HashMap<>();
            jdbc.sql("SELECT serial_no, id FROM reading_meter WHERE serial_no = ANY(?)")
                    .param(missing.toArray(String[]::new))
                    .query(rs -> {
                        found.put(rs.getString(1), rs.getInt(2));
                    });
            ids.putAll(found);
            cacheAfterCommit(found);
        }
        return ids;
    }

    /** New ids are cached only once committed: a rolled-back insert must not leave an id that does not exist. */
    private void cacheAfterCommit(Map<String, Integer> ids) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    cache.putAll(ids);
                }
            });
        } else {
            cache.putAll(ids);
        }
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
