package org.urja.mdms.network;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.UrjaIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link NetworkRegistry#locations} (UC11 registry, read in bulk by the energy audit, outages, tampers and load
 * violations), on a network imported through the asset-master API: DT1 with boundary meter B1 and consumer meters
 * M1–M3 (M1 installed at a service point), DT2 with consumer meter M4, feeder F1's head meter FB1.
 */
@UrjaIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetworkLocationsTests {

    @LocalServerPort
    int port;

    @Autowired
    NetworkRegistry network;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    TestNetwork net;

    @BeforeAll
    void importTheMeters() {
        net = TestNetwork.create(port);
        StringBuilder meters = new StringBuilder("serial_no,manufacturer,category,interval_minutes,payment_mode,"
                + "relay_capable,comm_path,role,firmware_version,multiplier,node_code,dcu_code\n");
        meters.append(net.code("FB1")).append(",L&T,HT_CT,15,POSTPAID,false,CELLULAR,FEEDER_BOUNDARY,1.0,1000,")
                .append(net.code("F1")).append(",\n");
        meters.append(net.code("B1")).append(",Secure,LT_CT,15,POSTPAID,false,CELLULAR,DT_BOUNDARY,1.0,200,")
                .append(net.code("DT1")).append(",\n");
        for (String[] m : new String[][]{{"M1", "DT1"}, {"M2", "DT1"}, {"M3", "DT1"}, {"M4", "DT2"}}) {
            meters.append(net.code(m[0])).append(",Genus,SINGLE_PHASE_WC,15,PREPAID,true,CELLULAR,CONSUMER,1.0,1,")
                    .append(net.code(m[1])).append(",\n");
        }
        Fixtures.importCsv(port, "meters", meters.toString());
        Fixtures.importCsv(port, "service-points", """
                code,consumer_no,address,meter_serial_no
                %1$sSPM1,%1$sK1,"12 Gali 3, Shahdara",%1$sM1
                """.formatted(net.p()));
    }

    @Test
    void uc11_locationsOfEveryMeterOfADtGiveNodeParentConsumerCountAndServicePoint() {
        Map<String, MeterLocation> at = network.locations(codes("B1", "M1", "M2", "M3"));

        assertThat(at).hasSize(4);
        assertThat(at.get(net.code("M1"))).isEqualTo(new MeterLocation(net.code("M1"), MeterRole.CONSUMER,
                NetworkLevel.DT, net.code("DT1"), net.code("F1"), 3, net.code("SPM1"), net.code("K1"),
                "12 Gali 3, Shahdara"));
        assertThat(at.get(net.code("M2"))).isEqualTo(new MeterLocation(net.code("M2"), MeterRole.CONSUMER,
                NetworkLevel.DT, net.code("DT1"), net.code("F1"), 3, null, null, null));
        // the boundary meter is at the DT too, and is not one of its 3 consumer meters
        assertThat(at.get(net.code("B1"))).isEqualTo(new MeterLocation(net.code("B1"), MeterRole.DT_BOUNDARY,
                NetworkLevel.DT, net.code("DT1"), net.code("F1"), 3, null, null, null));
    }

    @Test
    void uc11_locationsOfSomeMetersOfANodeStillCountEveryConsumerMeterPlacedThere() {
        // one of DT1's four meters, DT2's only meter, the feeder head; a repeated and an unknown serial number
        Map<String, MeterLocation> at = network.locations(
                List.of(net.code("M2"), net.code("M4"), net.code("FB1"), net.code("M2"), net.code("NOPE")));

        assertThat(at).containsOnlyKeys(net.code("M2"), net.code("M4"), net.code("FB1"));
        assertThat(at.get(net.code("M2")).consumerMetersAtNode()).isEqualTo(3);
        assertThat(at.get(net.code("M4"))).isEqualTo(new MeterLocation(net.code("M4"), MeterRole.CONSUMER,
                NetworkLevel.DT, net.code("DT2"), net.code("F2"), 1, null, null, null));
        assertThat(at.get(net.code("FB1"))).isEqualTo(new MeterLocation(net.code("FB1"), MeterRole.FEEDER_BOUNDARY,
                NetworkLevel.FEEDER, net.code("F1"), net.code("SS"), 0, null, null, null));
        assertThat(network.locations(List.of())).isEmpty();
        assertThat(network.locations(List.of(net.code("NOPE")))).isEmpty();
    }

    @Test
    void uc11_locationsLeaveTheCallersTransactionItsJitSetting() {
        String after = transactions.execute(status -> {
            jdbc.sql("SET LOCAL jit = on").update();
            assertThat(network.locations(codes("M1", "M4"))).hasSize(2);
            return jdbc.sql("SELECT current_setting('jit')").query(String.class).single();
        });
        assertThat(after).isEqualTo("on");
    }

    private List<String> codes(String... local) {
        return java.util.Arrays.stream(local).map(net::code).toList();
    }
}
