package io.healthmon.alert;

import io.healthmon.state.StateFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.Observations;
import io.healthmon.TestClock;
import io.healthmon.TestSpecs;
import io.healthmon.config.EndpointSpec;
import io.healthmon.probe.Outcome;
import io.healthmon.probe.ProbeHistory;
import io.healthmon.probe.ProbeResult;
import io.healthmon.rule.Condition;
import io.healthmon.rule.Rule;
import io.healthmon.rule.Severity;
import io.healthmon.window.StatsStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertEngineTest {

    private final TestClock clock = new TestClock(Instant.parse("2027-01-01T00:00:00Z"));
    private final List<EndpointSpec> specs = List.of(
            TestSpecs.endpoint("database", "http://127.0.0.1:3000/api/health/database"),
            TestSpecs.endpoint("auth", "http://127.0.0.1:3000/api/health/auth"));
    private final Map<String, String> urls = Map.of("database", specs.get(0).displayUrl(), "auth", specs.get(1).displayUrl());
    private static final Silencer NEVER = (incident, now) -> false;
    private final ProbeHistory history = new ProbeHistory(specs, clock.instant(), null);
    private final StatsStore stats = new StatsStore(specs, List.of(Duration.ofMinutes(1)), 12, clock, null);
    private final List<Notification> sent = new ArrayList<>();
    private final Rule down = new Rule("endpoint-down", new Condition.EndpointDown(2), Severity.P1, Duration.ZERO,
            Duration.ZERO, Set.of(), Map.of(), List.of("slack-critical", "email"));
    private final Rule outage = new Rule("complete-outage", new Condition.CompleteOutage(2), Severity.P0, Duration.ZERO,
            Duration.ZERO, Set.of(), Map.of(), List.of());
    private final AlertEngine engine = new AlertEngine(List.of(down, outage),
            new Router(Defaults.ROUTING, List.of(), Set.of("slack-critical", "pagerduty"), Map.of()), Defaults.POLICY, NEVER, urls, sent::add,
            null, null, clock.instant());

    private void probe(String endpoint, Outcome o) {
        ProbeResult r = new ProbeResult(endpoint, clock.instant(), 1_000_000, o, o.ok() ? 200 : 503, o.label(), Map.of());
        history.record(r);
        engine.evaluate(Observations.of(history.view(endpoint), stats.record(r)), Observations.platform(history));
        clock.advance(Duration.ofSeconds(1));
    }

    @Test
    void oneIncidentPerRuleAndEndpointNotifiedOnFiringAndResolveOnEveryChannel() {
        probe("database", Outcome.HTTP_STATUS);
        assertTrue(sent.isEmpty());
        assertTrue(engine.active("database") == false);
        probe("database", Outcome.HTTP_STATUS);
        probe("database", Outcome.HTTP_STATUS);
        assertEquals(2, sent.size(), "one trigger per channel, once");
        Notification trigger = sent.get(0);
        assertEquals(Notification.Kind.TRIGGER, trigger.kind());
        assertEquals("slack-critical", trigger.channel());
        assertEquals("log", sent.get(1).channel(), "email is not configured: the log channel stands in");
        Incident i = trigger.lead();
        assertEquals("endpoint-down:database:" + Long.toString(Instant.parse("2027-01-01T00:00:01Z").getEpochSecond(), 36), i.id());
        assertEquals("http://127.0.0.1:3000/api/health/database", i.url());
        assertEquals(Severity.P1, i.severity());
        assertTrue(engine.active("database"));
        assertEquals(1, engine.open().size());
        assertEquals(3.0, engine.open().get(0).value(), "the open incident shows the latest value");

        probe("database", Outcome.OK);
        assertEquals(4, sent.size());
        assertEquals(Notification.Kind.RESOLVE, sent.get(2).kind());
        assertEquals(i.id(), sent.get(2).lead().id(), "the resolve names the same incident");
        assertEquals(Incident.State.RESOLVED, sent.get(2).lead().state());
        assertTrue(engine.open().isEmpty());
        assertEquals(List.of(i.id()), engine.recentlyResolved().stream().map(Incident::id).toList());
        assertFalse(engine.active("database"));
    }

    /** What slack-critical was sent, "T" trigger, "R" resolve, for probes one second apart (F failed, O ok). */
    private String play(String probes) {
        for (char c : probes.toCharArray()) {
            probe("database", c == 'F' ? Outcome.HTTP_STATUS : Outcome.OK);
        }
        return slackKinds();
    }

    private String slackKinds() {
        return String.join(" ", sent.stream().filter(n -> n.channel().equals("slack-critical"))
                .map(n -> n.kind().name().substring(0, 1)).toList());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "FFO,             T R",
            "FFOFFO,          T R T R",
            "FFOFFOFFO,       T R T R T",  // a third fire within 10 min: held firing at its clear
            "FFOFFOFFOFFOFFO, T R T R T",  // breaching again while held: no new page
    })
    void anIncidentThatKeepsResolvingAndFiringIsHeldFiringInsteadOfPagingAgain(String probes, String expected) {
        assertEquals(expected, play(probes));
    }

    @Test
    void aHeldIncidentIsMarkedFlappingAndResolvesOnceClearForTheWholeFlapWindow() {
        assertEquals("T R T R T", play("FFOFFOFFO"));
        Incident held = engine.open().get(0);
        assertTrue(held.flapping(), "the API shows it flapping");
        assertEquals(Incident.State.FIRING, held.state());
        Instant clear = clock.instant().minusSeconds(1);
        clock.set(clear.plus(Duration.ofMinutes(10)).minusMillis(1));
        engine.tick(clock.instant());
        assertEquals(1, engine.open().size(), "not clear for 10 min yet");
        clock.set(clear.plus(Duration.ofMinutes(10)));
        engine.tick(clock.instant());
        assertEquals(List.of(), engine.open());
        assertEquals("T R T R T R", slackKinds());
        Notification resolve = sent.get(sent.size() - 1);
        assertTrue(resolve.lead().flapping(), "the resolve says it was flapping");
        assertEquals(held.id(), resolve.lead().id());

        clock.advance(Duration.ofSeconds(1));
        assertEquals("T R T R T R T", play("FF"), "calm since: the next outage pages");
    }

    @Test
    void clearingAgainWhileHeldRestartsTheCalmPeriod() {
        play("FFOFFOFFO");
        Instant firstClear = clock.instant().minusSeconds(1);
        clock.set(firstClear.plus(Duration.ofMinutes(5)));
        play("FFO"); // breached and cleared again while held
        clock.set(firstClear.plus(Duration.ofMinutes(10)));
        engine.tick(clock.instant());
        assertEquals(1, engine.open().size(), "clear only since the second clear");
        clock.set(firstClear.plus(Duration.ofMinutes(15)).plusSeconds(3));
        engine.tick(clock.instant());
        assertEquals(List.of(), engine.open());
    }

    @Test
    void completeOutageFiresOnlyWhenEveryEndpointFails() {
        probe("database", Outcome.CONNECTION_REFUSED);
        probe("database", Outcome.CONNECTION_REFUSED);
        assertTrue(sent.stream().noneMatch(n -> n.lead().rule().equals("complete-outage")));
        probe("auth", Outcome.CONNECTION_REFUSED);
        probe("auth", Outcome.CONNECTION_REFUSED);
        List<Notification> p0 = sent.stream().filter(n -> n.lead().rule().equals("complete-outage")).toList();
        assertEquals(List.of("pagerduty", "slack-critical"), p0.stream().map(Notification::channel).toList());
        assertEquals(AlertEngine.ALL, p0.get(0).lead().endpoint());
        assertEquals(Severity.P0, p0.get(0).lead().severity());
    }

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    @Test
    void aRestartKeepsTheOpenIncidentPagesNoAgainAndResolvesIt() {
        StateFile<AlertEngine.Saved> file = new StateFile<>(dir.resolve("incidents.json"), AlertEngine.Saved.class, clock);
        AlertEngine before = new AlertEngine(List.of(down), new Router(Defaults.ROUTING, List.of(), Set.of("slack-critical"), Map.of()),
                Defaults.POLICY, NEVER, urls, sent::add, file, file.load().orElse(null), clock.instant());
        for (int i = 0; i < 2; i++) {
            ProbeResult r = new ProbeResult("database", clock.instant(), 1, Outcome.TIMEOUT, 0, "t", Map.of());
            history.record(r);
            before.evaluate(Observations.of(history.view("database"), stats.record(r)), Observations.platform(history));
            clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(2, sent.size()); // slack-critical + log (email unconfigured)
        String id = sent.get(0).lead().id();

        // The daemon restarts: fresh history and windows, the incident from disk.
        ProbeHistory fresh = new ProbeHistory(specs, clock.instant(), null);
        StatsStore freshStats = new StatsStore(specs, List.of(Duration.ofMinutes(1)), 12, clock, null);
        AlertEngine after = new AlertEngine(List.of(down), new Router(Defaults.ROUTING, List.of(), Set.of("slack-critical"), Map.of()),
                Defaults.POLICY, NEVER, urls, sent::add, file, file.load().orElse(null), clock.instant());
        assertEquals(List.of(id), after.open().stream().map(Incident::id).toList());
        assertTrue(after.active("database"), "a restored incident hurries its endpoint");
        ProbeResult stillDown = new ProbeResult("database", clock.instant(), 1, Outcome.TIMEOUT, 0, "t", Map.of());
        fresh.record(stillDown);
        after.evaluate(Observations.of(fresh.view("database"), freshStats.record(stillDown)), Observations.platform(fresh));
        assertEquals(2, sent.size(), "still failing after the restart: no second trigger");
        clock.advance(Duration.ofSeconds(1));
        ProbeResult up = new ProbeResult("database", clock.instant(), 1, Outcome.OK, 200, "ok", Map.of());
        fresh.record(up);
        after.evaluate(Observations.of(fresh.view("database"), freshStats.record(up)), Observations.platform(fresh));
        assertEquals(4, sent.size());
        assertEquals(Notification.Kind.RESOLVE, sent.get(2).kind());
        assertEquals(id, sent.get(2).lead().id());
        assertTrue(new AlertEngine(List.of(down), new Router(Defaults.ROUTING, List.of(), Set.of(), Map.of()), Defaults.POLICY,
                NEVER, urls, sent::add, file, file.load().orElse(null), clock.instant())
                .open().isEmpty(), "the resolved incident is gone from disk");
    }

    private AlertEngine engine(Silencer silencer, Map<String, Duration> refresh) {
        return new AlertEngine(List.of(down), new Router(Defaults.ROUTING, List.of(), Set.of("slack-critical", "am"), refresh),
                Defaults.POLICY, silencer, urls, sent::add, null, null, clock.instant());
    }

    private void probe(AlertEngine e, Outcome o) {
        ProbeResult r = new ProbeResult("database", clock.instant(), 1, o, o.ok() ? 200 : 503, o.label(), Map.of());
        history.record(r);
        e.evaluate(Observations.of(history.view("database"), stats.record(r)), Observations.platform(history));
    }

    private List<String> kinds() {
        return sent.stream().map(n -> n.kind() + ">" + n.channel()).toList();
    }

    @Test
    void remindsPerSeverityAndEscalatesOnceAfterThirtyMinutes() {
        AlertEngine e = new AlertEngine(List.of(down), new Router(Defaults.ROUTING, List.of(), Set.of("slack-critical",
                "team-lead"), Map.of()), Defaults.POLICY, NEVER, urls, sent::add, null, null, clock.instant());
        probe(e, Outcome.TIMEOUT);
        probe(e, Outcome.TIMEOUT); // fires (P1): slack-critical and email (unconfigured: log)
        assertEquals(List.of("TRIGGER>slack-critical", "TRIGGER>log"), kinds());
        for (int minute = 1; minute <= 61; minute++) {
            clock.advance(Duration.ofMinutes(1));
            e.tick(clock.instant());
        }
        assertEquals(List.of("TRIGGER>slack-critical", "TRIGGER>log", "ESCALATE>team-lead", "REPEAT>slack-critical",
                "REPEAT>log"), kinds(), "escalated at 30 min, reminded at 1 h (P1); the escalation is not reminded");
        assertTrue(AlertEngine.membership(e.memberships(), e.open().get(0).id()).escalated());
        probe(e, Outcome.OK);
        assertEquals(List.of("RESOLVE>slack-critical", "RESOLVE>log", "RESOLVE>team-lead"), kinds().subList(5, kinds().size()),
                "the resolve goes where the trigger and the escalation went");
    }

    @Test
    void anEscalationToAChannelAlreadyTellingTheIncidentIsNotSentTwice() {
        AlertEngine e = engine(NEVER, Map.of()); // team-lead unconfigured: the log channel, which email's group already uses
        probe(e, Outcome.TIMEOUT);
        probe(e, Outcome.TIMEOUT);
        clock.advance(Duration.ofMinutes(31));
        e.tick(clock.instant());
        assertEquals(List.of("TRIGGER>slack-critical", "TRIGGER>log"), kinds());
    }

    @Test
    void aSilencedIncidentIsTrackedNotNotifiedUntilTheSilenceEnds() {
        Instant silenceEnds = clock.instant().plus(Duration.ofMinutes(10));
        AlertEngine e = engine((i, now) -> now.isBefore(silenceEnds), Map.of());
        probe(e, Outcome.TIMEOUT);
        probe(e, Outcome.TIMEOUT);
        assertEquals(1, e.open().size());
        assertEquals(List.of(), sent);
        clock.advance(Duration.ofMinutes(9));
        e.tick(clock.instant());
        assertEquals(List.of(), sent);
        clock.advance(Duration.ofMinutes(1));
        e.tick(clock.instant());
        assertEquals(List.of("TRIGGER>slack-critical", "TRIGGER>log"), kinds(), "still firing when the silence ended");
    }

    @Test
    void anIncidentResolvedWhileSilencedIsNeverNotified() {
        AlertEngine e = engine((i, now) -> true, Map.of());
        probe(e, Outcome.TIMEOUT);
        probe(e, Outcome.TIMEOUT);
        probe(e, Outcome.OK);
        e.tick(clock.instant());
        assertEquals(List.of(), sent);
        assertEquals(1, e.recentlyResolved().size());
    }

    @Test
    void alertmanagerChannelsAreRefreshedEveryMinute() {
        Rule toAm = new Rule("endpoint-down", new Condition.EndpointDown(2), Severity.P3, Duration.ZERO, Duration.ZERO,
                Set.of(), Map.of(), List.of("am"));
        AlertEngine e = new AlertEngine(List.of(toAm), new Router(Defaults.ROUTING, List.of(), Set.of("am"),
                Map.of("am", Duration.ofMinutes(1))), Defaults.POLICY, NEVER, urls, sent::add, null, null, clock.instant());
        probe(e, Outcome.TIMEOUT);
        probe(e, Outcome.TIMEOUT);
        for (int s = 0; s < 150; s += 10) {
            clock.advance(Duration.ofSeconds(10));
            e.tick(clock.instant());
        }
        assertEquals(List.of("TRIGGER>am", "REPEAT>am", "REPEAT>am"), kinds());
    }

    @Test
    void aReloadHandsTheOpenIncidentOverWithoutANewPageAndTheOldEngineStops() {
        probe("database", Outcome.HTTP_STATUS);
        probe("database", Outcome.HTTP_STATUS);
        assertEquals(2, sent.size(), "slack-critical + log");
        String id = engine.open().get(0).id();

        AlertEngine next = engine.handOver(carried -> new AlertEngine(List.of(down, outage),
                new Router(Defaults.ROUTING, List.of(), Set.of("slack-critical", "pagerduty"), Map.of()), Defaults.POLICY, NEVER,
                urls, sent::add, null, carried, clock.instant()));
        assertEquals(List.of(id), next.open().stream().map(Incident::id).toList());
        assertEquals(2, sent.size(), "carried on, not paged again");

        ProbeResult up = new ProbeResult("database", clock.instant(), 1, Outcome.OK, 200, "ok", Map.of());
        history.record(up);
        engine.evaluate(Observations.of(history.view("database"), stats.record(up)), Observations.platform(history));
        assertEquals(2, sent.size(), "the old engine no longer acts");
        next.evaluate(Observations.of(history.view("database"), stats.record(up)), Observations.platform(history));
        assertEquals(List.of("RESOLVE>slack-critical", "RESOLVE>log"), kinds().subList(2, 4));
    }

    @Test
    void anIncidentWhoseRuleWasRemovedResolvesAtTheHandOverWithNotification() {
        probe("database", Outcome.HTTP_STATUS);
        probe("database", Outcome.HTTP_STATUS);
        String id = engine.open().get(0).id();

        AlertEngine next = engine.handOver(carried -> new AlertEngine(List.of(outage), // endpoint-down removed
                new Router(Defaults.ROUTING, List.of(), Set.of("slack-critical", "pagerduty"), Map.of()), Defaults.POLICY, NEVER,
                urls, sent::add, null, carried, clock.instant()));
        assertTrue(next.open().isEmpty());
        assertEquals(List.of("RESOLVE>slack-critical", "RESOLVE>log"), kinds().subList(2, kinds().size()),
                "resolved where it was triggered");
        assertEquals(id, sent.get(2).lead().id());
        assertTrue(sent.get(2).lead().text().contains("removed from the configuration"), sent.get(2).lead().text());
        assertEquals(List.of(id), next.recentlyResolved().stream().map(Incident::id).toList());
    }
}
