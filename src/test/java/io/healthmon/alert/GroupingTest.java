package io.healthmon.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import io.healthmon.state.StateFile;
import io.healthmon.window.StatsStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Notification groups and inhibition, played probe by probe and tick by tick on an injected
 * clock through the real history, windows, rules and alert engine: every rule here watches the
 * database's failed-probe streak, with a different threshold and severity, and pages "pd".
 */
class GroupingTest {

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2027-01-01T00:00:00Z"));
    private final List<EndpointSpec> specs = List.of(
            TestSpecs.endpoint("database", "http://127.0.0.1:3000/api/health/database"),
            TestSpecs.endpoint("auth", "http://127.0.0.1:3000/api/health/auth"));
    private final Map<String, String> urls = Map.of("database", specs.get(0).displayUrl(), "auth", specs.get(1).displayUrl());
    private final ProbeHistory history = new ProbeHistory(specs, clock.instant(), null);
    private final StatsStore stats = new StatsStore(specs, List.of(Duration.ofMinutes(1)), 12, clock, null);
    private final List<Notification> sent = new ArrayList<>();

    /** Fires after {@code failures} failed probes in a row; resolves {@code keepSeconds} after the endpoint answers again. */
    private static Rule down(String name, int failures, Severity s, int keepSeconds) {
        return new Rule(name, new Condition.EndpointDown(failures), s, Duration.ZERO, Duration.ofSeconds(keepSeconds), Set.of(),
                Map.of(), List.of("pd"));
    }

    private final Rule two = down("down-2", 2, Severity.P2, 0);
    private final Rule three = down("down-3", 3, Severity.P2, 10);
    private final Rule four = down("down-4", 4, Severity.P1, 20);
    private final Rule outage = new Rule("complete-outage", new Condition.CompleteOutage(2), Severity.P0, Duration.ZERO,
            Duration.ZERO, Set.of(), Map.of(), List.of("pd"));

    private AlertEngine engine(List<Rule> rules, Policy policy, StateFile<AlertEngine.Saved> file) {
        return new AlertEngine(rules, new Router(Defaults.ROUTING, List.of(), Set.of("pd"), Map.of()), policy,
                (i, now) -> false, urls, sent::add, file, file == null ? null : file.load().orElse(null), clock.instant());
    }

    private AlertEngine engine(Rule... rules) {
        return engine(List.of(rules), Defaults.POLICY.grouped(List.of("endpoint"), Duration.ZERO, List.of()), null);
    }

    /** One probe of the endpoint, then a second passes and the housekeeping tick runs. */
    private void probe(AlertEngine e, String endpoint, Outcome o) {
        ProbeResult r = new ProbeResult(endpoint, clock.instant(), 1_000_000, o, o.ok() ? 200 : 503, o.label(), Map.of());
        history.record(r);
        e.evaluate(Observations.of(history.view(endpoint), stats.record(r)), Observations.platform(history));
        clock.advance(Duration.ofSeconds(1));
        e.tick(clock.instant());
    }

    private void probes(AlertEngine e, String endpoint, Outcome o, int n) {
        for (int k = 0; k < n; k++) {
            probe(e, endpoint, o);
        }
    }

    /** "TRIGGER P2 [down-2]": what each message to pd said, in order. */
    private List<String> said() {
        return said("pd");
    }

    private List<String> said(String channel) {
        return sent.stream().filter(n -> n.channel().equals(channel)).map(n -> n.kind() + " " + n.lead().severity() + " " + n.incidents().stream()
                .map(i -> i.rule() + (i.state() == Incident.State.RESOLVED ? "(resolved)" : "")).collect(Collectors.toList()))
                .toList();
    }

    @Test
    void aRuleJoiningAFiringGroupIsNoExtraPingARisingSeverityIsOneUpdateAndTheGroupResolvesRuleByRule() {
        AlertEngine e = engine(two, three, four);
        probes(e, "database", Outcome.HTTP_STATUS, 2);
        assertEquals(List.of("TRIGGER P2 [down-2]"), said(), "the group starts firing");
        probe(e, "database", Outcome.HTTP_STATUS);
        assertEquals(1, sent.size(), "down-3 joined at the same severity: no ping");
        assertEquals(List.of("down-2", "down-3"), e.groups().get(0).members().stream().map(Incident::rule).toList(),
                "but it is in the group");
        probe(e, "database", Outcome.HTTP_STATUS);
        assertEquals(List.of("TRIGGER P2 [down-2]", "TRIGGER P1 [down-4, down-2, down-3]"), said(),
                "down-4 raised the group to P1: one update listing everything firing, most severe first");
        String dedup = sent.get(0).group().id();
        assertEquals(dedup, sent.get(1).group().id(), "the same group: PagerDuty updates its one incident");

        probe(e, "database", Outcome.OK); // down-2 resolves at once, down-3 after 10 s, down-4 after 20 s
        assertEquals(2, e.open().size());
        probes(e, "database", Outcome.OK, 10);
        assertEquals(1, e.open().size());
        assertEquals(2, sent.size(), "rules leaving a group that still fires are no message");
        probes(e, "database", Outcome.OK, 10);
        assertEquals(List.of("RESOLVE P1 [down-4(resolved), down-2(resolved), down-3(resolved)]"), said().subList(2, 3),
                "one resolve once the whole group has, listing what fired");
        assertEquals(dedup, sent.get(2).group().id());
        assertEquals(List.of(), e.groups());
    }

