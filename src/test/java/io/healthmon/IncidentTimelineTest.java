package io.healthmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.alert.AlertEngine;
import io.healthmon.alert.EscalationStep;
import io.healthmon.alert.Incident;
import io.healthmon.alert.Notification;
import io.healthmon.alert.Policy;
import io.healthmon.alert.Router;
import io.healthmon.alert.TimelineEntry;
import io.healthmon.alert.Timelines;
import io.healthmon.config.EndpointSpec;
import io.healthmon.notify.DeliveryQueue;
import io.healthmon.probe.Outcome;
import io.healthmon.probe.ProbeHistory;
import io.healthmon.probe.ProbeResult;
import io.healthmon.rule.Comparison;
import io.healthmon.rule.Condition;
import io.healthmon.rule.Rule;
import io.healthmon.rule.Severity;
import io.healthmon.state.StateFile;
import io.healthmon.window.StatsStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An incident's timeline, event by event on the test clock: every kind of event the alert engine
 * and the delivery queue report, in time order, and what survives a restart.
 */
class IncidentTimelineTest {

    private static final Instant T0 = Instant.parse("2027-03-01T10:00:00Z");

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(T0);
    private final List<EndpointSpec> specs = List.of(
            TestSpecs.withHeadersAndValues(TestSpecs.endpoint("database", "http://127.0.0.1:3000/api/health/database"), Map.of(),
                    Map.of("cpu", "/cpu")),
            TestSpecs.endpoint("auth", "http://127.0.0.1:3000/api/health/auth"));
    private final ProbeHistory history = new ProbeHistory(specs, clock.instant(), null);
    private final StatsStore stats = new StatsStore(specs, List.of(Duration.ofMinutes(1)), 12, clock, null);
    private final List<Notification> sent = new ArrayList<>();
    private final AtomicBoolean silenced = new AtomicBoolean();
    /** Down on one failed probe, after 20 s of it: pending first. */
    private final Rule down = new Rule("endpoint-down", new Condition.EndpointDown(1), Severity.P1, Duration.ofSeconds(20),
            Duration.ZERO, Set.of("database"), Map.of(), List.of("slack-critical"));
    private final Rule cpu = new Rule("database-cpu", new Condition.ValueThreshold("cpu", Comparison.ABOVE, 80), Severity.P2,
            Duration.ZERO, Duration.ZERO, Set.of("database"), Map.of(), List.of("email"));
    private final Policy policy = new Policy(Map.of(Severity.P1, Duration.ofMinutes(10), Severity.P2, Duration.ofHours(4)),
            List.of(new EscalationStep("team-lead", Duration.ofMinutes(30), Set.of(Severity.P1), Set.of(), List.of("team-lead"))),
            Duration.ofMinutes(10), 2, List.of("endpoint"), Duration.ZERO, List.of());

    private Timelines timelines(Path file) {
        return new Timelines(new StateFile<>(file, Timelines.Saved.class, clock), w -> { });
    }

    private AlertEngine engine(Timelines timelines, AlertEngine.Saved initial) {
        Router router = new Router(Map.of(), List.of(), Set.of("slack-critical", "team-lead", "email"), Map.of());
        return new AlertEngine(List.of(down, cpu), router, policy, (i, now) -> silenced.get(),
                Map.of("database", "http://127.0.0.1:3000/api/health/database", "auth", "http://127.0.0.1:3000/api/health/auth"),
                sent::add, null, initial, clock.instant(), timelines);
    }

    private void probe(AlertEngine e, String endpoint, Outcome o, Map<String, Double> values) {
        ProbeResult r = new ProbeResult(endpoint, clock.instant(), 12_000_000, o, o.ok() ? 200 : 503,
                o.ok() ? "ok" : "HTTP 503, expected 200", values);
        history.record(r);
        e.evaluate(Observations.of(history.view(endpoint), stats.record(r)), Observations.platform(history));
    }

    /** What the delivery queue reports for the notifications made since {@code from}, through the composition root's bridge. */
    private void deliver(Timelines t, int from, DeliveryQueue.Outcome outcome, int attempts, String reason) {
        DeliveryEvents events = new DeliveryEvents((channel, o, age) -> { }, t, clock);
        for (Notification n : List.copyOf(sent.subList(from, sent.size()))) {
            events.finished(n, outcome, attempts, reason);
        }
    }

    private static List<String> kinds(List<TimelineEntry> timeline) {
        return timeline.stream().map(e -> e.kindName() + (e.channel() == null ? "" : "@" + e.channel())).toList();
    }

