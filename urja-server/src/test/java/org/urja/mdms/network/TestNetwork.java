package org.urja.mdms.network;

import org.urja.mdms.support.Fixtures;

/**
 * A small network built through the asset-master import API, with codes unique to one test:
 * circle > division > sub-division > substation > feeders F1, F2 > DTs DT1 (on F1), DT2 (on F2);
 * DCUs DCU1 at DT1 and DCU2 at DT2; consumers K1..K3 with service points SP1..SP3 (no meters yet).
 */
record TestNetwork(String p) {

    static TestNetwork create(int port) {
        TestNetwork n = new TestNetwork(Fixtures.unique("T").toUpperCase() + "-");
        Fixtures.importCsv(port, "network-nodes", """
                level,code,name,parent_code
                CIRCLE,%1$sC,Circle,
                DIVISION,%1$sD,Division,%1$sC
                SUBDIVISION,%1$sSD,Sub-division,%1$sD
                SUBSTATION,%1$sSS,Substation,%1$sSD
                FEEDER,%1$sF1,Feeder 1,%1$sSS
                FEEDER,%1$sF2,Feeder 2,%1$sSS
                DT,%1$sDT1,DT 1,%1$sF1
                DT,%1$sDT2,DT 2,%1$sF2
                """.formatted(n.p));
        Fixtures.importCsv(port, "dcus", """
                code,dt_code
                %1$sDCU1,%1$sDT1
                %1$sDCU2,%1$sDT2
                """.formatted(n.p));
        Fixtures.importCsv(port, "consumers", """
                consumer_no,name,address,sanctioned_load_kw,tariff_category,phone,email
                %1$sK1,Asha Devi,"12 Gali 3, Shahdara",2,DOM,9811111111,asha@example.in
                %1$sK2,Ravi Kumar,"7 Main Road, Laxmi Nagar",5,DOM,,
                %1$sK3,Kirana Store,"1 Market, Preet Vihar",10,NDLT,,
                """.formatted(n.p));
        Fixtures.importCsv(port, "service-points", """
                code,consumer_no,address
                %1$sSP1,%1$sK1,"12 Gali 3, Shahdara"
                %1$sSP2,%1$sK2,"7 Main Road, Laxmi Nagar"
                %1$sSP3,%1$sK3,"1 Market, Preet Vihar"
                """.formatted(n.p));
        return n;
    }

    String code(String local) {
        return p + local;
    }
}
