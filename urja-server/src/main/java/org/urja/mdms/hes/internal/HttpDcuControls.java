package org.urja.mdms.hes.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.urja.hes.contract.ControlType;
import org.urja.hes.contract.EndDeviceControlAck;
import org.urja.hes.contract.EndDeviceControlRequest;
import org.urja.hes.contract.HesSignature;
import org.urja.mdms.hes.DcuControls;
import org.urja.mdms.hes.OutboundRequest;
import org.urja.mdms.platform.ApiProblem;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends DCU commands over the contract ({@code EndDeviceControlRequest} with {@code dcuCode}): recorded first as kind
 * DCU_CONTROL (so the outcome always has a row to land on), signed, posted with a per-call timeout and up to 3
 * attempts on network errors and 5xx answers, with the same message id on every attempt. A few requests a day per
 * DCU: no circuit breaker; a request not delivered is UNDELIVERED and is sent again by the next synchronisation.
 */
@Service
class HttpDcuControls implements DcuControls {

    private static final Logger log = LoggerFactory.getLogger(HttpDcuControls.class);

    private final HesProperties props;
    private final OutboundRequestStore store;
    private final JsonMapper json;
    private final Clock clock;
    private final HttpClient http;
    private final Retry retry;

    HttpDcuControls(HesProperties props, OutboundRequestStore store, JsonMapper json, Clock clock) {
        this.props = props;
        this.store = store;
        this.json = json;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(props.requestTimeout()).build();
        this.retry = Retry.of("hes-dcu", RetryConfig.custom()
                .maxAttempts(3)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(200), 2.0))
                .retryExceptions(IOException.class)
                .build());
    }

    @Override
    public OutboundRequest send(String dcuCode, ControlType type, String requestedBy, String requestKey) {
        if (type != ControlType.TIME_SYNC && type != ControlType.PING) {
            throw ApiProblem.invalid("type", "A DCU takes TIME_SYNC or PING, not " + type);
        }
        if (!props.configured()) {
            throw ApiProblem.conflict("hes", "No HES is configured (urja.hes.base-url)");
        }
        if (requestKey != null) {
            Optional<OutboundRequest> earlier = store.findByKey(requestKey);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        String correlationId = "dcu-" + UUID.randomUUID();
        var request = EndDeviceControlRequest.forDcu("mdm-" + UUID.randomUUID(), correlationId, clock.instant(), dcuCode,
                type, Map.of());
        String body = json.writeValueAsString(request);
        try {
            store.insert(correlationId, request.messageId(), "DCU_CONTROL", List.of(dcuCode), type.name(), body,
                    requestedBy, clock.instant(), requestKey);
        } catch (DuplicateKeyException sameKeyMeanwhile) {
            return store.findByKey(requestKey).orElseThrow();
        }
        AtomicInteger attempts = new AtomicInteger();
        try {
            EndDeviceControlAck ack = Retry.decorateCallable(retry, () -> post(body, attempts)).call();
            String status = ack.status() == EndDeviceControlAck.Status.ACCEPTED ? "ACKNOWLEDGED" : "REJECTED";
            store.delivered(correlationId, status, ack.reason(), attempts.get(), clock.instant());
        } catch (Exception e) {
            log.warn("DCU request {} to HES failed after {} attempts: {}", correlationId, attempts.get(), e.toString());
            store.delivered(correlationId, "UNDELIVERED", e.getMessage(), attempts.get(), clock.instant());
        }
        return store.find(correlationId).orElseThrow();
    }

    private EndDeviceControlAck post(String body, AtomicInteger attempts) throws IOException, InterruptedException {
        attempts.incrementAndGet();
        URI uri = URI.create(props.baseUrl().replaceAll("/+$", "") + "/end-device-controls");
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
            throw new IOException("HES answered " + response.statusCode()); // worth another attempt
        }
        if (response.statusCode() != 202 && response.statusCode() != 200) {
            String answer = response.body() == null || response.body().length() <= 300 ? response.body()
                    : response.body().substring(0, 300) + "…";
            return new EndDeviceControlAck(null, EndDeviceControlAck.Status.REJECTED,
                    "HES answered " + response.statusCode() + ": " + answer);
        }
        return json.readValue(response.body(), EndDeviceControlAck.class);
    }
}