    @Test
    void anOutageIsToldInOrderFromTheFirstFailedProbeToTheResolveNotifications() throws IOException {
        Path file = dir.resolve("timelines.json");
        Timelines t = timelines(file);
        AlertEngine e = engine(t, null);
        probe(e, "database", Outcome.OK, Map.of());
        clock.advance(Duration.ofSeconds(10));
        probe(e, "database", Outcome.HTTP_STATUS, Map.of()); // 10:00:10 first failure, pending
        clock.advance(Duration.ofSeconds(10));
        probe(e, "database", Outcome.HTTP_STATUS, Map.of());
        assertTrue(sent.isEmpty(), "still pending");
        clock.advance(Duration.ofSeconds(10));
        probe(e, "database", Outcome.HTTP_STATUS, Map.of()); // 10:00:30 fires
        String id = e.open().get(0).id();
        clock.advance(Duration.ofSeconds(1));
        deliver(t, 0, DeliveryQueue.Outcome.RETRIED, 1, "HTTP 500");
        clock.advance(Duration.ofSeconds(2));
        deliver(t, 0, DeliveryQueue.Outcome.DELIVERED, 2, null);
        for (int minute = 1; minute <= 45; minute++) { // ticked every minute; ack at 12, withdrawn at 25
            clock.set(T0.plusSeconds(30).plus(Duration.ofMinutes(minute)));
            int before = sent.size();
            if (minute == 12) {
                assertEquals(AlertEngine.AckResult.DONE, e.acknowledge(id, "alice", "restarting the pooler", clock.instant()));
            }
            if (minute == 25) {
                assertEquals(AlertEngine.AckResult.DONE, e.unacknowledge(id, "bob", clock.instant()));
            }
            e.tick(clock.instant());
            deliver(t, before, DeliveryQueue.Outcome.DELIVERED, 1, null);
        }
        clock.advance(Duration.ofSeconds(10));
        int before = sent.size();
        probe(e, "database", Outcome.OK, Map.of()); // up again: resolved
        deliver(t, before, DeliveryQueue.Outcome.DROPPED, 1, "rejected (HTTP 404): not retried");

        List<TimelineEntry> timeline = e.timeline(id);
        assertEquals(List.of(
                "first_failure", "pending", "firing", "notification_queued@slack-critical",
                "notification_retried@slack-critical", "notification_delivered@slack-critical",
                "reminder@slack-critical", "notification_delivered@slack-critical", // 10 min after the trigger
                "acknowledged", "notification_queued@slack-critical", "notification_delivered@slack-critical",
                // no reminder at minute 20, no escalation: acknowledged
                "unacknowledged", "notification_queued@slack-critical",
                "reminder@slack-critical", // overdue since 20: at once
                "notification_delivered@slack-critical", "notification_delivered@slack-critical",
                "escalated@team-lead", "notification_queued@team-lead", "notification_delivered@team-lead",
                "reminder@slack-critical", "notification_delivered@slack-critical", // 35
                "reminder@slack-critical", "notification_delivered@slack-critical", // 45
                "endpoint_state", "resolved",
                "notification_queued@slack-critical", "notification_queued@team-lead",
                "notification_failed@slack-critical", "notification_failed@team-lead"), kinds(timeline));
        for (int n = 1; n < timeline.size(); n++) {
            assertTrue(!timeline.get(n).at().isBefore(timeline.get(n - 1).at()), "in time order at " + n);
        }
        TimelineEntry first = timeline.get(0);
        assertEquals(T0.plusSeconds(10), first.at());
        assertEquals(Map.of("outcome", "http_status", "http_status", "503", "latency_seconds", "0.012",
                "message", "HTTP 503, expected 200"), first.details());
        assertEquals(T0.plusSeconds(10), timeline.get(1).at(), "pending since the first breach");
        assertEquals(T0.plusSeconds(30), timeline.get(2).at());
        assertEquals("HTTP 500", timeline.get(4).details().get("reason"));
        TimelineEntry ack = timeline.get(8);
        assertEquals(Map.of("by", "alice", "comment", "restarting the pooler"), ack.details());
        assertEquals(T0.plusSeconds(30).plus(Duration.ofMinutes(12)), ack.at());
        assertEquals(Map.of("by", "bob"), timeline.get(11).details());
        assertEquals(T0.plusSeconds(30).plus(Duration.ofMinutes(25)), timeline.get(13).at(), "the overdue reminder");
        assertEquals("team-lead", timeline.get(16).details().get("step"));
        assertEquals(T0.plusSeconds(30).plus(Duration.ofMinutes(30)), timeline.get(16).at(),
                "the step's 30 minutes count from firing; the acknowledgement was withdrawn before then");
        assertEquals("up", timeline.get(23).details().get("state"));
        assertEquals("resolve", timeline.get(25).details().get("notification"));

        assertEquals(AlertEngine.AckResult.NOT_OPEN, e.acknowledge(id, "carol", "", clock.instant()), "resolved: too late");
        assertEquals(AlertEngine.AckResult.UNKNOWN, e.acknowledge("nope:database:1", "carol", "", clock.instant()));
        assertEquals(timeline, e.timeline(id), "neither changed anything");

        // persisted: a new store over the same files reads the same story, and a restarted engine serves it
        Timelines reread = timelines(file);
        assertEquals(timeline, reread.of(id));
        AlertEngine restarted = engine(reread, new AlertEngine.Saved(List.of(), e.recentlyResolved(), List.of()));
        assertEquals(timeline, restarted.timeline(id));
        assertEquals(Incident.State.RESOLVED, restarted.incident(id).orElseThrow().state());
        assertTrue(Files.size(dir.resolve("timelines.log")) > 0, "each entry a line, not a rewrite");
    }

