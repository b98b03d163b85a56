package org.urja.mdms.event.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.urja.mdms.event.DeviceEvent.Kind;
import org.urja.mdms.event.DeviceEvent.State;
import org.urja.mdms.event.internal.EventPairing.Item;
import org.urja.mdms.event.internal.EventPairing.Paired;

import static org.assertj.core.api.Assertions.assertThat;

/** Pairing occurrences with restorations along time, whatever the arrival order. */
class EventPairingTests {

    static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    static Item occ(long id, int minute) {
        return new Item(id, Kind.OCCURRENCE, T.plusSeconds(60L * minute));
    }

    static Item res(long id, int minute) {
        return new Item(id, Kind.RESTORATION, T.plusSeconds(60L * minute));
    }

    @Test
    void aRestorationClosesTheOpenOccurrenceBeforeIt() {
        Map<Long, Paired> p = EventPairing.pair(List.of(res(2, 45), occ(1, 0), occ(3, 60)));
        assertThat(p.get(1L)).isEqualTo(new Paired(State.RESTORED, 2L, T.plusSeconds(2700)));
        assertThat(p.get(2L)).isEqualTo(new Paired(State.PAIRED, 1L, T));
        assertThat(p.get(3L).state()).isEqualTo(State.OPEN);
    }

    @Test
    void aRestorationWithoutOccurrenceIsKeptUnpairedAndALostRestorationSupersedes() {
        Map<Long, Paired> p = EventPairing.pair(List.of(res(1, 0), occ(2, 10), occ(3, 20), res(4, 30)));
        assertThat(p.get(1L).state()).isEqualTo(State.UNPAIRED);
        assertThat(p.get(2L).state()).as("the meter logged 3 without restoring 2").isEqualTo(State.SUPERSEDED);
        assertThat(p.get(3L)).isEqualTo(new Paired(State.RESTORED, 4L, T.plusSeconds(1800)));
    }

    @Test
    void atTheSameInstantTheOccurrenceComesFirst() {
        Map<Long, Paired> p = EventPairing.pair(List.of(res(1, 5), occ(2, 5)));
        assertThat(p.get(2L).state()).isEqualTo(State.RESTORED);
        assertThat(p.get(1L).partnerId()).isEqualTo(2L);
    }

    /** What the recorder relies on: re-pairing from the last occurrence before the new events changes nothing before. */
    @Test
    void rePairingFromTheLastOccurrenceBeforeAPointEqualsPairingEverything() {
        Random random = new Random(42);
        for (int run = 0; run < 500; run++) {
            List<Item> all = new ArrayList<>();
            int n = 2 + random.nextInt(12);
            for (int i = 0; i < n; i++) {
                all.add(random.nextBoolean() ? occ(i, random.nextInt(100)) : res(i, random.nextInt(100)));
            }
            Map<Long, Paired> full = EventPairing.pair(all);
            Instant since = T.plusSeconds(60L * random.nextInt(100));
            Instant anchor = all.stream().filter(i -> i.kind() == Kind.OCCURRENCE && i.at().isBefore(since))
                    .map(Item::at).max(Instant::compareTo).orElse(since);
            List<Item> tail = new ArrayList<>(all.stream().filter(i -> !i.at().isBefore(anchor)).toList());
            Collections.shuffle(tail, random);
            EventPairing.pair(tail).forEach((id, paired) -> assertThat(paired).as("event %d", id).isEqualTo(full.get(id)));
        }
    }
}
