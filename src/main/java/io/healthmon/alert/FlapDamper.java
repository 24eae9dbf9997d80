package io.healthmon.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Flap damping: an incident that keeps resolving and firing again pages once per cycle, which
 * teaches people to mute the monitor. Once a rule has fired more than {@code max} times on one
 * endpoint within {@code window}, its incident is held firing at the next clear instead of
 * resolving, and resolves only after being clear for a whole window. Pure: time is a parameter.
 * The firing times live in memory only; a restart starts counting again.
 *
 * @param <K> what identifies a rule on an endpoint
 */
final class FlapDamper<K> {

    private final Duration window;
    private final int max;
    private final Map<K, Deque<Instant>> fired = new HashMap<>();

    /** @param window zero turns damping off */
    FlapDamper(Duration window, int max) {
        this.window = window;
        this.max = max;
    }

    void fired(K key, Instant now) {
        if (!window.isZero()) {
            fired.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(now);
            prune(key, now);
        }
    }

    /** How often the rule fired on this endpoint within the window up to {@code now}. */
    int fires(K key, Instant now) {
        prune(key, now);
        Deque<Instant> d = fired.get(key);
        return d == null ? 0 : d.size();
    }

    /** Whether a clear at {@code now} should hold the incident firing rather than resolve it. */
    boolean flapping(K key, Instant now) {
        return !window.isZero() && fires(key, now) > max;
    }

    /** Whether an incident held since {@code clearSince} has been clear long enough to resolve. */
    boolean calm(Instant clearSince, Instant now) {
        return Duration.between(clearSince, now).compareTo(window) >= 0;
    }

    private void prune(K key, Instant now) {
        Deque<Instant> d = fired.get(key);
        if (d == null) {
            return;
        }
        Instant oldest = now.minus(window);
        while (!d.isEmpty() && d.peekFirst().isBefore(oldest)) {
            d.pollFirst();
        }
        if (d.isEmpty()) {
            fired.remove(key);
        }
    }
}
