package org.urja.hes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntBinaryOperator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.urja.hes.ReferenceHes;
import org.urja.hes.contract.ContractSchema;
import org.urja.hes.contract.HesSignature;
import org.urja.hes.contract.IntervalBlock;
import org.urja.hes.contract.IntervalReading;
import org.urja.hes.contract.MeterReading;
import org.urja.hes.contract.MeterReadingsMessage;
import org.urja.hes.contract.ReadingProfile;
import org.urja.hes.contract.ReadingTypes;

/** Push sends every prepared file once, signed as the contract says, retrying what the MDM could not take yet. */
class PushTest {

    static final String SECRET = "push-test-secret";
    static final int MESSAGES = 24;

    /** A small MDM: checks signatures, answers {@code status.applyAsInt(messageNo, attemptNo)}, counts acceptances. */
    static final class FakeMdm {
        final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
        final Set<String> nonces = ConcurrentHashMap.newKeySet();
        final AtomicInteger badSignatures = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final ExecutorService threads = Executors.newFixedThreadPool(8);
        final HttpServer server;

        FakeMdm(IntBinaryOperator status) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(threads);
            server.createContext("/api/v1/hes/", exchange -> {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    handle(exchange, status);
                } finally {
                    inFlight.decrementAndGet();
                    exchange.close();
                }
            });
            server.start();
        }

        private void handle(HttpExchange exchange, IntBinaryOperator status) throws IOException {
            byte[] body = exchange.getRequestBody().readAllBytes();
            var h = exchange.getRequestHeaders();
            String nonce = h.getFirst(HesSignature.NONCE_HEADER);
            long timestamp = Long.parseLong(h.getFirst(HesSignature.TIMESTAMP_HEADER));
            boolean signed = "hes".equals(h.getFirst(HesSignature.KEY_ID_HEADER))
                    && Math.abs(Instant.now().getEpochSecond() - timestamp) <= HesSignature.DEFAULT_REPLAY_WINDOW_SECONDS
                    && nonces.add(nonce)
                    && HesSignature.matches(SECRET, timestamp, nonce, exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), body, h.getFirst(HesSignature.SIGNATURE_HEADER));
            if (!signed || !exchange.getRequestURI().getPath().equals("/api/v1/hes/meter-readings")) {
                badSignatures.incrementAndGet();
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            String id = ContractSchema.JSON.readTree(body).get("messageId").asString();
            int attempt = attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            int code = status.applyAsInt(Integer.parseInt(id.substring(id.lastIndexOf('-') + 1)), attempt);
            if (code == 202) {
                accepted.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            }
            exchange.sendResponseHeaders(code, -1);
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/hes/";
        }

        void stop() {
            server.stop(0);
            threads.shutdownNow();
        }
    }

    private FakeMdm mdm;

    @AfterEach
    void stop() {
        if (mdm != null) {
            mdm.stop();
        }
    }

    /** {@value #MESSAGES} messages; message i has i + 1 interval readings in each of two channels. */
    static long prepare(Path dir) throws IOException {
        long readings = 0;
        try (MessageDirectory out = MessageDirectory.create(dir, ReferenceHes.contractJson())) {
            for (int i = 0; i < MESSAGES; i++) {
                List<IntervalReading> values = new ArrayList<>();
                for (int k = 0; k <= i; k++) {
                    values.add(new IntervalReading(Instant.parse("2026-03-01T00:15:00Z").plusSeconds(900L * k),
                            BigDecimal.valueOf(k, 3), List.of()));
                }
                MeterReading load = new MeterReading("PUSH" + i, ReadingProfile.BLOCK_LOAD,
                        List.of(new IntervalBlock(ReadingTypes.INTERVAL_KWH_IMPORT, 900, values),
                                new IntervalBlock(ReadingTypes.INTERVAL_KVAH_IMPORT, 900, values)), List.of());
                out.send("/meter-readings", new MeterReadingsMessage("push-test-" + i, Instant.now(), null, List.of(load)));
                readings += 2L * (i + 1);
            }
            assertThat(out.readings()).isEqualTo(readings);
        }
        return readings;
    }

    @Test
    void everyFileArrivesOnceSignedEvenWhenTheMdmIsBusyAtFirst(@TempDir Path dir) throws Exception {
        long readings = prepare(dir);
        // Every third message: 503 on the first attempt; every fifth: 429 on the first two.
        IntBinaryOperator status = (message, attempt) -> message % 3 == 0 && attempt == 1 ? 503
                : message % 5 == 1 && attempt <= 2 ? 429 : 202;
        mdm = new FakeMdm(status);

        Push.Result result = Push.run(dir, mdm.url(), "hes", SECRET, 4);

        assertThat(mdm.badSignatures).hasValue(0);
        assertThat(result.failed()).isEmpty();
        assertThat(result.messages()).isEqualTo(MESSAGES);
        assertThat(result.readings()).isEqualTo(readings);
        assertThat(result.bytes()).isEqualTo(MessageDirectory.read(dir).stream().mapToLong(MessageDirectory.Entry::bytes).sum());
        assertThat(mdm.accepted).hasSize(MESSAGES).allSatisfy((id, n) -> assertThat(n).hasValue(1));
        int busy = 0;
        for (int i = 0; i < MESSAGES; i++) {
            int expected = 1;
            while (status.applyAsInt(i, expected) != 202) {
                expected++;
            }
            assertThat(mdm.attempts.get("push-test-" + i)).as("attempts of message %d", i).hasValue(expected);
            busy += expected - 1;
        }
        assertThat(result.retries()).isEqualTo(busy);
        assertThat(mdm.nonces).hasSize(MESSAGES + busy);
        assertThat(mdm.maxInFlight.get()).isBetween(1, 4);
    }

    @Test
    void aMessageTheMdmRefusesOrNeverTakesFailsThePush(@TempDir Path dir) throws Exception {
        prepare(dir);
        // Message 7 is refused outright (no retry), message 11 always finds the MDM unavailable (5 attempts).
        mdm = new FakeMdm((message, attempt) -> message == 7 ? 400 : message == 11 ? 503 : 202);

        Push.Result result = Push.run(dir, mdm.url(), "hes", SECRET, 3);

        assertThat(result.messages()).isEqualTo(MESSAGES - 2);
        assertThat(result.readings()).isEqualTo(2L * (MESSAGES * (MESSAGES + 1) / 2 - 8 - 12));
        assertThat(result.failed()).hasSize(2).anySatisfy(f -> assertThat(f).startsWith("000008.json: HTTP 400"))
                .anySatisfy(f -> assertThat(f).startsWith("000012.json: HTTP 503").endsWith("(after 5 attempts)"));
        assertThat(mdm.attempts.get("push-test-7")).hasValue(1);
        assertThat(mdm.attempts.get("push-test-11")).hasValue(Push.MAX_ATTEMPTS);
    }
}
