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

/** Incidents and groups brought up to date with the delivery journal, as after a kill between the two writes. */
class JournalRecoveryTest {

    private static final Instant FIRED = Instant.parse("2027-03-01T10:00:00Z");
    private static final Group DB = new Group("endpoint=database/a", "endpoint=database", Map.of("endpoint", "database"), FIRED);
    private final List<String> report = new ArrayList<>();

    private static Incident firing(String rule, Severity severity) {
        return new Incident(rule + ":database:a", rule, "database", "http://127.0.0.1/api/health/database", severity,
                Incident.State.FIRING, FIRED, null, 2, 2, "2 consecutive failed probes", List.of("pagerduty", "slack"), Map.of(), false);
    }

    private static Notification n(Notification.Kind kind, String channel, int secondsAfter, Incident... incidents) {
        List<Incident> as = new ArrayList<>();
        for (Incident i : incidents) {
            as.add(kind == Notification.Kind.RESOLVE ? i.resolved(FIRED.plusSeconds(secondsAfter), 0, "0 failed") : i);
        }
        return new Notification(kind, DB, as, channel, FIRED.plusSeconds(secondsAfter));
    }

    private static GroupState told(String channel, boolean escalation, Severity severity, Instant last, Incident... members) {
        return new GroupState(DB, channel, escalation, List.of(members), severity, escalation ? last : FIRED, last);
    }

    private AlertEngine.Saved recover(AlertEngine.Saved saved, Notification... journal) {
        return JournalRecovery.recover(saved, List.of(journal), report::add);
    }

    @Test
    void aTriggerJournaledButNotSavedOpensItsIncidentsAndTheirGroupAsTold() {
        Incident a = firing("endpoint-down", Severity.P1);
        Incident b = firing("error-rate", Severity.P2);
        AlertEngine.Saved out = recover(null, n(Notification.Kind.TRIGGER, "pagerduty", 0, a, b),
                n(Notification.Kind.TRIGGER, "slack", 0, a));
        assertEquals(List.of(a, b), out.open().stream().map(AlertEngine.Tracked::incident).toList());
        assertEquals(List.of(told("pagerduty", false, Severity.P1, FIRED, a, b), told("slack", false, Severity.P1, FIRED, a)),
                out.groups(), "their page went (or goes) out: the groups must get their resolve, never a second trigger");
        assertEquals(4, report.size(), report.toString());
        assertTrue(report.get(0).contains(a.id()));
    }

    @Test
    void aResolveJournaledButNotSavedEndsTheIncidentsAndTheGroup() {
        Incident a = firing("endpoint-down", Severity.P1);
        AlertEngine.Saved saved = new AlertEngine.Saved(List.of(new AlertEngine.Tracked(a, null)), List.of(),
                List.of(told("pagerduty", false, Severity.P1, FIRED, a)));
        AlertEngine.Saved out = recover(saved, n(Notification.Kind.RESOLVE, "pagerduty", 60, a));
        assertEquals(List.of(), out.open());
        assertEquals(List.of(), out.groups());
        assertEquals(Incident.State.RESOLVED, out.resolved().get(0).state());
        assertEquals(a.id(), out.resolved().get(0).id());
    }

    @Test
    void anAcknowledgementJournaledButNotSavedIsKeptAndAWithdrawalAfterItWins() {
        Incident a = firing("endpoint-down", Severity.P1);
        Incident acked = a.acknowledgedBy(new Acknowledgement("alice", "on it", FIRED.plusSeconds(60)));
        AlertEngine.Saved saved = new AlertEngine.Saved(List.of(new AlertEngine.Tracked(a, null)), List.of(),
                List.of(told("pagerduty", false, Severity.P1, FIRED, a)));
        assertEquals(acked.acknowledged(), recover(saved, n(Notification.Kind.ACKNOWLEDGE, "pagerduty", 60, acked))
                .open().get(0).incident().acknowledged());
        assertEquals(null, recover(saved, n(Notification.Kind.ACKNOWLEDGE, "pagerduty", 60, acked),
                n(Notification.Kind.UNACKNOWLEDGE, "pagerduty", 90, a)).open().get(0).incident().acknowledged());
        assertSame(saved, recover(saved, n(Notification.Kind.UNACKNOWLEDGE, "pagerduty", 90, a)), "nothing to change");
    }

    @Test
    void anEscalationAReminderAndAJoinedIncidentUpdateWhatWasSent() {
        Incident a = firing("endpoint-down", Severity.P2);
        Incident b = firing("availability", Severity.P1);
        AlertEngine.Saved saved = new AlertEngine.Saved(List.of(new AlertEngine.Tracked(a, null), new AlertEngine.Tracked(b, null)),
                List.of(), List.of(told("pagerduty", false, Severity.P2, FIRED, a)));
        AlertEngine.Saved out = recover(saved, n(Notification.Kind.REPEAT, "pagerduty", 3600, a, b),
                n(Notification.Kind.ESCALATE, "team-lead", 1800, b));
        assertEquals(List.of(told("pagerduty", false, Severity.P1, FIRED.plusSeconds(3600), a, b),
                told("team-lead", true, Severity.P1, FIRED.plusSeconds(1800), b)), out.groups());
        assertEquals(1, report.size(), "only the escalation group was unknown: " + report);
    }

    @Test
    void aJournalThatAgreesWithTheFileChangesNothing() {
        Incident a = firing("endpoint-down", Severity.P1);
        AlertEngine.Saved saved = new AlertEngine.Saved(List.of(new AlertEngine.Tracked(a, null)), List.of(),
                List.of(told("pagerduty", false, Severity.P1, FIRED, a)));
        assertSame(saved, recover(saved, n(Notification.Kind.TRIGGER, "pagerduty", 0, a)));
        Incident done = a.resolved(FIRED.plusSeconds(60), 0, "ok");
        AlertEngine.Saved over = new AlertEngine.Saved(List.of(), List.of(done), List.of());
        assertSame(over, recover(over, n(Notification.Kind.RESOLVE, "pagerduty", 60, a)),
                "a resolve still being delivered for a resolved incident");
        assertSame(over, recover(over, n(Notification.Kind.TRIGGER, "pagerduty", 0, a)),
                "a trigger still pending for an incident already resolved does not reopen it");
        assertEquals(List.of(), report);
    }
}
