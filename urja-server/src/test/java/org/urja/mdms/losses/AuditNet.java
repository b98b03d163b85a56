package org.urja.mdms.losses;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.hes.contract.IntervalBlock;
import org.urja.hes.contract.IntervalReading;
import org.urja.hes.contract.MeterReading;
import org.urja.hes.contract.MeterReadingsMessage;
import org.urja.hes.contract.ReadingProfile;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The energy audit's test network, imported through the asset-master API with codes unique to one test: substation SS
 * with feeders F1 (feeder-head meter FB1, HT CT ×1000) and F2 (head meter FB2); F1 feeds DT1 (boundary meter B1, LT CT
 * ×200; consumers C1–C4, C3 a 30-minute net-metered meter) and DT2 (B2; consumer C5); F2 feeds DT3 (no boundary meter;
 * consumer C6). Everything installed on 1 January 2026. Interval data goes in through the HES contract.
 */
record AuditNet(int port, JdbcClient jdbc, String p) {

    static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);

    static AuditNet create(int port, JdbcClient jdbc) {
        AuditNet n = new AuditNet(port, jdbc, Fixtures.unique("EA").toUpperCase() + "-");
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
                """.formatted(n.p));
        String at = "2026-01-01T00:00:00+05:30";
        StringBuilder consumers = new StringBuilder("consumer_no,name,address,sanctioned_load_kw,tariff_category,phone,email\n");
        StringBuilder sps = new StringBuilder("code,consumer_no,address,meter_serial_no,installed_at\n");
        StringBuilder meters = new StringBuilder("serial_no,manufacturer,category,interval_minutes,payment_mode,"
                + "relay_capable,comm_path,role,firmware_version,multiplier,node_code,dcu_code,installed_at\n");
        meters.append(n.code("FB1")).append(",L&T,HT_CT,15,POSTPAID,false,CELLULAR,FEEDER_BOUNDARY,1.0,1000,")
                .append(n.code("F1")).append(",,").append(at).append('\n');
        meters.append(n.code("FB2")).append(",L&T,HT_CT,15,POSTPAID,false,CELLULAR,FEEDER_BOUNDARY,1.0,1000,")
                .append(n.code("F2")).append(",,").append(at).append('\n');
        meters.append(n.code("B1")).append(",Secure,LT_CT,15,POSTPAID,false,CELLULAR,DT_BOUNDARY,1.0,200,")
                .append(n.code("DT1")).append(",,").append(at).append('\n');
        meters.append(n.code("B2")).append(",Secure,LT_CT,15,POSTPAID,false,CELLULAR,DT_BOUNDARY,1.0,1,")
                .append(n.code("DT2")).append(",,").append(at).append('\n');
        for (String[] c : new String[][]{{"C1", "DT1", "15"}, {"C2", "DT1", "15"}, {"C3", "DT1", "30"},
                {"C4", "DT1", "15"}, {"C5", "DT2", "15"}, {"C6", "DT3", "15"}}) {
            String m = n.code(c[0]);
            consumers.append("K-").append(m).append(",Consumer ").append(c[0]).append(",\"House ").append(c[0])
                    .append(", Shahdara\",5,DOM,,\n");
            sps.append("SP-").append(m).append(",K-").append(m).append(",\"House ").append(c[0]).append(", Shahdara\",")
                    .append(m).append(',').append(at).append('\n');
            meters.append(m).append(",Genus,SINGLE_PHASE_WC,").append(c[2]).append(",POSTPAID,true,CELLULAR,CONSUMER,1.0,1,")
                    .append(n.code(c[1])).append(",,").append(at).append('\n');
        }
        Fixtures.importCsv(port, "consumers", consumers.toString());
        Fixtures.importCsv(port, "meters", meters.toString());
        Fixtures.importCsv(port, "service-points", sps.toString());
        return n;
    }

    String code(String local) {
        return p + local;
    }

    /** The readings of one IST day (interval end times), leaving out the slots in {@code skip}. */
    static List<IntervalReading> day(LocalDate day, int minutes, IntFunction<BigDecimal> value, Set<Integer> skip) {
        List<IntervalReading> out = new ArrayList<>();
        Instant start = day.atStartOfDay(IST).toInstant();
        for (int i = 0; i < 1440 / minutes; i++) {
            if (!skip.contains(i)) {
                out.add(new IntervalReading(start.plusSeconds((i + 1L) * minutes * 60), value.apply(i), List.of()));
            }
        }
        return out;
    }

    /** A constant value every interval of the day. */
    static List<IntervalReading> flat(LocalDate day, int minutes, String value) {
        return day(day, minutes, i -> new BigDecimal(value), Set.of());
    }

    /** Slots {@code [from, to)} of the day at {@code value}, the others 0. */
    static List<IntervalReading> between(LocalDate day, int minutes, int from, int to, String value) {
        return day(day, minutes, i -> i >= from && i < to ? new BigDecimal(value) : BigDecimal.ZERO.setScale(3), Set.of());
    }

    /** Sends one meter's blocks as the HES does (signed MeterReadings) and waits until the MDM has ingested them. */
    String push(String meterLocal, int minutes, Map<String, List<IntervalReading>> blocks) {
        return push(Fixtures.unique("ea-"), meterLocal, minutes, blocks);
    }

    String push(String messageId, String meterLocal, int minutes, Map<String, List<IntervalReading>> blocks) {
        List<IntervalBlock> bs = new ArrayList<>();
        int count = 0;
        for (var e : blocks.entrySet()) {
            bs.add(new IntervalBlock(e.getKey(), minutes * 60, e.getValue()));
            count += e.getValue().size();
        }
        var message = new MeterReadingsMessage(messageId, Instant.now(), null,
                List.of(new MeterReading(code(meterLocal), ReadingProfile.BLOCK_LOAD, bs, List.of())));
        var r = TestHttp.signedHes(port, Fixtures.HES_KEY_ID, Fixtures.HES_SECRET).postJson("/api/v1/hes/meter-readings",
                message);
        assertThat(r.status()).as(r.body()).isIn(200, 202);
        int expected = count;
        Integer slots = Eventually.await(Duration.ofSeconds(30), () -> jdbc.sql(
                        "SELECT slots FROM reading_ingested_message WHERE message_id = ? AND slots + rejected > 0")
                .param(messageId).query(Integer.class).optional().orElse(null), s -> s != null);
        assertThat(slots).isEqualTo(expected);
        return messageId;
    }

    /** Waits until VEE has estimated {@code n} intervals of the meter's day (read back through the consumption API). */
    void awaitEstimated(String meterLocal, LocalDate day, int n) {
        TestHttp staff = Fixtures.admin(port);
        Eventually.await(Duration.ofSeconds(30), () -> staff.get("/api/v1/meters/" + code(meterLocal)
                        + "/consumption?granularity=DAY&from=" + day + "&to=" + day).json()
                .get("total").get("estimatedIntervals").asInt(), e -> e == n);
    }
}
