package org.urja.mdms.network.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.urja.mdms.network.ServicePoints;
import org.urja.mdms.platform.ApiProblem;

/** Service points opened by a new connection (UC12.1): one row of {@code service_point}, without a meter yet. */
@Service
class JdbcServicePoints implements ServicePoints {

    private final JdbcClient jdbc;

    JdbcServicePoints(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean open(String code, String consumerNo, String address) {
        if (jdbc.sql("INSERT INTO service_point (code, consumer_no, address) VALUES (?, ?, ?) ON CONFLICT (code) DO NOTHING")
                .params(code, consumerNo, address).update() == 1) {
            return true;
        }
        String owner = jdbc.sql("SELECT consumer_no FROM service_point WHERE code = ?").param(code)
                .query(String.class).single();
        if (!owner.equals(consumerNo)) {
            throw ApiProblem.conflict("servicePointCode", "Service point " + code + " belongs to consumer " + owner);
        }
        return false;
    }
}
