package org.urja.hes.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.urja.hes.contract.ContractSchema;
import org.urja.hes.contract.EndDeviceEvent;
import org.urja.hes.contract.EndDeviceEventsMessage;
import org.urja.hes.contract.MeterReading;
import org.urja.hes.contract.MeterReadingsMessage;
import org.urja.hes.contract.ReadingTypes;
import org.urja.hes.fleet.FaultProfile;
import org.urja.hes.fleet.Fleet;
import org.urja.hes.fleet.VirtualMeter;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** What the reference HES sends is what the OpenAPI file says, and the same seed gives the same messages. */
class ContractMappingTest {

    static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);
    static final Instant COMMISSIONED = Instant.parse("2026-01-01T00:00:00Z");
    static final LocalDate DAY = LocalDate.of(2026, 2, 10);

    static MeterReadingsMessage dayOf(Fleet fleet) {
        Instant from = DAY.atStartOfDay(IST).toInstant();
        Instant to = DAY.plusDays(1).atStartOfDay(IST).toInstant();
        List<MeterReading> readings = new ArrayList<>();
        for (VirtualMeter m : fleet.meters()) {
            String serial = m.spec().serialNo();
            readings.add(ContractMapping.blockLoad(serial, m.blockLoadProfile(from, to)));
            readings.add(ContractMapping.daily(serial, m.dailyProfile(DAY.plusDays(1))));
            readings.add(ContractMapping.billing(serial, m.billingProfile(YearMonth.of(2026, 1))));
            readings.add(ContractMapping.instantaneous(serial, m.instantaneous(to)));
        }
        return new MeterReadingsMessage("hes-test-1", to, null, readings);
    }

    @Test
    void everyProfileAndEventMapsToAValidContractMessage() {
        Fleet fleet = Fleet.generate(7L, 60, "CM", COMMISSIONED, new FaultProfile(0, 0, 0, 0, 0.5, 0.5, 0.5, 0));
        MeterReadingsMessage message = dayOf(fleet);
        assertThat(ContractSchema.problems("MeterReadingsMessage", message)).isEmpty();
        assertThat(message.meterReadings()).allSatisfy(r -> assertThat(r).isNotNull());

        List<EndDeviceEvent> events = new ArrayList<>();
        for (VirtualMeter m : fleet.meters()) {
            m.events(COMMISSIONED, DAY.atStartOfDay(IST).toInstant()).forEach(e -> events.add(ContractMapping.event(e)));
        }
        assertThat(events).extracting(EndDeviceEvent::eventCode).contains(101, 102);
        assertThat(events).filteredOn(e -> e.eventCode() == 101)
                .allSatisfy(e -> assertThat(e.eventType()).isEqualTo("EndDevice.Power.Supply.Failed"));
        assertThat(ContractSchema.problems("EndDeviceEventsMessage",
                new EndDeviceEventsMessage("hes-test-2", Instant.now(), null, events))).isEmpty();

        // The instantaneous profile carries the meter's clock: its drift is the reading's value less its time stamp.
        VirtualMeter drifting = fleet.meters().stream().filter(m -> m.clockDriftSecondsPerDay() > 0).findFirst().orElseThrow();
        Instant to = DAY.plusDays(1).atStartOfDay(IST).toInstant();
        var clock = ContractMapping.instantaneous("X", drifting.instantaneous(to)).readings().stream()
                .filter(r -> r.readingType().equals(ReadingTypes.INSTANT_CLOCK)).findFirst().orElseThrow();
        assertThat(clock.timeStamp()).isEqualTo(to);
        assertThat(clock.value().movePointRight(3).longValueExact() - to.toEpochMilli())
                .isEqualTo(drifting.clockOffset(to).toMillis()).isPositive();

        // 8 channels per interval length; the energy channel of a 15-min meter has 96 readings for the day.
        MeterReading load = message.meterReadings().get(0);
        assertThat(load.intervalBlocks()).extracting(b -> b.readingType()).contains(ReadingTypes.INTERVAL_KWH_IMPORT,
                ReadingTypes.INTERVAL_KVAH_EXPORT, ReadingTypes.INTERVAL_KVA_DEMAND);
    }

    @Test
    void sameSeedGivesIdenticalMessagesAndAnotherSeedDoesNot() {
        JsonMapper json = JsonMapper.builder().build();
        String a = json.writeValueAsString(dayOf(Fleet.generate(11L, 20, "D", COMMISSIONED, FaultProfile.realistic())));
        String b = json.writeValueAsString(dayOf(Fleet.generate(11L, 20, "D", COMMISSIONED, FaultProfile.realistic())));
        String c = json.writeValueAsString(dayOf(Fleet.generate(12L, 20, "D", COMMISSIONED, FaultProfile.realistic())));
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }
}
