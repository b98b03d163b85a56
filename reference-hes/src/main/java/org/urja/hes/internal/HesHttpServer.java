package org.urja.hes.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.hes.contract.EndDeviceControlAck;
import org.urja.hes.contract.EndDeviceControlBatch;
import org.urja.hes.contract.EndDeviceControlBatchAck;
import org.urja.hes.contract.EndDeviceControlRequest;
import org.urja.hes.contract.HesSignature;
import org.urja.hes.contract.MeterReadRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HES side of the contract over HTTP: {@code POST /hes/v1/end-device-controls} (and {@code /batch}), {@code POST
 * /hes/v1/meter-read-requests}, {@code GET /hes/v1/health}. Requests must be signed by the MDM (this reference HES
 * accepts signatures only); the same message id is acknowledged once and answered the same way when re-sent.
 */
public final class HesHttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HesHttpServer.class);

    static {
        // The JDK server writes a response's headers and body as separate segments; with Nagle's algorithm on, the
        // body waits for the client's delayed ACK (about 40 ms per request). Read once, when the first server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }
    private static final long WINDOW_SECONDS = HesSignature.DEFAULT_REPLAY_WINDOW_SECONDS;

    private final HttpServer server;
    private final JsonMapper json;
    private final String keyId;
    private final String secret;
    private final Map<String, Long> seenSignatures = new ConcurrentHashMap<>();
    /** Acknowledgements by message id, for re-sent requests; the oldest are forgotten beyond {@link #REMEMBERED}. */
    private final Map<String, Object> answers = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
                    return size() > REMEMBERED;
                }
            });
    private static final int REMEMBERED = 100_000;

    public HesHttpServer(String bindAddress, int port, String keyId, String secret, JsonMapper json,
                         ControlExecutor controls, ReadRequestExecutor reads, ExecutorService executor) throws IOException {
        this.json = json;
        this.keyId = keyId;
        this.secret = secret;
        this.server = HttpServer.create(new InetSocketAddress(bindAddress, port), 256);
        server.setExecutor(executor);
        server.createContext("/hes/v1/health", ex -> respond(ex, 200, "application/json", "{\"status\":\"UP\"}"));
        server.createContext("/hes/v1/end-device-controls", ex -> handle(ex, EndDeviceControlRequest.class,
                r -> !r.namesOneDevice() ? "meterSerialNo" : require(r.messageId(), "messageId", r.correlationId(),
                        "correlationId", r.controlType(), "controlType"),
                r -> remembered(r.messageId(), () -> controls.accept(r))));
        server.createContext("/hes/v1/end-device-controls/batch", ex -> handle(ex, EndDeviceControlBatch.class,
                this::missingInBatch, batch -> new EndDeviceControlBatchAck(batch.messageId(), batch.controls().stream()
                        .map(c -> (EndDeviceControlAck) remembered(c.messageId(), () -> controls.accept(c))).toList())));
        server.createContext("/hes/v1/meter-read-requests", ex -> handle(ex, MeterReadRequest.class,
                r -> r.meterSerialNos() == null || r.meterSerialNos().isEmpty() ? "meterSerialNos"
                        : r.profiles() == null || r.profiles().isEmpty() ? "profiles"
                        : require(r.messageId(), "messageId", r.correlationId(), "correlationId", r.purpose(), "purpose",
                        r.sentAt(), "sentAt"),
                r -> remembered(r.messageId(), () -> reads.accept(r))));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The answer given to this message id before, or the action's answer, remembered for re-sends. */
    private Object remembered(String messageId, java.util.function.Supplier<Object> action) {
        return answers.computeIfAbsent(messageId, id -> action.get());
    }

    private <T> void handle(HttpExchange ex, Class<T> type, Function<T, String> missingField,
                            Function<T, Object> action) throws IOException {
        try (ex) {
            try {
                handleOpen(ex, type, missingField, action);
            } catch (RuntimeException e) {
                log.error("HES request failed", e);
                problem(ex, 500, "HES error", "The HES could not handle the request; retry later", "body");
            }
        }
    }

    private <T> void handleOpen(HttpExchange ex, Class<T> type, Function<T, String> missingField,
                                Function<T, Object> action) throws IOException {
        if (!"POST".equals(ex.getRequestMethod())) {
            problem(ex, 405, "Method not allowed", "Use POST", "method");
            return;
        }
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(16 * 1024 * 1024);
        }
        String refused = authenticate(ex, body);
        if (refused != null) {
            problem(ex, 401, "Unauthorized", refused, HesSignature.SIGNATURE_HEADER);
            return;
        }
        T request;
        try {
            request = json.readValue(body, type);
        } catch (JacksonException e) {
            problem(ex, 400, "Unreadable request", e.getOriginalMessage(), e.getPathReference());
            return;
        }
        String missing = missingField.apply(request);
        if (missing != null) {
            problem(ex, 400, "Invalid request", missing + " is required", missing);
            return;
        }
        respond(ex, 202, "application/json", json.writeValueAsString(action.apply(request)));
    }

    private String authenticate(HttpExchange ex, byte[] body) {
        var h = ex.getRequestHeaders();
        String signature = h.getFirst(HesSignature.SIGNATURE_HEADER);
        if (signature == null) {
            return "Missing signature";
        }
        if (!keyId.equals(h.getFirst(HesSignature.KEY_ID_HEADER))) {
            return "Unknown key id";
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(h.getFirst(HesSignature.TIMESTAMP_HEADER));
        } catch (NumberFormatException e) {
            return "Timestamp missing";
        }
        long now = Instant.now().getEpochSecond();
        if (Math.abs(now - timestamp) > WINDOW_SECONDS) {
            return "Timestamp outside the replay window";
        }
        if (!HesSignature.matches(secret, timestamp, h.getFirst(HesSignature.NONCE_HEADER), ex.getRequestMethod(),
                ex.getRequestURI().getRawPath(), body, signature)) {
            return "Signature does not match the request";
        }
        seenSignatures.values().removeIf(t -> t < now - 2 * WINDOW_SECONDS);
        return seenSignatures.putIfAbsent(signature, timestamp) == null ? null : "Replayed request";
    }

    /** The first missing field of a batch or of one of its controls ({@code controls[3].meterSerialNo}). */
    private String missingInBatch(EndDeviceControlBatch batch) {
        String missing = require(batch.messageId(), "messageId", batch.sentAt(), "sentAt");
        if (missing != null) {
            return missing;
        }
        if (batch.controls().isEmpty() || batch.controls().size() > EndDeviceControlBatch.MAX_CONTROLS) {
            return "controls";
        }
        for (int i = 0; i < batch.controls().size(); i++) {
            EndDeviceControlRequest r = batch.controls().get(i);
            String field = r == null ? "" : require(r.messageId(), "messageId", r.correlationId(), "correlationId",
                    r.meterSerialNo(), "meterSerialNo", r.controlType(), "controlType");
            if (field != null) {
                return "controls[" + i + "]" + (field.isEmpty() ? "" : "." + field);
            }
        }
        return null;
    }

    private static String require(Object... valuesAndNames) {
        for (int i = 0; i < valuesAndNames.length; i += 2) {
            Object v = valuesAndNames[i];
            if (v == null || (v instanceof String s && s.isBlank())) {
                return (String) valuesAndNames[i + 1];
            }
        }
        return null;
    }

    private void problem(HttpExchange ex, int status, String title, String detail, String field) throws IOException {
        Map<String, Object> body = Map.of("type", "https://urja.dev/problems/" + status, "title", title, "status", status,
                "detail", String.valueOf(detail), "errors", java.util.List.of(Map.of("field", String.valueOf(field),
                        "message", String.valueOf(detail))));
        respond(ex, status, "application/problem+json", json.writeValueAsString(body));
    }

    private static void respond(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
