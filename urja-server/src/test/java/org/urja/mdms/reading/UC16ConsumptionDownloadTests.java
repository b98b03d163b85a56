package org.urja.mdms.reading;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.hes.contract.IntervalReading;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UC16.3 "download my data": a net-metered service point's intervals, received through the HES contract and
 * validated, downloaded as CSV and as Green Button (NAESB ESPI) XML with each interval's quality.
 */
@UrjaIntegrationTest
class UC16ConsumptionDownloadTests {

    private static final String ESPI = "http://naesb.org/espi";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void uc16_3_aNetMeteredConsumersIntervalsDownloadAsCsvAndGreenButtonWithTheirQuality() throws Exception {
        ConsumptionQueryTests data = new ConsumptionQueryTests();
        data.port = port;
        data.jdbc = jdbc;
        ConsumptionQueryTests.Net net = ConsumptionQueryTests.Net.create(port);
        String meter = net.code("NM");
        net.install(meter, 15, "SP1", "2026-02-01T00:00:00+05:30");
        String sp = net.code("SP1");

        // 1–2 March 2026: import follows the pattern with slot 44 of 1 March never sent (VEE estimates it: 0.220);
        // 0.050 kWh exported in each interval from 10:00 to 14:00 (slots 40–55), nothing otherwise.
        LocalDate march1 = LocalDate.of(2026, 3, 1);
        List<IntervalReading> imports = new ArrayList<>(ConsumptionQueryTests.day(march1, 15,
                ConsumptionQueryTests::pattern, Set.of(44)));
        imports.addAll(ConsumptionQueryTests.day(march1.plusDays(1), 15, ConsumptionQueryTests::pattern, Set.of()));
        List<IntervalReading> exports = new ArrayList<>();
        for (LocalDate d = march1; d.isBefore(march1.plusDays(2)); d = d.plusDays(1)) {
            exports.addAll(ConsumptionQueryTests.day(d, 15,
                    slot -> slot >= 40 && slot <= 55 ? new BigDecimal("0.050") : BigDecimal.ZERO, Set.of()));
        }
        data.push(meter, "interval.kWh.import", 15, imports);
        data.push(meter, "interval.kWh.export", 15, exports);
        Eventually.await(Duration.ofSeconds(20), () -> jdbc.sql("SELECT count(*) FROM vee_day WHERE meter_serial = ?")
                .param(meter).query(Long.class).single(), n -> n >= 2);

        TestHttp staff = Fixtures.admin(port);
        String path = "/api/v1/service-points/" + sp + "/consumption/export?from=2026-03-01&to=2026-03-02";

        // CSV: one row per interval, import and export side by side, each with its quality.
        TestHttp.Response csv = Eventually.await(Duration.ofSeconds(20), () -> staff.get(path + "&format=csv"),
                r -> r.body().contains(",0.220,ESTIMATED,"));
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElse(""))
                .isEqualTo("attachment; filename=\"" + sp + "-2026-03-01-2026-03-02.csv\"");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines).hasSize(1 + 2 * 96);
        assertThat(lines.get(0)).isEqualTo(
                "service_point,interval_start,interval_end,kwh_import,import_quality,kwh_export,export_quality");
        assertThat(lines.get(1)).isEqualTo(sp + ",2026-03-01T00:00+05:30,2026-03-01T00:15+05:30,0.200,ACTUAL,0.000,ACTUAL");
        assertThat(lines.get(45)).isEqualTo(sp + ",2026-03-01T11:00+05:30,2026-03-01T11:15+05:30,0.220,ESTIMATED,0.050,ACTUAL");
        assertThat(lines.get(96 + 8)).isEqualTo(sp + ",2026-03-02T01:45+05:30,2026-03-02T02:00+05:30,0.235,ACTUAL,0.000,ACTUAL");

        // Green Button: per channel a ReadingType (Wh, forward/reverse) and one IntervalBlock a day; the estimated
        // interval has ESPI quality 8, the others 0; values in Wh.
        TestHttp.Response gb = staff.get(path + "&format=green-button");
        assertThat(gb.status()).isEqualTo(200);
        assertThat(gb.headers().firstValue("Content-Type").orElse("")).startsWith("application/atom+xml");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(gb.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("feed");
        assertThat(doc.getElementsByTagNameNS(ESPI, "UsagePoint").getLength()).isEqualTo(1);
        assertThat(doc.getElementsByTagNameNS(ESPI, "LocalTimeParameters").getLength()).isEqualTo(1);
        assertThat(text(doc, "tzOffset")).containsExactly("19800");
        assertThat(text(doc, "flowDirection")).containsExactly("1", "19");
        assertThat(text(doc, "uom")).containsExactly("72", "72");
        NodeList blocks = doc.getElementsByTagNameNS(ESPI, "IntervalBlock");
        assertThat(blocks.getLength()).isEqualTo(4);
        NodeList readings = doc.getElementsByTagNameNS(ESPI, "IntervalReading");
        assertThat(readings.getLength()).isEqualTo(4 * 96);
        long slot44 = LocalDate.of(2026, 3, 1).atStartOfDay(ConsumptionQueryTests.IST).toEpochSecond() + 44 * 900;
        Element first = (Element) readings.item(0);
        assertThat(child(first, "value")).isEqualTo("200");
        assertThat(child(first, "quality")).isEqualTo("0");
        Element estimated = (Element) readings.item(44);
        assertThat(child(estimated, "start")).isEqualTo(String.valueOf(slot44));
        assertThat(child(estimated, "duration")).isEqualTo("900");
        assertThat(child(estimated, "value")).isEqualTo("220");
        assertThat(child(estimated, "quality")).isEqualTo("8");
        Element exported = (Element) readings.item(2 * 96 + 44);
        assertThat(child(exported, "value")).isEqualTo("50");
        // Import Wh over the two days: 2 × 20,880 (the estimate fills the gap with the same 220 Wh).
        long totalImport = 0;
        for (int i = 0; i < 2 * 96; i++) {
            totalImport += Long.parseLong(child((Element) readings.item(i), "value"));
        }
        assertThat(totalImport).isEqualTo(41_760);

        // Bad requests name their parameter and write nothing; an unknown service point is a 404.
        assertProblem(staff.get(path + "&format=pdf"), 400, "format");
        assertProblem(staff.get("/api/v1/service-points/" + sp + "/consumption/export?from=2026-03-02&to=2026-03-01"),
                400, "to");
        assertProblem(staff.get("/api/v1/service-points/" + sp + "/consumption/export?from=2025-01-01&to=2026-03-01"),
                400, "to");
        assertProblem(staff.get("/api/v1/service-points/NO-SUCH-SP/consumption/export?from=2026-03-01&to=2026-03-02"),
                404, "code");
    }

    private static List<String> text(Document doc, String espiName) {
        NodeList nodes = doc.getElementsByTagNameNS(ESPI, espiName);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }

    private static String child(Element e, String espiName) {
        return e.getElementsByTagNameNS(ESPI, espiName).item(0).getTextContent();
    }

    private static void assertProblem(TestHttp.Response r, int status, String field) {
        ConsumptionQueryTests.assertProblem(r, status, field);
    }
}
