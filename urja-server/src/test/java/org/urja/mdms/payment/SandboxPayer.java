package org.urja.mdms.payment;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A payer in a browser: orders created through the staff API, paid on the sandbox gateway's checkout page by form
 * posts with its CSRF token, then carried back to Urja's callback by the form the gateway's return page holds —
 * everything over real HTTP.
 */
public final class SandboxPayer {

    static final String KEY_ID = "test_key";
    static final String KEY_SECRET = "test-sandbox-key-secret";
    static final String WEBHOOK_SECRET = "test-sandbox-webhook-secret";

    /** What the gateway's return page carried back, and Urja's answer to it. */
    public record Returned(String orderId, String paymentId, String signature, String callbackPath, TestHttp.Response result) {

        public Document page() {
            return Jsoup.parse(result.body());
        }
    }

    private final int port;
    private final TestHttp browser;

    public SandboxPayer(int port) {
        this.port = port;
        this.browser = TestHttp.browser(port);
    }

    /** Creates an order as a BILLING/ADMIN user: 201 with its checkout URL. */
    public static JsonNode order(TestHttp staff, String purpose, String consumerNo, String bill, long amountPaise) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("purpose", purpose);
        body.put("consumerNo", consumerNo);
        body.put("billReference", bill);
        body.put("amountPaise", amountPaise);
        TestHttp.Response r = staff.postJson("/api/v1/payments/orders", body, Map.of("Idempotency-Key",
                Fixtures.unique("pay-")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("state").asString()).isEqualTo("CREATED");
        return r.json();
    }

    /** Pays on the checkout page with a method and outcome (and test options); does not return to the merchant yet. */
    Returned checkout(String checkoutUrl, String method, String outcome, Map<String, String> options) {
        String path = path(checkoutUrl);
        Map<String, String> form = new LinkedHashMap<>(options);
        form.put("method", method);
        form.put("outcome", outcome);
        TestHttp.Response page = browser.postForm(path, form, path, true);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        Element back = Jsoup.parse(page.body()).selectFirst("form#return-form");
        assertThat(back).as(page.body()).isNotNull();
        assertThat(back.selectFirst("input[name=_csrf]")).as("the sandbox's CSRF token stays with it").isNull();
        return new Returned(back.selectFirst("input[name=sandbox_order_id]").attr("value"),
                back.selectFirst("input[name=sandbox_payment_id]").attr("value"),
                back.selectFirst("input[name=sandbox_signature]").attr("value"), path(back.attr("action")), null);
    }

    /** The browser posting the return page's form to Urja's callback. */
    Returned back(Returned r) {
        return back(r, r.signature());
    }

    Returned back(Returned r, String signature) {
        TestHttp.Response result = browser.postForm(r.callbackPath(), Map.of("sandbox_order_id", r.orderId(),
                "sandbox_payment_id", r.paymentId(), "sandbox_signature", signature), null, false);
        return new Returned(r.orderId(), r.paymentId(), signature, r.callbackPath(), result);
    }

    /** Checkout and return in one go. */
    public Returned pay(String checkoutUrl, String method, String outcome, Map<String, String> options) {
        return back(checkout(checkoutUrl, method, outcome, options));
    }

    /** Settles a pending payment on the sandbox's payments page, as a tester does (no webhook is sent). */
    void settle(String paymentId, String outcome) {
        TestHttp.Response r = browser.postForm("/sandbox-gateway/payments/" + paymentId + "/settle",
                Map.of("outcome", outcome), "/sandbox-gateway/payments", true);
        assertThat(r.status()).as(r.body()).isEqualTo(302);
    }

    /** The sandbox's log of a payment's webhooks (its merchant API). */
    public JsonNode webhooks(String paymentId) {
        return TestHttp.staffApi(port, KEY_ID, KEY_SECRET).get("/sandbox-gateway/v1/payments/" + paymentId + "/webhooks")
                .json();
    }

    String path(String url) {
        String base = "http://localhost:" + port;
        assertThat(url).startsWith(base);
        return url.substring(base.length());
    }
}
