package io.healthmon.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.rule.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Incidents brought up to date with the delivery journal, as after a kill between the two writes. */
class JournalRecoveryTest {

    private static final Instant FIRED = Instant.parse("2027-03-01T10:00:00Z");
    private final List<String> report = new ArrayList<>();

    private static Incident firing(String id) {
        return new Incident(id, "endpoint-down", "database", "http://127.0.0.1/api/health/database", Severity.P1,
                Incident.State.FIRING, FIRED, null, 2, 2, "2 consecutive failed probes", List.of("pagerduty", "slack"), Map.of(), false);
    }

    private static Notification n(Notification.Kind kind, Incident i, String channel, int secondsAfter) {
        Incident as = kind == Notification.Kind.RESOLVE ? i.resolved(FIRED.plusSeconds(secondsAfter), 0, "0 failed") : i;
        return new Notification(kind, as, channel, FIRED.plusSeconds(secondsAfter));
    }

    private AlertEngine.Saved recover(AlertEngine.Saved saved, Notification... journal) {
        return JournalRecovery.recover(saved, List.of(journal), report::add);
    }

    @Test
    void aTriggerJournaledButNotSavedOpensItsIncidentAsNotified() {
        Incident a = firing("endpoint-down:database:a");
        AlertEngine.Saved out = recover(null, n(Notification.Kind.TRIGGER, a, "pagerduty", 0),
                n(Notification.Kind.TRIGGER, a, "slack", 0));
        assertEquals(1, out.open().size());
        AlertEngine.Tracked t = out.open().get(0);
        assertEquals(a, t.incident());
        assertTrue(t.notified(), "its page went (or goes) out: it must get its resolve");
        assertEquals(Map.of("pagerduty", FIRED, "slack", FIRED), t.lastSent());
        assertEquals(1, report.size(), report.toString());
        assertTrue(report.get(0).contains(a.id()));
    }

    @Test
    void aResolveJournaledButNotSavedEndsTheIncident() {
        Incident a = firing("endpoint-down:database:a");
        AlertEngine.Saved saved = new AlertEngine.Saved(List.of(new AlertEngine.Tracked(a, true, false, Map.of())), List.of());
        AlertEngine.Saved out = recover(saved, n(Notification.Kind.RESOLVE, a, "pagerduty", 60));
        assertEquals(List.of(), out.open());
        assertEquals(Incident.State.RESOLVED, out.resolved().get(0).state());
        assertEquals(a.id(), out.resolved().get(0).id());
    }

    @Test
    void anEscalationAndAReminderUpdateWhatWasSent() {
        Incident a = firing("endpoint-down:database:a");
        AlertEngine.Saved saved = new AlertEngine.Saved(
                List.of(new AlertEngine.Tracked(a, true, false, Map.of("pagerduty", FIRED))), List.of());
        AlertEngine.Saved out = recover(saved, n(Notification.Kind.REPEAT, a, "pagerduty", 3600),
                n(Notification.Kind.ESCALATE, a, "team-lead", 1800));
        AlertEngine.Tracked t = out.open().get(0);
        assertTrue(t.escalated());
        assertEquals(Map.of("pagerduty", FIRED.plusSeconds(3600)), t.lastSent());
        assertEquals(List.of(), report, "nothing was lost, only brought up to date");
    }

    @Test
    void aJournalThatAgreesWithTheFileChangesNothing() {
        Incident a = firing("endpoint-down:database:a");
        AlertEngine.Saved saved = new AlertEngine.Saved(
                List.of(new AlertEngine.Tracked(a, true, false, Map.of("pagerduty", FIRED))), List.of());
        assertSame(saved, recover(saved, n(Notification.Kind.TRIGGER, a, "pagerduty", 0)));
        Incident done = a.resolved(FIRED.plusSeconds(60), 0, "ok");
        AlertEngine.Saved over = new AlertEngine.Saved(List.of(), List.of(done));
        assertSame(over, recover(over, n(Notification.Kind.RESOLVE, a, "pagerduty", 60)),
                "a resolve still being delivered for a resolved incident");
        assertSame(over, recover(over, n(Notification.Kind.TRIGGER, a, "pagerduty", 0)),
                "a trigger still pending for an incident already resolved does not reopen it");
        assertEquals(List.of(), report);
    }
}
