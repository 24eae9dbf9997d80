package io.healthmon.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.healthmon.alert.Incident;
import io.healthmon.alert.Notification;
import io.healthmon.rule.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What gives way in a full outbox: a reminder first, then an escalation, a trigger or resolve last. */
class SheddingTest {

    private static final Instant AT = Instant.parse("2027-01-01T00:00:00Z");

    private static Pending pending(long seq, char kind) {
        Notification.Kind k = switch (kind) {
            case 'T' -> Notification.Kind.TRIGGER;
            case 'R' -> Notification.Kind.RESOLVE;
            case 'E' -> Notification.Kind.ESCALATE;
            case 'A' -> Notification.Kind.ACKNOWLEDGE;
            default -> Notification.Kind.REPEAT;
        };
        Incident i = new Incident("i" + seq, "endpoint-down", "database", "http://127.0.0.1/x", Severity.P1,
                k == Notification.Kind.RESOLVE ? Incident.State.RESOLVED : Incident.State.FIRING, AT,
                k == Notification.Kind.RESOLVE ? AT : null, 2, 2, "t", List.of("slack"), Map.of(), false);
        return new Pending(seq, Notification.of(k, i, "slack", AT), 0, AT, null);
    }

    /**
     * @param queue    pending kinds in order (T trigger, R resolve, E escalation, P reminder); seq = position
     * @param inFlight positions under way ("-" none)
     * @param incoming the new notification's kind letter
     * @param expected "keep", "incoming", or the position of the pending one dropped
     */
    @ParameterizedTest(name = "[{0}] in flight {1}, max {2}, new {3}: {4}")
    @CsvSource({
            "TTP,  -, 4, T, keep",
            "TTP,  -, 3, T, 2",          // the reminder gives way to a trigger
            "TTP,  -, 3, R, 2",          // ... and to a resolve
            "TTP,  -, 3, P, incoming",   // a new reminder is not kept
            "TPTP, -, 4, T, 1",          // the oldest reminder first
            "TPTP, 1, 4, T, 3",          // never one under way
            "TETR, -, 4, T, 1",          // no reminder: an escalation
            "TETR, -, 4, E, 1",          // an older escalation gives way to a newer one
            "TRTR, -, 4, E, incoming",   // an escalation never pushes out a trigger or resolve
            "TRTR, -, 4, T, 0",          // only triggers and resolves: the oldest, as the last resort
            "TRTR, 0, 4, R, 1",
            "TT,   0 1, 2, T, incoming", // everything under way: the new one cannot be kept
            "TATE, -, 4, T, 1",          // an acknowledgement gives way before an escalation
            "TPTA, -, 4, A, 1",          // ... after a reminder
            "TRTR, -, 4, A, incoming",   // and never pushes out a trigger or resolve
    })
    void aFullOutboxShedsRemindersFirst(String queue, String inFlight, int max, char incoming, String expected) {
        List<Pending> pending = new ArrayList<>();
        for (int n = 0; n < queue.length(); n++) {
            pending.add(pending(n, queue.charAt(n)));
        }
        Set<Long> busy = new HashSet<>();
        if (!inFlight.equals("-")) {
            for (String n : inFlight.split(" ")) {
                busy.add(Long.parseLong(n));
            }
        }
        Shedding.Decision d = Shedding.decide(pending, busy, pending(99, incoming).notification().kind(), max);
        String got = d instanceof Shedding.Decision.Keep ? "keep"
                : d instanceof Shedding.Decision.DropIncoming ? "incoming"
                : Long.toString(((Shedding.Decision.DropPending) d).pending().seq());
        assertEquals(expected, got);
    }
}
