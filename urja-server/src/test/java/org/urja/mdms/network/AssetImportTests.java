package org.urja.mdms.network;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Bulk import of the asset master (UC11 registry) over the HTTP API. */
@UrjaIntegrationTest
class AssetImportTests {

    @LocalServerPort
    int port;

    private static final String METER_HEADER =
            "serial_no,manufacturer,category,interval_minutes,payment_mode,relay_capable,comm_path,role,firmware_version,multiplier,node_code,dcu_code\n";

    @Test
    void invalidRowsAreReportedWithLineNumbersAndNothingIsImported() {
        TestNetwork net = TestNetwork.create(port);
        TestHttp admin = Fixtures.admin(port);
        String csv = METER_HEADER
                + net.code("A1") + ",Genus,SINGLE_PHASE_WC,15,PREPAID,true,RF_MESH,CONSUMER,1.0,1," + net.code("DT1") + "," + net.code("DCU1") + "\n"
                + net.code("A2") + ",Genus,HT_CT,15,POSTPAID,true,CELLULAR,CONSUMER,1.0,1," + net.code("DT1") + ",\n"
                + net.code("A3") + ",Genus,SINGLE_PHASE_WC,20,PREPAID,true,RF_MESH,CONSUMER,1.0,1," + net.code("NOPE") + "," + net.code("DCU1") + "\n"
                + net.code("A1") + ",Genus,SINGLE_PHASE_WC,15,PREPAID,maybe,RF_MESH,DT_BOUNDARY,1.0,-2," + net.code("F1") + ",\n";
        TestHttp.Response r = admin.postCsv("/api/v1/imports/meters", csv);
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode errors = r.json().get("errors");
        assertThat(lineAndField(errors)).contains(
                "3:relay_capable",        // HT-CT meter with relay
                "4:interval_minutes",     // 20 is not 15/30
                "4:node_code",            // unknown DT
                "5:serial_no",            // repeats line 2
                "5:relay_capable",        // 'maybe'
                "5:multiplier",           // negative
                "5:dcu_code");            // RF mesh placed without DCU
        assertThat(r.json().get("rowsRejected").asInt()).isEqualTo(3);
        // Line 2 was valid, but nothing is imported when any row is invalid.
        assertThat(admin.get("/api/v1/meters/" + net.code("A1")).status()).isEqualTo(404);

        // Missing required column: reported against the header line.
        TestHttp.Response noColumn = admin.postCsv("/api/v1/imports/meters", "serial_no,manufacturer\nX,Y\n");
        assertThat(noColumn.status()).isEqualTo(422);
        assertThat(lineAndField(noColumn.json().get("errors"))).contains("1:category", "1:role");

        // Unknown kind and unknown mode.
        assertThat(admin.postCsv("/api/v1/imports/transformers", "a\n1\n").status()).isEqualTo(404);
        assertThat(admin.postCsv("/api/v1/imports/meters?mode=some", METER_HEADER).status()).isEqualTo(422);
    }

    @Test
    void validOnlyModeImportsTheValidRowsAndReportsTheRest() {
        TestNetwork net = TestNetwork.create(port);
        TestHttp admin = Fixtures.admin(port);
        String csv = METER_HEADER
                + net.code("B1") + ",Secure,THREE_PHASE_WC,30,POSTPAID,true,RF_MESH,CONSUMER,2.0,1," + net.code("DT1") + "," + net.code("DCU1") + "\n"
                + net.code("B2") + ",Secure,LT_CT,15,POSTPAID,false,CELLULAR,DT_BOUNDARY,2.0,40," + net.code("DT2") + ",\n"
                + net.code("B3") + ",Secure,LT_CT,15,POSTPAID,false,CELLULAR,FEEDER_BOUNDARY,2.0,100," + net.code("DT2") + ",\n"
                + net.code("B4") + ",Secure,HT_CT,15,POSTPAID,false,CELLULAR,FEEDER_BOUNDARY,2.0,200," + net.code("F1") + ",\n";
        TestHttp.Response r = admin.postCsv("/api/v1/imports/meters?mode=valid-only", csv);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("rowsImported").asInt()).isEqualTo(3);
        assertThat(r.json().get("rowsRejected").asInt()).isEqualTo(1);
        assertThat(lineAndField(r.json().get("errors"))).containsExactly("4:node_code"); // feeder meter under a DT

        JsonNode b4 = admin.get("/api/v1/meters/" + net.code("B4")).json();
        assertThat(b4.get("currentPlacement").get("nodeLevel").asString()).isEqualTo("FEEDER");
        assertThat(b4.get("meter").get("multiplier").decimalValue()).isEqualByComparingTo("200");
        assertThat(admin.get("/api/v1/meters/" + net.code("B3")).status()).isEqualTo(404);

        // Service point rows: consumer must exist, meter must be a free consumer meter.
        TestHttp.Response sp = admin.postCsv("/api/v1/imports/service-points", """
                code,consumer_no,address,meter_serial_no,initial_reading_kwh
                %1$sSPX,%1$sK1,Somewhere,%1$sB1,10.5
                %1$sSPY,%1$sNOBODY,Somewhere,,
                %1$sSPZ,%1$sK2,Somewhere,%1$sB2,
                """.formatted(net.p()));
        assertThat(sp.status()).isEqualTo(422);
        assertThat(lineAndField(sp.json().get("errors"))).containsExactly("3:consumer_no", "4:meter_serial_no");

        // Hierarchy import: a level must hang under the level above it.
        TestHttp.Response nodes = admin.postCsv("/api/v1/imports/network-nodes", """
                level,code,name,parent_code
                DT,%1$sDTX,DT under a substation,%1$sSS
                FEEDER,%1$sFX,Feeder,%1$sNOPE
                CIRCLE,%1$sCX,Circle with parent,%1$sC
                """.formatted(net.p()));
        assertThat(nodes.status()).isEqualTo(422);
        assertThat(lineAndField(nodes.json().get("errors"))).containsExactly("2:parent_code", "3:parent_code", "4:parent_code");
    }

    private static java.util.List<String> lineAndField(JsonNode errors) {
        java.util.List<String> out = new java.util.ArrayList<>();
        errors.forEach(e -> out.add(e.get("line").asInt() + ":" + e.get("field").asString()));
        return out;
    }
}
