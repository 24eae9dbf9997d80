package io.healthmon.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Ordering per lane, as a pure function of the journal: what may be attempted now. */
final class Lanes {

    private Lanes() {
    }

    /**
     * The first pending notification of each lane, when it is due and not being attempted: a later
     * one waits behind it whatever its own time.
     *
     * @param pending  in the order they were made
     * @param inFlight sequence numbers of attempts under way
     * @param savedBelow sequence numbers below this are on disk; a later one waits for its write
     *                   (a crash before it would otherwise leave a page nobody can resolve)
     */
    static List<Pending> due(List<Pending> pending, Set<Long> inFlight, long savedBelow, Instant now) {
        List<Pending> due = new ArrayList<>();
        Set<Lane> seen = new HashSet<>();
        for (Pending p : pending) {
            if (seen.add(p.lane()) && p.seq() < savedBelow && !inFlight.contains(p.seq())
                    && !p.nextAttemptAt().isAfter(now)) {
                due.add(p);
            }
        }
        return due;
    }
}
