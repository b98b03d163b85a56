package org.urja.mdms.command.policy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.urja.hes.contract.ControlType;
import org.urja.mdms.command.DisconnectionCase;
import org.urja.mdms.command.DisconnectionVeto;
import org.urja.mdms.network.MeterCategory;
import org.urja.mdms.network.PaymentMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rule of the disconnection policy on its own (pass, fail, edges), then the standard policy: order, the first
 * refusal names its rule, reconnection only needs a relay. Times are UTC instants judged in IST (UTC+05:30).
 */
class DisconnectionPolicyTests {

    private static final ZoneId IST = ZoneId.of("Asia/Kolkata");
    // 2026-03-11 is a Wednesday, 2026-03-15 a Sunday, 2026-03-16 a Monday.
    private static final Instant WEDNESDAY_11_IST = Instant.parse("2026-03-11T05:30:00Z");

    private static DisconnectionCase wholeCurrent(Instant at) {
        return new DisconnectionCase("M1", MeterCategory.SINGLE_PHASE_WC, true, PaymentMode.PREPAID, null, at, null);
    }

    private static Instant ist(String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).atZone(IST).toInstant();
    }

    // ------------------------------------------------------------------------------------------------ relay

    @Test
    void meterHasRelay_allowsAWholeCurrentMeterWithARelay() {
        assertThat(DisconnectionRules.meterHasRelay().apply(wholeCurrent(WEDNESDAY_11_IST)).allowed()).isTrue();
    }

    @Test
    void meterHasRelay_refusesCtOperatedMetersWhateverTheirRegistrationSays() {
        for (MeterCategory ct : List.of(MeterCategory.LT_CT, MeterCategory.HT_CT)) {
            Verdict v = DisconnectionRules.meterHasRelay().apply(
                    new DisconnectionCase("CT1", ct, true, PaymentMode.POSTPAID, null, WEDNESDAY_11_IST, null));
            assertThat(v.refused()).isTrue();
            assertThat(v.rule()).isEqualTo(DisconnectionRules.METER_HAS_RELAY);
            assertThat(v.reason()).contains("CT-operated").contains(ct.name());
        }
    }

    @Test
    void meterHasRelay_refusesAWholeCurrentMeterRegisteredWithoutARelay() {
        Verdict v = DisconnectionRules.meterHasRelay().apply(
                new DisconnectionCase("M2", MeterCategory.THREE_PHASE_WC, false, PaymentMode.POSTPAID, null,
                        WEDNESDAY_11_IST, null));
        assertThat(v.rule()).isEqualTo(DisconnectionRules.METER_HAS_RELAY);
        assertThat(v.reason()).contains("without a disconnect relay");
    }

    // ------------------------------------------------------------------------------------------------ protected

    @Test
    void notProtected_allowsAnUnprotectedMeterAndRefusesAProtectedOneWithItsReason() {
        assertThat(DisconnectionRules.notProtected().apply(wholeCurrent(WEDNESDAY_11_IST)).allowed()).isTrue();
        Verdict v = DisconnectionRules.notProtected().apply(new DisconnectionCase("M1", MeterCategory.SINGLE_PHASE_WC,
                true, PaymentMode.PREPAID, "oxygen concentrator at home", WEDNESDAY_11_IST, null));
        assertThat(v.rule()).isEqualTo(DisconnectionRules.NOT_PROTECTED);
        assertThat(v.reason()).contains("oxygen concentrator at home");
    }

    // ------------------------------------------------------------------------------------------------ hours

    private static final DisconnectionRule EVENING_TO_MORNING =
            DisconnectionRules.outsideQuietHours(LocalTime.of(18, 0), LocalTime.of(8, 0), IST);

    private static boolean allowedAt(DisconnectionRule rule, Instant at) {
        return rule.apply(wholeCurrent(at)).allowed();
    }

    @Test
    void quietHours_allowDaytimeAndRefuseTheEveningNamingTheWindow() {
        assertThat(allowedAt(EVENING_TO_MORNING, ist("2026-03-11T11:00:00"))).isTrue();
        Verdict v = EVENING_TO_MORNING.apply(wholeCurrent(ist("2026-03-11T19:05:00")));
        assertThat(v.rule()).isEqualTo(DisconnectionRules.OUTSIDE_QUIET_HOURS);
        assertThat(v.reason()).contains("18:00").contains("08:00").contains("19:05");
    }

    @Test
    void quietHours_edgesStartIsForbiddenEndIsAllowed() {
        assertThat(allowedAt(EVENING_TO_MORNING, ist("2026-03-11T17:59:59"))).isTrue();
        assertThat(allowedAt(EVENING_TO_MORNING, ist("2026-03-11T18:00:00"))).isFalse();
        assertThat(allowedAt(EVENING_TO_MORNING, ist("2026-03-12T07:59:59"))).isFalse();
        assertThat(allowedAt(EVENING_TO_MORNING, ist("2026-03-12T08:00:00"))).isTrue();
    }

    @Test
    void quietHours_wrapOverMidnight() {
        assertThat(allowedAt(EVENING_TO_MORNING, ist("2026-03-11T23:59:59"))).isFalse();
        assertThat(allowedAt(EVENING_TO_MORNING, ist("2026-03-12T00:00:00"))).isFalse();
        assertThat(allowedAt(EVENING_TO_MORNING, ist("2026-03-12T03:00:00"))).isFalse();
    }

    @Test
    void quietHours_areJudgedInIstNotUtc() {
        // 12:29:59Z is 17:59:59 IST (allowed); 12:30Z is 18:00 IST (forbidden); 02:30Z is 08:00 IST (allowed).
        assertThat(allowedAt(EVENING_TO_MORNING, Instant.parse("2026-03-11T12:29:59Z"))).isTrue();
        assertThat(allowedAt(EVENING_TO_MORNING, Instant.parse("2026-03-11T12:30:00Z"))).isFalse();
        assertThat(allowedAt(EVENING_TO_MORNING, Instant.parse("2026-03-11T02:29:59Z"))).isFalse();
        assertThat(allowedAt(EVENING_TO_MORNING, Instant.parse("2026-03-11T02:30:00Z"))).isTrue();
        // 20:00Z would be inside a UTC reading of the window too, but 07:00Z (12:30 IST) is not forbidden.
        assertThat(allowedAt(EVENING_TO_MORNING, Instant.parse("2026-03-11T07:00:00Z"))).isTrue();
    }

    @Test
    void quietHours_aWindowWithinOneDayAndNoWindowAtAll() {
        DisconnectionRule lunch = DisconnectionRules.outsideQuietHours(LocalTime.of(13, 0), LocalTime.of(14, 0), IST);
        assertThat(allowedAt(lunch, ist("2026-03-11T12:59:59"))).isTrue();
        assertThat(allowedAt(lunch, ist("2026-03-11T13:00:00"))).isFalse();
        assertThat(allowedAt(lunch, ist("2026-03-11T14:00:00"))).isTrue();
        assertThat(allowedAt(lunch, ist("2026-03-11T23:00:00"))).isTrue();
        DisconnectionRule none = DisconnectionRules.outsideQuietHours(LocalTime.of(8, 0), LocalTime.of(8, 0), IST);
        assertThat(allowedAt(none, ist("2026-03-11T08:00:00"))).isTrue();
        assertThat(allowedAt(none, ist("2026-03-11T23:00:00"))).isTrue();
    }

    // ------------------------------------------------------------------------------------------------ weekdays

    private static final DisconnectionRule NOT_SUNDAY =
            DisconnectionRules.notOnRestDays(EnumSet.of(DayOfWeek.SUNDAY), IST);

    @Test
    void restDays_refuseSundayNamingTheDayAndAllowOtherDays() {
        Verdict v = NOT_SUNDAY.apply(wholeCurrent(ist("2026-03-15T11:00:00")));
        assertThat(v.rule()).isEqualTo(DisconnectionRules.NOT_ON_REST_DAY);
        assertThat(v.reason()).contains("SUNDAY");
        assertThat(allowedAt(NOT_SUNDAY, ist("2026-03-14T11:00:00"))).isTrue();
        assertThat(allowedAt(NOT_SUNDAY, ist("2026-03-16T11:00:00"))).isTrue();
    }

    @Test
    void restDays_areIstDays() {
        // Sunday 00:00 IST is Saturday 18:30Z: already Sunday. Monday 00:00 IST is Sunday 18:30Z: no longer Sunday.
        assertThat(allowedAt(NOT_SUNDAY, Instant.parse("2026-03-14T18:29:59Z"))).isTrue();
        assertThat(allowedAt(NOT_SUNDAY, Instant.parse("2026-03-14T18:30:00Z"))).isFalse();
        assertThat(allowedAt(NOT_SUNDAY, Instant.parse("2026-03-15T18:29:59Z"))).isFalse();
        assertThat(allowedAt(NOT_SUNDAY, Instant.parse("2026-03-15T18:30:00Z"))).isTrue();
    }

    @Test
    void restDays_severalOrNone() {
        DisconnectionRule weekend = DisconnectionRules.notOnRestDays(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), IST);
        assertThat(allowedAt(weekend, ist("2026-03-14T11:00:00"))).isFalse();
        assertThat(allowedAt(weekend, ist("2026-03-13T11:00:00"))).isTrue();
        DisconnectionRule none = DisconnectionRules.notOnRestDays(Set.of(), IST);
        assertThat(allowedAt(none, ist("2026-03-15T11:00:00"))).isTrue();
    }

    // ------------------------------------------------------------------------------------------------ holidays

    private static final DisconnectionRule HOLIDAYS = DisconnectionRules.notOnHolidays(
            Map.of(LocalDate.of(2026, 8, 15), "Independence Day", LocalDate.of(2026, 3, 4), "Holi"), IST);

    @Test
    void holidays_refuseTheWholeIstDayNamingTheHoliday() {
        Verdict v = HOLIDAYS.apply(wholeCurrent(ist("2026-08-15T10:00:00")));
        assertThat(v.rule()).isEqualTo(DisconnectionRules.NOT_ON_HOLIDAY);
        assertThat(v.reason()).contains("Independence Day").contains("2026-08-15");
        assertThat(allowedAt(HOLIDAYS, ist("2026-08-14T10:00:00"))).isTrue();
        assertThat(allowedAt(HOLIDAYS, ist("2026-08-16T10:00:00"))).isTrue();
    }

    @Test
    void holidays_edgesAreIstMidnights() {
        // Holi 2026-03-04 IST runs from 2026-03-03T18:30Z to 2026-03-04T18:30Z.
        assertThat(allowedAt(HOLIDAYS, Instant.parse("2026-03-03T18:29:59Z"))).isTrue();
        assertThat(allowedAt(HOLIDAYS, Instant.parse("2026-03-03T18:30:00Z"))).isFalse();
        assertThat(allowedAt(HOLIDAYS, Instant.parse("2026-03-04T18:29:59Z"))).isFalse();
        assertThat(allowedAt(HOLIDAYS, Instant.parse("2026-03-04T18:30:00Z"))).isTrue();
    }

    @Test
    void holidays_noneConfiguredAllowsEveryDay() {
        assertThat(allowedAt(DisconnectionRules.notOnHolidays(Map.of(), IST), ist("2026-08-15T10:00:00"))).isTrue();
    }

    // ------------------------------------------------------------------------------------------------ vetoes

    private static DisconnectionVeto graceFor(String meter) {
        return new DisconnectionVeto() {
            @Override
            public String name() {
                return "prepaid-grace-period";
            }

            @Override
            public Optional<String> veto(DisconnectionCase c) {
                return c.meterSerialNo().equals(meter) ? Optional.of("30-day grace after conversion to prepaid")
                        : Optional.empty();
            }
        };
    }

    @Test
    void veto_anotherModulesVetoRefusesUnderItsOwnName() {
        DisconnectionRule rule = DisconnectionRules.veto(graceFor("M1"));
        Verdict v = rule.apply(wholeCurrent(WEDNESDAY_11_IST));
        assertThat(v.rule()).isEqualTo("prepaid-grace-period");
        assertThat(v.reason()).contains("grace");
        assertThat(rule.apply(new DisconnectionCase("M9", MeterCategory.SINGLE_PHASE_WC, true, PaymentMode.PREPAID,
                null, WEDNESDAY_11_IST, null)).allowed()).isTrue();
    }

    // ------------------------------------------------------------------------------------------------ policy

    private static final DisconnectionPolicy.Settings DEFAULTS = new DisconnectionPolicy.Settings(IST,
            LocalTime.of(18, 0), LocalTime.of(8, 0), EnumSet.of(DayOfWeek.SUNDAY), true);

    private static DisconnectionPolicy standard(List<DisconnectionVeto> vetoes) {
        return DisconnectionPolicy.standard(DEFAULTS, Map.of(LocalDate.of(2026, 8, 15), "Independence Day"), vetoes);
    }

    @Test
    void policy_aWeekdayMorningDisconnectionPassesEveryRule() {
        assertThat(standard(List.of()).check(ControlType.DISCONNECT, wholeCurrent(WEDNESDAY_11_IST)).allowed()).isTrue();
    }

    @Test
    void policy_theFirstRefusingRuleDecides() {
        DisconnectionPolicy policy = standard(List.of(graceFor("M1")));
        // A CT meter on a Sunday evening: the relay rule comes first.
        assertThat(policy.check(ControlType.DISCONNECT, new DisconnectionCase("M1", MeterCategory.LT_CT, false,
                PaymentMode.POSTPAID, "medical", ist("2026-03-15T19:00:00"), null)).rule())
                .isEqualTo(DisconnectionRules.METER_HAS_RELAY);
        // Protected beats the other module's veto and the hours.
        assertThat(policy.check(ControlType.DISCONNECT, new DisconnectionCase("M1", MeterCategory.SINGLE_PHASE_WC, true,
                PaymentMode.PREPAID, "medical", ist("2026-03-15T19:00:00"), null)).rule())
                .isEqualTo(DisconnectionRules.NOT_PROTECTED);
        assertThat(policy.check(ControlType.DISCONNECT, wholeCurrent(ist("2026-03-15T19:00:00"))).rule())
                .isEqualTo("prepaid-grace-period");
        DisconnectionPolicy noVeto = standard(List.of());
        assertThat(noVeto.check(ControlType.DISCONNECT, wholeCurrent(ist("2026-03-15T19:00:00"))).rule())
                .isEqualTo(DisconnectionRules.OUTSIDE_QUIET_HOURS);
        assertThat(noVeto.check(ControlType.DISCONNECT, wholeCurrent(ist("2026-03-15T11:00:00"))).rule())
                .isEqualTo(DisconnectionRules.NOT_ON_REST_DAY);
        assertThat(noVeto.check(ControlType.DISCONNECT, wholeCurrent(ist("2026-08-15T11:00:00"))).rule())
                .isEqualTo(DisconnectionRules.NOT_ON_HOLIDAY);
    }

    @Test
    void policy_reconnectionIsNeverHeldBackByHoursDaysHolidaysProtectionOrVetoes() {
        DisconnectionPolicy policy = standard(List.of(graceFor("M1")));
        for (String at : List.of("2026-03-11T19:00:00", "2026-03-15T23:30:00", "2026-08-15T02:00:00")) {
            assertThat(policy.check(ControlType.CONNECT, new DisconnectionCase("M1", MeterCategory.SINGLE_PHASE_WC, true,
                    PaymentMode.PREPAID, "medical", ist(at), null)).allowed()).as(at).isTrue();
        }
        assertThat(policy.check(ControlType.CONNECT, new DisconnectionCase("CT1", MeterCategory.HT_CT, false,
                PaymentMode.POSTPAID, null, WEDNESDAY_11_IST, null)).rule()).isEqualTo(DisconnectionRules.METER_HAS_RELAY);
    }

    @Test
    void policy_holidaysCanBeSwitchedOffAndOtherCommandsAreNotCovered() {
        var settings = new DisconnectionPolicy.Settings(IST, LocalTime.of(18, 0), LocalTime.of(8, 0),
                EnumSet.of(DayOfWeek.SUNDAY), false);
        DisconnectionPolicy policy = DisconnectionPolicy.standard(settings,
                Map.of(LocalDate.of(2026, 8, 14), "A holiday"), List.of());
        assertThat(policy.check(ControlType.DISCONNECT, wholeCurrent(ist("2026-08-14T11:00:00"))).allowed()).isTrue();
        assertThat(DisconnectionPolicy.applies(ControlType.PING)).isFalse();
        assertThat(policy.check(ControlType.PING, new DisconnectionCase("CT1", MeterCategory.HT_CT, false,
                PaymentMode.POSTPAID, null, ist("2026-03-15T19:00:00"), null)).allowed()).isTrue();
    }
}
