package org.urja.mdms.tariff;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import org.urja.mdms.tariff.Tariff.Levy;
import org.urja.mdms.tariff.Tariff.LevyBase;
import org.urja.mdms.tariff.Tariff.Slab;
import org.urja.mdms.tariff.Tariff.Subsidy;
import org.urja.mdms.tariff.Tariff.TodZone;

/** The example domestic tariff of docs/tariffs.md (its worked example is checked by hand in ChargingTests). */
public final class ExampleTariffs {

    private ExampleTariffs() {
    }

    public static Tariff domestic() {
        return domestic("DOM");
    }

    /** The same tariff under another category code (tests use codes of their own). */
    public static Tariff domestic(String category) {
        return new Tariff(category, LocalDate.of(2026, 4, 1), d("11000"),
                List.of(new Slab(d("200"), d("300")), new Slab(d("400"), d("450")), new Slab(d("800"), d("650")),
                        new Slab(d("1200"), d("700")), new Slab(null, d("800"))),
                List.of(new TodZone("PEAK", LocalTime.of(18, 0), LocalTime.of(22, 0), d("20")),
                        new TodZone("SOLAR", LocalTime.of(9, 0), LocalTime.of(17, 0), d("-20"))),
                List.of(new Levy("PPAC", d("3.5"), LevyBase.ENERGY), new Levy("Electricity duty", d("5"),
                        LevyBase.ENERGY_AND_FIXED)),
                new Subsidy("State subsidy", d("100"), d("100")));
    }

    private static BigDecimal d(String v) {
        return new BigDecimal(v);
    }
}
