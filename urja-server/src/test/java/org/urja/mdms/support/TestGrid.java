package org.urja.mdms.support;

import java.util.ArrayList;
import java.util.List;

/**
 * A small electrical network with consumers, built through the asset-master import API with codes unique to one
 * test: circle > division > sub-division > substation > feeders F1 (DT1, DT2) and F2 (DT3); {@code metersPerDt}
 * single-phase consumer meters under each DT, each installed at its own service point of its own consumer
 * (sanctioned load 5 kW). Meter {@code i} of DT1 is {@code meter("DT1", i)}. The meters are installed when the grid is
 * made, unless {@code installedAt} is given: data of a day before the installation fails VEE (not installed).
 */
public record TestGrid(String p, int metersPerDt) {

    public static final List<String> DTS = List.of("DT1", "DT2", "DT3");

    public static TestGrid create(int port, int metersPerDt) {
        return create(port, metersPerDt, null);
    }

    /** The grid with its meters installed (placed and at their service points) from {@code installedAt} (ISO). */
    public static TestGrid create(int port, int metersPerDt, String installedAt) {
        String at = installedAt == null ? "" : installedAt;
        TestGrid g = new TestGrid(Fixtures.unique("G").toUpperCase() + "-", metersPerDt);
        Fixtures.importCsv(port, "network-nodes", """
                level,code,name,parent_code
                CIRCLE,%1$sC,Circle,
                DIVISION,%1$sD,Division,%1$sC
                SUBDIVISION,%1$sSD,Sub-division,%1$sD
                SUBSTATION,%1$sSS,Substation,%1$sSD
                FEEDER,%1$sF1,Feeder 1,%1$sSS
                FEEDER,%1$sF2,Feeder 2,%1$sSS
                DT,%1$sDT1,DT 1,%1$sF1
                DT,%1$sDT2,DT 2,%1$sF1
                DT,%1$sDT3,DT 3,%1$sF2
                """.formatted(g.p));
        StringBuilder consumers = new StringBuilder("consumer_no,name,address,sanctioned_load_kw,tariff_category,phone,email\n");
        StringBuilder meters = new StringBuilder("serial_no,manufacturer,category,interval_minutes,payment_mode,"
                + "relay_capable,comm_path,role,firmware_version,multiplier,node_code,dcu_code,installed_at\n");
        StringBuilder servicePoints = new StringBuilder("code,consumer_no,address,meter_serial_no,installed_at\n");
        for (String dt : DTS) {
            for (int i = 1; i <= metersPerDt; i++) {
                String m = g.meter(dt, i);
                consumers.append(g.consumer(m)).append(",Consumer ").append(m).append(",\"").append(g.address(m))
                        .append("\",5,DOM,,\n");
                meters.append(m).append(",Secure,SINGLE_PHASE_WC,30,POSTPAID,true,CELLULAR,CONSUMER,1.0,1,")
                        .append(g.code(dt)).append(",,").append(at).append('\n');
                servicePoints.append("SP-").append(m).append(',').append(g.consumer(m)).append(",\"")
                        .append(g.address(m)).append("\",").append(m).append(',').append(at).append('\n');
            }
        }
        Fixtures.importCsv(port, "consumers", consumers.toString());
        Fixtures.importCsv(port, "meters", meters.toString());
        Fixtures.importCsv(port, "service-points", servicePoints.toString());
        return g;
    }

    public String code(String local) {
        return p + local;
    }

    public String meter(String dt, int i) {
        return p + dt + "-M" + i;
    }

    public List<String> meters(String dt) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= metersPerDt; i++) {
            out.add(meter(dt, i));
        }
        return out;
    }

    public String consumer(String meter) {
        return "K-" + meter;
    }

    public String servicePoint(String meter) {
        return "SP-" + meter;
    }

    public String address(String meter) {
        return "House " + meter.substring(meter.lastIndexOf('M') + 1) + ", Lane " + meter.substring(0, meter.lastIndexOf('-'))
                + ", Shahdara";
    }
}
