package org.urja.mdms.care;

import java.util.Map;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.mdms.portal.ConsumerLoginAccounts;
import org.urja.mdms.support.Browser;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.care.CareFixtures.key;
import static org.urja.mdms.care.PortalCareFixtures.id;

/**
 * UC19 from the consumer's side, in real headless Chromium on a 360 px phone against real PostgreSQL: the signed-in
 * consumer (19.1) picks a request from the catalogue and fills its form, refusals shown beside the field (19.2), sees
 * the SRN at once and gets it by SMS and email (19.3); staff resolve and close it through the staff API, and the
 * consumer sees it resolved and closed with its history and the new address on the profile (19.4–19.5). A double
 * submit is one request; another consumer's numbers, service points and SRNs are refused.
 */
@UrjaIntegrationTest
class UC19ConsumerServiceRequestBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    ConsumerLoginAccounts logins;

    @Autowired
    ServiceRequests requests;

    @Test
    void uc19_1to19_5_aConsumerAsksForANewAddressSeesTheSrnAndThenTheRequestClosedAndTheAddressChanged() {
        String p = Fixtures.unique("PSR").toUpperCase() + "-";
        CareFixtures.Consumer c = CareFixtures.supplied(port, p);
        PortalCareFixtures.Login login = PortalCareFixtures.login(logins, c.consumerNo());
        String newAddress = "22 Lodhi Colony, New Delhi 110003";

        try (Browser b = Browser.phone(port, "uc19-portal-requests")) {
            // UC19.1: signed in, the menu leads to the requests.
            PortalCareFixtures.signIn(b, login);
            b.click("li.function[data-path='/portal/requests'] a").waitForPath("/portal/requests");
            assertThat(b.text("#no-requests")).contains("not made any service request");
            b.click("#new-request").waitForPath("/portal/requests/new");
            assertThat(b.all("ul.care-types li")).hasSize(ServiceRequestType.values().length);
            b.screenshot("catalogue");

            // UC19.2: the address change's form; sent empty, the server refuses it beside the field and records nothing.
            b.click("li[data-type='ADDRESS_CHANGE'] a").waitForPath("/portal/requests/new?type=ADDRESS_CHANGE");
            PortalCareFixtures.withoutBrowserChecks(b);
            b.click("#send-request");
            assertThat(b.text(id("error-details.address"))).isEqualTo("Please enter the new address.");
            assertThat(b.find(id("details.address")).getAttribute("aria-invalid")).isEqualTo("true");
            b.screenshot("address-refused");
            assertThat(requests.ofConsumer(c.consumerNo(), 10)).isEmpty();

            // UC19.3: sent, the SRN is on screen at once and in the SMS and email acknowledgements.
            b.fill("details.address", newAddress).fill("description", "Moved house");
            b.click("#send-request");
            String srn = b.text("#srn");
            assertThat(srn).matches("SR[0-9]{6}[0-9]{4,}");
            assertThat(b.text("#sent")).contains(srn);
            assertThat(b.text("#status")).isEqualTo("Received");
            assertThat(b.text("#type")).isEqualTo("Change of address");
            assertThat(b.pageText()).contains(newAddress, "Number sent to you");
            b.screenshot("srn");
            assertThat(CareFixtures.smsContaining(c.mobile(), srn)).anyMatch(t -> t.contains("Change of the postal address"));
            CareFixtures.mailSubjects(c.email(), "Service request " + srn + " received");
            ServiceRequest stored = requests.find(srn).orElseThrow();
            assertThat(stored.requestedBy()).isEqualTo("consumer:" + c.consumerNo());
            assertThat(stored.channel()).isEqualTo("PORTAL");
            assertThat(stored.details()).containsEntry("address", newAddress);

            // A double tap on one form is one request (one SRN, one SMS).
            b.go("/portal/requests/new?type=LOAD_CHANGE").fill("details.sanctionedLoadKw", "7.5");
            PortalCareFixtures.submitTwice(b, "request-form");
            b.waitFor("#srn");
            String load = b.text("#srn");
            assertThat(requests.ofConsumer(c.consumerNo(), 10)).extracting(ServiceRequest::srn)
                    .containsExactlyInAnyOrder(srn, load);
            assertThat(CareFixtures.smsContaining(c.mobile(), load)).filteredOn(t -> t.contains(load)).hasSize(1);

            // The list of my requests with their status.
            b.go("/portal/requests");
            assertThat(b.all("article.case")).hasSize(2);
            assertThat(b.text("article[data-srn='" + srn + "'] .status")).isEqualTo("Received");
            assertThat(b.pageWidth()).isLessThanOrEqualTo(360);
            b.screenshot("list");

            // UC19.4–19.5: staff resolve it (the account gets the new address) and close it, through the staff API.
            TestHttp care = CareFixtures.staff(port, "OPERATOR");
            assertThat(care.postJson("/api/v1/service-requests/" + srn + "/resolution",
                    Map.of("note", "Address proof verified")).status()).isEqualTo(200);
            b.click("article[data-srn='" + srn + "'] a").waitForPath("/portal/requests/" + srn);
            assertThat(b.text("#status")).isEqualTo("Resolved");
            assertThat(b.text("#resolution")).contains("Address proof verified");
            assertThat(care.postJson("/api/v1/service-requests/" + srn + "/closure", Map.of()).status()).isEqualTo(200);
            b.go("/portal/requests/" + srn);
            assertThat(b.text("#status")).isEqualTo("Closed");
            assertThat(b.all("#history li").stream().map(e -> e.getAttribute("data-action")).toList())
                    .containsExactly("CREATED", "ACKNOWLEDGED", "RESOLVED", "CLOSED", "NOTIFIED");
            b.screenshot("closed");
            assertThat(CareFixtures.smsContaining(c.mobile(), "closed")).anyMatch(t -> t.contains(srn));
            b.go("/portal/accounts/" + c.consumerNo());
            assertThat(b.text("article[data-consumer='" + c.consumerNo() + "'] .address")).isEqualTo(newAddress);

            // In Hindi too.
            b.go("/portal/requests/" + srn + "?lang=hi");
            assertThat(b.text("#status")).isEqualTo("बंद");
            assertThat(b.text("#type")).isEqualTo("पते में बदलाव");
            b.screenshot("closed-hindi");
            b.go("/portal/requests?lang=en");
        }
    }

    @Test
    void uc19_2_anotherConsumersNumbersServicePointsAndRequestsAreRefusedAndAReusedKeyIsToldApart() {
        String p = Fixtures.unique("PSX").toUpperCase() + "-";
        var two = PortalCareFixtures.mineAndTheirs(port, logins, p);
        CareFixtures.Consumer mine = two.mine();
        CareFixtures.Consumer other = two.other();
        String otherSrn = CareFixtures.staff(port, "OPERATOR").postJson("/api/v1/service-requests", Map.of("type",
                "NAME_CHANGE", "consumerNo", other.consumerNo(), "details", Map.of("name", "Bharat Singh")),
                key(p + "B1")).json().get("srn").asString();
        TestHttp web = PortalCareFixtures.signIn(port, two.login());
        String form = "/portal/requests/new?type=ADDRESS_CHANGE";

        // Another consumer's request: 404, as if it did not exist; not in my list.
        TestHttp.Response theirs = web.get("/portal/requests/" + otherSrn);
        assertThat(theirs.status()).isEqualTo(404);
        assertThat(theirs.body()).doesNotContain(other.consumerNo(), "Bharat");
        assertThat(web.get("/portal/requests").body()).doesNotContain(otherSrn).contains("not made any service request");
        assertThat(web.get("/portal/requests/SR0000000000").status()).isEqualTo(404);

        // A request in another consumer's name, or naming their service point: 404, nothing recorded.
        TestHttp.Response forOther = web.postForm("/portal/requests", Map.of("type", "ADDRESS_CHANGE", "consumerNo",
                other.consumerNo(), "details.address", "1 Elsewhere", "idempotencyKey", p + "K1"), form, true);
        assertThat(forOther.status()).isEqualTo(404);
        TestHttp.Response theirPoint = web.postForm("/portal/requests", Map.of("type", "MIGRATION", "consumerNo",
                mine.consumerNo(), "details.targetMode", "PREPAID", "details.servicePointCode", p + "BSP1",
                "idempotencyKey", p + "K2"), form, true);
        assertThat(theirPoint.status()).isEqualTo(404);
        assertThat(requests.ofConsumer(other.consumerNo(), 10)).extracting(ServiceRequest::srn).containsExactly(otherSrn);
        assertThat(requests.ofConsumer(mine.consumerNo(), 10)).isEmpty();
        // Not signed in: the sign-in page.
        assertThat(TestHttp.browser(port).get("/portal/requests").location()).endsWith("/portal/login");

        // The same form sent again is the same request; its key with other values is told apart, with a fresh form.
        Map<String, String> sent = Map.of("type", "ADDRESS_CHANGE", "consumerNo", mine.consumerNo(),
                "details.address", "9 New Road", "idempotencyKey", p + "K3");
        String first = web.postForm("/portal/requests", sent, form, true).location();
        String again = web.postForm("/portal/requests", sent, form, true).location();
        assertThat(first).contains("/portal/requests/SR").endsWith("?sent");
        assertThat(again).isEqualTo(first.replace("?sent", ""));
        TestHttp.Response changed = web.postForm("/portal/requests", Map.of("type", "ADDRESS_CHANGE", "consumerNo",
                mine.consumerNo(), "details.address", "10 Other Road", "idempotencyKey", p + "K3"), form, true);
        assertThat(changed.status()).isEqualTo(200);
        var page = Jsoup.parse(changed.body());
        assertThat(page.select("[id='error-Idempotency-Key']").text()).contains("already sent with other values");
        assertThat(page.select("input[name=idempotencyKey]").attr("value")).isNotEqualTo(p + "K3");
        assertThat(page.select("textarea[name='details.address']").text()).isEqualTo("10 Other Road");
        assertThat(requests.ofConsumer(mine.consumerNo(), 10)).hasSize(1);
        assertThat(CareFixtures.smsContaining(mine.mobile(), "SR")).hasSize(1);

        // A login holding two numbers chooses which one asks (only its own are offered).
        CareFixtures.Consumer shop = CareFixtures.consumer(port, p + "C");
        CareFixtures.Consumer house = CareFixtures.consumer(port, p + "D");
        TestHttp both = PortalCareFixtures.signIn(port, PortalCareFixtures.login(logins, shop.consumerNo(),
                house.consumerNo()));
        assertThat(Jsoup.parse(both.get(form).body()).select("select#consumerNo option").eachAttr("value"))
                .containsExactly(shop.consumerNo(), house.consumerNo());
        assertThat(both.postForm("/portal/requests", Map.of("type", "ADDRESS_CHANGE", "consumerNo", house.consumerNo(),
                "details.address", "5 Civil Lines", "idempotencyKey", p + "K4"), form, true).location()).endsWith("?sent");
        assertThat(requests.ofConsumer(house.consumerNo(), 10)).hasSize(1);
        assertThat(requests.ofConsumer(shop.consumerNo(), 10)).isEmpty();
        assertThat(both.get("/portal/requests").body()).contains(requests.ofConsumer(house.consumerNo(), 1).get(0).srn());
        assertThat(CareFixtures.smsContaining(other.mobile(), otherSrn)).hasSize(1); // their own acknowledgement only
    }
}