    @Test
    void remindersListEveryFiringRuleAtTheGroupsSeverityInterval() {
        AlertEngine e = engine(two, four);
        probes(e, "database", Outcome.HTTP_STATUS, 4); // down-2 (P2), then down-4 raises it to P1
        assertEquals(2, said().size(), said().toString());
        clock.advance(Duration.ofMinutes(59));
        e.tick(clock.instant());
        assertEquals(2, said().size(), said().toString());
        clock.advance(Duration.ofMinutes(1));
        e.tick(clock.instant());
        assertEquals("REPEAT P1 [down-4, down-2]", said().get(2), "P1 is reminded hourly");
        assertEquals(List.of("ESCALATE P1 [down-4]"), said("log"),
                "the P1 incident escalated after 30 minutes (team-lead unconfigured: log), the P2 one not");
    }

    @ParameterizedTest(name = "group wait {0}s")
    @CsvSource({
            "0,  'TRIGGER P2 [down-2]'",
            "5,  'TRIGGER P2 [down-2, down-3]'",
    })
    void aGroupWaitTradesSecondsForAFullerFirstMessage(int waitSeconds, String first) {
        AlertEngine e = engine(List.of(two, three), Defaults.POLICY.grouped(List.of("endpoint"), Duration.ofSeconds(waitSeconds),
                List.of()), null);
        probes(e, "database", Outcome.HTTP_STATUS, 3);
        clock.advance(Duration.ofSeconds(5));
        e.tick(clock.instant());
        assertEquals(first, said().get(0));
        assertEquals(1, sent.size());
    }

    @ParameterizedTest(name = "by {0}")
    @CsvSource({
            "endpoint,       1",
            "rule;endpoint,  2",
    })
    void theGroupingLabelsDecideWhatIsToldTogether(String by, int messages) {
        AlertEngine e = engine(List.of(two, three), Defaults.POLICY.grouped(List.of(by.split(";")), Duration.ZERO, List.of()), null);
        probes(e, "database", Outcome.HTTP_STATUS, 3);
        assertEquals(messages, sent.size(), said().toString());
    }

    @Test
    void anInhibitedIncidentIsToldOnceItsSourceResolvesWhileItStillFires() {
        Inhibition all = new Inhibition("complete-outage", Map.of("rule", Pattern.compile("complete-outage")),
                Map.of("rule", Pattern.compile(".+")), List.of());
        AlertEngine e = engine(List.of(outage, three), Defaults.POLICY.grouped(List.of("endpoint"), Duration.ZERO, List.of(all)),
                null);
        probes(e, "auth", Outcome.CONNECTION_REFUSED, 2);
        probes(e, "database", Outcome.CONNECTION_REFUSED, 2);
        assertEquals(List.of("TRIGGER P0 [complete-outage]"), said());
        probe(e, "database", Outcome.CONNECTION_REFUSED); // down-3 fires on the database, under the outage
        Incident db = e.open().stream().filter(i -> i.rule().equals("down-3")).findFirst().orElseThrow();
        assertTrue(sent.stream().noneMatch(n -> n.incidents().stream().anyMatch(i -> i.rule().equals("down-3"))),
                "tracked, not told (the outage itself went to the platform lead too, a P0 step): " + sent);
        assertEquals("complete-outage", e.inhibitedBy(db).rule());
        assertFalse(AlertEngine.membership(e.memberships(), db.id()).notified());

        probe(e, "auth", Outcome.OK); // the outage ends; the database still fails
        assertEquals(List.of("TRIGGER P0 [complete-outage]", "RESOLVE P0 [complete-outage(resolved)]", "TRIGGER P2 [down-3]"),
                said(), "the target is told once its source resolved");
        assertNull(e.inhibitedBy(db));
        assertTrue(AlertEngine.membership(e.memberships(), db.id()).notified());
    }

    @Test
    void aRestartWithAnOpenGroupPagesNoAgainAndItsResolveListsEveryRule() {
        StateFile<AlertEngine.Saved> file = new StateFile<>(dir.resolve("incidents.json"), AlertEngine.Saved.class, clock);
        Policy policy = Defaults.POLICY.grouped(List.of("endpoint"), Duration.ZERO, List.of());
        AlertEngine before = engine(List.of(two, three), policy, file);
        probes(before, "database", Outcome.HTTP_STATUS, 2);
        assertEquals(List.of("TRIGGER P2 [down-2]"), said());

        AlertEngine after = engine(List.of(two, three), policy, file);
        assertEquals(1, after.groups().size(), "the group came back from disk");
        probes(after, "database", Outcome.HTTP_STATUS, 3); // down-3 joins the carried group
        assertEquals(1, sent.size(), "no second page");
        probes(after, "database", Outcome.OK, 12);
        assertEquals("RESOLVE P2 [down-2(resolved), down-3(resolved)]", said().get(1));
        assertEquals(sent.get(0).group().id(), sent.get(1).group().id());
    }
}
