package org.urja.mdms.event.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.urja.hes.contract.EventCategory;
import org.urja.mdms.event.DeviceEvent.Category;
import org.urja.mdms.event.DeviceEvent.Kind;
import org.urja.mdms.event.DeviceEvent.Route;
import org.urja.mdms.event.DeviceEvent.Severity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped IS 15959 catalogue and the rules a catalogue file must follow. */
class EventCatalogueTests {

    static EventCatalogue shipped() throws IOException {
        try (InputStream in = EventCatalogueTests.class.getResourceAsStream("/events/is15959-event-catalogue.csv")) {
            return EventCatalogue.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void theShippedCatalogueClassifiesTheDomainReferenceCodes() throws IOException {
        EventCatalogue c = shipped();
        assertThat(c.version()).isEqualTo("2026.1");

        var magnet = c.lookup(201, EventCategory.OTHER);
        assertThat(magnet.category()).isEqualTo(Category.TAMPER);
        assertThat(magnet.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(magnet.kind()).isEqualTo(Kind.OCCURRENCE);
        assertThat(magnet.pairCode()).isEqualTo(202);
        assertThat(magnet.route()).isEqualTo(Route.INSPECTION);
        assertThat(magnet.eventType()).isEqualTo("EndDevice.Security.MagneticTamper.Detected");
        assertThat(magnet.description()).isEqualTo("Magnet influence");
        assertThat(c.lookup(202, EventCategory.OTHER).kind()).isEqualTo(Kind.RESTORATION);

        var lastGasp = c.lookup(101, EventCategory.POWER_FAILURE);
        assertThat(lastGasp.category()).isEqualTo(Category.POWER_FAIL);
        assertThat(lastGasp.route()).isEqualTo(Route.OUTAGE);
        assertThat(lastGasp.pairCode()).isEqualTo(102);

        assertThat(c.lookup(251, EventCategory.NON_ROLLOVER)).satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.SINGLE);
            assertThat(e.category()).isEqualTo(Category.TAMPER);
            assertThat(e.route()).isEqualTo(Route.INSPECTION);
        });
        assertThat(c.lookup(215, EventCategory.OTHER).route()).isEqualTo(Route.LOAD_VIOLATION);
        assertThat(c.lookup(215, EventCategory.OTHER).category()).isEqualTo(Category.LOAD);
        assertThat(c.lookup(65, EventCategory.CURRENT).route()).as("current bypass is a tamper").isEqualTo(Route.INSPECTION);
        assertThat(c.lookup(7, EventCategory.VOLTAGE).route()).isEqualTo(Route.NONE);
        assertThat(c.lookup(151, EventCategory.TRANSACTION).category()).isEqualTo(Category.TRANSACTION);
        assertThat(c.lookup(301, EventCategory.CONTROL).category()).isEqualTo(Category.CONTROL);

        // Every pair of the domain reference is there, each half naming the other.
        for (int occurrence : new int[] {1, 3, 5, 7, 9, 11, 51, 53, 55, 57, 59, 61, 63, 65, 67, 69, 101, 201, 203, 205,
                207, 209, 215}) {
            var o = c.entries().stream().filter(e -> e.code() == occurrence).findFirst().orElseThrow();
            var r = c.lookup(occurrence + 1, o.log());
            assertThat(o.kind()).isEqualTo(Kind.OCCURRENCE);
            assertThat(r.kind()).isEqualTo(Kind.RESTORATION);
            assertThat(r.pairCode()).isEqualTo(occurrence);
        }
    }

    @Test
    void anUnknownCodeOrACodeInAnotherLogIsKeptAsUnknownWithWhatTheHesSaid() throws IOException {
        EventCatalogue c = shipped();
        var vendor = c.lookup(999, EventCategory.OTHER, "Vendor: terminal cover sensor fault", "EndDevice.X.Y.Z", true);
        assertThat(vendor.category()).isEqualTo(Category.UNKNOWN);
        assertThat(vendor.known()).isFalse();
        assertThat(vendor.kind()).isEqualTo(Kind.SINGLE);
        assertThat(vendor.route()).isEqualTo(Route.NONE);
        assertThat(vendor.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(vendor.description()).isEqualTo("Vendor: terminal cover sensor fault");
        assertThat(vendor.eventType()).isEqualTo("EndDevice.X.Y.Z");
        assertThat(c.lookup(998, EventCategory.OTHER).description()).isEqualTo("Unknown event 998");
        assertThat(c.lookup(998, EventCategory.OTHER).severity()).isEqualTo(Severity.LOW);
        // 201 is a magnet tamper only in the "other" log; elsewhere it is a code the catalogue does not know.
        assertThat(c.lookup(201, EventCategory.VOLTAGE).category()).isEqualTo(Category.UNKNOWN);
    }

    @Test
    void aMalformedCatalogueIsRefused() {
        String header = String.join(",", EventCatalogue.HEADER) + "\n";
        assertThatThrownBy(() -> EventCatalogue.parse("log,code\nOTHER,1\n")).hasMessageContaining("header");
        assertThatThrownBy(() -> EventCatalogue.parse(header
                + "OTHER,201,OCCURRENCE,202,TAMPER,CRITICAL,INSPECTION,,Magnet\n"))
                .hasMessageContaining("must name each other");
        assertThatThrownBy(() -> EventCatalogue.parse(header
                + "OTHER,201,OCCURRENCE,202,TAMPER,CRITICAL,INSPECTION,,Magnet\n"
                + "OTHER,202,OCCURRENCE,201,TAMPER,INFO,INSPECTION,,Magnet removed\n"))
                .hasMessageContaining("must name each other");
        assertThatThrownBy(() -> EventCatalogue.parse(header
                + "CONTROL,301,SINGLE,302,CONTROL,LOW,NONE,,Relay\n")).hasMessageContaining("no pair_code");
        assertThatThrownBy(() -> EventCatalogue.parse(header
                + "CONTROL,301,SINGLE,,CONTROL,LOW,NONE,,Relay\nCONTROL,301,SINGLE,,CONTROL,LOW,NONE,,Again\n"))
                .hasMessageContaining("repeats");
        assertThatThrownBy(() -> EventCatalogue.parse(header
                + "CONTROL,301,SINGLE,,NOISE,LOW,NONE,,Relay\n")).hasMessageContaining("line 2");
        assertThat(EventCatalogue.parse("# version 7\n" + header + "CONTROL,301,SINGLE,,CONTROL,LOW,NONE,,Relay\n")
                .version()).isEqualTo("7");
    }
}
