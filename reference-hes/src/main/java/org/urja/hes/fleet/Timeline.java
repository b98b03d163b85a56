package org.urja.hes.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/** An immutable step function of time: an initial value and the values set from given instants on. */
final class Timeline<T> {

    private final T initial;
    private final List<Instant> changes;
    private final List<T> values;

    private Timeline(T initial, List<Instant> changes, List<T> values) {
        this.initial = initial;
        this.changes = changes;
        this.values = values;
    }

    /** A timeline holding one value forever. */
    static <T> Timeline<T> constant(T initial) {
        return new Timeline<>(initial, List.of(), List.of());
    }

    /** This timeline with {@code value} from {@code from} on (until a later change already recorded). */
    Timeline<T> with(Instant from, T value) {
        List<Instant> c = new ArrayList<>(changes);
        List<T> v = new ArrayList<>(values);
        int i = Collections.binarySearch(c, from);
        if (i >= 0) {
            v.set(i, value);
        } else {
            c.add(-i - 1, from);
            v.add(-i - 1, value);
        }
        return new Timeline<>(initial, List.copyOf(c), List.copyOf(v));
    }

    /** Whether the value never changes. */
    boolean isConstant() {
        return changes.isEmpty();
    }

    /** The value at an instant. */
    T at(Instant t) {
        if (changes.isEmpty()) {
            return initial;
        }
        int i = Collections.binarySearch(changes, t);
        int index = i >= 0 ? i : -i - 2;
        return index < 0 ? initial : values.get(index);
    }

    /** The value after the last change. */
    T latest() {
        return values.isEmpty() ? initial : values.get(values.size() - 1);
    }

    /** Share of [from, to) during which the value satisfies {@code holds}. */
    double share(Instant from, Instant to, Predicate<T> holds) {
        if (changes.isEmpty()) {
            return holds.test(initial) ? 1 : 0;
        }
        long inside = 0;
        Instant cursor = from;
        T value = at(from);
        for (int i = 0; i < changes.size(); i++) {
            Instant change = changes.get(i);
            if (!change.isAfter(cursor)) {
                continue;
            }
            if (!change.isBefore(to)) {
                break;
            }
            if (holds.test(value)) {
                inside += Duration.between(cursor, change).toNanos();
            }
            cursor = change;
            value = values.get(i);
        }
        if (holds.test(value)) {
            inside += Duration.between(cursor, to).toNanos();
        }
        return (double) inside / Duration.between(from, to).toNanos();
    }
}
