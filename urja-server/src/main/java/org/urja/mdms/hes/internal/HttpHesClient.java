package org.urja.mdms.hes.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.urja.hes.contract.ControlType;
import org.urja.hes.contract.EndDeviceControlAck;
import org.urja.hes.contract.EndDeviceControlBatchAck;
import org.urja.hes.contract.EndDeviceControlRequest;
import org.urja.hes.contract.HesSignature;
import org.urja.hes.contract.MeterReadRequest;
import org.urja.hes.contract.ReadingProfile;
import org.urja.mdms.hes.DcuControls;
import org.urja.mdms.hes.HesClient;
import org.urja.mdms.hes.OutboundRequest;
import org.urja.mdms.platform.ApiProblem;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends requests to the HES over the contract: records each request first (committed on its own, so its outcome
 * always has a row to land on; a request the MDM could not send is marked UNDELIVERED), signs it, and
 * posts it with a per-call timeout, up to 3 attempts with exponential backoff on network errors and 5xx answers,
 * behind a circuit breaker that stops calling a HES that keeps failing. The same message id is used on every
 * attempt, so a retry the HES already received is harmless.
 */
@Service
@EnableConfigurationProperties(HesProperties.class)
class HttpHesClient implements HesClient, DcuControls {

    private static final Logger log = LoggerFactory.getLogger(HttpHesClient.class);

    /** A 5xx answer from the HES: worth another attempt. */
    static final class HesUnavailable extends RuntimeException {
        HesUnavailable(String message) {
            super(message);
        }
    }

    private final HesProperties props;
    private final OutboundRequestStore store;
    private final JsonMapper json;
    private final Clock clock;
    private final HttpClient http;
    private final Retry retry;
    private final CircuitBreaker breaker;
    /** Until when commands go one by one because the HES answered that it has no batch endpoint. */
    private volatile Instant batchUnsupportedUntil = Instant.MIN;

    static final String BATCH_PATH = "/end-device-controls/batch";
    private static final Duration BATCH_RECHECK = Duration.ofMinutes(10);
    private static final String CIRCUIT_OPEN = "HES circuit open: too many recent failures";

