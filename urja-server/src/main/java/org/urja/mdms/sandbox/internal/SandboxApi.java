package org.urja.mdms.sandbox.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.ApiProblem.FieldIssue;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox gateway's merchant API (Razorpay-shaped, amounts in paise): create an order, fetch an order with its
 * payments (the status API reconciliation uses), and a payment's webhook deliveries. HTTP Basic with the merchant's
 * key id and key secret.
 */
@RestController
@RequestMapping("/sandbox-gateway/v1")
@ConditionalOnProperty("urja.sandbox-gateway.enabled")
class SandboxApi {

    record NewOrder(Long amount, String currency, String receipt, Map<String, String> notes, String callback_url) {
    }

    private final SandboxService sandbox;
    private final SandboxBooks books;
    private final SandboxProperties props;
    private final JsonMapper json;

    SandboxApi(SandboxService sandbox, SandboxBooks books, SandboxProperties props, JsonMapper json) {
        this.sandbox = sandbox;
        this.books = books;
        this.props = props;
        this.json = json;
    }

    @PostMapping("/orders")
    Map<String, Object> create(@RequestHeader(name = "Authorization", required = false) String authorization,
                               @RequestBody NewOrder o) {
        authenticate(authorization);
        List<FieldIssue> issues = new ArrayList<>();
        if (o.amount() == null || o.amount() < 100) {
            issues.add(FieldIssue.of("amount", "amount in paise, at least 100"));
        }
        if (!"INR".equals(o.currency())) {
            issues.add(FieldIssue.of("currency", "only INR"));
        }
        if (o.receipt() == null || o.receipt().isBlank() || o.receipt().length() > 40) {
            issues.add(FieldIssue.of("receipt", "1 to 40 characters"));
        }
        if (!httpUrl(o.callback_url())) {
            issues.add(FieldIssue.of("callback_url", "an http(s) URL"));
        }
        if (!issues.isEmpty()) {
            throw ApiProblem.badRequest(issues.get(0).field() + ": " + issues.get(0).message(), issues);
        }
        return sandbox.view(books.createOrder(o.amount(), o.currency(), o.receipt(),
                o.notes() == null ? null : json.writeValueAsString(o.notes()), o.callback_url()));
    }

    @GetMapping("/orders/{id}")
    Map<String, Object> order(@RequestHeader(name = "Authorization", required = false) String authorization,
                              @PathVariable String id) {
        authenticate(authorization);
        return sandbox.view(books.order(id).orElseThrow(() -> ApiProblem.notFound("id", "No order " + id)));
    }

    /** The webhooks sent (or due) for a payment: each copy's delivery status and the merchant's answer. */
    @GetMapping("/payments/{id}/webhooks")
    List<SandboxBooks.Webhook> webhooks(@RequestHeader(name = "Authorization", required = false) String authorization,
                                        @PathVariable String id) {
        authenticate(authorization);
        books.payment(id).orElseThrow(() -> ApiProblem.notFound("id", "No payment " + id));
        return books.webhooks(id);
    }

    private static boolean httpUrl(String url) {
        try {
            URI uri = url == null ? null : new URI(url);
            return uri != null && uri.getHost() != null
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private void authenticate(String authorization) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((props.keyId() + ":" + props.keySecret())
                .getBytes(StandardCharsets.UTF_8));
        if (props.keySecret() == null || props.keySecret().isBlank() || authorization == null
                || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                authorization.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "Unauthorized", "Key id and secret required (HTTP Basic)",
                    List.of(FieldIssue.of("Authorization", "Key id and secret required (HTTP Basic)")));
        }
    }
}
