package org.urja.mdms.prepaid;

import java.util.Map;

import org.urja.mdms.support.Fixtures;
import org.urja.mdms.tariff.ExampleTariffs;
import org.urja.mdms.tariff.Tariff;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A prepaid consumer {@code p}K1 (5 kW) with a 15-minute prepaid meter {@code p}M1 (or one named) installed at
 * service point {@code p}SP1 under DT {@code p}DT, on the example tariff as category {@code p}DOM — all through the
 * HTTP APIs.
 */
record PrepaidConsumer(String consumerNo, String meter, Tariff tariff) {

    static PrepaidConsumer create(int port, String p, String name, String address, String phone) {
        return create(port, p, name, address, phone, p + "M1");
    }

    /** The same with the meter serial given (a meter of a reference HES). */
    static PrepaidConsumer create(int port, String p, String name, String address, String phone, String meter) {
        PrepaidConsumer c = register(port, p, name, address, phone, meter);
        assertThat(Fixtures.admin(port).postJson("/api/v1/tariffs", Map.of("tariff", c.tariff(), "reason", "Tariff order 2026-27"))
                .status()).isEqualTo(201);
        return c;
    }

    /** The consumer, meter and service point only: the tariff (returned) is not added. */
    static PrepaidConsumer register(int port, String p, String name, String address, String phone, String meter) {
        Fixtures.importChain(port, p);
        Fixtures.importCsv(port, "consumers", """
                consumer_no,name,address,sanctioned_load_kw,tariff_category,phone,email
                %1$sK1,%2$s,"%3$s",5,%1$sDOM,%4$s,
                """.formatted(p, name, address, phone == null ? "" : phone));
        Fixtures.importCsv(port, "meters", """
                serial_no,manufacturer,category,interval_minutes,payment_mode,relay_capable,comm_path,role,firmware_version,multiplier,node_code,dcu_code
                %2$s,Genus,SINGLE_PHASE_WC,15,PREPAID,true,CELLULAR,CONSUMER,5.2,1,%1$sDT,
                """.formatted(p, meter));
        Fixtures.importCsv(port, "service-points", """
                code,consumer_no,address,meter_serial_no,installed_at
                %1$sSP1,%1$sK1,"%2$s",%3$s,2026-04-01T00:00:00+05:30
                """.formatted(p, address, meter));
        return new PrepaidConsumer(p + "K1", meter, ExampleTariffs.domestic(p + "DOM"));
    }
}
