package org.urja.hes.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.urja.hes.HesConfig;
import org.urja.hes.ReferenceHes;
import org.urja.hes.contract.ContractSchema;
import org.urja.hes.contract.IntervalBlock;
import org.urja.hes.contract.MeterReading;
import org.urja.hes.contract.MeterReadingsMessage;
import org.urja.hes.fleet.FaultProfile;
import org.urja.hes.fleet.Fleet;

/** Prepare writes exactly what generate would push, as contract-valid files that the manifest describes. */
class PrepareTest {

    static final LocalDate FROM = LocalDate.of(2026, 3, 2);
    static final Instant COMMISSIONED = FROM.minusDays(1).atStartOfDay(ZoneOffset.ofHoursMinutes(5, 30)).toInstant();

    static HesConfig config(String mdmUrl, FaultProfile faults) {
        return HesConfig.defaults(mdmUrl, "test-hes-secret", "unused").withHesId("gen-PT-42").withFaults(faults)
                .manual(COMMISSIONED);
    }

    @Test
    void filesAreValidMeterReadingsMessagesAndTheManifestCountsTheirReadings(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("messages");
        // 250 meters: two batches of the default 200 per day.
        Fleet fleet = Fleet.generate(42L, 250, "PT", COMMISSIONED, FaultProfile.none());
        Prepare.Result result = Prepare.run(config("http://unused", FaultProfile.none()), fleet, FROM, 2, dir);

        List<MessageDirectory.Entry> entries = MessageDirectory.read(dir);
        assertThat(entries).hasSize(4).hasSize(result.messages());
        assertThat(entries).extracting(MessageDirectory.Entry::file)
                .containsExactly("000001.json", "000002.json", "000003.json", "000004.json");
        long readings = 0;
        long bytes = 0;
        Set<String> serials = new HashSet<>();
        for (MessageDirectory.Entry e : entries) {
            byte[] body = Files.readAllBytes(dir.resolve(e.file()));
            assertThat(e.path()).isEqualTo("/meter-readings");
            assertThat(e.bytes()).isEqualTo(body.length);
            assertThat(ContractSchema.problems("MeterReadingsMessage", ContractSchema.JSON.readTree(body))).isEmpty();
            MeterReadingsMessage m = ContractSchema.JSON.readValue(body, MeterReadingsMessage.class);
            assertThat(m.messageId()).startsWith("gen-PT-42-daily-");
            long values = 0;
            for (MeterReading r : m.meterReadings()) {
                serials.add(r.meterSerialNo());
                for (IntervalBlock b : r.intervalBlocks()) {
                    values += b.intervalReadings().size();
                }
            }
            assertThat(e.readings()).isEqualTo(values).isPositive();
            readings += values;
            bytes += body.length;
        }
        assertThat(serials).hasSize(250);
        assertThat(result.readings()).isEqualTo(readings);
        assertThat(result.bytes()).isEqualTo(bytes);
        // Every meter reports 8 channels of 96 (15 min) or 48 (30 min) intervals a day.
        assertThat(readings % 8).isZero();
        assertThat(readings).isBetween(250L * 2 * 8 * 48, 250L * 2 * 8 * 96);
    }

    @Test
    void writesTheSameMessagesTheCollectorPostsToTheMdm(@TempDir Path tmp) throws IOException {
        // Realistic faults: late meters retried, silent ones, duplicates sent twice; all must come out the same.
        FaultProfile faults = FaultProfile.realistic();
        List<String> posted = Collections.synchronizedList(new ArrayList<>());
        HttpServer mdm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        mdm.createContext("/api/v1/hes/meter-readings", exchange -> {
            posted.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        mdm.start();
        try {
            String url = "http://127.0.0.1:" + mdm.getAddress().getPort() + "/api/v1/hes";
            try (ReferenceHes hes = ReferenceHes.start(config(url, faults), Fleet.generate(42L, 240, "PT", COMMISSIONED, faults))) {
                for (int d = 0; d < 2; d++) {
                    hes.collectDaily(FROM.plusDays(d));
                }
            }
        } finally {
            mdm.stop(0);
        }

        Path dir = tmp.resolve("messages");
        Prepare.run(config("http://unused", faults), Fleet.generate(42L, 240, "PT", COMMISSIONED, faults), FROM, 2, dir);
        List<MessageDirectory.Entry> entries = MessageDirectory.read(dir);
        List<String> written = new ArrayList<>();
        for (MessageDirectory.Entry e : entries) {
            written.add(Files.readString(dir.resolve(e.file())));
        }
        assertThat(posted).hasSizeGreaterThan(4);
        assertThat(written.stream().map(PrepareTest::withoutSentAt).toList())
                .containsExactlyElementsOf(posted.stream().map(PrepareTest::withoutSentAt).toList());

        // A re-sent message id carries nothing new: the manifest counts its readings once.
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String id = ContractSchema.JSON.readTree(written.get(i)).get("messageId").asString();
            if (!ids.add(id)) {
                assertThat(entries.get(i).readings()).isZero();
            } else {
                assertThat(entries.get(i).readings()).isPositive();
            }
        }
    }

    @Test
    void refusesADirectoryThatIsNotEmpty(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("old.json"), "{}");
        assertThatThrownBy(() -> MessageDirectory.create(tmp, ReferenceHes.contractJson()))
                .isInstanceOf(IOException.class).hasMessageContaining("Not an empty directory");
    }

    private static String withoutSentAt(String body) {
        return body.replaceFirst("\"sentAt\":\"[^\"]*\"", "\"sentAt\":null");
    }
}
