package org.urja.mdms.connection.internal;

import java.util.List;

import org.springframework.stereotype.Service;
import org.urja.mdms.connection.Connections;

/** {@link Connections}: reads of the connection table for other modules. */
@Service
class ConnectionQueries implements Connections {

    private final ConnectionStore store;

    ConnectionQueries(ConnectionStore store) {
        this.store = store;
    }

    @Override
    public List<Summary> ofConsumer(String consumerNo, int limit) {
        return store.list(null, consumerNo, limit).stream().map(c -> new Summary(c.id(), c.consumerNo(),
                c.servicePointCode(), c.paymentMode(), c.meterSerialNo(), c.state().name(), c.step().name(),
                c.step().useCaseStep(), c.reason(), c.requestedAt(), c.activatedAt())).toList();
    }
}
