package org.urja.mdms.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client against the running server: a browser-like session (cookies, CSRF token from the page, no
 * redirect following so tests see where they are sent) or an API caller (HTTP Basic or the HES API key).
 */
public final class TestHttp {

    public static final ObjectMapper JSON = JsonMapper.builder().build();

    public record Response(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String location() {
            return headers.firstValue("Location").orElse("");
        }
    }

    private final String base;
    private final HttpClient client;
    private String authorization;
    private String signingKeyId;
    private String signingSecret;
    private final Map<String, String> extraHeaders = new LinkedHashMap<>();

    private TestHttp(int port) {
        this.base = "http://localhost:" + port;
        this.client = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A browser-like session without credentials. */
    public static TestHttp browser(int port) {
        return new TestHttp(port);
    }

    /** An API client authenticating as a staff user with HTTP Basic. */
    public static TestHttp staffApi(int port, String username, String password) {
        TestHttp http = new TestHttp(port);
        http.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return http;
    }

    /** An integration system (the HES) presenting its API key. */
    public static TestHttp hes(int port, String apiKey) {
        TestHttp http = new TestHttp(port);
        http.extraHeaders.put("X-Urja-Api-Key", apiKey);
        return http;
    }

    /** An integration system (the HES) signing every request with HMAC (X-Urja-Key-Id/-Timestamp/-Signature). */
    public static TestHttp signedHes(int port, String keyId, String secret) {
        TestHttp http = new TestHttp(port);
        http.signingKeyId = keyId;
        http.signingSecret = secret;
        return http;
    }

    /** Posts exact bytes with exact extra headers (no signing): for tampered and replayed requests. */
    public Response postRaw(String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return send(b);
    }

    /** The signature headers this client would send for {@code body} to {@code path} at {@code epochSeconds}. */
    public Map<String, String> signatureHeaders(String path, byte[] body, long epochSeconds) {
        String nonce = org.urja.hes.contract.HesSignature.newNonce();
        return Map.of(org.urja.hes.contract.HesSignature.KEY_ID_HEADER, signingKeyId,
                org.urja.hes.contract.HesSignature.TIMESTAMP_HEADER, Long.toString(epochSeconds),
                org.urja.hes.contract.HesSignature.NONCE_HEADER, nonce,
                org.urja.hes.contract.HesSignature.SIGNATURE_HEADER,
                org.urja.hes.contract.HesSignature.sign(signingSecret, epochSeconds, nonce, "POST", path, body));
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    /** A GET whose body is binary (a PDF): status and bytes. */
    public byte[] getBytes(String path, int expectedStatus) {
        try {
            HttpResponse<byte[]> r = client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            org.assertj.core.api.Assertions.assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8))
                    .isEqualTo(expectedStatus);
            return r.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response postJson(String path, Object body) {
        String json = body instanceof String s ? s : JSON.writeValueAsString(body);
        if (signingSecret != null) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            return postRaw(path, bytes, signatureHeaders(path, bytes, java.time.Instant.now().getEpochSecond()));
        }
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A JSON post with extra headers (e.g. Idempotency-Key), authenticated like the other calls of this client. */
    public Response postJson(String path, Object body, Map<String, String> headers) {
        String json = body instanceof String s ? s : JSON.writeValueAsString(body);
        HttpRequest.Builder b = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(b::header);
        return send(b);
    }

    /** A JSON PUT, authenticated like the other calls of this client. */
    public Response putJson(String path, Object body) {
        String json = body instanceof String s ? s : JSON.writeValueAsString(body);
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public Response postCsv(String path, String csv) {
        return send(request(path).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv)));
    }

    /** Posts {@code multipart/form-data}: text fields, and a file part {@code fileField} when {@code file} is not null. */
    public Response postMultipart(String path, Map<String, String> fields, String fileField, byte[] file) {
        String boundary = "urja-test-" + java.util.UUID.randomUUID();
        var body = new java.io.ByteArrayOutputStream();
        fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        if (file != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField
                    + "\"; filename=\"image.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    /** Posts a form; the CSRF token is taken from the page at {@code tokenPage} unless withCsrf is false. */
    public Response postForm(String path, Map<String, String> fields, String tokenPage, boolean withCsrf) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (withCsrf) {
            all.put("_csrf", csrfTokenFrom(tokenPage));
        }
        String form = all.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** Signs in through the login form; returns the response of the form post (a redirect). */
    public Response signIn(String username, String password) {
        return postForm("/login", Map.of("username", username, "password", password), "/login", true);
    }

    public String csrfTokenFrom(String page) {
        Response r = get(page);
        var input = Jsoup.parse(r.body()).selectFirst("input[name=_csrf]");
        if (input == null) {
            throw new AssertionError("No CSRF token on " + page + " (HTTP " + r.status() + ")");
        }
        return input.attr("value");
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        extraHeaders.forEach(b::header);
        return b;
    }

    private Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> r = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
