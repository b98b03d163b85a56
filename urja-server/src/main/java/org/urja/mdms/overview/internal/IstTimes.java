package org.urja.mdms.overview.internal;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/** Instants as staff read them on the 360 page: IST, to the minute ({@code ${@ist360.at(instant)}} in templates). */
@Component("ist360")
class IstTimes {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(Meter360Pages.IST);

    public String at(Instant instant) {
        return instant == null ? "—" : FORMAT.format(instant);
    }

    /** Paise as rupees with two decimals. */
    public String rupees(Long paise) {
        return paise == null ? "—" : java.math.BigDecimal.valueOf(paise, 2).toPlainString();
    }
}
