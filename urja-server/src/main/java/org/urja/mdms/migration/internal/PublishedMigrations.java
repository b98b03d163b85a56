package org.urja.mdms.migration.internal;

import org.springframework.stereotype.Service;
import org.urja.mdms.migration.PaymentModeMigrations;

/** {@link PaymentModeMigrations} for other modules: the request the API takes, without its balances. */
@Service
class PublishedMigrations implements PaymentModeMigrations {

    private final Migrations migrations;

    PublishedMigrations(Migrations migrations) {
        this.migrations = migrations;
    }

    @Override
    public Started request(Request r) {
        Migrations.Created c = migrations.request(new Migrations.Request(r.reference(), r.consumerNo(), r.targetMode(),
                r.servicePointCode(), r.meterChange(), null, null, null), r.requestedBy());
        return new Started(c.id(), c.created());
    }
}
