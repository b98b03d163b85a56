package org.urja.mdms.portal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.urja.mdms.support.Browser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the money browser tests share: signing in through the portal's form, paying on the sandbox gateway's checkout
 * page in the same Chromium (method and outcome picked as a payer does) and coming back to the portal's payment page,
 * and fetching a download with the browser's own session cookie.
 */
final class MoneyBrowsing {

    record Download(int status, String contentType, String disposition, byte[] body) {
    }

    private MoneyBrowsing() {
    }

    static void signIn(Browser b, PortalFixtures.Credentials c) {
        b.go("/portal/login").fill("loginId", c.loginId()).fill("password", c.password()).click("#sign-in");
        b.waitForPath("/portal");
    }

    /** On the gateway's checkout page: picks the method and outcome, pays, and waits to be back on the portal. */
    static long checkout(Browser b, String method, String outcome) {
        b.waitForPath("/sandbox-gateway/checkout/");
        b.click("input[name='method'][value='" + method + "']");
        b.click("input[name='outcome'][value='" + outcome + "']");
        b.click("#pay");
        b.waitForPath("/portal/payments/");
        b.waitFor("#payment-status");
        return Long.parseLong(b.path().substring("/portal/payments/".length()).replaceAll("[?#].*", ""));
    }

    /** A GET with the Chromium session's cookie (as the browser's download would be). */
    static Download download(int port, Browser b, String path) {
        String cookie = "JSESSIONID=" + b.driver().manage().getCookieNamed("JSESSIONID").getValue();
        try {
            HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + path)).header("Cookie", cookie).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Download(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                    r.headers().firstValue("Content-Disposition").orElse(""), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The text of a PDF (which must be one). */
    static String pdfText(byte[] pdf) {
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A postpaid/prepaid tariff {@code category} (₹110 per kW-month, ₹5 per unit) from January 2026. */
    static void tariff(int port, String category) {
        org.urja.mdms.support.TestHttp.Response r = org.urja.mdms.support.Fixtures.admin(port).postJson("/api/v1/tariffs",
                java.util.Map.of("tariff", new org.urja.mdms.tariff.Tariff(category, java.time.LocalDate.of(2026, 1, 1),
                        new java.math.BigDecimal("11000"), java.util.List.of(new org.urja.mdms.tariff.Tariff.Slab(null,
                        new java.math.BigDecimal("500"))), java.util.List.of(), java.util.List.of(), null),
                        "reason", "Portal test tariff"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    /** How many payment orders a consumer has (placed by anyone). */
    static int orders(org.springframework.jdbc.core.simple.JdbcClient jdbc, String consumerNo) {
        return jdbc.sql("SELECT count(*) FROM payment_order WHERE consumer_no = ?").param(consumerNo)
                .query(Integer.class).single();
    }

    /**
     * An attribute of the element with the id, read in the page (htmx may swap the element between a lookup and a read
     * by WebDriver); null when it is not there.
     */
    static String attribute(Browser b, String id, String name) {
        Object v = ((org.openqa.selenium.JavascriptExecutor) b.driver()).executeScript(
                "var e = document.getElementById(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;", id, name);
        return v == null ? null : v.toString();
    }
}
