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
import java.util.List;
import java.util.Map;
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
import org.urja.hes.contract.EndDeviceControlRequest;
import org.urja.hes.contract.HesSignature;
import org.urja.hes.contract.MeterReadRequest;
import org.urja.hes.contract.ReadingProfile;
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
class HttpHesClient implements HesClient {

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
                .waitDurationInOpenState(Duration.ofSeconds(30))
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
            store.delivered(correlationId, "UNDELIVERED", "HES circuit open: too many recent failures", attempts.get(),
                    clock.instant());
        } catch (Exception e) {
            log.warn("Request {} to HES failed after {} attempts: {}", correlationId, attempts.get(), e.toString());
            store.delivered(correlationId, "UNDELIVERED", e.getMessage(), attempts.get(), clock.instant());
        }
        return store.find(correlationId).orElseThrow();
    }

    private EndDeviceControlAck post(String path, String body, AtomicInteger attempts) throws IOException,
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
        if (response.statusCode() != 202 && response.statusCode() != 200) {
            return new EndDeviceControlAck(null, EndDeviceControlAck.Status.REJECTED,
                    "HES answered " + response.statusCode() + ": " + abbreviate(response.body()));
        }
        return json.readValue(response.body(), EndDeviceControlAck.class);
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}
