package org.urja.hes.fleet;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Shared fixtures: hand-made meter specs and IST helpers. */
final class TestMeters {

    /** 05:30 IST on 1 Jan 2025. */
    static final Instant COMMISSIONED = Instant.parse("2025-01-01T00:00:00Z");
    /** A Monday. */
    static final LocalDate MONDAY = LocalDate.of(2025, 3, 10);

    private TestMeters() {
    }

    static MeterSpec residential(String serial, int minutes) {
        return new MeterSpec(serial, MeterCategory.SINGLE_PHASE_WC, ConsumerClass.RESIDENTIAL, minutes,
                PaymentMode.PREPAID, BigDecimal.ONE, 3, COMMISSIONED);
    }

    static MeterSpec commercial(String serial) {
        return new MeterSpec(serial, MeterCategory.THREE_PHASE_WC, ConsumerClass.COMMERCIAL, 15,
                PaymentMode.POSTPAID, BigDecimal.ONE, 10, COMMISSIONED);
    }

    static MeterSpec industrial(String serial, MeterCategory category, int multiplier) {
        return new MeterSpec(serial, category, ConsumerClass.INDUSTRIAL, 30, PaymentMode.POSTPAID,
                BigDecimal.valueOf(multiplier), 150, COMMISSIONED);
    }

    /** One meter of each kind: residential 15 and 30 min, commercial, LT-CT and HT-CT. */
    static List<MeterSpec> mixed() {
        return List.of(residential("R15", 15), residential("R30", 30), commercial("C15"),
                industrial("LT1", MeterCategory.LT_CT, 40), industrial("HT1", MeterCategory.HT_CT, 200));
    }

    static VirtualMeter single(MeterSpec spec, FaultProfile faults) {
        return new Fleet(1234, List.of(spec), faults).meter(spec.serialNo());
    }

    static FaultProfile outagesEveryDay() {
        return new FaultProfile(0, 0, 0, 0, 0, 1, 0, 0);
    }

    static Instant ist(LocalDate day, int hour, int minute) {
        return Ist.startOf(day).plusSeconds(hour * 3600L + minute * 60L);
    }
}