    HttpHesClient(HesProperties props, OutboundRequestStore store, JsonMapper json, Clock clock) {
        this.props = props;
        this.store = store;
        this.json = json;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(props.requestTimeout()).build();
        this.retry = Retry.of("hes", RetryConfig.custom()
                .maxAttempts(3)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(200), 2.0))
                .retryExceptions(IOException.class, HesUnavailable.class)
                .build());
        this.breaker = CircuitBreaker.of("hes", CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(props.breakerOpenWait())
                .recordExceptions(IOException.class, HesUnavailable.class)
                .build());
    }

    @Override
    public OutboundRequest sendControl(String meterSerialNo, ControlType type, Map<String, String> parameters,
                                       String requestedBy, String requestKey) {
        String correlationId = "cmd-" + UUID.randomUUID();
        var request = new EndDeviceControlRequest("mdm-" + UUID.randomUUID(), correlationId, clock.instant(),
                meterSerialNo, type, parameters);
        return send("CONTROL", "/end-device-controls", correlationId, request.messageId(), List.of(meterSerialNo),
                type.name(), request, requestedBy, requestKey);
    }

    @Override
    public List<OutboundRequest> sendControls(List<ControlOrder> orders) {
        if (orders.isEmpty()) {
            return List.of();
        }
        if (!props.configured()) {
            throw ApiProblem.conflict("hes", "No HES is configured (urja.hes.base-url)");
        }
        List<String> keys = orders.stream().map(ControlOrder::requestKey).filter(Objects::nonNull).distinct().toList();
        Map<String, OutboundRequest> earlier = keys.isEmpty() ? Map.of() : store.findByKeys(keys);
        Map<String, String> correlationOfKey = new HashMap<>();
        List<OutboundRequestStore.NewControl> fresh = new ArrayList<>();
        List<String> correlationOf = new ArrayList<>(orders.size());
        for (ControlOrder o : orders) {
            String key = o.requestKey();
            OutboundRequest before = key == null ? null : earlier.get(key);
            if (before != null || (key != null && correlationOfKey.containsKey(key))) {
                correlationOf.add(before != null ? before.correlationId() : correlationOfKey.get(key));
                continue;
            }
            String correlationId = "cmd-" + UUID.randomUUID();
            var request = new EndDeviceControlRequest("mdm-" + UUID.randomUUID(), correlationId, clock.instant(),
                    o.meterSerialNo(), o.type(), o.parameters());
            fresh.add(new OutboundRequestStore.NewControl(correlationId, request.messageId(), o.meterSerialNo(),
                    o.type().name(), json.writeValueAsString(request), o.requestedBy(), key));
            correlationOf.add(correlationId);
            if (key != null) {
                correlationOfKey.put(key, correlationId);
            }
        }
        if (!fresh.isEmpty()) {
            try {
                // Committed on its own before sending, like a single request.
                store.insertControls(fresh, clock.instant());
            } catch (DuplicateKeyException sameKeyMeanwhile) {
                // Another node sent some of these keys meanwhile: one by one, each finds its request or sends it.
                return orders.stream().map(o -> sendControl(o.meterSerialNo(), o.type(), o.parameters(),
                        o.requestedBy(), o.requestKey())).toList();
            }
            for (int from = 0; from < fresh.size(); from += props.controlBatchSize()) {
                deliver(fresh.subList(from, Math.min(fresh.size(), from + props.controlBatchSize())));
            }
        }
        Map<String, OutboundRequest> recorded = store.findAll(correlationOf.stream().distinct().toList());
        return correlationOf.stream().map(recorded::get).toList();
    }

    /**
     * Posts recorded command requests to the HES — as one batch, or one by one when there is one or the HES has no
     * batch endpoint — and records each answer.
     */
    private void deliver(List<OutboundRequestStore.NewControl> controls) {
        Map<String, EndDeviceControlAck> acks = new HashMap<>();
        Map<String, String> whyNot = new HashMap<>();
        Map<String, Integer> attemptsOf = new HashMap<>();
        boolean sent = false;
        if (controls.size() > 1 && clock.instant().isAfter(batchUnsupportedUntil)) {
            AtomicInteger attempts = new AtomicInteger();
            String failure = null;
            try {
                EndDeviceControlBatchAck answer = breaker.executeCallable(
                        Retry.decorateCallable(retry, () -> postBatch(controls, attempts)));
                if (answer == null) {
                    batchUnsupportedUntil = clock.instant().plus(BATCH_RECHECK);
                    log.warn("The HES has no {} endpoint: commands are sent one by one (checked again in {})",
                            BATCH_PATH, BATCH_RECHECK);
                } else {
                    sent = true;
                    answer.acks().forEach(a -> acks.put(a.correlationId(), a));
                }
            } catch (CallNotPermittedException e) {
                failure = CIRCUIT_OPEN;
            } catch (Exception e) {
                log.warn("{} commands to HES failed after {} attempts: {}", controls.size(), attempts.get(), e.toString());
                failure = e.getMessage() == null ? e.toString() : e.getMessage();
            }
            if (failure != null) {
                sent = true;
                String why = failure;
                controls.forEach(c -> whyNot.put(c.correlationId(), why));
            }
            controls.forEach(c -> attemptsOf.put(c.correlationId(), attempts.get()));
        }
        if (!sent) {
            for (OutboundRequestStore.NewControl c : controls) {
                AtomicInteger attempts = new AtomicInteger();
                try {
                    acks.put(c.correlationId(), breaker.executeCallable(Retry.decorateCallable(retry,
                            () -> post("/end-device-controls", c.payloadJson(), attempts))));
                } catch (CallNotPermittedException e) {
                    whyNot.put(c.correlationId(), CIRCUIT_OPEN);
                } catch (Exception e) {
                    log.warn("Request {} to HES failed after {} attempts: {}", c.correlationId(), attempts.get(),
                            e.toString());
                    whyNot.put(c.correlationId(), e.getMessage() == null ? e.toString() : e.getMessage());
                }
                attemptsOf.put(c.correlationId(), attempts.get());
            }
        }
        List<String> ids = new ArrayList<>();
        List<String> statuses = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        List<Integer> attempts = new ArrayList<>();
        for (OutboundRequestStore.NewControl c : controls) {
            EndDeviceControlAck ack = acks.get(c.correlationId());
            ids.add(c.correlationId());
            attempts.add(attemptsOf.getOrDefault(c.correlationId(), 0));
            if (ack != null) {
                statuses.add(ack.status() == EndDeviceControlAck.Status.ACCEPTED ? "ACKNOWLEDGED" : "REJECTED");
                reasons.add(ack.reason());
            } else {
                statuses.add("UNDELIVERED");
                reasons.add(whyNot.getOrDefault(c.correlationId(), "the HES's answer had no acknowledgement for it"));
            }
        }
        store.deliveredControls(ids, statuses, reasons, attempts, clock.instant());
    }

    /** One batch: the recorded requests as they are, in one body. Null when the HES has no batch endpoint. */
    private EndDeviceControlBatchAck postBatch(List<OutboundRequestStore.NewControl> controls, AtomicInteger attempts)
            throws IOException, InterruptedException {
        String body = "{\"messageId\":" + json.writeValueAsString("mdm-batch-" + UUID.randomUUID())
                + ",\"sentAt\":" + json.writeValueAsString(clock.instant()) + ",\"controls\":["
                + controls.stream().map(OutboundRequestStore.NewControl::payloadJson)
                .collect(java.util.stream.Collectors.joining(",")) + "]}";
        HttpResponse<String> response = exchange(BATCH_PATH, body, attempts);
        if (response.statusCode() == 404 || response.statusCode() == 405) {
            return null;
        }
        if (response.statusCode() != 202 && response.statusCode() != 200) {
            String why = "HES answered " + response.statusCode() + ": " + abbreviate(response.body());
            return new EndDeviceControlBatchAck(null, controls.stream().map(c -> new EndDeviceControlAck(
                    c.correlationId(), EndDeviceControlAck.Status.REJECTED, why)).toList());
        }
        return json.readValue(response.body(), EndDeviceControlBatchAck.class);
    }

    /**
     * A DCU's command ({@code EndDeviceControlRequest} with {@code dcuCode}), recorded as kind DCU_CONTROL and sent like
     * a meter's (same retries, same circuit breaker: a HES that is down is down for DCUs too).
     */
    @Override
    public OutboundRequest send(String dcuCode, ControlType type, String requestedBy, String requestKey) {
        if (type != ControlType.TIME_SYNC && type != ControlType.PING) {
            throw ApiProblem.invalid("type", "A DCU takes TIME_SYNC or PING, not " + type);
        }
        String correlationId = "dcu-" + UUID.randomUUID();
        var request = EndDeviceControlRequest.forDcu("mdm-" + UUID.randomUUID(), correlationId, clock.instant(), dcuCode,
                type, Map.of());
        return send("DCU_CONTROL", "/end-device-controls", correlationId, request.messageId(), List.of(dcuCode),
                type.name(), request, requestedBy, requestKey);
    }

    @Override
    public OutboundRequest requestReadings(List<String> meterSerialNos, List<ReadingProfile> profiles,
                                           boolean includeEvents, Instant from, Instant to,
                                           MeterReadRequest.Purpose purpose, String requestedBy, String requestKey) {
        String correlationId = "read-" + UUID.randomUUID();
        var request = new MeterReadRequest("mdm-" + UUID.randomUUID(), correlationId, clock.instant(), meterSerialNos,
                profiles, includeEvents, from, to, purpose);
        return send("READ", "/meter-read-requests", correlationId, request.messageId(), meterSerialNos, null, request,
                requestedBy, requestKey);
    }

    @Override
    public Optional<OutboundRequest> find(String correlationId) {
        return store.find(correlationId);
    }

    private OutboundRequest send(String kind, String path, String correlationId, String messageId, List<String> meters,
                                 String controlType, Object request, String requestedBy, String requestKey) {
        if (!props.configured()) {
            throw ApiProblem.conflict("hes", "No HES is configured (urja.hes.base-url)");
        }
        if (requestKey != null) {
            Optional<OutboundRequest> earlier = store.findByKey(requestKey);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        String body = json.writeValueAsString(request);
        try {
            // Committed on its own before sending, so the outcome can never arrive for a request not yet recorded.
            store.insert(correlationId, messageId, kind, meters, controlType, body, requestedBy, clock.instant(), requestKey);
        } catch (DuplicateKeyException sameKeyMeanwhile) {
            return store.findByKey(requestKey).orElseThrow();
        }
        AtomicInteger attempts = new AtomicInteger();
        try {
            EndDeviceControlAck ack = breaker.executeCallable(
                    Retry.decorateCallable(retry, () -> post(path, body, attempts)));
            String status = ack.status() == EndDeviceControlAck.Status.ACCEPTED ? "ACKNOWLEDGED" : "REJECTED";
            store.delivered(correlationId, status, ack.reason(), attempts.get(), clock.instant());
        } catch (CallNotPermittedException e) {
            store.delivered(correlationId, "UNDELIVERED", CIRCUIT_OPEN, attempts.get(), clock.instant());
        } catch (Exception e) {
            log.warn("Request {} to HES failed after {} attempts: {}", correlationId, attempts.get(), e.toString());
            store.delivered(correlationId, "UNDELIVERED", e.getMessage(), attempts.get(), clock.instant());
        }
        return store.find(correlationId).orElseThrow();
    }

    private EndDeviceControlAck post(String path, String body, AtomicInteger attempts) throws IOException,
            InterruptedException {
        HttpResponse<String> response = exchange(path, body, attempts);
        if (response.statusCode() != 202 && response.statusCode() != 200) {
            return new EndDeviceControlAck(null, EndDeviceControlAck.Status.REJECTED,
                    "HES answered " + response.statusCode() + ": " + abbreviate(response.body()));
        }
        return json.readValue(response.body(), EndDeviceControlAck.class);
    }

    /** One signed POST; a 5xx answer is thrown as {@link HesUnavailable} (worth another attempt). */
    private HttpResponse<String> exchange(String path, String body, AtomicInteger attempts) throws IOException,
            InterruptedException {
        attempts.incrementAndGet();
        URI uri = URI.create(props.baseUrl().replaceAll("/+$", "") + path);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long now = clock.instant().getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(props.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (props.outboundSecret() != null && !props.outboundSecret().isBlank()) {
            String nonce = HesSignature.newNonce();
            request.header(HesSignature.KEY_ID_HEADER, props.keyId())
                    .header(HesSignature.TIMESTAMP_HEADER, Long.toString(now))
                    .header(HesSignature.NONCE_HEADER, nonce)
                    .header(HesSignature.SIGNATURE_HEADER,
                            HesSignature.sign(props.outboundSecret(), now, nonce, "POST", uri.getRawPath(), bytes));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 500) {
            throw new HesUnavailable("HES answered " + response.statusCode());
        }
        return response;
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}
