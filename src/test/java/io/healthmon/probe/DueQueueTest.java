package io.healthmon.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The per-loop queue of turns, against a plain map of slot to due time. */
class DueQueueTest {

    @Test
    void turnsComeOutEarliestFirstAndOnlyOnceDue() {
        DueQueue q = new DueQueue();
        q.schedule(0, 300);
        q.schedule(1, 100);
        q.schedule(2, 200);
        assertEquals(100, q.earliest());
        assertEquals(-1, q.pollDue(99), "nothing is due before its time");
        assertEquals(1, q.pollDue(100));
        assertEquals(2, q.pollDue(1000));
        assertEquals(0, q.pollDue(1000));
        assertEquals(-1, q.pollDue(1000));
        assertTrue(q.isEmpty());
    }

    @Test
    void schedulingAQueuedSlotMovesItAndCancelTakesItOff() {
        DueQueue q = new DueQueue();
        q.schedule(0, 100);
        q.schedule(1, 200);
        q.schedule(0, 300); // a cadence change: the same turn, later
        assertEquals(2, q.size(), "moved, not queued twice");
        assertEquals(200, q.earliest());
        q.cancel(1);
        q.cancel(1); // twice is harmless
        q.cancel(42); // never queued
        assertEquals(300, q.earliest());
        assertEquals(0, q.pollDue(300));
        assertTrue(q.isEmpty());
    }

    /** Seeded random schedules, moves, cancels and polls: the queue answers as a scan of a map would. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void agreesWithAScanAfterEveryStep(long seed) {
        Random random = new Random(seed);
        DueQueue q = new DueQueue();
        Map<Integer, Long> model = new HashMap<>();
        long now = 0;
        for (int step = 0; step < 20_000; step++) {
            int op = random.nextInt(10);
            int slot = random.nextInt(300); // grows past the first arrays
            if (op < 5) {
                long at = now + random.nextInt(2_000);
                q.schedule(slot, at);
                model.put(slot, at);
            } else if (op < 6) {
                q.cancel(slot);
                model.remove(slot);
            } else {
                now += random.nextInt(50);
                int polled = q.pollDue(now);
                long min = model.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
                if (min > now) {
                    assertEquals(-1, polled, "step " + step);
                } else {
                    assertEquals(min, (long) model.get(polled), "step " + step + ": the earliest comes first");
                    model.remove(polled);
                }
            }
            assertEquals(model.size(), q.size(), "step " + step);
            if (!model.isEmpty()) {
                assertEquals(model.values().stream().mapToLong(Long::longValue).min().getAsLong(), q.earliest(), "step " + step);
            }
        }
        List<Integer> drained = new ArrayList<>();
        for (int s; (s = q.pollDue(Long.MAX_VALUE)) >= 0; ) {
            drained.add(s);
        }
        assertEquals(model.keySet().size(), drained.size());
    }
}
