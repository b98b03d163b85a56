package org.urja.mdms.hes;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.hes.ReferenceHes;
import org.urja.hes.contract.MeterReading;
import org.urja.hes.contract.Reading;
import org.urja.hes.contract.ReadingProfile;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.reading.BillingProfileReceived;
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.StoredMessages;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.UrjaIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** UC2.2–2.4: the HES collects the monthly billing profile, retrying late meters, and the MDM stores it. */
@UrjaIntegrationTest
class UC2MonthlyCollectionTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    InboundMessages inbound;

    @Autowired
    CommittedEvents committed;

    @Test
    void uc2_2to2_4_monthlyBillingProfileReachesTheMdm() {
        ReferenceHes hes = TestHes.get(port);
        YearMonth month = YearMonth.of(2026, 2);
        var report = hes.collectMonthly(month);
        long silent = hes.fleet().meters().stream().filter(VirtualMeter::silent).count();
        assertThat(report.unanswered()).hasSize((int) silent);
        assertThat(report.answeredAfterRetry()).isPositive();

        VirtualMeter meter = hes.fleet().meters().stream().filter(m -> !m.silent()).findFirst().orElseThrow();
        String serial = meter.spec().serialNo();
        List<MeterReading> stored = StoredMessages.meterReadings(jdbc, inbound, "message_id LIKE ?",
                "hes1-billing-" + month + "-%");
        List<Reading> registers = stored.stream()
                .filter(r -> r.meterSerialNo().equals(serial) && r.profile() == ReadingProfile.BILLING)
                .flatMap(r -> r.readings().stream()).toList();
        assertThat(registers).extracting(Reading::readingType).contains("register.kWh.import", "register.kVAh.import",
                "register.kW.maxDemand", "register.kVA.maxDemand", "register.pf.average", "register.kWh.import.tz1",
                "register.kWh.import.tz4");

        // The cumulative register the MDM received is the meter's register at the billing reset, to the Wh.
        BigDecimal kwh = registers.stream().filter(r -> r.readingType().equals("register.kWh.import"))
                .map(Reading::value).findFirst().orElseThrow();
        assertThat(kwh).isEqualByComparingTo(meter.billingProfile(month).registers().kWhImport());
        // UC2.5 input: billing is told, once committed, with the registers the MDM stored for the billing date.
        BillingProfileReceived profile = Eventually.await(Duration.ofSeconds(10), () -> committed
                .of(BillingProfileReceived.class).stream().filter(p -> p.meterSerialNo().equals(serial)).findFirst()
                .orElse(null), p -> p != null);
        assertThat(profile.registers()).extracting(Reading::readingType).contains("register.kWh.import",
                "register.kW.maxDemand", "register.kWh.import.tz1");
        assertThat(profile.registers().stream().filter(r -> r.readingType().equals("register.kWh.import")).findFirst()
                .orElseThrow().value()).isEqualByComparingTo(meter.billingProfile(month).registers().kWhImport());
        assertThat(profile.registers().stream().filter(r -> r.readingType().equals("register.kW.maxDemand")).findFirst()
                .orElseThrow().occurredAt()).isNotNull();
        // Maximum demand carries when it occurred.
        assertThat(stored.stream().flatMap(r -> r.readings().stream())
                .filter(r -> r.readingType().equals("register.kW.maxDemand") && r.occurredAt() != null).count())
                .isEqualTo(hes.fleet().meters().size() - silent);
    }
}
