package org.urja.mdms.event.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.urja.mdms.event.DeviceEvent.Kind;
import org.urja.mdms.event.DeviceEvent.State;

/**
 * Pairs the occurrences and restorations of one meter and one pair of codes (e.g. 101/102) along time, whatever order
 * they arrived in. Walking in time order (an occurrence before a restoration at the same instant): a restoration
 * closes the open occurrence before it (RESTORED / PAIRED), or has none (UNPAIRED); an occurrence while another is
 * still open supersedes it (the meter logged the next occurrence, so the restoration between was lost).
 *
 * <p>Re-pairing a timeline from its last occurrence before the earliest new event gives the same result as from the
 * beginning: an occurrence resets the walk, so nothing before it can change.
 */
final class EventPairing {

    /** One event of the timeline. */
    record Item(long id, Kind kind, Instant at) {
    }

    /** The pairing of one event: its state and its partner (null if none). */
    record Paired(State state, Long partnerId, Instant partnerAt) {
    }

    private EventPairing() {
    }

    static Map<Long, Paired> pair(List<Item> timeline) {
        List<Item> sorted = new ArrayList<>(timeline);
        sorted.sort(Comparator.comparing(Item::at).thenComparing(i -> i.kind() == Kind.OCCURRENCE ? 0 : 1)
                .thenComparing(Item::id));
        Map<Long, Paired> out = new HashMap<>();
        Item open = null;
        for (Item i : sorted) {
            switch (i.kind()) {
                case OCCURRENCE -> {
                    if (open != null) {
                        out.put(open.id(), new Paired(State.SUPERSEDED, null, null));
                    }
                    out.put(i.id(), new Paired(State.OPEN, null, null));
                    open = i;
                }
                case RESTORATION -> {
                    if (open != null) {
                        out.put(open.id(), new Paired(State.RESTORED, i.id(), i.at()));
                        out.put(i.id(), new Paired(State.PAIRED, open.id(), open.at()));
                        open = null;
                    } else {
                        out.put(i.id(), new Paired(State.UNPAIRED, null, null));
                    }
                }
                case SINGLE -> out.put(i.id(), new Paired(State.SINGLE, null, null));
            }
        }
        return out;
    }
}