    @Test
    void aResolvedIncidentAndItsTimelineAreKeptNinetyDays() {
        Timelines t = Timelines.inMemory();
        AlertEngine e = engine(t, null);
        probe(e, "database", Outcome.OK, Map.of("cpu", 95.0));
        String id = e.open().get(0).id();
        clock.advance(Duration.ofSeconds(10));
        probe(e, "database", Outcome.OK, Map.of("cpu", 20.0));
        clock.advance(AlertEngine.KEEP_RESOLVED_FOR.minusSeconds(1));
        e.tick(clock.instant());
        assertEquals(List.of(id), e.recentlyResolved().stream().map(Incident::id).toList());
        clock.advance(Duration.ofSeconds(2));
        e.tick(clock.instant());
        assertEquals(List.of(), e.recentlyResolved());
        assertEquals(List.of(), t.of(id), "its timeline goes with it");
        assertTrue(e.incident(id).isEmpty());
    }

    @Test
    void anIncidentCarriedOnAfterARestartSaysHealthmonWasNotWatching() {
        Timelines t = Timelines.inMemory();
        AlertEngine e = engine(t, null);
        probe(e, "database", Outcome.OK, Map.of("cpu", 95.0));
        String id = e.open().get(0).id();
        clock.advance(Duration.ofMinutes(3));
        AlertEngine after = engine(t, new AlertEngine.Saved(e.tracked(), List.of(), e.groups()));
        after.restarted(clock.instant());
        List<TimelineEntry> timeline = after.timeline(id);
        assertEquals(List.of("evidence", "firing", "notification_queued@email", "restarted"), kinds(timeline));
        assertEquals(clock.instant(), timeline.get(3).at());
    }

    @Test
    void aRuleOnAnAnsweringEndpointOpensWithTheProbeItFiredOnAndMutingIsRecorded() {
        Timelines t = Timelines.inMemory();
        AlertEngine e = engine(t, null);
        silenced.set(true);
        probe(e, "database", Outcome.OK, Map.of("cpu", 93.0));
        String id = e.open().get(0).id();
        clock.advance(Duration.ofMinutes(5));
        silenced.set(false);
        e.tick(clock.instant());
        List<TimelineEntry> timeline = e.timeline(id);
        assertEquals(List.of("evidence", "firing", "muted", "unmuted", "notification_queued@email"), kinds(timeline));
        assertEquals("200", timeline.get(0).details().get("http_status"));
        assertEquals("93.0", timeline.get(1).details().get("value"));
    }

    @Test
    void aSilenceMadeAndEndedDuringAnIncidentIsRecordedOnceEach() {
        Timelines t = Timelines.inMemory();
        AlertEngine e = engine(t, null);
        probe(e, "database", Outcome.OK, Map.of("cpu", 95.0));
        String id = e.open().get(0).id();
        for (int minute = 1; minute <= 8; minute++) {
            clock.advance(Duration.ofMinutes(1));
            silenced.set(minute >= 2 && minute < 5);
            e.tick(clock.instant());
        }
        List<TimelineEntry> timeline = e.timeline(id);
        assertEquals(List.of("evidence", "firing", "notification_queued@email", "muted", "unmuted"), kinds(timeline));
        assertEquals(T0.plus(Duration.ofMinutes(2)), timeline.get(3).at());
        assertEquals(T0.plus(Duration.ofMinutes(5)), timeline.get(4).at());
    }

    @Test
    void anIncidentThatKeepsResolvingAndFiringSaysItIsHeldAsFlapping() {
        Timelines t = Timelines.inMemory();
        AlertEngine e = engine(t, null);
        String id = null;
        for (int n = 0; n < 3; n++) { // fires, resolves, fires, resolves, fires: the third resolve is held
            probe(e, "database", Outcome.OK, Map.of("cpu", 95.0));
            id = id == null ? e.open().get(0).id() : id;
            clock.advance(Duration.ofSeconds(30));
            probe(e, "database", Outcome.OK, Map.of("cpu", 20.0));
            clock.advance(Duration.ofSeconds(30));
        }
        String held = e.open().get(0).id();
        assertTrue(e.open().get(0).flapping());
        assertEquals(List.of("evidence", "firing", "notification_queued@email", "flapping"), kinds(e.timeline(held)));
        assertEquals(List.of("evidence", "firing", "notification_queued@email", "resolved", "notification_queued@email"),
                kinds(e.timeline(id)));
    }
}
