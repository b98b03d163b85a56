package org.urja.hes.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.hes.contract.HesSignature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts contract messages to the MDM, signed with the HES's key, retrying network errors and 5xx answers with
 * backoff. The message id stays the same across attempts, so a retry the MDM already stored is harmless.
 */
public final class MdmClient implements MessageSink {

    private static final Logger log = LoggerFactory.getLogger(MdmClient.class);

    /** What the MDM answered: HTTP status (202 new, 200 re-send, 4xx refused) and body. */
    public record Delivery(int status, String body) {
        public boolean accepted() {
            return status == 200 || status == 201 || status == 202;
        }
    }

    private final String baseUrl;
    private final String keyId;
    private final String secret;
    private final JsonMapper json;
    private final HttpClient http;
    private final int maxAttempts;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    public MdmClient(String baseUrl, String keyId, String secret, JsonMapper json) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.keyId = keyId;
        this.secret = secret;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.maxAttempts = 5;
    }

    /** Sends {@code message} to {@code path} (e.g. {@code /meter-readings}) under the MDM's HES base URL. */
    @Override
    public Delivery send(String path, Object message) {
        byte[] body = json.writeValueAsBytes(message);
        URI uri = URI.create(baseUrl + path);
        IOException lastError = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                HttpResponse<String> response = http.send(signedPost(uri, keyId, secret, body), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() < 500) {
                    Delivery delivery = new Delivery(response.statusCode(), response.body());
                    (delivery.accepted() ? delivered : refused).incrementAndGet();
                    if (!delivery.accepted()) {
                        log.warn("MDM refused {}: HTTP {} {}", path, response.statusCode(), response.body());
                    }
                    return delivery;
                }
                lastError = new IOException("MDM answered " + response.statusCode());
            } catch (IOException e) {
                lastError = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while sending to the MDM", e);
            }
            sleep(Math.min(200L << (attempt - 1), 5_000L));
        }
        refused.incrementAndGet();
        log.warn("Could not deliver {} to the MDM after {} attempts: {}", path, maxAttempts, lastError.toString());
        return new Delivery(0, String.valueOf(lastError.getMessage()));
    }

    /** What a GET from the MDM answered: HTTP status (0 when it could not be reached) and the body. */
    public record Download(int status, byte[] body) {
    }

    /** GETs {@code path} (e.g. a firmware image's {@code imagePath}) under the MDM's HES base URL, signed like a post. */
    public Download fetch(String path) {
        URI uri = URI.create(baseUrl + path);
        String lastError = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            long now = Instant.now().getEpochSecond();
            String nonce = HesSignature.newNonce();
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header(HesSignature.KEY_ID_HEADER, keyId)
                    .header(HesSignature.TIMESTAMP_HEADER, Long.toString(now))
                    .header(HesSignature.NONCE_HEADER, nonce)
                    .header(HesSignature.SIGNATURE_HEADER, HesSignature.sign(secret, now, nonce, "GET", uri.getRawPath(),
                            new byte[0]))
                    .GET().build();
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() < 500) {
                    return new Download(response.statusCode(), response.body());
                }
                lastError = "MDM answered " + response.statusCode();
            } catch (IOException e) {
                lastError = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while fetching from the MDM", e);
            }
            sleep(Math.min(200L << (attempt - 1), 5_000L));
        }
        log.warn("Could not fetch {} from the MDM after {} attempts: {}", path, maxAttempts, lastError);
        return new Download(0, new byte[0]);
    }

    /**
     * A POST of the JSON {@code body} to {@code uri}, signed with the key as the contract says ({@link HesSignature}):
     * a fresh timestamp and nonce each call, so build one per attempt.
     */
    public static HttpRequest signedPost(URI uri, String keyId, String secret, byte[] body) {
        long now = Instant.now().getEpochSecond();
        String nonce = HesSignature.newNonce();
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header(HesSignature.KEY_ID_HEADER, keyId)
                .header(HesSignature.TIMESTAMP_HEADER, Long.toString(now))
                .header(HesSignature.NONCE_HEADER, nonce)
                .header(HesSignature.SIGNATURE_HEADER, HesSignature.sign(secret, now, nonce, "POST", uri.getRawPath(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    public long delivered() {
        return delivered.get();
    }

    public long refused() {
        return refused.get();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
